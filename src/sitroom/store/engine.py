"""Database URLs, engines and migrations.

A user gives a file path, a ``sqlite:///`` URL or a ``postgresql://`` URL; sitroom talks to
PostgreSQL through psycopg 3, so plain ``postgresql://`` (and ``postgres://``) URLs are mapped
to the ``postgresql+psycopg`` driver. ``open_engine`` upgrades the schema to the newest Alembic
revision, so a user never runs migrations by hand.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from sitroom.errors import StoreError

DEFAULT_PATH = "sitroom.db"
MIGRATIONS = Path(__file__).parent / "migrations"

_PG_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def database_url(url_or_path: str | Path | None = None) -> URL:
    """The SQLAlchemy URL for what a user typed (a path, or a sqlite/postgresql URL)."""
    value = str(url_or_path or DEFAULT_PATH)
    if "://" not in value:
        return URL.create("sqlite", database=value)
    try:
        url = make_url(value)
    except ArgumentError:
        raise StoreError(f"not a database URL: {value!r}") from None
    if url.drivername in _PG_SCHEMES:
        return url.set(drivername="postgresql+psycopg")
    if url.drivername == "sqlite":
        return url
    raise StoreError(
        f"unsupported database {url.drivername!r}: use a file path, sqlite:///PATH or "
        "postgresql://USER@HOST/DB"
    )


def create_engine(url: URL) -> Engine:
    if url.drivername == "sqlite":
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL: readers do not block the writer; a killed writer never corrupts committed data.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()


def alembic_config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def open_engine(url_or_path: str | Path | None = None) -> Engine:
    """An engine whose database is at the newest schema revision (created if need be)."""
    url = database_url(url_or_path)
    if url.drivername == "sqlite" and url.database not in (None, "", ":memory:"):
        parent = Path(url.database).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"cannot create database {url.database}: no directory {parent}")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"cannot open database {_safe(url)}: {reason}") from None
    return engine


def _safe(url: URL) -> str:
    return url.render_as_string(hide_password=True)
