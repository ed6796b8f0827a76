"""Incremental cross-document entity linking inside the store.

Each new document's entities are compared (by :mod:`sitroom.link.entities`) only with the
canonical entities that share a blocking key, so ingesting one more article costs a few indexed
look-ups, not a pass over the database. It runs in the document's own transaction: a document
is never stored without its links.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa

from sitroom.link.entities import Profile, best_match, blocking_keys, kind_family, preferred_name
from sitroom.model import Entity, Extraction
from sitroom.store import schema as t


def link_entities(connection: sa.Connection, extraction: Extraction) -> None:
    """Link every entity of a stored extraction to a canonical entity, creating new ones.

    Candidates and their profiles are read once per document: the canonical entities this
    document changes are the ones it takes, and a taken one is never a candidate again (one
    canonical entity per document: its entities are distinct), so what the others look like
    cannot change while the document is linked."""
    doc_id = extraction.document.id
    keys_of = [blocking_keys(entity) for entity in extraction.entities]
    by_key = _canonicals_by_key(connection, set().union(*keys_of))
    known = profiles(connection, {cid for ids in by_key.values() for cid in ids})
    taken: set[int] = set()
    links: list[dict[str, object]] = []
    new_keys: dict[int, set[str]] = {}
    for entity, keys in zip(extraction.entities, keys_of, strict=True):
        candidates = {cid for key in keys for cid in by_key.get(key, ())} - taken
        found = best_match(entity, {cid: known[cid] for cid in candidates})
        if found:
            canonical_id, reason = found[0], found[1].reason
        else:
            canonical_id, reason = _new_canonical(connection, entity), "new"
        links.append(
            {
                "doc_id": doc_id,
                "entity_id": entity.id,
                "canonical_id": canonical_id,
                "reason": reason,
            }
        )
        new_keys.setdefault(canonical_id, set()).update(keys)
        taken.add(canonical_id)
    if links:
        connection.execute(sa.insert(t.entity_links), links)
    _add_keys(connection, new_keys)
    _refresh(connection, taken)


def _canonicals_by_key(connection: sa.Connection, keys: set[str]) -> dict[str, set[int]]:
    if not keys:
        return {}
    ck = t.canonical_keys
    found: dict[str, set[int]] = {}
    for key, canonical_id in connection.execute(
        sa.select(ck.c.key, ck.c.canonical_id).where(ck.c.key.in_(sorted(keys)))
    ):
        found.setdefault(key, set()).add(canonical_id)
    return found


def candidate_ids(connection: sa.Connection, keys: set[str]) -> set[int]:
    if not keys:
        return set()
    query = sa.select(t.canonical_keys.c.canonical_id).where(t.canonical_keys.c.key.in_(keys))
    return set(connection.scalars(query))


def profiles(connection: sa.Connection, ids: Iterable[int]) -> dict[int, Profile]:
    ids = sorted(ids)
    if not ids:
        return {}
    ce, el, en = t.canonical_entities, t.entity_links, t.entities
    found = {
        row.id: Profile(kind=row.kind)
        for row in connection.execute(sa.select(ce.c.id, ce.c.kind).where(ce.c.id.in_(ids)))
    }
    joined = en.join(el, sa.and_(el.c.doc_id == en.c.doc_id, el.c.entity_id == en.c.id))
    # distinct values: an entity in thousands of documents has a handful of spellings
    members = (
        sa.select(el.c.canonical_id, en.c.name, en.c.affiliation).select_from(joined).distinct()
    )
    for row in connection.execute(members.where(el.c.canonical_id.in_(ids))):
        found[row.canonical_id].names.append(row.name)
        if row.affiliation:
            found[row.canonical_id].affiliations.append(row.affiliation)
    for table, column in ((t.entity_aliases, "alias"), (t.entity_titles, "title")):
        on = sa.and_(el.c.doc_id == table.c.doc_id, el.c.entity_id == table.c.entity_id)
        query = (
            sa.select(el.c.canonical_id, table.c[column]).select_from(table.join(el, on)).distinct()
        )
        for canonical_id, value in connection.execute(query.where(el.c.canonical_id.in_(ids))):
            profile = found[canonical_id]
            (profile.names if column == "alias" else profile.titles).append(value)
    return found


def _new_canonical(connection: sa.Connection, entity: Entity) -> int:
    result = connection.execute(
        sa.insert(t.canonical_entities).values(
            kind=entity.kind, name=entity.name, affiliation=entity.affiliation, documents=0
        )
    )
    return result.inserted_primary_key[0]


def _add_keys(connection: sa.Connection, keys_by_canonical: dict[int, set[str]]) -> None:
    if not keys_by_canonical:
        return
    ck = t.canonical_keys
    query = sa.select(ck.c.canonical_id, ck.c.key).where(
        ck.c.canonical_id.in_(sorted(keys_by_canonical))
    )
    existing = set(connection.execute(query).all())
    new = [
        {"canonical_id": canonical_id, "key": key}
        for canonical_id, keys in sorted(keys_by_canonical.items())
        for key in sorted(keys)
        if (canonical_id, key) not in existing
    ]
    if new:
        connection.execute(sa.insert(ck), new)


def _refresh(connection: sa.Connection, canonical_ids: set[int]) -> None:
    """Recompute the canonical entities' names, affiliations and document counts from their
    members.

    The counting is done by the database (GROUP BY over the link index), so that an entity
    named in thousands of documents ("Ukraine") costs a share of a few aggregate queries per new
    document, not a pass in Python over every member row."""
    if not canonical_ids:
        return
    ids = sorted(canonical_ids)
    ce, el, en = t.canonical_entities, t.entity_links, t.entities
    joined = en.join(el, sa.and_(el.c.doc_id == en.c.doc_id, el.c.entity_id == en.c.id))
    members = el.c.canonical_id.in_(ids)
    names: dict[int, Counter[str]] = {cid: Counter() for cid in ids}
    for cid, name, count in connection.execute(
        sa.select(el.c.canonical_id, en.c.name, sa.func.count())
        .select_from(joined)
        .where(members)
        .group_by(el.c.canonical_id, en.c.name)
    ):
        names[cid][name] = count
    affiliations: dict[int, list[tuple[int, str]]] = {cid: [] for cid in ids}
    for cid, affiliation, count in connection.execute(
        sa.select(el.c.canonical_id, en.c.affiliation, sa.func.count())
        .select_from(joined)
        .where(members, en.c.affiliation.is_not(None))
        .group_by(el.c.canonical_id, en.c.affiliation)
    ):
        affiliations[cid].append((-count, affiliation))  # the most frequent, then by name
    documents = dict(
        connection.execute(
            sa.select(el.c.canonical_id, sa.func.count(sa.distinct(el.c.doc_id)))
            .where(members)
            .group_by(el.c.canonical_id)
        ).all()
    )
    kinds = dict(connection.execute(sa.select(ce.c.id, ce.c.kind).where(ce.c.id.in_(ids))).all())
    rows = []
    for cid in ids:
        person = kind_family(kinds[cid]) == "PERSON"
        counts = names[cid]
        if person and any(len(n.split()) > 1 for n in counts):
            counts = Counter({n: c for n, c in counts.items() if len(n.split()) > 1})
        rows.append(
            {
                "cid": cid,
                "new_name": preferred_name(counts.elements(), prefer_longer=person),
                "new_affiliation": min(affiliations[cid])[1] if affiliations[cid] else None,
                "new_documents": documents.get(cid, 0),
            }
        )
    connection.execute(
        sa.update(ce)
        .where(ce.c.id == sa.bindparam("cid"))
        .values(
            name=sa.bindparam("new_name"),
            affiliation=sa.bindparam("new_affiliation"),
            documents=sa.bindparam("new_documents"),
        ),
        rows,
    )
