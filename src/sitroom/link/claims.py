"""Claim groups across sources: which figures speak of one quantity, and how they relate.

One group is one quantity in the world (claims-dev GUIDELINES, "Groups"): the same measure (or
two views of one: territory in km² and in settlements), compatible subjects (civilians and
"people" yes, civilians and soldiers no, refugees and the internally displaced no), one place at
any precision (:func:`_place_path`), the time its kind of figure allows (:func:`basis_of`,
:func:`window_days`) and one order of magnitude (:func:`same_scale`). The facts of a claim
(:class:`ClaimFacts`) are read here; which group takes it, and on what evidence a differing
figure may join, is :mod:`sitroom.store.claim_linking`'s decision.

Every pair of a group's figures of one measure gets a verdict (:func:`pair_verdict`): agree,
part of, update or contradict; a claim's verdict in its group is read from its pairs
(:func:`verdicts`). A hedge is an interval: "at least 12" is [12, ∞), "about 1,000" is [900,
1,100]. This module is pure: the store feeds it facts and writes back what it decides.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache

from sitroom.gazetteer.actors import country_of
from sitroom.model import Claim, Extraction, Place
from sitroom.nlp.lang import language_file
from sitroom.nlp.numbers import VAGUE
from sitroom.vocabulary import families, measures_of_figure

#: How far apart in days two figures of a measure may be and still be about the same thing.
#: Casualty tolls are a day's or an attack's (yesterday's toll and today's are two tolls);
#: displacement, territory and the like are running totals that sources revise over a week.
WINDOW_DAYS = 7
INCIDENT_WINDOW_DAYS = 1
#: Running totals (claims-dev GUIDELINES: "at most 3 days apart").
AS_OF_WINDOW_DAYS = 3
#: How many words around a figure its basis phrase may stand ("have fled since ...").
BASIS_WORDS = 8
#: What ends a clause for a basis phrase: a dash between spaces, a semicolon, a colon.
_CLAUSE_BREAK = re.compile(r"\s[-–—]\s|[;:]")
#: Words of a rough size ("dozens" ... "billions"; "a dozen" is twelve).
VAGUE_WORDS = frozenset(word for phrase in VAGUE for word in phrase.split()) - {"of", "dozen"}
#: How far apart reports of one attack on a named kind of target may be (an event figure
#: "groups across any report date"; a bound keeps two attacks on one station months apart
#: apart).
ANCHOR_WINDOW_DAYS = 31
#: How many days before its report a date the text gives can be the day of the event reported
#: (an older one starts a span or is history).
EVENT_REFERENCE_DAYS = 7
#: Length of a place path below a region (country, region, locality).
LOCALITY_DEPTH = 3
#: Figures of one measure further apart than this are about different things.
MAX_RATIO = 10.0
#: ... and an open-ended figure ("more than 20") speaks of about its written bound: "more than
#: 20" and "more than 200" are two quantities, "at least 22" and "more than 20" one.
OPEN_RATIO = 2.0
#: ... and a figure more than this many times an open figure's bound is another quantity
#: ("more than 750,000 refugees" in Romania is not the "5.01 million" who fled Ukraine).
OPEN_CLOSED_RATIO = 5.0
#: Title words of officials who speak for a region, not a town.
REGIONAL_TITLES = ("governor", "regional", "oblast", "province", "provincial")
#: Share of place mentions a region needs to be "where the article is" for unplaced figures.
MAIN_PLACE_SHARE = 0.5

MILITARY = frozenset(
    """soldier troop troops serviceman servicemen fighter militant member combatant
    mercenary rebel gunman gunmen militiaman militiamen personnel marine paratrooper""".split()
)
CIVILIAN = frozenset(
    """civilian resident child children woman women citizen passenger pupil student
    patient worker family journalist volunteer rescuer medic doctor nurse adult""".split()
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
    claimant_kind: str | None = None  # person, organisation, outlet
    basis: str = "event"  # see basis_of
    place_path: tuple[str, ...] = ()  # see place_path
    anchor: str | None = None  # see anchor_of
    #: where it happened comes from its sentence or its claimant, not from the article
    place_stated: bool = True
    dated: bool = False  # the text gives the event's own day ("on Wednesday")
    #: the day the text gives the event it counts (see event_day), if it gives one
    event_day: date | None = None
    vague: bool = False  # "dozens", "billions of dollars": a size, not a count

    @property
    def family(self) -> str:
        return family_of(self.measure)

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc_id, self.claim_id)


def window_days(
    measure: str, basis: str = "event", place_path: tuple[str, ...] = (), dated: bool = False
) -> int:
    """How many days apart two reports of one quantity may be. A running total (``as_of``)
    is one quantity for AS_OF_WINDOW_DAYS; a count over a window (``period``) only on one day;
    an event's toll is one quantity however late it is reported, but only a figure placed
    below a region tells one attack from the next day's: otherwise INCIDENT_WINDOW_DAYS (a
    report the day after), and the same day when the text ``dated`` the event itself ("three
    were killed in the region on Wednesday" is not Tuesday's toll)."""
    if basis == "period":
        return 0
    if basis == "as_of":
        return AS_OF_WINDOW_DAYS
    if measure in measures_of_figure("incident") and len(place_path) < LOCALITY_DEPTH:
        return 0 if dated else INCIDENT_WINDOW_DAYS
    return WINDOW_DAYS


@cache
def _phrases(data_file: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(label, phrase pattern) rows of a data file of ``label<TAB>phrase`` lines, in order."""
    text = language_file("en", data_file).read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return tuple((label, re.compile(rf"\b{re.escape(phrase)}\b")) for label, phrase in rows)


def _near(text: str, span: tuple[int, int], sentence: tuple[int, int]) -> str:
    """The words within BASIS_WORDS of a figure in its clause, lowercased."""
    before = _CLAUSE_BREAK.split(text[sentence[0] : span[0]])[-1].split()[-BASIS_WORDS:]
    after = _CLAUSE_BREAK.split(text[span[1] : sentence[1]])[0].split()[:BASIS_WORDS]
    return " ".join([*before, text[span[0] : span[1]], *after]).casefold()


def _first_label(data_file: str, near: str) -> str | None:
    return next((label for label, phrase in _phrases(data_file) if phrase.search(near)), None)


def basis_of(
    text: str, span: tuple[int, int], sentence: tuple[int, int], measure: str | None = None
) -> str:
    """What kind of figure the claim at ``span`` gives: ``period`` ("in the past 24 hours",
    "per day"), ``as_of`` (a running total: "have fled since the invasion", "so far") or
    ``event`` (a strike's toll, an aid package), by the phrases of ``nlp/lang/en/claim_basis.tsv``
    within BASIS_WORDS words of the figure in its clause. Territory held and troops massed are
    a state at a date, a running figure, unless a window is given."""
    found = _first_label("claim_basis.tsv", _near(text, span, sentence))
    if found is None and measure is not None and measure in measures_of_figure("state"):
        return "as_of"
    return found or "event"


def is_vague(text: str) -> bool:
    """A figure written as a rough size ("dozens", "billions of dollars"), which only another
    rough size can be compared with."""
    return any(word in VAGUE_WORDS for word in text.casefold().split())


def anchor_of(text: str, span: tuple[int, int], sentence: tuple[int, int]) -> str | None:
    """The kind of target an event figure's sentence names, nearest the figure ("station" in
    "killed 22 people at a railway station"), from ``nlp/lang/en/event_targets.tsv``."""
    words = text[sentence[0] : sentence[1]].casefold()
    return _nearest_label("event_targets.tsv", words, span[0] - sentence[0])


def _nearest_label(data_file: str, words: str, at: int) -> str | None:
    """The label of the data file's phrase found in ``words`` nearest the position ``at``."""
    found = [
        (abs(match.start() - at), label)
        for label, phrase in _phrases(data_file)
        for match in phrase.finditer(words)
    ]
    return min(found)[1] if found else None


def subject_of(
    measure: str, measured: str | None, text: str, span: tuple[int, int], sentence: tuple[int, int]
) -> str | None:
    """Whom a figure counts (see :func:`subject_class`); for displacement also whether they
    are displaced inside the country or refugees abroad (``nlp/lang/en/displacement_words.tsv``):
    "more than 7 million displaced within Ukraine" is not "5 million refugees"."""
    subject = subject_class(measured)
    if subject is None and measure == "displaced":
        near = _near(text, span, sentence)
        # the nearest: "displaced 7 million within Ukraine along with the 5.03 million who left"
        kind = _nearest_label(
            "displacement_words.tsv", near, near.find(text[span[0] : span[1]].casefold())
        )
        return f"displaced:{kind}" if kind else None
    return subject


def family_of(measure: str) -> str:
    """The quantity a measure is a view of (data/measure_vocabulary.tsv): km² and settlements
    share a group and are "related"."""
    return families().get(measure, measure)


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


def _place_key(place: Place | None, name: str | None) -> tuple[str | None, str | None]:
    """(group-level place, country code) of a claim's place: lifted to the region (admin1)
    when it is finer than one, so that a town's figures meet its region's."""
    if place is None:
        return (name.casefold() if name else None), None
    return group_place(place.name, place.feature, place.admin1), place.country_code


def _claim_place(extraction: Extraction, claim: Claim) -> tuple[Place | None, str | None]:
    """Where a claim's figure is: the place its sentence says it happened, else the place its
    claimant speaks for (a governor's region, a mayor's town), else the region the article is
    about, else the country it is about."""
    if claim.place is None and (spoken_for := _claimant_place(extraction, claim)) is not None:
        place = next((p for p in extraction.places if p.name == spoken_for), None)
        if place is not None and _speaks_for_region(extraction, claim) and place.admin1:
            region = next((p for p in extraction.places if p.name == place.admin1), None)
            return (region, place.admin1) if region is not None else (place, spoken_for)
        return place, spoken_for
    name = claim.place or _main_place(extraction) or _main_country(extraction)
    if name is None:
        return None, None
    place = next((p for p in extraction.places if p.name == name), None)
    if claim.place is None and place is not None and place.feature not in ("country", "admin1"):
        # the article's main region, named by one of its towns: the figure is the region's
        region = next((p for p in extraction.places if p.name == place.admin1), None)
        if region is not None:
            return region, region.name
    return place, name


def _speaks_for_region(extraction: Extraction, claim: Claim) -> bool:
    """A governor or a regional official speaks for a region, even when the text names it
    like its capital ("the governor of Kursk")."""
    titles = " ".join(extraction.entity(claim.claimant).titles).casefold() if claim.claimant else ""
    return any(word in titles for word in REGIONAL_TITLES)


def _place_path(place: Place | None, name: str | None, stated: bool) -> tuple[str, ...]:
    """A claim's place from country down to where it happened ("UA", "Dnipropetrovsk
    Oblast", "Chaplyne"), as precise as the text is: two paths of which one begins the other
    name one place at two precisions. ``stated``: its sentence or its claimant gives it."""
    if place is None:
        return ("?", name.casefold()) if name else ()
    country = place.country_code or "?"
    if place.feature == "country":
        return (country,)
    region = place.admin1 if place.feature != "admin1" and place.admin1 else place.name
    path = (country, region.casefold())
    # a place the article is about, not one the figure's sentence or speaker gives, says no
    # more than the region: "Sudzha", the article's town, does not place every figure there
    # a sea, a continent or a place in no region is as wide as a region, never a town
    wide = place.feature in ("admin1", "sea", "continent", "region") or not place.admin1
    return path if not stated or wide else (*path, place.name.casefold())


def _main_country(extraction: Extraction) -> str | None:
    """The country most of the article's place mentions lie in, by name (a country the
    article names), when it holds at least MAIN_PLACE_SHARE of them."""
    countries: Counter[str] = Counter()
    for place in extraction.places:
        if place.country_code:
            countries[place.country_code] += len(place.mentions)
    if not countries:
        return None
    code, count = countries.most_common(1)[0]
    if count < MAIN_PLACE_SHARE * sum(countries.values()):
        return None
    return next(
        (p.name for p in extraction.places if p.feature == "country" and p.country_code == code),
        None,
    )


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


def event_day(as_of: str | None, published: str | None) -> date | None:
    """The day the text gives an event, when it is one of the last EVENT_REFERENCE_DAYS before
    publication ("killed on Wednesday"). An older date is no event day of this report: the
    start of a span ("since 24 February") or history ("in January 2015")."""
    own = parse_day(as_of) if as_of and len(as_of) == len("2024-08-13") else None
    reported = parse_day(published)
    if own is None or reported is None:
        return own
    return own if -1 <= (reported - own).days <= EVENT_REFERENCE_DAYS else None


def report_day(as_of: str | None, published: str | None, basis: str) -> date | None:
    """The day a figure is compared on: an event's own day when the text dates it ("five
    were killed in Mykolaiv on Wednesday" is not today's strike), else the day it was reported
    ("since 24 February" dates the start of a running total, not the total)."""
    own = event_day(as_of, published)
    if basis == "event" and own is not None:
        return own
    return parse_day(published) or parse_day(as_of)


def normalised_sentence(text: str) -> str:
    return " ".join(text.casefold().split())


def facts_of(extraction: Extraction, claim: Claim, claimant: str) -> ClaimFacts:
    low, high = interval(claim)
    where, name = _claim_place(extraction, claim)
    stated = claim.place is not None or _claimant_place(extraction, claim) is not None
    place, country = _place_key(where, name)
    document = extraction.document
    basis = basis_of(document.text, claim.span, claim.sentence_span, claim.measure)
    return ClaimFacts(
        doc_id=document.id,
        claim_id=claim.id,
        measure=claim.measure,
        low=low,
        high=high,
        claimant=claimant,
        day=report_day(claim.as_of, document.published, basis),
        dated=basis == "event"
        and event_day(claim.as_of, document.published) not in (None, parse_day(document.published)),
        event_day=event_day(claim.as_of, document.published) if basis == "event" else None,
        published=document.published,
        subject=subject_of(
            claim.measure, claim.measured, document.text, claim.span, claim.sentence_span
        ),
        place=place,
        country=country,
        sentence=normalised_sentence(document.text[slice(*claim.sentence_span)]),
        unit=claim.unit,
        basis=basis,
        place_path=_place_path(where, name, stated),
        anchor=anchor_of(document.text, claim.span, claim.sentence_span)
        if basis == "event"
        else None,
        claimant_kind=claim.claimant_kind,
        place_stated=stated,
        vague=is_vague(claim.text),
    )


def groupable(facts: ClaimFacts) -> bool:
    """Claims need a place (or the target of the attack they count) and a date to be
    compared; 'other' figures count too many kinds of things to be compared, unless they
    count something at one named target ("hundreds of people sheltering in the theatre")."""
    placed = facts.place is not None or facts.anchor is not None
    compared = facts.measure != "other" or (facts.anchor is not None and facts.unit is not None)
    return placed and facts.day is not None and compared


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
    if size is None:
        return True
    for member in same_measure:
        other = representative(member)
        if other is None:
            continue
        open_ends = sum(
            not (math.isfinite(f.low) and math.isfinite(f.high)) for f in (facts, member)
        )
        limit = (MAX_RATIO, OPEN_CLOSED_RATIO, OPEN_RATIO)[open_ends]
        if max(size, other) / min(size, other) > limit:
            return False  # "more than 750,000" in Romania is not "5.01 million" refugees
    return True


def _comparable(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Two claims are compared unless they are one, or stand in the same sentence of two
    documents (a republished or syndicated report agrees with itself)."""
    return a.key != b.key and not (a.doc_id != b.doc_id and a.sentence and a.sentence == b.sentence)


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


def verdicts(members: list[ClaimFacts]) -> dict[tuple[str, str], str | None]:
    """Each member's verdict in its group, read from its verdicts with the other members
    (:func:`pair_verdicts`): ``contradict`` when it contradicts any; ``update`` when it is its
    claimant's later figure, differing from all of the latest earlier day's (121 after 115
    and 121 on one day repeats one of them); ``agree`` when it agrees with any; ``part of``
    when it only counts part of another's victims; ``related`` when the group's other
    figures measure something else (28 settlements beside 1,000 km²); else None."""
    pairs = pair_verdicts(members)
    keyed = {m.key: m for m in members}
    result: dict[tuple[str, str], str | None] = {}
    for member in members:
        said = {verdict for *_, verdict in pairs[member.key]}
        own = [
            keyed[doc, claim]
            for doc, claim, _ in pairs[member.key]
            if keyed[doc, claim].claimant == member.claimant
        ]
        if "contradict" in said:
            result[member.key] = "contradict"
        elif "update" in said and _updates(member, own):
            result[member.key] = "update"
        elif said & {"agree", "update"}:
            result[member.key] = "agree"
        elif "part of" in said:  # the part says so; the whole is shown beside its parts
            result[member.key] = "part of" if member.subject is not None else "related"
        elif any(o.measure != member.measure for o in members):
            result[member.key] = "related"
        else:
            result[member.key] = None
    return result


#: Relative tolerance when comparing figures converted from other units (square miles).
CONVERSION_TOLERANCE = 0.01


def overlap_within_tolerance(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Whether two intervals overlap, allowing CONVERSION_TOLERANCE of the larger figure
    (square miles converted; 5.01 and 5.03 million refugees a day apart)."""
    slack = CONVERSION_TOLERANCE * max(
        (abs(x) for x in (a.low, a.high, b.low, b.high) if math.isfinite(x)), default=0.0
    )
    return a.low <= b.high + slack and b.low <= a.high + slack


def pair_verdict(a: ClaimFacts, b: ClaimFacts) -> str:
    """How two figures of one group relate (the same both ways):

    * ``agree``: their intervals overlap (1% tolerance for converted units);
    * ``part of``: one counts some of the victims the other counts in all ("24 at the station"
      within a toll of 25) and is not larger than it;
    * ``update``: the same claimant, figures that do not overlap, on different days (the later
      replaces the earlier: "the toll climbed to 25");
    * ``contradict``: otherwise, including one claimant giving two figures on one day.
    """
    if overlap_within_tolerance(a, b) or (a.unit and b.unit and a.unit != b.unit):
        return "agree"  # a group's figures in two units are one figure converted: "$61bn (£49bn)"
    if (a.subject is None) != (b.subject is None) and a.measure == b.measure:
        part, whole = (a, b) if b.subject is None else (b, a)
        if part.high <= whole.high:
            return "part of"
    if a.claimant == b.claimant and _order(a) != _order(b):
        return "update"
    return "contradict"


def pair_verdicts(members: list[ClaimFacts]) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """Every member's verdicts with the group's other members of the same measure:
    ``{(doc, claim): [(other doc, other claim, verdict), ...]}``. Members of another measure
    (28 settlements beside 1,000 km²) are related views, not compared."""
    result: dict[tuple[str, str], list[tuple[str, str, str]]] = {m.key: [] for m in members}
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if a.measure != b.measure or not _comparable(a, b):
                continue
            if a.subject and b.subject and not same_subject(a.subject, b.subject):
                continue  # civilians and soldiers beside one total: parts, not rivals
            verdict = pair_verdict(a, b)
            result[a.key].append((*b.key, verdict))
            result[b.key].append((*a.key, verdict))
    return result
