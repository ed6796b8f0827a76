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
        item_row(t.documents, doc, text_hash=text_hash(doc.text), run_id=run_id, ingested_at=now())
    )
    rows[t.extractions].append(
        {"doc_id": doc_id, "schema": extraction.schema, "json": extraction.to_json()}
    )
    for e in extraction.entities:
        rows[t.entities].append(item_row(t.entities, e, doc_id=doc_id))
        rows[t.entity_aliases] += _listed(doc_id, e.id, "alias", e.aliases)
        rows[t.entity_titles] += _listed(doc_id, e.id, "title", e.titles)
        rows[t.mentions] += _mentions(doc_id, e.id, e.mentions)
    for p in extraction.places:
        rows[t.places].append(item_row(t.places, p, doc_id=doc_id))
        rows[t.mentions] += _mentions(doc_id, p.id, p.mentions)
    rows[t.quotes] += [item_row(t.quotes, q, doc_id=doc_id) for q in extraction.quotes]
    rows[t.claims] += [item_row(t.claims, c, doc_id=doc_id) for c in extraction.claims]
    rows[t.times] += [item_row(t.times, tr, doc_id=doc_id) for tr in extraction.times]
    for ev in extraction.events:
        rows[t.events].append(
            item_row(
                t.events,
                ev,
                doc_id=doc_id,
                fatalities=ev.fatalities.value if ev.fatalities else None,
                injured=ev.injured.value if ev.injured else None,
                displaced=ev.displaced.value if ev.displaced else None,
            )
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


def item_row(table: sa.Table, item: Any, **values: Any) -> dict[str, Any]:
    """The row of ``table`` that stores one item of the data model (:mod:`sitroom.model`):
    a column takes the item's field of the same name, and a pair ``<x>_start`` / ``<x>_end``
    the span in its field ``<x>_span`` or ``<x>`` (``span_start`` is ``span``'s start,
    ``sentence_start`` ``sentence_span``'s); ``values`` give what the item has no field for.
    The table's columns and the model's fields are one description: a column with neither
    raises, so a new column cannot be left unwritten."""
    row: dict[str, Any] = {}
    for column in table.columns:
        name = column.name
        if name in values:
            row[name] = values[name]
        elif hasattr(item, name):
            row[name] = getattr(item, name)
        else:
            prefix, _, side = name.rpartition("_")
            field = f"{prefix}_span" if hasattr(item, f"{prefix}_span") else prefix
            if side not in ("start", "end") or not hasattr(item, field):
                raise KeyError(f"{type(item).__name__} has no field for column {table.name}.{name}")
            span: Span | None = getattr(item, field)
            row[name] = None if span is None else span[0 if side == "start" else 1]
    return row


def _listed(
    doc_id: str, item_id: str, column: str, values: list[str], owner: str = "entity_id"
) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, owner: item_id, "position": n, column: value}
        for n, value in enumerate(values)
    ]


def _mentions(doc_id: str, item_id: str, mentions: list[Mention]) -> list[dict[str, Any]]:
    return [
        item_row(t.mentions, m, doc_id=doc_id, item_id=item_id, position=n)
        for n, m in enumerate(mentions)
    ]
