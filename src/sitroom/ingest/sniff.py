"""Which reader an input needs: by file extension, else by looking at its first bytes."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Literal

Kind = Literal["text", "html", "feed", "json", "jsonl"]

KIND_BY_EXTENSION: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".json": "json",
    ".jsonl": "jsonl",
}

_HEAD_SIZE = 2048
_FEED_MARKERS = ("<rss", "<feed", "<rdf:rdf")
_HTML_MARKERS = ("<html", "<!doctype html", "<body", "<p>")


def kind_of_file(path: Path, data: bytes) -> Kind:
    return KIND_BY_EXTENSION.get(path.suffix.lower()) or sniff(data)


def sniff(data: bytes) -> Kind:
    """Guess the format of unnamed input (stdin, files with unknown extensions)."""
    data = data.removeprefix(codecs.BOM_UTF8)
    head = data[:_HEAD_SIZE].decode("utf-8", "ignore").lstrip().lower()
    if head.startswith(("{", "[")) and _is_json(data):
        return "json"
    if head.startswith("{") and _is_json(data.lstrip().split(b"\n", 1)[0]):
        return "jsonl"
    if head.startswith("<"):
        if any(marker in head for marker in _FEED_MARKERS):
            return "feed"
        if any(marker in head for marker in _HTML_MARKERS):
            return "html"
    return "text"


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:  # JSONDecodeError, or UnicodeDecodeError for bytes that are not UTF-8
        return False
    return True
