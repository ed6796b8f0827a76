"""CSV tables: claims (the main analytic table, one row per attributed figure), events,
entities and quotes, one row per item per document.

Cells hold plain values; lists (actors, aliases, claimants) are joined with "; "; an empty
``low`` / ``high`` is an unbounded side of the claim's interval ("at least 12" has no high).
Cross-document columns (canonical entity, claim group and verdict) come from the store's links;
without them they are empty. The columns are documented in the README ("Exports").
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from sitroom.export.common import (
    entities_by_id,
    entity_names,
    number,
    one_line,
    place_named,
    place_with_id,
    text_of,
)
from sitroom.model import Extraction, Figure
from sitroom.store.records import DocumentLinks

Row = dict[str, Any]
LinksOf = Callable[[str], DocumentLinks]
NO_LINKS = DocumentLinks(entities={}, claims={})
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: Callable[[Extraction, DocumentLinks], Iterator[Row]]


def _document(extraction: Extraction) -> Row:
    document = extraction.document
    return {"doc_id": document.id, "outlet": document.outlet, "published": document.published}


CLAIM_COLUMNS = (
    "doc_id", "claim_id", "outlet", "published", "url", "measure", "text", "value", "low",
    "high", "hedge", "unit", "measured", "subject", "place", "admin1", "country_code", "lat",
    "lon", "claimant", "claimant_kind", "relay", "claimant_canonical", "claimant_canonical_id",
    "quote_id", "quote", "as_of", "repeat_of", "group_id", "verdict", "contested", "verdicts",
    "sentence",
)  # fmt: skip


def claim_rows(extraction: Extraction, links: DocumentLinks) -> Iterator[Row]:
    quotes = {quote.id: quote for quote in extraction.quotes}
    for claim in extraction.claims:
        place = place_named(extraction, claim.place)
        claimant = links.entities.get(claim.claimant or "")
        group = links.claims.get(claim.id)
        quote = quotes.get(claim.quote or "")
        yield {
            **_document(extraction),
            "claim_id": claim.id,
            "url": extraction.document.url,
            "measure": claim.measure,
            "text": claim.text,
            "value": number(claim.value),
            "low": number(claim.low),
            "high": number(claim.high),
            "hedge": claim.hedge,
            "unit": claim.unit,
            "measured": claim.measured,
            "subject": claim.subject,
            "place": claim.place,
            "admin1": place.admin1 if place else None,
            "country_code": place.country_code if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "claimant": claim.claimant_name,
            "claimant_kind": claim.claimant_kind,
            "relay": claim.relay,
            "claimant_canonical": claimant.name if claimant else None,
            "claimant_canonical_id": claimant.canonical_id if claimant else None,
            "quote_id": claim.quote,
            "quote": one_line(quote.text) if quote else None,
            "as_of": claim.as_of,
            "repeat_of": claim.repeat_of,
            "group_id": group.group_id if group else None,
            "verdict": group.verdict if group else None,
            "contested": group.contested if group else None,
            "verdicts": LIST_SEPARATOR.join(f"{v.verdict} with {v.ref}" for v in group.verdicts)
            if group
            else None,
            "sentence": text_of(extraction, claim.sentence_span),
        }


EVENT_COLUMNS = (
    "doc_id", "event_id", "outlet", "published", "type", "sub_type", "acled_event_type",
    "acled_sub_event_type", "date", "date_precision", "place", "admin1", "country_code", "lat",
    "lon", "place_precision", "actors", "targets", "fatalities", "fatalities_low",
    "fatalities_high", "injured", "injured_low", "injured_high", "displaced", "displaced_low",
    "displaced_high", "claimants", "confidence", "trigger", "sentence",
)  # fmt: skip


def _figure(name: str, figure: Figure | None) -> Row:
    if figure is None:
        return {name: None, f"{name}_low": None, f"{name}_high": None}
    return {
        name: number(figure.value),
        f"{name}_low": number(figure.low),
        f"{name}_high": number(figure.high),
    }


def figure_claimants(*figures: Figure | None) -> list[str]:
    """Everyone behind an event's figures, in order, without repeats."""
    names: dict[str, None] = {}
    for figure in figures:
        if figure is not None:
            names.update(dict.fromkeys(figure.claimants))
    return list(names)


def event_rows(extraction: Extraction, _links: DocumentLinks) -> Iterator[Row]:
    for event in extraction.events:
        place = place_with_id(extraction, event.place)
        figures = (event.fatalities, event.injured, event.displaced)
        yield {
            **_document(extraction),
            "event_id": event.id,
            "type": event.type,
            "sub_type": event.sub_type,
            "acled_event_type": event.acled_event_type,
            "acled_sub_event_type": event.acled_sub_event_type,
            "date": event.date,
            "date_precision": event.date_precision,
            "place": event.place_name,
            "admin1": place.admin1 if place else None,
            "country_code": place.country_code if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "place_precision": event.place_precision,
            "actors": LIST_SEPARATOR.join(entity_names(extraction, event.actors)),
            "targets": LIST_SEPARATOR.join(entity_names(extraction, event.targets)),
            **_figure("fatalities", event.fatalities),
            **_figure("injured", event.injured),
            **_figure("displaced", event.displaced),
            "claimants": LIST_SEPARATOR.join(figure_claimants(*figures)),
            "confidence": event.confidence,
            "trigger": event.trigger_text,
            "sentence": text_of(extraction, event.span),
        }


ENTITY_COLUMNS = (
    "doc_id", "entity_id", "outlet", "published", "kind", "name", "canonical_name",
    "canonical_id", "mentions", "aliases", "titles", "affiliation", "place",
)  # fmt: skip


def entity_rows(extraction: Extraction, links: DocumentLinks) -> Iterator[Row]:
    for entity in extraction.entities:
        canonical = links.entities.get(entity.id)
        yield {
            **_document(extraction),
            "entity_id": entity.id,
            "kind": entity.kind,
            "name": entity.name,
            "canonical_name": canonical.name if canonical else None,
            "canonical_id": canonical.canonical_id if canonical else None,
            "mentions": len(entity.mentions),
            "aliases": LIST_SEPARATOR.join(entity.aliases),
            "titles": LIST_SEPARATOR.join(entity.titles),
            "affiliation": entity.affiliation,
            "place": entity.place,
        }


QUOTE_COLUMNS = (
    "doc_id", "quote_id", "outlet", "published", "kind", "speaker", "speaker_canonical",
    "speaker_canonical_id", "cue", "confidence", "text",
)  # fmt: skip


def quote_rows(extraction: Extraction, links: DocumentLinks) -> Iterator[Row]:
    entities = entities_by_id(extraction)
    for quote in extraction.quotes:
        speaker = entities.get(quote.speaker or "")
        canonical = links.entities.get(quote.speaker or "")
        yield {
            **_document(extraction),
            "quote_id": quote.id,
            "kind": quote.kind,
            "speaker": speaker.name if speaker else None,
            "speaker_canonical": canonical.name if canonical else None,
            "speaker_canonical_id": canonical.canonical_id if canonical else None,
            "cue": quote.cue,
            "confidence": quote.confidence,
            "text": one_line(quote.text),
        }


TABLES = {
    "claims": Table(CLAIM_COLUMNS, claim_rows),
    "events": Table(EVENT_COLUMNS, event_rows),
    "entities": Table(ENTITY_COLUMNS, entity_rows),
    "quotes": Table(QUOTE_COLUMNS, quote_rows),
}


def write_csv(
    extractions: Iterable[Extraction],
    out: TextIO,
    *,
    table: str = "claims",
    links: LinksOf | None = None,
) -> int:
    """Write a header and the table's rows, document by document; return the row count."""
    spec = TABLES[table]
    writer = csv.DictWriter(out, fieldnames=spec.columns, lineterminator="\n")
    writer.writeheader()
    written = 0
    for extraction in extractions:
        found = links(extraction.document.id) if links else NO_LINKS
        for row in spec.rows(extraction, found):
            writer.writerow(row)
            written += 1
    return written
