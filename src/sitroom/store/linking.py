"""Incremental cross-document entity linking inside the store.

Each new document's entities are compared (by :mod:`sitroom.link.entities`) only with the
canonical entities that share a blocking key, so ingesting one more article costs a few indexed
look-ups, not a pass over the database. What the linked entities say about a canonical entity
(its names, aliases, titles and affiliations, with how often each was seen) is counted in
``canonical_features`` as links are added, so matching and naming read a few rows per candidate
however many documents name it ("Ukraine" in every article of a 10,000-article corpus). It runs
in the document's own transaction: a document is never stored without its links.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa

from sitroom.link.entities import (
    Profile,
    best_match,
    blocking_keys,
    kind_family,
    match,
    matchable,
    preferred_name,
)
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
    taken: dict[int, tuple[str, Entity]] = {}  # canonical id -> its kind, the entity linked
    links: list[dict[str, object]] = []
    new_keys: dict[int, set[str]] = {}
    for entity, keys in zip(extraction.entities, keys_of, strict=True):
        candidates = {cid for key in keys for cid in by_key.get(key, ())} - taken.keys()
        fitting = {cid: known[cid] for cid in candidates if match(entity, known[cid])}
        found = best_match(entity, fitting)
        if found:
            canonical_id, reason = found[0], found[1].reason
            kind = known[canonical_id].kind
        else:
            canonical_id, reason = _new_canonical(connection, entity), "new"
            kind = entity.kind
            if fitting:
                # several canonical entities fit and none best: it stays apart, and is not
                # offered to later documents, which would only tie again and add more copies
                reason, keys = "ambiguous", set()
            elif not matchable(entity):
                keys = set()  # nothing could ever match it: not worth comparing with
        links.append(
            {
                "doc_id": doc_id,
                "entity_id": entity.id,
                "canonical_id": canonical_id,
                "reason": reason,
            }
        )
        new_keys.setdefault(canonical_id, set()).update(keys)
        taken[canonical_id] = (kind, entity)
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
    return {cid for ids in _canonicals_by_key(connection, keys).values() for cid in ids}


def profiles(connection: sa.Connection, ids: Iterable[int]) -> dict[int, Profile]:
    """What the documents say about each canonical entity: one row per distinct value."""
    ids = sorted(ids)
    if not ids:
        return {}
    ce, cf = t.canonical_entities, t.canonical_features
    found = {
        row.id: Profile(kind=row.kind)
        for row in connection.execute(sa.select(ce.c.id, ce.c.kind).where(ce.c.id.in_(ids)))
    }
    query = (
        sa.select(cf.c.canonical_id, cf.c.feature, cf.c.value)
        .where(cf.c.canonical_id.in_(ids))
        .order_by(cf.c.canonical_id, cf.c.feature, cf.c.value)
    )
    for canonical_id, feature, value in connection.execute(query):
        profile = found[canonical_id]
        if feature in ("name", "alias"):
            profile.names.append(value)
        elif feature == "title":
            profile.titles.append(value)
        else:
            profile.affiliations.append(value)
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


def _refresh(connection: sa.Connection, taken: dict[int, tuple[str, Entity]]) -> None:
    """Count what each newly linked entity says about its canonical entity, then recompute the
    canonical name and affiliation from the counts and add the document to its count (a
    canonical entity takes one entity per document)."""
    if not taken:
        return
    cf, ce = t.canonical_features, t.canonical_entities
    ids = sorted(taken)
    counts: dict[int, Counter[tuple[str, str]]] = {cid: Counter() for cid in ids}
    query = sa.select(cf.c.canonical_id, cf.c.feature, cf.c.value, cf.c.count)
    for cid, feature, value, count in connection.execute(query.where(cf.c.canonical_id.in_(ids))):
        counts[cid][feature, value] = count
    stored = {cid: set(found) for cid, found in counts.items()}
    for cid, (_, entity) in taken.items():
        counts[cid].update(_features(entity))
    inserts, updates = [], []
    for cid in ids:
        for (feature, value), count in counts[cid].items():
            row = {"cid": cid, "f": feature, "v": value, "n": count}
            (updates if (feature, value) in stored[cid] else inserts).append(row)
    if inserts:
        connection.execute(
            sa.insert(cf).values(
                canonical_id=sa.bindparam("cid"),
                feature=sa.bindparam("f"),
                value=sa.bindparam("v"),
                count=sa.bindparam("n"),
            ),
            inserts,
        )
    if updates:
        connection.execute(
            sa.update(cf)
            .where(
                cf.c.canonical_id == sa.bindparam("cid"),
                cf.c.feature == sa.bindparam("f"),
                cf.c.value == sa.bindparam("v"),
            )
            .values(count=sa.bindparam("n")),
            updates,
        )
    connection.execute(
        sa.update(ce)
        .where(ce.c.id == sa.bindparam("cid"))
        .values(
            name=sa.bindparam("new_name"),
            affiliation=sa.bindparam("new_affiliation"),
            documents=ce.c.documents + 1,
        ),
        [_naming(cid, taken[cid][0], counts[cid]) for cid in ids],
    )


def _features(entity: Entity) -> Counter[tuple[str, str]]:
    found = Counter({("name", entity.name): 1})
    found.update(("alias", alias) for alias in set(entity.aliases))
    found.update(("title", title) for title in set(entity.titles))
    if entity.affiliation:
        found["affiliation", entity.affiliation] += 1
    return found


def _naming(cid: int, kind: str, counts: Counter[tuple[str, str]]) -> dict[str, object]:
    """The canonical name (the most frequent; a person's full name over a bare surname) and the
    most frequent affiliation (ties: alphabetical)."""
    names = Counter({value: n for (feature, value), n in counts.items() if feature == "name"})
    person = kind_family(kind) == "PERSON"
    if person and any(len(n.split()) > 1 for n in names):
        names = Counter({n: c for n, c in names.items() if len(n.split()) > 1})
    affiliations = [(-n, v) for (feature, v), n in counts.items() if feature == "affiliation"]
    return {
        "cid": cid,
        "new_name": preferred_name(names.elements(), prefer_longer=person),
        "new_affiliation": min(affiliations)[1] if affiliations else None,
    }
