"""Crash safety, on SQLite and PostgreSQL: `sitroom ingest` killed with SIGKILL three times at
random points (seeded), then run to completion, leaves exactly one copy of every document, no
partial document, and claim groups and entity links that point only at stored rows.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from sitroom.model import Extraction
from sitroom.store import schema as t
from sitroom.store.engine import database_url
from test_ingest_cli import report

DOCUMENTS = 80
KILLS = 3
SITROOM = str(Path(sys.executable).parent / "sitroom")  # the installed command
#: Extraction JSON list -> the table holding one row per item.
ITEM_TABLES = {
    "entities": t.entities,
    "places": t.places,
    "quotes": t.quotes,
    "claims": t.claims,
    "times": t.times,
    "events": t.events,
}


def write_corpus(path: Path) -> Path:
    """The reports of test_ingest_cli.py, three paragraphs each, so that a batch takes long
    enough for a kill to land inside it."""
    lines = []
    for n in range(DOCUMENTS):
        record = report(n)
        record["text"] += (
            f'\n\nThe army said {n + 5} drones were shot down overnight. "We are rebuilding '
            f'what we can," the mayor told reporters on Wednesday.\n\nAid groups said at '
            f"least {n * 10 + 100} families had fled the district since the weekend."
        )
        lines.append(json.dumps(record) + "\n")
    path.write_text("".join(lines), "utf-8")
    return path


def _stored(engine: sa.Engine) -> int:
    try:
        with engine.connect() as connection:
            return connection.scalar(sa.select(sa.func.count()).select_from(t.documents)) or 0
    except sa.exc.DBAPIError:  # the schema is not there yet, or the file is being created
        return 0


def _kill_after_progress(command: list[str], engine: sa.Engine, rng: random.Random) -> int:
    """Start an ingest, let it commit at least one more batch, wait a random moment more (to
    land anywhere: mid-extraction, mid-transaction, mid-linking) and SIGKILL it. Returns how
    many documents were stored when it died."""
    start = _stored(engine)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while process.poll() is None and time.monotonic() < deadline:
        if _stored(engine) > start:
            time.sleep(rng.uniform(0.0, 0.3))
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return _stored(engine)


def test_ingest_killed_three_times_resumes_to_a_consistent_database(
    tmp_path: Path, db_url: str
) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    command = [SITROOM, "ingest", str(corpus), "--db", db_url]
    engine = sa.create_engine(database_url(db_url))
    rng = random.Random(20240813)
    progress = [_kill_after_progress(command, engine, rng) for _ in range(KILLS)]
    assert 0 < progress[0] <= progress[1] <= progress[2] < DOCUMENTS, progress
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert f"{progress[-1]} already stored" in finished.stderr

    with engine.connect() as connection:
        ids = list(connection.scalars(sa.select(t.documents.c.id)))
        assert sorted(ids) == sorted(f"r{n}" for n in range(DOCUMENTS))  # one copy of each
        extractions = dict(
            connection.execute(sa.select(t.extractions.c.doc_id, t.extractions.c.json)).all()
        )
        assert set(extractions) == set(ids)  # no document without its extraction
        for name, table in ITEM_TABLES.items():
            rows = Counter(connection.scalars(sa.select(table.c.doc_id)))
            for doc_id, found in extractions.items():
                expected = len(json.loads(found)[name])
                assert rows[doc_id] == expected, (name, doc_id, rows[doc_id], expected)
        claims = set(connection.execute(sa.select(t.claims.c.doc_id, t.claims.c.id)).all())
        members = connection.execute(
            sa.select(t.claim_group_members.c.doc_id, t.claim_group_members.c.claim_id)
        ).all()
        assert members and set(members) <= claims  # every member's claim exists
        groups = set(connection.scalars(sa.select(t.claim_groups.c.id)))
        grouped = set(connection.scalars(sa.select(t.claim_group_members.c.group_id)))
        assert groups == grouped  # no group left without members
        entities = set(connection.execute(sa.select(t.entities.c.doc_id, t.entities.c.id)).all())
        links = connection.execute(
            sa.select(t.entity_links.c.doc_id, t.entity_links.c.entity_id)
        ).all()
        assert set(links) == entities  # every entity linked once, no link to a lost entity
        assert len(links) == len(entities)
        runs = connection.execute(
            sa.select(t.ingest_runs.c.finished_at, t.ingest_runs.c.ingested).order_by(
                t.ingest_runs.c.id
            )
        ).all()
    engine.dispose()
    assert [run.finished_at is None for run in runs] == [True] * KILLS + [False]
    assert runs[-1].ingested == DOCUMENTS - progress[-1]
    for found in extractions.values():
        Extraction.from_json(found)  # every stored extraction is whole, readable JSON
