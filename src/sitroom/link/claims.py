"""Claim groups across sources: which figures speak of the same thing, and how they relate.

Two claims belong to one group when they measure the same thing (or two views of one thing:
territory in km² and in settlements), about compatible subjects (civilians and "people" yes,
civilians and soldiers no), at the same place or one inside the other's region, within
a few days of each other (:func:`window_days`). Inside a group every claim gets a verdict:

* ``update``: the same claimant gave a different figure earlier; this is the newer one;
* ``contradict``: another claimant's interval does not overlap this one (or the same
  claimant is reported with two figures on one day);
* ``agree``: every other figure of the same measure overlaps it;
* ``related``: no other claim in the group has its measure and subject: it measures another
  view of the group's subject (28 settlements next to 1,000 km²), or a part of another
  source's total that fits in it (36 soldiers among "more than 250 people on all sides"), so
  it is shown beside, not compared.

A figure about some of the victims (civilians, one side's soldiers) contradicts a total about
anyone only when it exceeds it: the part cannot be larger than the whole.

A hedge is an interval: "at least 12" is [12, ∞), "about 1,000" is [900, 1,100]. This module is
pure: the store feeds it facts and writes back what it decides.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sitroom.gazetteer.actors import country_of
from sitroom.model import Claim, Extraction

#: How far apart in days two figures of a measure may be and still be about the same thing.
#: Casualty tolls are a day's or an attack's (yesterday's toll and today's are two tolls);
#: displacement, territory and the like are running totals that sources revise over a week.
WINDOW_DAYS = 7
INCIDENT_WINDOW_DAYS = 1
INCIDENT_MEASURES = frozenset({"killed", "injured", "casualties", "missing"})
#: Figures of one measure further apart than this are about different things.
MAX_RATIO = 10.0
#: Share of place mentions a region needs to be "where the article is" for unplaced figures.
MAIN_PLACE_SHARE = 0.5
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
    subject: str | None = None  # see subject_class
    place: str | None = None  # the group-level place key (region when finer than a region)
    country: str | None = None
    sentence: str = ""  # the sentence, normalised: the same sentence twice is one report
    unit: str | None = None

    @property
    def family(self) -> str:
        return family_of(self.measure)

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc_id, self.claim_id)


def window_days(measure: str) -> int:
    return INCIDENT_WINDOW_DAYS if measure in INCIDENT_MEASURES else WINDOW_DAYS


def family_of(measure: str) -> str:
    return FAMILIES.get(measure, measure)


def subject_class(measured: str | None) -> str | None:
    """'civilians' -> civilian; 'Ukrainian soldiers' -> military:Ukraine (losses of one side
    are not compared with the other's); 'people' -> None (anyone)."""
    if not measured:
        return None
    words = [w.strip(".,'’") for w in measured.split()]
    lowered = {w.casefold() for w in words}
    lowered |= {w.removesuffix("s") for w in lowered}  # "civilians" -> "civilian"
    if lowered & MILITARY:
        side = next((c for w in words if (c := country_of(w)) is not None), None)
        return f"military:{side}" if side else "military"
    if lowered & CIVILIAN:
        return "civilian"
    return None


def interval(claim: Claim) -> tuple[float, float]:
    return bounds(claim.low, claim.high)


def bounds(low: float | None, high: float | None) -> tuple[float, float]:
    """An interval with open ends as infinities ("at least 12" is [12, inf))."""
    return (-math.inf if low is None else low, math.inf if high is None else high)


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
    name = claim.place or _claimant_place(extraction, claim) or _main_place(extraction)
    if name is None:
        return None, None
    place = next((p for p in extraction.places if p.name == name), None)
    if place is None:
        return name.casefold(), None
    return group_place(place.name, place.feature, place.admin1), place.country_code


def group_place(name: str, feature: str | None, admin1: str | None) -> str:
    """The group-level place of a place: its region (admin1) when it is finer than one."""
    if feature not in ("country", "admin1") and admin1:
        return admin1.casefold()
    return name.casefold()


def _claimant_place(extraction: Extraction, claim: Claim) -> str | None:
    """The place a claimant speaks for ("the acting governor of Kursk"): a governor's or a
    mayor's figures are about their region when the sentence names none."""
    if claim.claimant is None:
        return None
    try:
        return extraction.entity(claim.claimant).place
    except KeyError:
        return None


def _main_place(extraction: Extraction) -> str | None:
    """The region the document is about, when it is about one: the region (admin1, or the
    place itself) holding at least MAIN_PLACE_SHARE of its non-country place mentions. A long
    article ranging over many places has none, and its unplaced figures are not grouped."""
    regions: Counter[str] = Counter()
    names: dict[str, str] = {}
    for place in extraction.places:
        if place.feature in ("country", "capital"):  # "Moscow said", "Kyiv denied": governments
            continue
        region = place.admin1 if place.feature != "admin1" and place.admin1 else place.name
        regions[region] += len(place.mentions)
        if place.name == region or region not in names:
            names[region] = place.name
    if not regions:
        return None
    region, count = regions.most_common(1)[0]
    return names[region] if count >= MAIN_PLACE_SHARE * sum(regions.values()) else None


def normalised_sentence(text: str) -> str:
    return " ".join(text.casefold().split())


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
        sentence=normalised_sentence(document.text[slice(*claim.sentence_span)]),
        unit=claim.unit,
    )


def groupable(facts: ClaimFacts) -> bool:
    """Claims need a place and a date to be compared; 'other' figures are not compared."""
    return facts.place is not None and facts.day is not None and facts.measure != "other"


def same_subject(a: str, b: str) -> bool:
    """'military' (no side given) matches either side; two sides never match."""
    return a == b or (a.split(":")[0] == b.split(":")[0] and (":" not in a or ":" not in b))


def representative(facts: ClaimFacts) -> float | None:
    """One number for a claim's size: the middle of its interval, else its finite end."""
    for x in ((facts.low + facts.high) / 2, facts.low, facts.high):
        if math.isfinite(x) and x > 0:
            return x
    return None


def same_scale(facts: ClaimFacts, members: list[ClaimFacts]) -> bool:
    """Figures of one measure in different units, or more than MAX_RATIO apart (a war's toll
    and one attack's), speak of different things, so they are not grouped."""
    same_measure = [m for m in members if m.measure == facts.measure]
    if any(facts.unit and m.unit and m.unit != facts.unit for m in same_measure):
        return False  # 1,800 tanks and 5,000 vehicles; £54 million and $63 million
    size = representative(facts)
    known = [x for m in same_measure if (x := representative(m)) is not None]
    if size is None or not known:
        return True
    return all(max(size, x) / min(size, x) <= MAX_RATIO for x in known)


def _comparable(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Claims of different documents are compared, unless they stand in the same sentence
    (a republished or syndicated report agrees with itself). Within one document only two
    different named claimants are ("the ministry said 31, the governor 12"): figures the
    outlet or one speaker lists side by side are separate incidents or parts of a total."""
    if a.key == b.key or (a.sentence and a.sentence == b.sentence):
        return False
    if a.doc_id != b.doc_id:
        return True
    named = a.claimant.startswith("entity:") and b.claimant.startswith("entity:")
    return named and a.claimant != b.claimant


def _overlap(a: ClaimFacts, b: ClaimFacts) -> bool:
    return a.low <= b.high and b.low <= a.high


def _order(f: ClaimFacts) -> tuple[date, str]:
    return (f.day or date.min, f.published or "")


def _updates(member: ClaimFacts, own: list[ClaimFacts]) -> bool:
    """A figure updates its claimant's figure of the latest earlier day it differs from all
    of (121 after 115 and 121 on one day is not an update: it repeats one of them)."""
    earlier = [o for o in own if _order(o) < _order(member)]
    if not earlier:
        return False
    latest = max(o.day or date.min for o in earlier)
    return not any(_overlap(o, member) for o in earlier if (o.day or date.min) == latest)


def _same_victims(a: str | None, b: str | None) -> bool:
    """Figures about the same victims: both about anyone, or subjects that match."""
    return a == b or (a is not None and b is not None and same_subject(a, b))


def _part_exceeds_whole(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Of two figures where one counts some of the victims and the other anyone, whether the
    part is surely larger than the whole (20 civilians can be among 250 people; 300 cannot)."""
    part, whole = (a, b) if b.subject is None else (b, a)
    return part.low > whole.high


def verdicts(members: list[ClaimFacts]) -> dict[tuple[str, str], str | None]:
    """The verdict of every member (None for a claim with nothing to compare it with).

    A claim is compared with the comparable claims of the same measure and subject
    (:func:`_comparable`); one that no other document's claim shares both with is ``related``
    to the rest, unless it is a part larger than another's total. The same claimant's figures
    differ by ``update`` when later, and ``contradict`` on the same day (outlets disagree on
    what was said)."""
    result: dict[tuple[str, str], str | None] = {}
    for member in members:
        same_measure = [
            o for o in members if o.measure == member.measure and _comparable(o, member)
        ]
        peers = [o for o in same_measure if _same_victims(o.subject, member.subject)]
        nested = [o for o in same_measure if (o.subject is None) != (member.subject is None)]
        if any(_part_exceeds_whole(o, member) for o in nested):
            result[member.key] = "contradict"
            continue
        if not peers:
            beside = any(
                o.doc_id != member.doc_id
                and (o.measure != member.measure or not _same_victims(o.subject, member.subject))
                for o in members
            )
            result[member.key] = "related" if beside else None
            continue
        own = [o for o in peers if o.claimant == member.claimant]
        others = [o for o in peers if o.claimant != member.claimant]
        if _updates(member, own):
            result[member.key] = "update"
        elif any(not _overlap(o, member) for o in others) or any(
            not _overlap(o, member) and _order(o) == _order(member) for o in own
        ):
            result[member.key] = "contradict"
        else:
            result[member.key] = "agree"
    return result
