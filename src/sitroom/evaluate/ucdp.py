"""Killed figures on UCDP GED headlines against the coded deaths (best, low, high).

The GED has no article text, only each event's ``source_headline``; most headlines are daily
summaries or titles that state no toll, and a stated toll often covers more than the coded event.
So the score is taken on the headlines that state a number of dead (a number and a death word
in the headline, decided by :func:`states_a_toll`, independently of sitroom), and again on those
of them that are not daily round-ups (:func:`is_roundup`), reporting how many each are. A
headline's figure is its largest ``killed`` claim (a headline that lists a
total and its parts gives the total first and largest), else the largest number of dead its
events count: a lone victim ("kills a child") is no claim under the claims conventions, but it
is the event's toll of one, so it is counted here and reported apart. A figure is in range
when its value (or its interval) lies within the event's [low, high].

A third alignment compares each distinct toll headline with the sum of the deaths of every row
that cites it: GED splits a reported total over the events it codes (one row per place, day
and dyad), so a headline's "31 killed in Raqqa and Aleppo" is coded as rows of 1, 15 and 16.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitroom.evaluate.geo import distance_km
from sitroom.ingest.lang import detect_language
from sitroom.model import Claim, Document, Extraction, Figure

#: How near a headline's place must be to the coded point (100 miles, the geoparsing
#: threshold).
PLACE_KM = 161.0

#: A word for death and a number, in each language whose headlines are scored (English for any
#: other): a headline with both states a toll.
_DEATH = {
    "en": re.compile(
        r"\b(kill(ed|s|ing)?|dead|deaths?|died|die|death toll|massacre[ds]?|bodies|executed|"
        r"fatalit(y|ies)|lost (their|his|her) lives|martyr(s|ed)?)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(r"\b(morts?|tuée?s?|décès|massacrée?s?|victimes)\b", re.IGNORECASE),
}
_NUMBER = {
    "en": re.compile(
        r"\b(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
        r"fifty|sixty|seventy|eighty|ninety|hundred|dozens?)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"\b(\d[\d\s]*|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
        r"quatorze|quinze|seize|vingt|trente|quarante|cinquante|cent|dizaines?|vingtaine|"
        r"trentaine|centaines?)\b",
        re.IGNORECASE,
    ),
}


@dataclass
class Event:
    id: str
    headline: str
    date: str
    best: int
    low: int
    high: int
    lat: float | None = None
    lon: float | None = None


@dataclass
class UcdpResult:
    headlines: int
    stating_a_toll: int
    with_killed_claim: int
    in_range: int
    equal_to_best: int
    #: of ``with_killed_claim``: figures that are an event's victims, not a claim
    from_events: int = 0
    #: of ``stating_a_toll``: a place the headline names within 161 km of the coded point
    placed_within_161: int = 0

    @property
    def detected(self) -> float:
        return self.with_killed_claim / self.stating_a_toll if self.stating_a_toll else 0.0

    @property
    def in_range_share(self) -> float:
        return self.in_range / self.stating_a_toll if self.stating_a_toll else 0.0

    @property
    def in_range_of_detected(self) -> float:
        return self.in_range / self.with_killed_claim if self.with_killed_claim else 0.0

    @property
    def placed_share(self) -> float:
        return self.placed_within_161 / self.stating_a_toll if self.stating_a_toll else 0.0


def read_events(path: Path) -> list[Event]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Event(
                row["id"],
                html.unescape(row["source_headline"]).strip(),  # "Dar&#8217;a" in the file
                row["date_start"][:10],
                int(float(row["best"])),
                int(float(row["low"])),
                int(float(row["high"])),
                _coordinate(row.get("latitude")),
                _coordinate(row.get("longitude")),
            )
            for row in csv.DictReader(handle)
            if row.get("source_headline", "").strip()
        ]


def _coordinate(value: str | None) -> float | None:
    """A latitude or longitude cell; None when empty or not a number ("NA")."""
    try:
        return float(value) if value else None
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def headline_language(headline: str) -> str:
    """The language a headline is written in (English when it does not tell)."""
    return detect_language(headline) or "en"


_ROUNDUP = re.compile(
    r"\b(yesterday|daily|past \w+ (days|hours|weeks|months)|since|so far|toll|total|report)\b|;",
    re.IGNORECASE,
)


def is_roundup(headline: str) -> bool:
    """A daily round-up or several headlines joined ("130 were killed yesterday", "...;..."):
    its toll sums many coded events, so it cannot match one event's count."""
    return bool(_ROUNDUP.search(headline))


def states_a_toll(headline: str) -> bool:
    """Whether the headline gives a number and a word for death in its language (not using
    sitroom; English words for a language without its own)."""
    language = headline_language(headline)
    death, number = _DEATH.get(language, _DEATH["en"]), _NUMBER.get(language, _NUMBER["en"])
    return bool(death.search(headline)) and bool(number.search(headline))


def _headline_figure(extraction: Extraction) -> Claim | Figure | None:
    """The largest killed claim, else the largest number of dead an event counts."""
    killed = [c for c in extraction.claims if c.measure == "killed"]
    if not killed:
        killed = [e.fatalities for e in extraction.events if e.fatalities is not None]
    return max(killed, key=lambda c: c.value or c.low or 0, default=None)


def _summed(rows: list[Event]) -> Event:
    """The rows citing one headline as one event: deaths summed."""
    first = rows[0]
    return Event(
        first.id,
        first.headline,
        first.date,
        sum(r.best for r in rows),
        sum(r.low for r in rows),
        sum(r.high for r in rows),
    )


def _in_range(claim: Claim | Figure, event: Event) -> bool:
    if claim.value is not None and claim.hedge in ("exactly", "approximately", "nearly"):
        return event.low <= claim.value <= event.high
    low = claim.low if claim.low is not None else 0
    high = claim.high if claim.high is not None else float("inf")
    return low <= event.high and event.low <= high


def score(
    events: Iterable[Event], extract: Callable[[list[Document]], Iterable]
) -> tuple[UcdpResult, UcdpResult, UcdpResult]:
    """Scores on all rows whose headline states a toll, on those that are not round-ups, and on
    each distinct toll headline against the summed deaths of the rows citing it.

    ``extract`` maps Documents to Extractions (in order), e.g. ``Pipeline().extract_many``; each
    distinct headline is extracted once."""
    events = list(events)
    citing: dict[str, list[Event]] = {}
    for event in events:
        citing.setdefault(event.headline, []).append(event)
    tolls = [rows for headline, rows in citing.items() if states_a_toll(headline)]
    rows_with_toll = [e for rows in tolls for e in rows]
    every = UcdpResult(len(events), len(rows_with_toll), 0, 0, 0)
    incidents = UcdpResult(
        len(events), sum(1 for e in rows_with_toll if not is_roundup(e.headline)), 0, 0, 0
    )
    headlines = UcdpResult(len(citing), len(tolls), 0, 0, 0)
    documents = [
        Document(
            text=rows[0].headline,
            id=rows[0].id,
            published=rows[0].date,
            lang=headline_language(rows[0].headline),
        )
        for rows in tolls
    ]
    for rows, extraction in zip(tolls, extract(documents), strict=True):
        for event in rows:
            placed = _placed_near(extraction, event)
            for result in (every,) if is_roundup(event.headline) else (every, incidents):
                result.placed_within_161 += placed
        headlines.placed_within_161 += _placed_near(extraction, rows[0])
        figure = _headline_figure(extraction)
        if figure is None:
            continue
        for event in rows:
            for result in (every,) if is_roundup(event.headline) else (every, incidents):
                _add(result, figure, event)
        _add(headlines, figure, _summed(rows))
    return every, incidents, headlines


def _placed_near(extraction: Extraction, event: Event) -> bool:
    """Whether a place the headline names lies within 161 km of the event's coded point."""
    if event.lat is None or event.lon is None:
        return False
    return any(
        distance_km(place.lat, place.lon, event.lat, event.lon) <= PLACE_KM
        for place in extraction.places
        if place.lat is not None and place.lon is not None
    )


def _add(result: UcdpResult, figure: Claim | Figure, event: Event) -> None:
    result.with_killed_claim += 1
    result.from_events += isinstance(figure, Figure)
    result.in_range += _in_range(figure, event)
    result.equal_to_best += figure.value == event.best
