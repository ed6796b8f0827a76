"""Writes one Extraction as rows: the document, its full JSON and the typed tables."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from sitroom.model import Extraction, Mention, Span, normalise_text
from sitroom.store import schema as t

Rows = dict[sa.Table, list[dict[str, Any]]]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def write_extraction(connection: sa.Connection, extraction: Extraction, run_id: int | None) -> None:
    """Insert every row of one extraction (the caller owns the transaction)."""
    for table, rows in extraction_rows(extraction, run_id).items():
        if rows:
            connection.execute(sa.insert(table), rows)


def extraction_rows(extraction: Extraction, run_id: int | None) -> Rows:
    """The rows of one extraction, by table, parents before children."""
    doc = extraction.document
    doc_id = doc.id
    rows: Rows = defaultdict(list)
    rows[t.documents].append(
        {
            "id": doc_id,
            "url": doc.url,
            "outlet": doc.outlet,
            "published": doc.published,
            "title": doc.title,
            "text": doc.text,
            "lang": doc.lang,
            "fetched_at": doc.fetched_at,
            "source": doc.source,
            "text_hash": text_hash(doc.text),
            "duplicate_of": doc.duplicate_of,
            "near_duplicate_of": doc.near_duplicate_of,
            "run_id": run_id,
            "ingested_at": now(),
        }
    )
    rows[t.extractions].append(
        {"doc_id": doc_id, "schema": extraction.schema, "json": extraction.to_json()}
    )
    for e in extraction.entities:
        rows[t.entities].append(
            {
                "doc_id": doc_id,
                "id": e.id,
                "name": e.name,
                "kind": e.kind,
                **_span(e.span),
                "affiliation": e.affiliation,
                "place": e.place,
            }
        )
        rows[t.entity_aliases] += _listed(doc_id, e.id, "alias", e.aliases)
        rows[t.entity_titles] += _listed(doc_id, e.id, "title", e.titles)
        rows[t.mentions] += _mentions(doc_id, e.id, e.mentions)
    for p in extraction.places:
        rows[t.places].append(
            {
                "doc_id": doc_id,
                "id": p.id,
                "name": p.name,
                **_span(p.span),
                "gazetteer_id": p.gazetteer_id,
                "feature": p.feature,
                "country_code": p.country_code,
                "admin1": p.admin1,
                "lat": p.lat,
                "lon": p.lon,
                "precision": p.precision,
            }
        )
        rows[t.mentions] += _mentions(doc_id, p.id, p.mentions)
    for q in extraction.quotes:
        rows[t.quotes].append(
            {
                "doc_id": doc_id,
                "id": q.id,
                "text": q.text,
                **_span(q.span),
                "kind": q.kind,
                "speaker": q.speaker,
                **_span(q.speaker_span, "speaker"),
                "cue": q.cue,
                "confidence": q.confidence,
            }
        )
    for c in extraction.claims:
        rows[t.claims].append(
            {
                "doc_id": doc_id,
                "id": c.id,
                "measure": c.measure,
                "text": c.text,
                **_span(c.span),
                **_span(c.sentence_span, "sentence"),
                "value": c.value,
                "low": c.low,
                "high": c.high,
                "unit": c.unit,
                "hedge": c.hedge,
                "measured": c.measured,
                "subject": c.subject,
                "place": c.place,
                "claimant": c.claimant,
                "claimant_name": c.claimant_name,
                "quote": c.quote,
                "as_of": c.as_of,
                "original_value": c.original_value,
                "original_unit": c.original_unit,
                "claimant_kind": c.claimant_kind,
                "relay": c.relay,
                "repeat_of": c.repeat_of,
            }
        )
    for tr in extraction.times:
        rows[t.times].append(
            {
                "doc_id": doc_id,
                "id": tr.id,
                "text": tr.text,
                **_span(tr.span),
                "value": tr.value,
                "precision": tr.precision,
                "anchor": tr.anchor,
                "kind": tr.kind,
            }
        )
    for ev in extraction.events:
        rows[t.events].append(
            {
                "doc_id": doc_id,
                "id": ev.id,
                "type": ev.type,
                **_span(ev.span),
                "place": ev.place,
                "date": ev.date,
                "fatalities": ev.fatalities.value if ev.fatalities else None,
                "injured": ev.injured.value if ev.injured else None,
                "displaced": ev.displaced.value if ev.displaced else None,
                "confidence": ev.confidence,
                "sub_type": ev.sub_type,
                **_span(ev.trigger, "trigger"),
                "acled_event_type": ev.acled_event_type,
                "acled_sub_event_type": ev.acled_sub_event_type,
                "place_name": ev.place_name,
                "place_precision": ev.place_precision,
                "date_precision": ev.date_precision,
                "time": ev.time,
                "quote": ev.quote,
            }
        )
        participants = [("actor", a) for a in ev.actors] + [("target", a) for a in ev.targets]
        rows[t.event_actors] += [
            {"doc_id": doc_id, "event_id": ev.id, "position": n, "actor": actor, "role": role}
            for n, (role, actor) in enumerate(participants)
        ]
        figures = [
            ("fatalities", ev.fatalities),
            ("injured", ev.injured),
            ("displaced", ev.displaced),
        ]
        backing = [(m, claim) for m, fig in figures if fig for claim in fig.claims]
        rows[t.event_claims] += [
            {"doc_id": doc_id, "event_id": ev.id, "position": n, "measure": m, "claim": claim}
            for n, (m, claim) in enumerate(backing)
        ]
    return rows


def _span(span: Span | None, prefix: str = "span") -> dict[str, int | None]:
    start, end = span if span else (None, None)
    return {f"{prefix}_start": start, f"{prefix}_end": end}


def _listed(
    doc_id: str, item_id: str, column: str, values: list[str], owner: str = "entity_id"
) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, owner: item_id, "position": n, column: value}
        for n, value in enumerate(values)
    ]


def _mentions(doc_id: str, item_id: str, mentions: list[Mention]) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, "item_id": item_id, "position": n, "text": m.text, **_span(m.span)}
        for n, m in enumerate(mentions)
    ]
