"""JSON Lines: one stored Extraction (schema "sitroom/1") a line, as ``sitroom extract`` prints
it, so an export can be read back with ``Extraction.from_json`` or ingested again. From a
database each claim also carries ``group``: its claim group id, its verdict there, whether the
group is contested and its verdict with each other claim of the group (``verdicts``: ``{"with":
"<document id>#<claim id>", "verdict"}``); null for a claim in no group. Readers of the data
model ignore the key."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TextIO

from sitroom.model import Extraction
from sitroom.store.records import DocumentLinks


def write_jsonl(
    extractions: Iterable[Extraction],
    out: TextIO,
    links: Callable[[str], DocumentLinks] | None = None,
) -> int:
    """Write each extraction as it arrives (with its claims' groups when ``links`` gives the
    store's links of a document); return how many lines were written."""
    written = 0
    for extraction in extractions:
        if links is None:
            out.write(extraction.to_json() + "\n")
        else:
            data = extraction.to_dict()
            groups = links(extraction.document.id).claims
            for claim in data["claims"]:
                group = groups.get(claim["id"])
                claim["group"] = group.to_dict() if group else None
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
        written += 1
    return written
