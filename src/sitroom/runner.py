"""Runs documents through the pipeline in input order, reporting bad documents on the way.

This is the one place where ingestion meets extraction: every corpus path (``sitroom extract``
today, ``sitroom ingest`` and the batch runners later) goes through :func:`run`, so a rejected
document is reported the same way everywhere and never stops the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from sitroom.errors import InputError
from sitroom.ingest import Deduplicator, Rejected
from sitroom.model import Document, Extraction
from sitroom.nlp.pipeline import Pipeline, check_document

Outcome = Extraction | Rejected


def run(
    pipeline: Pipeline, items: Iterable[Document | Rejected], *, chunk_size: int = 32
) -> Iterator[Outcome]:
    """Yield an Extraction or a Rejected for every item, in input order.

    Items are taken in chunks so that spaCy can batch the valid documents of a chunk while
    rejected ones keep their place in the output. Duplicates are marked, not dropped.
    """
    dedup = Deduplicator()
    iterator = iter(items)
    while chunk := list(islice(iterator, chunk_size)):
        outcomes: list[Outcome | Document] = []
        for item in chunk:
            outcomes.append(_checked(dedup.mark(item)) if isinstance(item, Document) else item)
        documents = [o for o in outcomes if isinstance(o, Document)]
        extractions = iter(pipeline.extract_many(documents, batch_size=chunk_size))
        for outcome in outcomes:
            yield next(extractions) if isinstance(outcome, Document) else outcome


def _checked(document: Document) -> Document | Rejected:
    try:
        check_document(document)
    except InputError as exc:
        return Rejected(source=document.source or document.id, code=exc.code, message=exc.message)
    return document
