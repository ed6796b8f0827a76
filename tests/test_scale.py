"""Scaling out: ``ingest --workers``, ``batch`` on a real Dask LocalCluster, ``load``.

Every path must leave the database exactly as ``sitroom ingest`` with one process does: the
same documents, extractions, duplicate marks, rejections, entity links and claim groups.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from conftest import stored_claims
from sitroom.cli import app
from sitroom.examples import example_documents
from sitroom.model import Extraction
from sitroom.scale.shards import ShardWriter, load_shards
from sitroom.store import open_store
from sitroom.store import schema as t
from sitroom.store.engine import open_engine

runner = CliRunner()

#: Columns that say when or in which run a row was written, not what was stored.
_BOOKKEEPING = {"ingested_at", "run_id", "updated_at"}
_BAD_LINE = 4  # a line that is not JSON, in the middle of the corpus
DOCUMENTS = len(example_documents()) + 1  # the examples and one syndicated copy


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example articles as JSONL, with a broken line in the middle and an exact copy of
    the first article at another URL (a duplicate with its own id) at the end."""
    records: list[Any] = [
        {"text": d.text, "outlet": d.outlet, "published": d.published, "title": d.title}
        for d in example_documents()
    ]
    records.insert(_BAD_LINE - 1, "{not json")
    records.append({**records[0], "url": "https://example.org/syndicated"})
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def shards(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    _invoke("batch", str(corpus), "--out", str(out), "--workers", "2", "--partition-size", "5")
    return out


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database ``sitroom ingest --workers 1`` makes of the corpus."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'sitroom.db'}"
    _invoke("ingest", str(corpus), "--db", url, "--workers", "1")
    return url


def dump(url: str) -> dict[str, list[tuple]]:
    """Every stored row, by table, without bookkeeping columns; rows sorted in Python so that
    database collations do not matter."""
    engine = open_engine(url)
    found = {}
    try:
        with engine.connect() as connection:
            for table in t.metadata.sorted_tables:
                if table is t.ingest_runs:
                    continue
                columns = [c for c in table.columns if c.name not in _BOOKKEEPING]
                rows = connection.execute(sa.select(*columns)).all()
                found[table.name] = sorted((tuple(row) for row in rows), key=repr)
    finally:
        engine.dispose()
    return found


def test_batch_writes_one_dataset_per_table_in_input_order(corpus: Path, shards: Path) -> None:
    manifest = json.loads((shards / "manifest.json").read_text())
    assert manifest["documents"] == DOCUMENTS and manifest["rejected"] == 1
    assert manifest["partitions"] == -(-DOCUMENTS // 5)
    documents = pq.read_table(shards / "documents").to_pylist()
    sources = [row["source"] for row in documents]
    lines = [n for n in range(1, DOCUMENTS + 2) if n != _BAD_LINE]
    assert sources == [f"{corpus}:{n}" for n in lines]
    assert set(pq.read_table(shards / "claims").column_names) == {c.name for c in t.claims.columns}
    (rejected,) = pq.read_table(shards / "rejections").to_pylist()
    assert rejected["source"] == f"{corpus}:{_BAD_LINE}"
    assert rejected["message"].startswith("invalid JSON")
    assert documents[-1]["duplicate_of"] == documents[0]["id"]


def test_load_gives_the_database_ingest_gives(shards: Path, reference: str, db_url: str) -> None:
    result = _invoke("load", str(shards), "--db", db_url)
    assert f"{DOCUMENTS} ingested (1 duplicates" in result.output
    assert "1 rejected" in result.output
    loaded, expected = dump(db_url), dump(reference)
    assert len(loaded["documents"]) == DOCUMENTS
    assert len(loaded["claims"]) > 10 and len(loaded["entities"]) > 100
    assert loaded["claim_group_members"] and loaded["canonical_entities"]
    for table in expected:
        assert loaded[table] == expected[table], table


def test_load_skips_documents_already_stored(shards: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sitroom.db'}"
    _invoke("load", str(shards), "--db", url)
    result = _invoke("load", str(shards), "--db", url)
    assert "0 ingested" in result.output and f"{DOCUMENTS} already stored" in result.output


def test_two_workers_give_the_database_one_worker_gives(
    corpus: Path, reference: str, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'sitroom.db'}"
    result = _invoke("ingest", str(corpus), "--db", url, "--workers", "2")
    assert f"{corpus}:{_BAD_LINE}" in result.output  # reported, and the run went on
    assert dump(url) == dump(reference)


def test_load_of_a_directory_without_batch_output_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "no complete batch output" in result.output and "Traceback" not in result.output


def test_unreachable_scheduler_is_one_line(corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["batch", str(corpus), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9"],
    )
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler" in result.output
    assert "Traceback" not in result.output


def test_load_keeps_who_relayed_a_claim_and_what_it_repeats(
    relayed_claims: Extraction, db_url: str, tmp_path: Path
) -> None:
    """Through Parquet and back, with PostgreSQL COPY or SQLite inserts."""
    writer = ShardWriter(tmp_path / "out", "hand-made")
    writer.add(relayed_claims)
    writer.close()
    with open_store(db_url) as store:
        assert load_shards(store, tmp_path / "out").ingested == 1
        assert stored_claims(store) == relayed_claims.claims
        assert store.extraction(relayed_claims.document.id) == relayed_claims
