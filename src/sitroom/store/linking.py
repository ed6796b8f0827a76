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
    """Link every entity of a stored extraction to a canonical entity, creating new ones."""
    doc_id = extraction.document.id
    taken: set[int] = set()  # one canonical entity per document: its entities are distinct
    for entity in extraction.entities:
        keys = blocking_keys(entity)
        candidates = candidate_ids(connection, keys) - taken
        found = best_match(entity, profiles(connection, candidates))
        if found:
            canonical_id, reason = found[0], found[1].reason
        else:
            canonical_id, reason = _new_canonical(connection, entity), "new"
        connection.execute(
            sa.insert(t.entity_links).values(
                doc_id=doc_id, entity_id=entity.id, canonical_id=canonical_id, reason=reason
            )
        )
        _add_keys(connection, canonical_id, keys)
        _refresh(connection, canonical_id)
        taken.add(canonical_id)


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


def _add_keys(connection: sa.Connection, canonical_id: int, keys: set[str]) -> None:
    ck = t.canonical_keys
    existing = set(connection.scalars(sa.select(ck.c.key).where(ck.c.canonical_id == canonical_id)))
    new = sorted(keys - existing)
    if new:
        connection.execute(sa.insert(ck), [{"canonical_id": canonical_id, "key": k} for k in new])


def _refresh(connection: sa.Connection, canonical_id: int) -> None:
    """Recompute the canonical entity's name, affiliation and document count from its members.

    The counting is done by the database (GROUP BY over the link index), so that an entity
    named in thousands of documents ("Ukraine") costs one aggregate query per new document,
    not a pass in Python over every member row."""
    ce, el, en = t.canonical_entities, t.entity_links, t.entities
    joined = en.join(el, sa.and_(el.c.doc_id == en.c.doc_id, el.c.entity_id == en.c.id))
    members = el.c.canonical_id == canonical_id
    names = dict(
        connection.execute(
            sa.select(en.c.name, sa.func.count())
            .select_from(joined)
            .where(members)
            .group_by(en.c.name)
        ).all()
    )
    kind = connection.scalar(sa.select(ce.c.kind).where(ce.c.id == canonical_id))
    person = kind_family(kind) == "PERSON"
    if person and any(len(n.split()) > 1 for n in names):
        names = {n: c for n, c in names.items() if len(n.split()) > 1}
    affiliation = connection.execute(
        sa.select(en.c.affiliation)
        .select_from(joined)
        .where(members, en.c.affiliation.is_not(None))
        .group_by(en.c.affiliation)
        .order_by(sa.func.count().desc(), en.c.affiliation)
        .limit(1)
    ).scalar()
    documents = connection.scalar(sa.select(sa.func.count(sa.distinct(el.c.doc_id))).where(members))
    connection.execute(
        sa.update(ce)
        .where(ce.c.id == canonical_id)
        .values(
            name=preferred_name(Counter(names).elements(), prefer_longer=person),
            affiliation=affiliation,
            documents=documents,
        )
    )
