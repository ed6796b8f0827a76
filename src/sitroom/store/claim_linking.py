"""Incremental claim grouping inside the store (the decisions are in :mod:`sitroom.link.claims`).

Each new document's claims join the groups with the same measure family and place (a region's
name, in the same country) that lie wholly within the claim's time window (or start new groups),
so a group spans at most two windows and never chains day after day; only the groups touched
are re-judged. It runs in
the document's own transaction, after its entities are linked, so claimants are compared by
canonical entity across documents.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from sitroom.link.claims import (
    ClaimFacts,
    bounds,
    facts_of,
    group_place,
    groupable,
    normalised_sentence,
    parse_day,
    same_scale,
    same_subject,
    subject_class,
    verdicts,
    window_days,
)
from sitroom.model import Claim, Extraction
from sitroom.store import schema as t
from sitroom.store.writer import now


def claimant_key(claim: Claim, canonical: dict[str, int], outlet: str | None) -> str:
    """Claimants compare by canonical entity; unresolved ones by name; else the outlet."""
    canonical_id = canonical.get(claim.claimant) if claim.claimant is not None else None
    return _claimant(canonical_id, claim.claimant_name or outlet)


def _claimant(canonical_id: int | None, name: str | None) -> str:
    if canonical_id is not None:
        return f"entity:{canonical_id}"
    return f"name:{(name or '').casefold()}"


def link_claims(connection: sa.Connection, extraction: Extraction) -> None:
    """Put every groupable claim of a stored extraction into a claim group."""
    doc_id = extraction.document.id
    canonical = _canonical_ids(connection, doc_id)
    touched: set[int] = set()
    for claim in extraction.claims:
        key = claimant_key(claim, canonical, extraction.document.outlet)
        facts = facts_of(extraction, claim, key)
        if not groupable(facts):
            continue
        group_id = _find_group(connection, facts) or _new_group(connection, facts)
        connection.execute(
            sa.insert(t.claim_group_members).values(
                group_id=group_id, doc_id=doc_id, claim_id=claim.id
            )
        )
        touched.add(group_id)
    for group_id in sorted(touched):
        _rejudge(connection, group_id)


def _canonical_ids(connection: sa.Connection, doc_id: str) -> dict[str, int]:
    el = t.entity_links
    rows = connection.execute(
        sa.select(el.c.entity_id, el.c.canonical_id).where(el.c.doc_id == doc_id)
    )
    return {row.entity_id: row.canonical_id for row in rows}


def _find_group(connection: sa.Connection, facts: ClaimFacts) -> int | None:
    assert facts.day is not None
    g = t.claim_groups
    window = timedelta(days=window_days(facts.measure))
    # the whole group within a window of the claim's day: a group that took every next day's
    # figure would chain one incident's toll into weeks of tolls (and grow without end)
    query = sa.select(g.c.id, g.c.subject, g.c.window_start, g.c.window_end).where(
        g.c.measure == facts.family,
        g.c.place == facts.place,
        g.c.window_start >= (facts.day - window).isoformat(),
        g.c.window_end <= (facts.day + window).isoformat(),
    )
    best: tuple[int, int] | None = None
    for row in connection.execute(query).all():
        if facts.subject and row.subject and not same_subject(facts.subject, row.subject):
            continue
        if not same_scale(facts, _member_sizes(connection, row.id)):
            continue
        if facts.country and not _same_country(connection, row.id, facts):
            continue
        start, end = parse_day(row.window_start), parse_day(row.window_end)
        assert start is not None and end is not None
        distance = (
            0
            if start <= facts.day <= end
            else min(abs((facts.day - start).days), abs((facts.day - end).days))
        )
        if best is None or (distance, row.id) < best:
            best = (distance, row.id)
    return best[1] if best else None


def _new_group(connection: sa.Connection, facts: ClaimFacts) -> int:
    assert facts.day is not None
    result = connection.execute(
        sa.insert(t.claim_groups).values(
            measure=facts.family,
            subject=facts.subject,
            place=facts.place,
            window_start=facts.day.isoformat(),
            window_end=facts.day.isoformat(),
            contested=False,
            updated_at=now(),
        )
    )
    return result.inserted_primary_key[0]


def _same_country(connection: sa.Connection, group_id: int, facts: ClaimFacts) -> bool:
    """Whether a group's members were placed in the claim's country. Groups are keyed by a
    region's name, which several countries may use ("Eastern Province", Limburg, Punjab); a
    member's country is that of the place in its document that gives the group's name."""
    m, p = t.claim_group_members, t.places
    documents = sa.select(m.c.doc_id).where(m.c.group_id == group_id)
    rows = connection.execute(
        sa.select(p.c.name, p.c.feature, p.c.admin1, p.c.country_code)
        .where(p.c.doc_id.in_(documents), p.c.country_code.is_not(None))
        .distinct()
    )
    countries = {
        row.country_code
        for row in rows
        if group_place(row.name, row.feature, row.admin1) == facts.place
    }
    return not countries or facts.country in countries


def _member_sizes(connection: sa.Connection, group_id: int) -> list[ClaimFacts]:
    """Just enough of a group's members to compare sizes (no texts: this runs per candidate)."""
    m, c = t.claim_group_members, t.claims
    query = (
        sa.select(c.c.doc_id, c.c.id, c.c.measure, c.c.low, c.c.high, c.c.unit)
        .select_from(m)
        .join(c, sa.and_(c.c.doc_id == m.c.doc_id, c.c.id == m.c.claim_id))
        .where(m.c.group_id == group_id)
    )
    facts = []
    for row in connection.execute(query):
        low, high = bounds(row.low, row.high)
        facts.append(
            ClaimFacts(
                doc_id=row.doc_id,
                claim_id=row.id,
                measure=row.measure,
                low=low,
                high=high,
                claimant="",
                day=None,
                published=None,
                unit=row.unit,
            )
        )
    return facts


def _member_facts(
    connection: sa.Connection, group_id: int
) -> tuple[list[ClaimFacts], dict[tuple[str, str], str | None]]:
    """The group's members, and the verdict each has now."""
    m, c, d, el = t.claim_group_members, t.claims, t.documents, t.entity_links
    query = (
        sa.select(
            m.c.verdict,
            c.c.doc_id,
            c.c.id,
            c.c.measure,
            c.c.low,
            c.c.high,
            c.c.measured,
            c.c.claimant_name,
            c.c.as_of,
            d.c.published,
            d.c.outlet,
            el.c.canonical_id,
            sa.func.substr(
                d.c.text, c.c.sentence_start + 1, c.c.sentence_end - c.c.sentence_start
            ).label("sentence"),
        )
        .select_from(m)
        .join(c, sa.and_(c.c.doc_id == m.c.doc_id, c.c.id == m.c.claim_id))
        .join(d, d.c.id == c.c.doc_id)
        .outerjoin(el, sa.and_(el.c.doc_id == c.c.doc_id, el.c.entity_id == c.c.claimant))
        .where(m.c.group_id == group_id)
    )
    facts = []
    stored = {}
    for row in connection.execute(query):
        stored[row.doc_id, row.id] = row.verdict
        low, high = bounds(row.low, row.high)
        facts.append(
            ClaimFacts(
                doc_id=row.doc_id,
                claim_id=row.id,
                measure=row.measure,
                low=low,
                high=high,
                claimant=_claimant(row.canonical_id, row.claimant_name or row.outlet),
                day=parse_day(row.as_of) or parse_day(row.published),
                published=row.published,
                subject=subject_class(row.measured),
                sentence=normalised_sentence(row.sentence or ""),
            )
        )
    return facts, stored


def _rejudge(connection: sa.Connection, group_id: int) -> None:
    """Recompute a group's verdicts, window and contested flag from its members."""
    members, stored = _member_facts(connection, group_id)
    judged = verdicts(members)
    m, g = t.claim_group_members, t.claim_groups
    changed = [
        {"d": doc_id, "c": claim_id, "v": verdict}
        for (doc_id, claim_id), verdict in judged.items()
        if stored[doc_id, claim_id] != verdict
    ]
    if changed:
        connection.execute(
            sa.update(m)
            .where(
                m.c.group_id == group_id,
                m.c.doc_id == sa.bindparam("d"),
                m.c.claim_id == sa.bindparam("c"),
            )
            .values(verdict=sa.bindparam("v")),
            changed,
        )
    days = [f.day for f in members if f.day is not None]
    connection.execute(
        sa.update(g)
        .where(g.c.id == group_id)
        .values(
            window_start=min(days).isoformat(),
            window_end=max(days).isoformat(),
            contested="contradict" in judged.values(),
            updated_at=now(),
        )
    )
