"""Bulk loading of extraction rows (``sitroom load`` of Parquet shards), then linking.

Partition by partition, in one transaction each: documents already stored are skipped (as
``sitroom ingest`` skips them), exact duplicates of stored documents are marked, the rows go in
with PostgreSQL ``COPY`` (SQLite: one executemany per table), and then every new document is
linked (entities, then claim groups) in input order, exactly as ingestion links them, so the
database ends up as ``sitroom ingest`` would have left it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from sitroom.ingest import Rejected
from sitroom.model import Extraction
from sitroom.store import schema as t
from sitroom.store.claim_linking import link_claims
from sitroom.store.linking import link_entities
from sitroom.store.records import IngestEvent, IngestReport
from sitroom.store.repository import Store
from sitroom.store.writer import now

_ID_CHUNK = 1000  # ids per IN (...) query

#: The tables writer.extraction_rows fills, parents before children (the loading order).
EXTRACTION_TABLES: tuple[sa.Table, ...] = (
    t.documents,
    t.extractions,
    t.entities,
    t.entity_aliases,
    t.entity_titles,
    t.mentions,
    t.places,
    t.quotes,
    t.claims,
    t.times,
    t.events,
    t.event_actors,
    t.event_claims,
)
Rows = list[dict[str, Any]]


@dataclasses.dataclass
class Partition:
    """One partition as read back: rows by table, and the rejections, in input order."""

    number: int
    rows: dict[sa.Table, Rows]
    rejections: Rows


def bulk_load(
    store: Store,
    partitions: Iterable[Partition],
    *,
    inputs: str,
    on_event: Callable[[IngestEvent], None] | None = None,
) -> IngestReport:
    """Load partitions of extraction rows; return the totals (as for ingestion)."""
    with store.engine.begin() as connection:
        run_id = connection.execute(
            sa.insert(t.ingest_runs).values(started_at=now(), inputs=inputs)
        ).inserted_primary_key[0]
    report = IngestReport(run_id)
    seen: set[str] = set()
    for partition in partitions:
        with store.engine.begin() as connection:
            events = _load_partition(connection, store.dialect, partition, run_id, seen)
            Store._count(connection, run_id, events)  # the run's totals, as ingest keeps them
        for event in events:
            report.add(event)
            if on_event:
                on_event(event)
    with store.engine.begin() as connection:
        runs = t.ingest_runs
        connection.execute(sa.update(runs).where(runs.c.id == run_id).values(finished_at=now()))
    return report


def _load_partition(
    connection: sa.Connection, dialect: str, partition: Partition, run_id: int, seen: set[str]
) -> list[IngestEvent]:
    documents = partition.rows[t.documents]
    stored = _stored_ids(connection, [row["id"] for row in documents])
    new: list[dict[str, Any]] = []
    events: list[IngestEvent] = []
    for row in documents:
        if row["id"] in stored or row["id"] in seen:
            events.append(IngestEvent("skipped", row["source"] or row["id"], doc_id=row["id"]))
        else:
            seen.add(row["id"])
            new.append(row)
    new_ids = {row["id"] for row in new}
    extractions = {
        row["doc_id"]: row for row in partition.rows[t.extractions] if row["doc_id"] in new_ids
    }
    _mark_stored_duplicates(connection, new, extractions)
    loaded_at = now()
    for row in new:
        row.update(run_id=run_id, ingested_at=loaded_at)
    for table in EXTRACTION_TABLES:
        if table is t.documents:
            rows = new
        else:
            rows = [row for row in partition.rows[table] if row["doc_id"] in new_ids]
        _insert(connection, dialect, table, rows)
    for row in new:
        extraction = Extraction.from_json(extractions[row["id"]]["json"])
        link_entities(connection, extraction)
        link_claims(connection, extraction)
        events.append(
            IngestEvent(
                "stored",
                row["source"] or row["id"],
                doc_id=row["id"],
                duplicate_of=row["duplicate_of"],
                near_duplicate_of=row["near_duplicate_of"],
            )
        )
    rejections = [{**row, "run_id": run_id} for row in partition.rejections]
    _insert(connection, dialect, t.rejections, rejections)
    events += [
        IngestEvent("rejected", row["source"], rejected=Rejected(**row))
        for row in partition.rejections
    ]
    return events


def _stored_ids(connection: sa.Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = ids[start : start + _ID_CHUNK]
        query = sa.select(t.documents.c.id).where(t.documents.c.id.in_(chunk))
        found.update(connection.scalars(query))
    return found


def _mark_stored_duplicates(
    connection: sa.Connection, documents: list[dict[str, Any]], extractions: dict[str, Any]
) -> None:
    """Mark exact duplicates of documents stored before this partition (the batch run's own
    duplicate marking saw only its own documents), in the row and in the Extraction JSON."""
    unmarked = [row for row in documents if row["duplicate_of"] is None]
    hashes = sorted({row["text_hash"] for row in unmarked})
    first: dict[str, str] = {}
    d = t.documents.c
    for start in range(0, len(hashes), _ID_CHUNK):
        query = (
            sa.select(d.text_hash, d.id)
            .where(d.text_hash.in_(hashes[start : start + _ID_CHUNK]))
            .order_by(d.ingested_at.desc(), d.id.desc())
        )
        first.update((h, i) for h, i in connection.execute(query))  # the earliest wins: last
    for row in unmarked:
        original = first.get(row["text_hash"])
        if original is None:
            continue
        row["duplicate_of"] = original
        record = extractions[row["id"]]
        extraction = Extraction.from_json(record["json"])
        document = dataclasses.replace(extraction.document, duplicate_of=original)
        record["json"] = dataclasses.replace(extraction, document=document).to_json()


def _insert(
    connection: sa.Connection, dialect: str, table: sa.Table, rows: list[dict[str, Any]]
) -> None:
    if not rows:
        return
    if dialect == "postgresql":
        _copy(connection, table, rows)
    else:
        connection.execute(sa.insert(table), rows)


def _copy(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """COPY ... FROM STDIN through psycopg, inside the connection's transaction."""
    from psycopg import sql

    columns = list(rows[0])
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    driver_connection: Any = connection.connection.driver_connection
    with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[column] for column in columns])
