"""Full-text search on both backends with the same semantics.

A query is reduced to its words (stopwords dropped, so that SQLite, which keeps them, and
PostgreSQL, which drops them, agree); a document or quote matches when it contains every word,
stemmed (FTS5 Porter tokenizer / on PostgreSQL the stemmer of the document's language, see
:data:`sitroom.store.schema.PG_TEXT_SEARCH`). Ordering is by publication date, not by
backend-specific rank, so both backends return the same hits in the same order.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from sitroom.store import schema as t

STOPWORDS = frozenset(
    "a an and are as at be but by for from has have he her his in is it its of on or she that "
    "the their them they this to was were which who will with".split()
)
_WORD = re.compile(r"\w+")


def query_terms(query: str) -> list[str]:
    words = [w.casefold() for w in _WORD.findall(query)]
    return [w for w in dict.fromkeys(words) if w not in STOPWORDS]


def matching_documents(dialect: str, terms: list[str]) -> sa.Select:
    """A SELECT of the ids of documents whose title or text contains every term."""
    if dialect == "sqlite":
        return _fts5("documents_fts", ["doc_id"], terms)
    condition = sa.text(_per_language(t.PG_DOCUMENT_TSVECTOR))
    query = sa.select(t.documents.c.id.label("doc_id"))
    return query.where(condition.bindparams(terms=" ".join(terms)))


def matching_quotes(dialect: str, terms: list[str]) -> sa.Select:
    """A SELECT of (doc_id, quote id) of quotes containing every term."""
    if dialect == "sqlite":
        return _fts5("quotes_fts", ["doc_id", "quote_id"], terms)
    condition = sa.text(f"{t.PG_QUOTE_TSVECTOR} @@ plainto_tsquery('english', :terms)")
    query = sa.select(t.quotes.c.doc_id, t.quotes.c.id.label("quote_id"))
    return query.where(condition.bindparams(terms=" ".join(terms)))


def _per_language(tsvector: str) -> str:
    """The query in each text search configuration, each for the documents it indexes: one
    GIN index scan per configuration."""
    configs = dict.fromkeys([*t.PG_TEXT_SEARCH.values(), t.PG_TEXT_SEARCH_OTHER])
    return " OR ".join(
        f"({t.PG_TEXT_SEARCH_FUNCTION}(lang) = '{config}'::regconfig "
        f"AND {tsvector} @@ plainto_tsquery('{config}', :terms))"
        for config in configs
    )


def _fts5(table: str, columns: list[str], terms: list[str]) -> sa.Select:
    # Each term as an FTS5 string (double quotes doubled): no user text is read as FTS syntax.
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    condition = sa.text(f"{table} MATCH :match").bindparams(match=match)
    return sa.select(*(sa.column(c) for c in columns)).select_from(sa.table(table)).where(condition)


def term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """Where the terms occur in a text, stemmed forms too (a prefix of each: "strike" finds
    "strikes", "struck" is missed as the stemmer would find it): the words a hit shows."""
    stems = [re.escape(term[: max(4, len(term) - 2)]) for term in terms]
    return re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE) if stems else None


def snippet(text: str, terms: list[str], width: int = 160) -> str:
    """About ``width`` characters around the first occurrence of a term (prefix match, so that
    stemmed forms are found too)."""
    pattern = term_pattern(terms)
    first = pattern.search(text) if pattern is not None else None
    start = max(0, (first.start() if first else 0) - width // 3)
    piece = " ".join(text[start : start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
