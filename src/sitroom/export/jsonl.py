"""JSON Lines: one stored Extraction (schema "sitroom/1") a line, exactly as ``sitroom extract``
prints it, so an export can be read back with ``Extraction.from_json`` or ingested again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from sitroom.model import Extraction


def write_jsonl(extractions: Iterable[Extraction], out: TextIO) -> int:
    """Write each extraction as it arrives; return how many lines were written."""
    written = 0
    for extraction in extractions:
        out.write(extraction.to_json() + "\n")
        written += 1
    return written
