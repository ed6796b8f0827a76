"""read_inputs: paths, directories, URLs and stdin -> Documents, in input order."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx

from sitroom.errors import InputError, LanguageError
from sitroom.ingest.feeds import read_feed
from sitroom.ingest.html import read_html
from sitroom.ingest.jsonl import read_json, read_jsonl, read_jsonl_lines
from sitroom.ingest.lang import detect_language, require_supported
from sitroom.ingest.rejected import Rejected
from sitroom.ingest.sniff import KIND_BY_EXTENSION, Kind, kind_of_file, sniff
from sitroom.ingest.telegram import is_telegram_page, read_telegram_page
from sitroom.ingest.text import read_text
from sitroom.ingest.urls import fetch, is_url, make_client
from sitroom.model import Document

STDIN = "-"


@dataclass(frozen=True)
class _Defaults:
    published: str | None
    outlet: str | None
    check_language: bool


@dataclass(frozen=True)
class _Raw:
    """The bytes of one input and what is known about them before parsing."""

    kind: Kind
    data: bytes
    url: str | None = None
    fetched_at: str | None = None
    path: Path | None = None  # a JSONL corpus file, read line by line instead of into data


def read_inputs(
    inputs: Iterable[str],
    *,
    published: str | None = None,
    outlet: str | None = None,
    check_language: bool = True,
    client: httpx.Client | None = None,
) -> Iterator[Document | Rejected]:
    """Yield one Document (or Rejected) per input document, in input order.

    An input is a file, a directory (walked recursively, in sorted order), an http(s) URL or
    "-" for stdin. ``published`` and ``outlet`` fill in only what an input does not say itself.
    Without ``client``, one is made at the first URL and closed when the iterator finishes.
    """
    defaults = _Defaults(published, outlet, check_language)
    with ExitStack() as stack:

        def get_client() -> httpx.Client:
            nonlocal client
            if client is None:
                client = stack.enter_context(make_client())
            return client

        for item in inputs:
            for source in _expand(item):
                if isinstance(source, Rejected):
                    yield source
                    continue
                try:
                    raw = _load(source, get_client)
                    for result in _parse(raw, source):
                        yield _finish(result, source, raw.fetched_at, defaults)
                except InputError as exc:
                    yield Rejected.from_error(exc, source)


def _expand(item: str) -> Iterator[str | Rejected]:
    """The sources an input stands for: itself, or for a directory the files under it."""
    if item == STDIN or is_url(item) or not os.path.isdir(item):
        yield item
        return
    files = _walk(item)
    if not files:
        extensions = " ".join(KIND_BY_EXTENSION)
        message = f"no readable files in directory (looked for {extensions})"
        yield Rejected(source=item, code=InputError.code, message=message)
    yield from files


def _walk(directory: str) -> list[str]:
    """Files with a known extension, hidden files and directories skipped, sorted by path."""
    found: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in KIND_BY_EXTENSION:
                path = os.path.join(root, name)
                found.append((Path(os.path.relpath(path, directory)).parts, path))
    return [path for _, path in sorted(found)]


def _load(source: str, get_client: Callable[[], httpx.Client]) -> _Raw:
    if source == STDIN:
        data = sys.stdin.buffer.read()
        return _Raw(kind=sniff(data), data=data)
    if is_url(source):
        fetched = fetch(source, get_client())
        return _Raw(fetched.kind, fetched.data, url=fetched.url, fetched_at=fetched.fetched_at)
    path = Path(source)
    if path.suffix.lower() == ".jsonl" and path.is_file():
        return _Raw(kind="jsonl", data=b"", path=path)  # streamed: a corpus may be huge
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    return _Raw(kind=kind_of_file(path, data), data=data)


def _parse(raw: _Raw, source: str) -> Iterator[Document | Rejected]:
    if raw.kind == "html" and is_telegram_page(raw.data):  # a saved t.me/s/<channel> page
        yield from read_telegram_page(raw.data, source=source)
    elif raw.kind == "html":
        yield read_html(raw.data, source=source, url=raw.url)
    elif raw.kind == "feed":
        yield from read_feed(raw.data, source=source)
    elif raw.kind == "json":
        yield from read_json(raw.data, source=source)
    elif raw.kind == "jsonl" and raw.path is not None:
        try:
            with raw.path.open("rb") as lines:
                yield from read_jsonl_lines(lines, source=source)
        except OSError as exc:
            raise InputError(exc.strerror or str(exc)) from None
    elif raw.kind == "jsonl":
        yield from read_jsonl(raw.data, source=source)
    else:
        yield read_text(raw.data, source=source, url=raw.url)


def _finish(
    result: Document | Rejected, source: str, fetched_at: str | None, defaults: _Defaults
) -> Document | Rejected:
    """Detect the language (rejecting one sitroom does not read, if asked) and fill in what is
    still unknown."""
    if isinstance(result, Rejected):
        return result
    text = result.text
    try:
        result.lang = require_supported(text) if defaults.check_language else detect_language(text)
    except LanguageError as exc:
        return Rejected.from_error(exc, result.source or source)
    result.published = result.published or defaults.published
    result.outlet = result.outlet or defaults.outlet
    result.fetched_at = fetched_at
    return result
