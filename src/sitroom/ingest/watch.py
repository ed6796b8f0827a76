"""Polling feeds politely: conditional GETs with ETag / Last-Modified, new items only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from sitroom.errors import FetchError, InputError, LanguageError
from sitroom.ingest import Rejected, detect_language, read_feed, require_supported
from sitroom.ingest.urls import make_client
from sitroom.model import Document

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in "90", "30s", "15m", "2h" or "1d"."""
    found = _INTERVAL.match(text)
    if not found:
        raise InputError(f"not an interval: {text!r} (use e.g. 30s, 15m, 2h)")
    return float(found.group(1)) * _SECONDS[found.group(2).lower()]


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs, one a line; blank lines and # comments ignored."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=str(path)) from None
    urls = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not urls:
        raise InputError("no feed URLs in the file", source=str(path))
    return urls


@dataclass
class FeedPoller:
    """Remembers each feed's validators so an unchanged feed costs a 304 and nothing more."""

    outlet: str | None = None
    published: str | None = None
    check_language: bool = True
    validators: dict[str, dict[str, str]] = field(default_factory=dict)

    def poll(
        self, urls: list[str], client: httpx.Client | None = None
    ) -> list[Document | Rejected]:
        """The items of every feed that changed since the last poll (unchanged feeds: none)."""
        items: list[Document | Rejected] = []
        with client or make_client() as http:
            for url in urls:
                try:
                    items.extend(self._poll_one(http, url))
                except InputError as exc:
                    items.append(Rejected.from_error(exc, url))
        return items

    def _poll_one(self, client: httpx.Client, url: str) -> list[Document | Rejected]:
        try:
            response = client.get(url, headers=self.validators.get(url, {}))
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch: {str(exc) or type(exc).__name__}") from None
        if response.status_code == 304:
            return []
        if response.status_code >= 400:
            raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
        self.validators[url] = _validators(response)
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        return [self._finish(item, fetched_at) for item in read_feed(response.content, source=url)]

    def _finish(self, item: Document | Rejected, fetched_at: str) -> Document | Rejected:
        if isinstance(item, Rejected):
            return item
        try:
            item.lang = (
                require_supported(item.text) if self.check_language else detect_language(item.text)
            )
        except LanguageError as exc:
            return Rejected.from_error(exc, item.source or item.id)
        item.outlet = item.outlet or self.outlet
        item.published = item.published or self.published
        item.fetched_at = fetched_at
        return item


def _validators(response: httpx.Response) -> dict[str, str]:
    headers = {}
    if etag := response.headers.get("etag"):
        headers["If-None-Match"] = etag
    if modified := response.headers.get("last-modified"):
        headers["If-Modified-Since"] = modified
    return headers
