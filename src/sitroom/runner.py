"""Runs documents through the pipeline in input order, reporting bad documents on the way.

This is the one place where ingestion meets extraction: every corpus path (``sitroom extract``
today, ``sitroom ingest`` and the batch runners later) goes through :func:`run`, so a rejected
document is reported the same way everywhere and never stops the run.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from sitroom.errors import InputError
from sitroom.ingest import Deduplicator, Rejected
from sitroom.model import Document, Extraction
from sitroom.nlp.pipeline import Pipeline, check_document

Outcome = Extraction | Rejected


def run(
    pipeline: Pipeline, items: Iterable[Document | Rejected], *, chunk_size: int = 32
) -> Iterator[Outcome]:
    """Yield an Extraction or a Rejected for every item, in input order.

    The valid documents go to ``pipeline.extract_many`` as one stream, so that spaCy can batch
    them (``chunk_size`` at a time) and a process pool (:mod:`sitroom.scale`) can keep several
    batches in flight, while rejected items keep their place in the output. Items are read only
    as far ahead as the pipeline asks for. Duplicates are marked, not dropped.
    """
    dedup = Deduplicator()
    source = iter(items)
    pending: deque[Outcome | Document] = deque()  # read, not yet yielded, in input order
    unsent: deque[Document] = deque()  # the valid documents among them, not yet extracted

    def read() -> bool:
        item = next(source, None)
        if item is None:
            return False
        outcome = _checked(item, dedup) if isinstance(item, Document) else item
        pending.append(outcome)
        if isinstance(outcome, Document):
            unsent.append(outcome)
        return True

    def documents() -> Iterator[Document]:
        while unsent or read():
            if unsent:
                yield unsent.popleft()

    extractions = pipeline.extract_many(documents(), batch_size=chunk_size)
    while pending or read():
        outcome = pending.popleft()
        yield next(extractions) if isinstance(outcome, Document) else outcome


def _checked(document: Document, dedup: Deduplicator) -> Document | Rejected:
    """Rejected if the pipeline cannot process the document, else the document marked as a
    duplicate if it is one (checked first: a text over the length limit is not worth hashing)."""
    try:
        check_document(document)
    except InputError as exc:
        return Rejected(source=document.source or document.id, code=exc.code, message=exc.message)
    return dedup.mark(document)
