"""full-text search of documents in each document's own language (PostgreSQL)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 19:00:00

Documents were indexed with PostgreSQL's English configuration whatever their language, so a
Russian or French word was matched only in the exact form typed. The index now uses the
configuration of the document's language (``sitroom_text_search(lang)``: English, French,
Russian, word for word for the others; a document of unknown language as before). SQLite's
FTS5 index is unchanged (Porter stemming for English, word for word for the others).
"""

from __future__ import annotations

from alembic import op

from sitroom.store.schema import (
    PG_DOCUMENT_TSVECTOR,
    PG_TEXT_SEARCH,
    PG_TEXT_SEARCH_FUNCTION,
    PG_TEXT_SEARCH_OTHER,
)

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_ENGLISH_INDEX = "to_tsvector('english', coalesce(title, '') || ' ' || text)"


def _function() -> str:
    cases = " ".join(
        f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in PG_TEXT_SEARCH.items()
    )
    return (
        f"CREATE OR REPLACE FUNCTION {PG_TEXT_SEARCH_FUNCTION}(lang varchar) RETURNS regconfig "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE "
        f"WHEN lang IS NULL THEN 'english'::regconfig "
        f"ELSE CASE lang {cases} ELSE '{PG_TEXT_SEARCH_OTHER}'::regconfig END END $$"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_function())
    op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    op.execute(f"CREATE INDEX ix_documents_fts ON documents USING GIN (({PG_DOCUMENT_TSVECTOR}))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    op.execute(f"CREATE INDEX ix_documents_fts ON documents USING GIN (({_ENGLISH_INDEX}))")
    op.execute(f"DROP FUNCTION IF EXISTS {PG_TEXT_SEARCH_FUNCTION}(varchar)")
