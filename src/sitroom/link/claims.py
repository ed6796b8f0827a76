"""Claim groups across sources: which figures speak of the same thing, and how they relate.

Two claims belong to one group when they measure the same thing (or two views of one thing:
territory in km² and in settlements), about compatible subjects (civilians and "people" yes,
civilians and soldiers no), at the same place or one inside the other's region, within
``WINDOW_DAYS`` of each other. Inside a group every claim gets a verdict:

* ``update``: the same claimant gave a different figure earlier; this is the newer one;
* ``contradict``: another claimant's interval does not overlap this one (or the same
  claimant is reported with two figures on one day);
* ``agree``: every other figure of the same measure overlaps it;
* ``related``: no other claim in the group has its measure: it measures another view of the
  group's subject (28 settlements next to 1,000 km²), so it is shown beside, not compared.

A hedge is an interval: "at least 12" is [12, ∞), "about 1,000" is [900, 1,100]. This module is
pure: the store feeds it facts and writes back what it decides.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sitroom.model import Claim, Extraction

WINDOW_DAYS = 7
#: Measures that are views of one quantity; they share a group and are "related".
FAMILIES = {"territory_area": "territory", "settlements": "territory"}
MILITARY = frozenset(
    """soldier troop troops serviceman servicemen fighter militant member combatant
    mercenary rebel gunman gunmen militiaman militiamen personnel marine paratrooper""".split()
)
CIVILIAN = frozenset(
    """civilian resident child children woman women citizen passenger pupil student
    patient worker family journalist volunteer rescuer medic doctor nurse""".split()
)


@dataclass(frozen=True)
class ClaimFacts:
    """What grouping and verdicts need to know of one stored claim."""

    doc_id: str
    claim_id: str
    measure: str
    low: float
    high: float
    claimant: str  # a key: "entity:<canonical id>", "name:<lowercase name>"
    day: date | None
    published: str | None
    subject: str | None = None  # "military", "civilian" or None (anyone)
    place: str | None = None  # the group-level place key (region when finer than a region)
    country: str | None = None

    @property
    def family(self) -> str:
        return family_of(self.measure)

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc_id, self.claim_id)


def family_of(measure: str) -> str:
    return FAMILIES.get(measure, measure)


def subject_class(measured: str | None) -> str | None:
    """'Ukrainian soldiers' -> military; 'civilians' -> civilian; 'people' -> None (anyone)."""
    if not measured:
        return None
    words = {w.strip(".,").casefold() for w in measured.split()}
    words |= {w.removesuffix("s") for w in words}  # "civilians" -> "civilian"
    if words & MILITARY:
        return "military"
    if words & CIVILIAN:
        return "civilian"
    return None


def interval(claim: Claim) -> tuple[float, float]:
    low = claim.low if claim.low is not None else -math.inf
    high = claim.high if claim.high is not None else math.inf
    return low, high


def parse_day(value: str | None) -> date | None:
    """The first day of an ISO date, month or year ('2024-08-13', '2024-08', '2024')."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        numbers = [int(p) for p in parts[:3]]
    except ValueError:
        return None
    while len(numbers) < 3:
        numbers.append(1)
    try:
        return date(*numbers)
    except ValueError:
        return None


def place_key(extraction: Extraction, claim: Claim) -> tuple[str | None, str | None]:
    """(group-level place, country code) of a claim: its place, lifted to the region (admin1)
    when it is finer than one, so that a town's figures meet its region's."""
    name = claim.place or _main_place(extraction)
    if name is None:
        return None, None
    place = next((p for p in extraction.places if p.name == name), None)
    if place is None:
        return name.casefold(), None
    if place.feature not in ("country", "admin1") and place.admin1:
        return place.admin1.casefold(), place.country_code
    return place.name.casefold(), place.country_code


def _main_place(extraction: Extraction) -> str | None:
    """The place the document is mostly about (most mentioned, not a country)."""
    counts = Counter({p.name: len(p.mentions) for p in extraction.places if p.feature != "country"})
    return counts.most_common(1)[0][0] if counts else None


def facts_of(extraction: Extraction, claim: Claim, claimant: str) -> ClaimFacts:
    low, high = interval(claim)
    place, country = place_key(extraction, claim)
    document = extraction.document
    return ClaimFacts(
        doc_id=document.id,
        claim_id=claim.id,
        measure=claim.measure,
        low=low,
        high=high,
        claimant=claimant,
        day=parse_day(claim.as_of) or parse_day(document.published),
        published=document.published,
        subject=subject_class(claim.measured),
        place=place,
        country=country,
    )


def groupable(facts: ClaimFacts) -> bool:
    """Claims need a place and a date to be compared; 'other' figures are not compared."""
    return facts.place is not None and facts.day is not None and facts.measure != "other"


def joins(facts: ClaimFacts, members: list[ClaimFacts]) -> bool:
    """Whether a claim belongs with a group's members (same family, place, subject, time)."""
    if not members or facts.day is None:
        return False
    first = members[0]
    if facts.family != first.family or facts.place != first.place:
        return False
    if facts.country and first.country and facts.country != first.country:
        return False
    subjects = {m.subject for m in members if m.subject}
    if facts.subject and subjects and facts.subject not in subjects:
        return False
    days = [m.day for m in members if m.day is not None]
    window = timedelta(days=WINDOW_DAYS)
    return min(days) - window <= facts.day <= max(days) + window


def _comparable(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Claims of different documents are compared. Within one document only two different
    named claimants are ("the ministry said 31, the governor 12"): figures the outlet or one
    speaker lists side by side are separate incidents or parts of a total."""
    if a.key == b.key:
        return False
    if a.doc_id != b.doc_id:
        return True
    named = a.claimant.startswith("entity:") and b.claimant.startswith("entity:")
    return named and a.claimant != b.claimant


def _overlap(a: ClaimFacts, b: ClaimFacts) -> bool:
    return a.low <= b.high and b.low <= a.high


def _order(f: ClaimFacts) -> tuple[date, str]:
    return (f.day or date.min, f.published or "")


def verdicts(members: list[ClaimFacts]) -> dict[tuple[str, str], str | None]:
    """The verdict of every member (None for a claim with nothing to compare it with).

    A claim is compared with the comparable claims of the same measure (:func:`_comparable`);
    one whose measure no other document's claim shares is ``related`` to the rest. The same
    claimant's figures differ by ``update`` when later, and ``contradict`` on the same day
    (outlets disagree on what was said)."""
    result: dict[tuple[str, str], str | None] = {}
    for member in members:
        peers = [o for o in members if o.measure == member.measure and _comparable(o, member)]
        if not peers:
            others_docs = any(o.doc_id != member.doc_id for o in members)
            result[member.key] = "related" if others_docs else None
            continue
        own = [o for o in peers if o.claimant == member.claimant]
        others = [o for o in peers if o.claimant != member.claimant]
        if any(not _overlap(o, member) and _order(o) < _order(member) for o in own):
            result[member.key] = "update"
        elif any(not _overlap(o, member) for o in others) or any(
            not _overlap(o, member) and _order(o) == _order(member) for o in own
        ):
            result[member.key] = "contradict"
        else:
            result[member.key] = "agree"
    return result
