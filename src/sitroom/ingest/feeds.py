"""RSS and Atom feeds: one Document per entry."""

from __future__ import annotations

import io
import re
import time
import xml.sax
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import feedparser

from sitroom.errors import EmptyDocumentError, MarkupError
from sitroom.ingest.html import fragment_to_text
from sitroom.ingest.rejected import Rejected
from sitroom.ingest.text import check_bytes
from sitroom.model import Document

_MARKUP_TYPES = ("text/html", "application/xhtml+xml")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


def read_feed(data: bytes, *, source: str) -> Iterator[Document | Rejected]:
    """Entries in feed order; an entry without text is Rejected as ``source#item-N``.

    feedparser flags malformed XML as "bozo" but usually still recovers the entries, which are
    kept; only a feed that yields no entries at all is refused.
    """
    check_bytes(data)
    # A stream, never a str: feedparser would treat a str as a URL or file name to open.
    feed = feedparser.parse(io.BytesIO(data))
    if not feed.entries:
        if feed.bozo:
            raise MarkupError(f"not a readable feed ({_describe(feed.bozo_exception)})")
        raise EmptyDocumentError("feed has no items")
    outlet = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        item_source = f"{source}#item-{number}"
        text = _entry_text(entry)
        if not text:
            yield Rejected.from_error(EmptyDocumentError("feed item has no text"), item_source)
            continue
        yield Document(
            text=text,
            url=entry.get("link") or None,
            outlet=outlet,
            published=_entry_date(entry),
            title=entry.get("title") or None,
            source=item_source,
        )


def _describe(error: Exception) -> str:
    if isinstance(error, xml.sax.SAXParseException):
        return f"{error.getMessage()} at line {error.getLineNumber()}"
    return (str(error) or type(error).__name__).splitlines()[0]


def _entry_text(entry: Any) -> str:
    """The full content if the entry has it, else its summary, as plain text."""
    for detail in [*entry.get("content", []), entry.get("summary_detail") or {}]:
        value = detail.get("value") or ""
        text = fragment_to_text(value) if detail.get("type") in _MARKUP_TYPES else value.strip()
        if text:
            return text
    return ""


def _entry_date(entry: Any) -> str | None:
    """The entry's date (UTC, as feedparser normalises it) as an ISO date, or None."""
    for field in ("published", "updated"):
        parsed = entry.get(f"{field}_parsed")
        if parsed and _exists(entry.get(field) or ""):
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _exists(raw: str) -> bool:
    """False for an ISO 8601 date whose fields are out of range: feedparser rolls those over
    ("2024-02-31" becomes 2 March, "2024-13-45" New Year's Day) instead of refusing them, as it
    does for impossible RFC 822 dates."""
    match = _ISO_DATE.match(raw)
    if match is None:
        return True
    try:
        datetime(*(int(group) for group in match.groups() if group is not None))
    except ValueError:
        return False
    return True
