"""Parquet shards of extraction results: one dataset per database table, one file per partition.

Layout of a batch output directory::

    DIR/manifest.json                     written last: the run is complete when it exists
    DIR/documents/part-00000.parquet      rows of writer.extraction_rows, by table; the
    DIR/extractions/part-00000.parquet    columns are the table's columns (extractions holds
    DIR/entities/part-00000.parquet       the full Extraction JSON of each document)
    ...
    DIR/rejections/part-00000.parquet     source, code, message of each rejected input

Each table directory is a plain Parquet dataset (pyarrow, DuckDB, Spark and pandas read it);
partition N of every table covers the same documents, in input order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa

from sitroom.errors import InputError
from sitroom.ingest import Rejected
from sitroom.model import SCHEMA, Extraction
from sitroom.store import schema as t
from sitroom.store.bulk import EXTRACTION_TABLES, Partition, Rows, bulk_load
from sitroom.store.records import IngestEvent, IngestReport
from sitroom.store.repository import Store
from sitroom.store.writer import extraction_rows

MANIFEST = "manifest.json"

_REJECTION_COLUMNS = ("source", "code", "message")


def arrow_schema(table: sa.Table, columns: tuple[str, ...] | None = None) -> pa.Schema:
    """The Arrow schema of a database table (or of some of its columns)."""
    names = columns or tuple(column.name for column in table.columns)
    return pa.schema([(name, _arrow_type(table.c[name].type)) for name in names])


def _arrow_type(column_type: sa.types.TypeEngine) -> pa.DataType:
    if isinstance(column_type, sa.Boolean):
        return pa.bool_()
    if isinstance(column_type, sa.Integer):
        return pa.int64()
    if isinstance(column_type, sa.Float):
        return pa.float64()
    return pa.string()


@dataclass
class Manifest:
    """What a batch run wrote; its presence marks a complete run."""

    inputs: str
    partitions: int = 0
    documents: int = 0
    rejected: int = 0
    schema: str = SCHEMA
    tables: list[str] = field(default_factory=lambda: [x.name for x in EXTRACTION_TABLES])


class ShardWriter:
    """Collects outcomes in input order and writes a partition every ``partition_size``
    documents, so memory holds one partition at most."""

    def __init__(self, directory: Path, inputs: str, *, partition_size: int = 1000) -> None:
        if (directory / MANIFEST).exists() or (directory / t.documents.name).exists():
            raise InputError(f"{directory} already holds batch output; give an empty --out")
        self.directory = directory
        self.partition_size = partition_size
        self.manifest = Manifest(inputs=inputs)
        self._rows: dict[sa.Table, Rows] = {}
        self._rejections: Rows = []
        self._documents = 0

    def add(self, outcome: Extraction | Rejected) -> None:
        if isinstance(outcome, Rejected):
            self._rejections.append({name: getattr(outcome, name) for name in _REJECTION_COLUMNS})
            self.manifest.rejected += 1
            return
        for table, rows in extraction_rows(outcome, run_id=None).items():
            self._rows.setdefault(table, []).extend(rows)
        self._documents += 1
        self.manifest.documents += 1
        if self._documents >= self.partition_size:
            self._flush()

    def close(self) -> Manifest:
        """Write the last partition and the manifest."""
        if self._documents or self._rejections or not self.manifest.partitions:
            self._flush()
        (self.directory / MANIFEST).write_text(
            json.dumps(asdict(self.manifest), indent=2) + "\n", encoding="utf-8"
        )
        return self.manifest

    def _flush(self) -> None:
        name = _part_name(self.manifest.partitions)
        for table in EXTRACTION_TABLES:
            _write(
                self.directory / table.name / name, self._rows.get(table, []), arrow_schema(table)
            )
        rejections = arrow_schema(t.rejections, _REJECTION_COLUMNS)
        _write(self.directory / t.rejections.name / name, self._rejections, rejections)
        self.manifest.partitions += 1
        self._rows, self._rejections, self._documents = {}, [], 0


def _write(path: Path, rows: Rows, schema: pa.Schema) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def _part_name(number: int) -> str:
    return f"part-{number:05d}.parquet"


def read_manifest(directory: Path) -> Manifest:
    path = directory / MANIFEST
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{directory} holds no complete batch output (no {MANIFEST}; run `sitroom batch`)"
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    manifest = Manifest(**found)
    if manifest.schema != SCHEMA:
        raise InputError(f"{directory} holds schema {manifest.schema}; this sitroom reads {SCHEMA}")
    return manifest


def read_partitions(directory: Path, manifest: Manifest) -> Iterator[Partition]:
    """The partitions in order, one at a time."""
    for number in range(manifest.partitions):
        name = _part_name(number)
        rows = {
            table: pq.read_table(directory / table.name / name).to_pylist()
            for table in EXTRACTION_TABLES
        }
        rejections = pq.read_table(directory / t.rejections.name / name).to_pylist()
        yield Partition(number, rows, rejections)


def load_shards(
    store: Store, directory: Path, *, on_event: Callable[[IngestEvent], None] | None = None
) -> IngestReport:
    """Load a ``sitroom batch`` output directory into the store (``sitroom load``); return the
    totals, as for ingestion."""
    manifest = read_manifest(directory)
    return bulk_load(
        store, read_partitions(directory, manifest), inputs=str(directory), on_event=on_event
    )
