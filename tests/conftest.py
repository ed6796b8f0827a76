"""Shared fixtures: the pipeline, loaded once per test session (it takes a few seconds), and
the database every store test runs on twice: SQLite and a real PostgreSQL.

PostgreSQL comes from SITROOM_TEST_POSTGRES_URL (default: postgres on 127.0.0.1:5432, database
``test``). Each test gets its own schema, dropped afterwards, so runs never collide. If the
server cannot be reached the PostgreSQL tests fail in CI (CI=true) and are skipped elsewhere.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from sitroom.nlp.pipeline import Pipeline
from sitroom.store.engine import database_url

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    return os.environ.get("SITROOM_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A database URL for an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sitroom.db'}"
        return
    yield from _postgres_schema()


def _postgres_schema() -> Iterator[str]:
    url = database_url(postgres_url())
    engine = sa.create_engine(url)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        engine.dispose()
        reason = f"PostgreSQL at {url.render_as_string()} unreachable: {str(exc.orig).strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason + " (set SITROOM_TEST_POSTGRES_URL to test against yours)")
    schema = f"sitroom_test_{uuid.uuid4().hex[:12]}"
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        options = quote(f"-csearch_path={schema}")
        separator = "&" if url.query else "?"
        yield url.render_as_string(hide_password=False) + f"{separator}options={options}"
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
