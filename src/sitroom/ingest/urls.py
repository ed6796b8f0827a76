"""Fetching URLs with httpx: bounded in time and size, typed by the response's content type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from sitroom.errors import FetchError
from sitroom.ingest.sniff import Kind

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
USER_AGENT = "sitroom/0.1 (news ingestion)"

_KIND_BY_MEDIA_TYPE: dict[str, Kind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "text/plain": "text",
}


@dataclass(frozen=True)
class Fetched:
    """A response body with what is needed to read it."""

    url: str
    kind: Kind
    data: bytes
    fetched_at: str


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def make_client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT})


def fetch(url: str, client: httpx.Client) -> Fetched:
    """GET ``url``; every way this can fail becomes a FetchError with a one-line message."""
    fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            kind = _kind_of(response.headers.get("content-type", ""))
            data = _read_limited(response)
            final_url = str(response.url)
    except httpx.TimeoutException:
        raise FetchError("timed out") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(f"cannot fetch: {str(exc) or type(exc).__name__}") from None
    return Fetched(url=final_url, kind=kind, data=data, fetched_at=fetched_at)


def _kind_of(content_type: str) -> Kind:
    media_type = content_type.split(";", 1)[0].strip().lower()
    kind = _KIND_BY_MEDIA_TYPE.get(media_type)
    if kind is None:
        raise FetchError(f"unsupported content type: {media_type or 'none given'}")
    return kind


def _read_limited(response: httpx.Response) -> bytes:
    """The body, stopping as soon as it exceeds MAX_BYTES (Content-Length may be absent or lie)."""
    limit = f"response larger than {MAX_BYTES // (1024 * 1024)} MB"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise FetchError(limit)
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > MAX_BYTES:
            raise FetchError(limit)
    return bytes(body)
