"""POST /api/ingest: texts and fetched URLs -> Documents -> the store (extracting them).

Documents go through the same checks as ``sitroom ingest`` (English only) and the same
:meth:`sitroom.store.Store.ingest`, which extracts with the shared default pipeline, loaded on
the first document that needs it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence

from sitroom.errors import EmptyDocumentError, InputError
from sitroom.ingest import Rejected, read_feed, read_html, read_text, require_supported
from sitroom.ingest.urls import fetch
from sitroom.ingestion import ingest_into
from sitroom.model import Document
from sitroom.store.records import AlertRule, IngestEvent
from sitroom.store.repository import Store
from sitroom.web.schemas import (
    BatchInput,
    IngestedOut,
    IngestRequest,
    IngestResult,
    RejectedOut,
    TextInput,
    UrlInput,
)
from sitroom.web.ssrf import IPNetwork, guarded_client

#: spaCy pipelines are not safe to share between threads, and ingestion writes in batches:
#: one ingestion at a time per process.
_INGEST_LOCK = threading.Lock()


def ingest_request(
    store: Store,
    request: IngestRequest,
    allow_private: bool | Iterable[IPNetwork],
    alert_rules: Sequence[AlertRule] = (),
) -> IngestResult:
    """Ingest what the request carries; fetch errors raise (the caller maps them to HTTP)."""
    if isinstance(request, UrlInput):
        items = list(_fetched(request, allow_private))
        inputs = str(request.url)
    elif isinstance(request, BatchInput):
        items = [_from_text(item, f"api:{n}") for n, item in enumerate(request.documents, 1)]
        inputs = f"api batch of {len(items)}"
    else:
        items = [_from_text(request, "api")]
        inputs = "api text"
    events: list[IngestEvent] = []
    with _INGEST_LOCK:
        report = ingest_into(
            store, items, inputs=inputs, on_event=events.append, alert_rules=alert_rules
        )
    return IngestResult(
        run_id=report.run_id,
        ingested=report.ingested,
        skipped=report.skipped,
        duplicates=report.duplicates,
        near_duplicates=report.near_duplicates,
        rejected=[RejectedOut(**vars(item)) for item in report.rejected],
        documents=[
            IngestedOut(
                status=event.status,
                source=event.source,
                doc_id=event.doc_id,
                duplicate_of=event.duplicate_of,
                near_duplicate_of=event.near_duplicate_of,
            )
            for event in events
        ],
    )


def _from_text(item: TextInput, source: str) -> Document | Rejected:
    document = Document(
        text=item.text,
        title=item.title,
        url=item.url,
        outlet=item.outlet,
        published=item.published,
        source=source,
    )
    return _checked(document, source)


def _fetched(
    request: UrlInput, allow_private: bool | Iterable[IPNetwork]
) -> Iterator[Document | Rejected]:
    url = str(request.url)
    with guarded_client(allow_private) as client:
        fetched = fetch(url, client)
    if fetched.kind == "feed":
        parsed: list[Document | Rejected] = list(read_feed(fetched.data, source=url))
    else:
        reader = read_html if fetched.kind == "html" else read_text
        try:
            parsed = [reader(fetched.data, source=url, url=fetched.url)]
        except InputError as exc:
            parsed = [Rejected.from_error(exc, url)]
    for item in parsed:
        if isinstance(item, Rejected):
            yield item
            continue
        item.fetched_at = fetched.fetched_at
        item.outlet = item.outlet or request.outlet
        item.published = item.published or request.published
        yield _checked(item, url)


def _checked(document: Document, source: str) -> Document | Rejected:
    try:
        if not document.text.strip():
            raise EmptyDocumentError("empty document")
        document.lang = require_supported(document.text)
    except InputError as exc:
        return Rejected.from_error(exc, source)
    return document
