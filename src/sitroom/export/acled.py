"""ACLED-like event rows (CSV): one row per event that has an ACLED event type, with ACLED's
columns in the order of its 2023 data export, followed by sitroom's extension columns (all
named ``sitroom_...``).

ACLED codes one event from many reports after review; sitroom writes what one article says, so
a row is an event *report*: the same strike reported by three outlets is three rows. Only
conflict news makes rows: events of sentences the relevance component leaves out (a football
"battle", a flu toll) make none, documents stored before that component included. Columns
sitroom cannot fill (interaction codes, admin2/3, ISO numeric codes, region, tags, timestamp)
are empty. The README ("Exports") documents every column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, TextIO

from sitroom.export.common import (
    conflict_only,
    country_name,
    day_of,
    entity_names,
    number,
    place_with_id,
    text_of,
)
from sitroom.export.tables import LIST_SEPARATOR
from sitroom.model import Event, Extraction

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
EXTENSION_COLUMNS = (
    "sitroom_fatalities_low", "sitroom_fatalities_high", "sitroom_fatalities_hedge",
    "sitroom_fatalities_claimants", "sitroom_doc_id", "sitroom_event_id", "sitroom_event_type",
    "sitroom_confidence",
)  # fmt: skip
COLUMNS = ACLED_COLUMNS + EXTENSION_COLUMNS

#: ACLED 2023: disorder type by event type (sitroom's riots are "Violent demonstration").
DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
#: sitroom date precision -> ACLED time_precision (1 day, 2 within a week, 3 within a month or
#: vaguer); "publication" means the article gave no date and its publication date stands in.
TIME_PRECISION = {"day": 1, "part_of_day": 1, "time": 1, "week": 2, "weekend": 2}


def event_date(event: Event, published: str | None) -> tuple[str | None, int | None]:
    """(ISO day, ACLED time_precision): the first day of the event's date, which may be a
    day, week, month, season or year; an unresolved date falls back to the publication day."""
    value = event.date or ""
    if day_of(value):
        precision = 2 if event.date_precision == "publication" else 1
        return day_of(value), TIME_PRECISION.get(event.date_precision or "", precision)
    if week := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        monday = date.fromisocalendar(int(week[1]), int(week[2]), 1)
        return monday.isoformat(), 2
    if month := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return f"{month[1]}-{month[2]}-01", 3
    if year := re.match(r"(\d{4})(?:$|-)", value):
        return f"{year[1]}-01-01", 3
    fallback = day_of(published)
    return fallback, 3 if fallback else None


def geo_precision(precision: str | None) -> int | None:
    """sitroom's place precision uses ACLED's codes (1 town, 2 near a town or part of a
    region, 3 region); a country-level place is 3."""
    if precision in ("1", "2", "3"):
        return int(precision)
    return 3 if precision == "country" else None


def acled_rows(extraction: Extraction) -> Iterator[dict[str, Any]]:
    """One row per event with an ACLED type, of conflict news only (``conflict_only``)."""
    document = extraction.document
    conflict = conflict_only(extraction)
    for event in conflict.events if conflict is not None else []:
        if not event.acled_event_type:
            continue
        place = place_with_id(extraction, event.place)
        country_code = place.country_code if place else None
        day, time_precision = event_date(event, document.published)
        actors = entity_names(extraction, event.actors)
        targets = entity_names(extraction, event.targets)
        fatalities = event.fatalities
        country_level = place is not None and place.feature == "country"
        yield {
            "event_id_cnty": f"{country_code or 'XX'}-{document.id}-{event.id}",
            "event_date": day,
            "year": day[:4] if day else None,
            "time_precision": time_precision,
            "disorder_type": DISORDER_TYPES.get(event.acled_event_type),
            "event_type": event.acled_event_type,
            "sub_event_type": event.acled_sub_event_type,
            "actor1": actors[0] if actors else None,
            "assoc_actor_1": LIST_SEPARATOR.join(actors[1:]),
            "actor2": targets[0] if targets else None,
            "assoc_actor_2": LIST_SEPARATOR.join(targets[1:]),
            "civilian_targeting": (
                "Civilian targeting"
                if event.acled_event_type == "Violence against civilians"
                else None
            ),
            "country": country_name(country_code),
            "admin1": None if country_level or place is None else place.admin1,
            "location": place.name if place else None,
            "latitude": place.lat if place else None,
            "longitude": place.lon if place else None,
            "geo_precision": geo_precision(event.place_precision),
            "source": document.outlet,
            "notes": text_of(extraction, event.span),
            "fatalities": round(fatalities.value or 0) if fatalities else 0,
            "sitroom_fatalities_low": number(fatalities.low) if fatalities else None,
            "sitroom_fatalities_high": number(fatalities.high) if fatalities else None,
            "sitroom_fatalities_hedge": fatalities.hedge if fatalities else None,
            "sitroom_fatalities_claimants": (
                LIST_SEPARATOR.join(fatalities.claimants) if fatalities else None
            ),
            "sitroom_doc_id": document.id,
            "sitroom_event_id": event.id,
            "sitroom_event_type": event.type,
            "sitroom_confidence": event.confidence,
        }


def write_acled(extractions: Iterable[Extraction], out: TextIO) -> int:
    """Write a header and one row per event report; return the row count."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = 0
    for extraction in extractions:
        for row in acled_rows(extraction):
            writer.writerow(row)
            written += 1
    return written
