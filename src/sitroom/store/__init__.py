"""Storage: SQLite or PostgreSQL through SQLAlchemy Core, migrated with Alembic.

``open_store`` and ``Store`` load SQLAlchemy on first use, so that importing the CLI (which
registers the database commands) stays fast.
"""

from sitroom.store.records import (
    CanonicalEntity,
    IngestEvent,
    IngestReport,
    SearchHit,
    StoredClaim,
    StoredDocument,
    StoredQuote,
)

__all__ = [
    "CanonicalEntity",
    "IngestEvent",
    "IngestReport",
    "SearchHit",
    "Store",
    "StoredClaim",
    "StoredDocument",
    "StoredQuote",
    "open_store",
]


def __getattr__(name: str):
    if name in ("Store", "open_store"):
        from sitroom.store import repository

        return getattr(repository, name)
    raise AttributeError(name)
