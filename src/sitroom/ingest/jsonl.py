"""JSON records: JSONL corpora (one object a line) and .json files (one object or a list).

A record is ``{"text": ..., "id"?, "outlet"?, "url"?, "published"?, "title"?}``; other keys are
ignored, so corpora exported by other tools can be read as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sitroom.errors import EmptyDocumentError, InputError, RecordError
from sitroom.ingest.rejected import Rejected
from sitroom.ingest.telegram import is_telegram_export, read_telegram_export
from sitroom.ingest.text import decode_text
from sitroom.model import Document

_OPTIONAL_FIELDS = ("outlet", "url", "published", "title")
_UTF8_BOM = b"\xef\xbb\xbf"


def read_jsonl(data: bytes, *, source: str) -> Iterator[Document | Rejected]:
    """One Document per non-blank line of a JSONL corpus held in memory (see read_jsonl_lines)."""
    return read_jsonl_lines(data.split(b"\n"), source=source)


def read_jsonl_lines(lines: Iterable[bytes], *, source: str) -> Iterator[Document | Rejected]:
    """One Document per non-blank line; a bad line is Rejected as ``source:LINENO``.

    Lines come in as bytes split on b"\n" only (a binary file's lines are), so a corpus of any
    size is read one line at a time; str.splitlines() would also split inside texts at U+0085,
    U+2028 and the like, which JSON allows unescaped. A file with no record at all is empty.
    """
    seen_record = False
    for number, raw_line in enumerate(lines, start=1):
        line_bytes = raw_line.removesuffix(b"\n")  # a file's lines keep their terminator
        if number == 1:
            line_bytes = line_bytes.removeprefix(_UTF8_BOM)
        if not line_bytes.strip(b" \t\r\n"):
            continue
        seen_record = True
        line_source = f"{source}:{number}"
        try:
            record = json.loads(_decode_line(line_bytes))
        except json.JSONDecodeError as exc:
            yield Rejected.from_error(_invalid_json(exc), line_source)
            continue
        except InputError as exc:
            yield Rejected.from_error(exc, line_source)
            continue
        yield _record_or_rejection(record, line_source)
    if not seen_record:
        raise EmptyDocumentError("empty document")


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return decode_text(line)  # a legacy code page, guessed for this line


def read_json(data: bytes, *, source: str) -> Iterator[Document | Rejected]:
    """A single record, or a list of them (item N is Rejected as ``source#item-N``)."""
    try:
        value = json.loads(decode_text(data))
    except json.JSONDecodeError as exc:
        raise _invalid_json(exc) from None
    if is_telegram_export(value):  # Telegram Desktop's result.json
        yield from read_telegram_export(value, source=source)
    elif isinstance(value, dict):
        yield _record_or_rejection(value, source)
    elif isinstance(value, list):
        for number, record in enumerate(value, start=1):
            yield _record_or_rejection(record, f"{source}#item-{number}")
    else:
        raise RecordError("expected a JSON object or a list of objects")


def record_to_document(record: Any, *, source: str) -> Document:
    """A Document from one record; a given "id" is kept as it is (as a string)."""
    if not isinstance(record, dict):
        raise RecordError("not a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise RecordError('no "text" string in the record')
    if not text.strip():
        raise EmptyDocumentError("empty document")
    record_id = record.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, str | int | None):
        raise RecordError('"id" must be a string or an integer')
    fields = {}
    for name in _OPTIONAL_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise RecordError(f'"{name}" must be a string')
        fields[name] = value or None
    given_id = "" if record_id is None else str(record_id)
    return Document(text=text, id=given_id, source=source, **fields)


def _record_or_rejection(record: Any, source: str) -> Document | Rejected:
    try:
        return record_to_document(record, source=source)
    except InputError as exc:
        return Rejected.from_error(exc, source)


def _invalid_json(exc: json.JSONDecodeError) -> RecordError:
    return RecordError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
