"""Ingestion: user inputs (files, directories, URLs, stdin) -> sitroom.model.Document."""

from sitroom.ingest.dedup import Deduplicator
from sitroom.ingest.feeds import read_feed
from sitroom.ingest.html import fragment_to_text, read_html
from sitroom.ingest.jsonl import read_json, read_jsonl, record_to_document
from sitroom.ingest.lang import detect_language, require_supported
from sitroom.ingest.reader import read_inputs
from sitroom.ingest.rejected import Rejected
from sitroom.ingest.sniff import Kind, sniff
from sitroom.ingest.text import check_bytes, decode_text, read_text
from sitroom.ingest.urls import Fetched, fetch

__all__ = [
    "Deduplicator",
    "Fetched",
    "Kind",
    "Rejected",
    "check_bytes",
    "decode_text",
    "detect_language",
    "fetch",
    "fragment_to_text",
    "read_feed",
    "read_html",
    "read_inputs",
    "read_json",
    "read_jsonl",
    "read_text",
    "record_to_document",
    "require_supported",
    "sniff",
]
