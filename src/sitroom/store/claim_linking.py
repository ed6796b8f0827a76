"""Incremental claim grouping inside the store (the facts are read by :mod:`sitroom.link.claims`).

Each new document's claims join a group of their measure family and kind of figure whose whole
time window lies near their day and which takes them (:func:`_takes`: one place at any
precision, compatible subjects, one magnitude, the time their kind of figure allows), else
start one; a repeat or a bracketed conversion joins its first mention's group. A figure that
differs from a group's joins it only on evidence that both count one thing (the same named
target, or one town on one day); on weaker evidence only agreeing figures join, so a contested
group is a contradiction an analyst can show. Only the groups touched are re-judged. It runs in
the document's own transaction, after its entities are linked, so claimants are compared by
canonical entity across documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import sqlalchemy as sa

from sitroom.link.claims import (
    ANCHOR_WINDOW_DAYS,
    LOCALITY_DEPTH,
    WINDOW_DAYS,
    ClaimFacts,
    basis_of,
    bounds,
    event_day,
    facts_of,
    group_place,
    groupable,
    is_vague,
    normalised_sentence,
    overlap_within_tolerance,
    pair_verdicts,
    parse_day,
    report_day,
    same_scale,
    same_subject,
    subject_of,
    verdicts,
    window_days,
)
from sitroom.model import Claim, Extraction
from sitroom.store import schema as t
from sitroom.store.records import PairVerdict
from sitroom.store.writer import now

#: Measures whose differing figures are mostly different things, not rival counts: another
#: aid package, another kind of object, another deployment of troops (3,000 sent and 8,500 on
#: standby); they share a group only when they agree.
SUMS_OF_PARTS = frozenset({"aid_amount", "other", "troops"})
#: Between the parts of a stored place path ("UA/kharkiv oblast/kupiansk").
PATH_SEPARATOR = "/"


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
    grouped: dict[str, int] = {}  # this document's claims: claim id -> group id
    for claim in extraction.claims:
        key = claimant_key(claim, canonical, extraction.document.outlet)
        facts = facts_of(extraction, claim, key)
        if claim.repeat_of in grouped:  # a repeat, or a conversion in brackets: "$61bn (£49bn)"
            group_id = grouped[claim.repeat_of]
        elif not groupable(facts):
            continue
        else:
            group_id = _find_group(connection, facts)
        if group_id is None:
            group_id = _new_group(connection, facts)
        else:
            _join(connection, group_id, facts)
        connection.execute(
            sa.insert(t.claim_group_members).values(
                group_id=group_id, doc_id=doc_id, claim_id=claim.id
            )
        )
        grouped[claim.id] = group_id
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
    """The group the claim belongs to: among the groups of its measure family and kind of
    figure whose whole time window lies near its day, those that take it (:func:`_takes`),
    the nearest in time first, then the one placed as precisely."""
    assert facts.day is not None
    g = t.claim_groups
    # the widest window first; each candidate's own reach in _takes. The whole group must lie
    # within it: a group that took every next day's figure would chain one incident's toll
    # into weeks of tolls (and grow without end)
    window = timedelta(days=ANCHOR_WINDOW_DAYS if facts.anchor else WINDOW_DAYS)
    query = sa.select(g).where(
        g.c.measure == facts.family,
        # a running total is often written like an event's figure ("5.03 million have fled"
        # and "5.01 million refugees"), but a rate or a window count is another quantity
        sa.func.coalesce(g.c.basis, "event").in_(_compatible_bases(facts.basis)),
        g.c.window_start >= (facts.day - window).isoformat(),
        g.c.window_end <= (facts.day + window).isoformat(),
    )
    best: tuple[int, int, int] | None = None
    for row in connection.execute(query).all():
        if not _takes(connection, row, facts):
            continue
        start, end = parse_day(row.window_start), parse_day(row.window_end)
        assert start is not None and end is not None
        distance = (
            0
            if start <= facts.day <= end
            else min(abs((facts.day - start).days), abs((facts.day - end).days))
        )
        path = _path(row)
        precision = abs(len(path or ()) - len(facts.place_path))
        if best is None or (distance, precision, row.id) < best:
            best = (distance, precision, row.id)
    return best[2] if best else None


def _path(row: sa.Row) -> tuple[str, ...] | None:
    return tuple(row.place_path.split(PATH_SEPARATOR)) if row.place_path else None


def _takes(connection: sa.Connection, row: sa.Row, facts: ClaimFacts) -> bool:
    """Whether a candidate group takes the claim: one place at any precision (or, for reports
    of one attack on a named kind of target, a place unknown on one side), compatible
    subjects, figures of one magnitude, not another figure of the claim's own article, and
    within the time its kind of figure allows."""
    assert facts.day is not None
    path = _path(row)
    anchored = facts.anchor is not None and row.anchor == facts.anchor
    if path is None and row.place_path is None and not row.place:
        pass  # an anchored group with no place
    elif path is None:  # a group stored before place paths: its region must be the claim's
        if row.place != facts.place or (
            facts.country and not _same_country(connection, row.id, facts)
        ):
            return False
    elif not _nested(path, facts.place_path) and not (anchored and not facts.place_path):
        return False
    if facts.subject and row.subject and not same_subject(facts.subject, row.subject):
        return False
    sizes = _member_sizes(connection, row.id)
    if not same_scale(facts, sizes) or not _fits_own_document(facts, sizes):
        return False
    same = [m for m in sizes if m.measure == facts.measure]
    if any(m.vague != facts.vague for m in same):
        return False  # "billions of dollars" is no figure to set beside "$2.98 billion"
    # placed no finer than a country, and only by what the article is about
    country_guess = len(facts.place_path) <= 1 and (
        not facts.place_stated or any(not m.place_stated for m in same)
    )
    coarser = min(path or (), facts.place_path, key=len)
    weak = (
        path != facts.place_path  # one place at two precisions
        or country_guess
        # an event's figure is the same event's only when both name the target it hit, or
        # both place it in one town on one day: the region's other attacks that day, the
        # town's attack of the day before, are other events
        or (facts.basis == "event" and not anchored and not _same_town_same_day(row, facts))
        or facts.measure in SUMS_OF_PARTS
        or (row.basis or "event") != facts.basis  # a running total beside an event's figure
    )
    events = facts.basis == (row.basis or "event") == "event"
    agreeing = _agrees_with_all(facts, sizes, events)
    if weak and not agreeing:
        return False  # on weak evidence only the same figure (or its update) is one quantity
    start, end = parse_day(row.window_start), parse_day(row.window_end)
    assert start is not None and end is not None
    if anchored:  # a later report of the same attack: agreeing, however late; else a week
        reach = timedelta(days=ANCHOR_WINDOW_DAYS if agreeing else WINDOW_DAYS)
    else:
        # a toll placed no finer than a region is a day's: the coarser place decides; a
        # running total written like an event's figure is still a running total
        basis = "as_of" if "as_of" in (row.basis, facts.basis) else facts.basis
        reach = timedelta(days=window_days(facts.measure, basis, coarser, facts.dated))
    return start >= facts.day - reach and end <= facts.day + reach


def _compatible_bases(basis: str) -> tuple[str, ...]:
    return ("period",) if basis == "period" else ("event", "as_of")


def _same_town_same_day(row: sa.Row, facts: ClaimFacts) -> bool:
    path = _path(row) or ()
    in_town = min(len(path), len(facts.place_path)) >= LOCALITY_DEPTH
    day = facts.day.isoformat() if facts.day else None
    return in_town and row.window_start == row.window_end == day


def _agrees_with_all(facts: ClaimFacts, members: list[ClaimFacts], events: bool) -> bool:
    """Whether every figure of the claim's measure overlaps it or is its own named source's (a
    later "about 180,000 have left" in Kursk updates the governor's 121,000 in the region).
    Between ``events``' figures, a source's figures for two days the texts name are two events'
    ("killed seven on Tuesday" ... "killed two on Friday"), not an update."""
    same = [m for m in members if m.measure == facts.measure]
    return all(
        (_one_source(m, facts) and not (events and _two_days(m, facts)))
        or overlap_within_tolerance(m, facts)
        for m in same
    )


def _two_days(a: ClaimFacts, b: ClaimFacts) -> bool:
    return a.event_day is not None and b.event_day is not None and a.event_day != b.event_day


def _one_source(a: ClaimFacts, b: ClaimFacts) -> bool:
    """One named source's figures of two days (an update). An outlet's own figures are not (a
    wire reports many things in its own voice), nor one source's two figures of one day (its
    own losses and the enemy's)."""
    named = "outlet" not in (a.claimant_kind, b.claimant_kind)
    return a.claimant == b.claimant and named and a.day != b.day


def _fits_own_document(facts: ClaimFacts, members: list[ClaimFacts]) -> bool:
    """An article's figures of one measure that do not overlap are different quantities (the
    outlet lists two strikes' tolls): a claim joins a group holding a figure of its own
    article only when it overlaps every such figure ("22 killed" ... "at least 20 killed")."""
    own = [m for m in members if m.doc_id == facts.doc_id and m.measure == facts.measure]
    return all(
        (m.low <= facts.high and facts.low <= m.high) or _two_named_sources(m, facts) for m in own
    )


def _two_named_sources(a: ClaimFacts, b: ClaimFacts) -> bool:
    """ "The ministry said 31, the governor 12": two named sources on one quantity."""
    return a.claimant != b.claimant and not (
        a.claimant_kind == "outlet" or b.claimant_kind == "outlet"
    )


def _nested(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two place paths name one place at two precisions (one begins the other)."""
    shorter, longer = sorted((a, b), key=len)
    return bool(shorter) and longer[: len(shorter)] == shorter


def _join(connection: sa.Connection, group_id: int, facts: ClaimFacts) -> None:
    """A group takes the most precise place of its members, and the target one names."""
    g = t.claim_groups
    row = connection.execute(sa.select(g).where(g.c.id == group_id)).one()
    changes: dict[str, str] = {}
    known = row.place_path.split(PATH_SEPARATOR) if row.place_path else []
    if len(facts.place_path) > len(known) and (row.place_path or not row.place):
        changes["place_path"] = PATH_SEPARATOR.join(facts.place_path)
        if not row.place and facts.place:
            changes["place"] = facts.place
    if row.anchor is None and facts.anchor is not None:
        changes["anchor"] = facts.anchor
    if changes:
        connection.execute(sa.update(g).where(g.c.id == group_id).values(**changes))


def _new_group(connection: sa.Connection, facts: ClaimFacts) -> int:
    assert facts.day is not None
    result = connection.execute(
        sa.insert(t.claim_groups).values(
            measure=facts.family,
            subject=facts.subject,
            place=facts.place,
            place_path=PATH_SEPARATOR.join(facts.place_path) or None,
            basis=facts.basis,
            anchor=facts.anchor,
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
    """Just enough of a group's members to compare sizes and sources (no texts: this runs per
    candidate group)."""
    m, c, d, el, e = t.claim_group_members, t.claims, t.documents, t.entity_links, t.entities
    query = (
        sa.select(
            c.c.doc_id,
            c.c.id,
            c.c.measure,
            c.c.text,
            c.c.low,
            c.c.high,
            c.c.unit,
            c.c.place,
            c.c.claimant_name,
            c.c.claimant_kind,
            c.c.as_of,
            d.c.outlet,
            d.c.published,
            el.c.canonical_id,
            e.c.place.label("claimant_place"),
        )
        .select_from(m)
        .join(c, sa.and_(c.c.doc_id == m.c.doc_id, c.c.id == m.c.claim_id))
        .join(d, d.c.id == c.c.doc_id)
        .outerjoin(el, sa.and_(el.c.doc_id == c.c.doc_id, el.c.entity_id == c.c.claimant))
        .outerjoin(e, sa.and_(e.c.doc_id == c.c.doc_id, e.c.id == c.c.claimant))
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
                claimant=_claimant(row.canonical_id, row.claimant_name or row.outlet),
                day=parse_day(row.published),  # when it was reported: enough for updates
                event_day=event_day(row.as_of, row.published),
                published=row.published,
                unit=row.unit,
                claimant_kind=row.claimant_kind,
                place_stated=row.place is not None or row.claimant_place is not None,
                vague=is_vague(row.text),
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
            c.c.unit,
            c.c.claimant_name,
            c.c.as_of,
            c.c.span_start,
            c.c.span_end,
            c.c.sentence_start,
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
        sentence = row.sentence or ""
        span = (row.span_start - row.sentence_start, row.span_end - row.sentence_start)
        basis = basis_of(sentence, span, (0, len(sentence)), row.measure)
        facts.append(
            ClaimFacts(
                doc_id=row.doc_id,
                claim_id=row.id,
                measure=row.measure,
                low=low,
                high=high,
                claimant=_claimant(row.canonical_id, row.claimant_name or row.outlet),
                day=report_day(row.as_of, row.published, basis),
                published=row.published,
                subject=subject_of(row.measure, row.measured, sentence, span, (0, len(sentence))),
                sentence=normalised_sentence(sentence),
                unit=row.unit,
                basis=basis,
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


def claim_ref(doc_id: str, claim_id: str) -> str:
    """How outputs name a claim of another document: "<document id>#<claim id>"."""
    return f"{doc_id}#{claim_id}"


def group_pair_verdicts(
    connection: sa.Connection, group_ids: Iterable[int | None]
) -> dict[tuple[str, str], tuple[PairVerdict, ...]]:
    """Each member of the groups (None: no group) with its verdict with every other member
    of its measure in its group, by (document id, claim id)."""
    found: dict[tuple[str, str], tuple[PairVerdict, ...]] = {}
    for group_id in {g for g in group_ids if g is not None}:
        members, _ = _member_facts(connection, group_id)
        for key, pairs in pair_verdicts(members).items():
            found[key] = tuple(PairVerdict(claim_ref(d, c), verdict) for d, c, verdict in pairs)
    return found
