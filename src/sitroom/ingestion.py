"""The ingestion service: documents are extracted, stored, linked across sources, and the
alert rules checked against them.

Every way in (``sitroom ingest`` and ``watch``, the API's POST /api/ingest, ``demo``, the
Python API) calls :func:`ingest_into`, so a document is checked, extracted, deduplicated,
stored and linked the same way everywhere. The store only writes; the pipeline only extracts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, cast

from sitroom.alerts import active_rules, evaluate
from sitroom.ingest import Rejected
from sitroom.model import Document, Extraction
from sitroom.store.records import AlertRule, IngestEvent, IngestReport

if TYPE_CHECKING:
    from sitroom.nlp.pipeline import Pipeline
    from sitroom.store.repository import Store


def ingest_into(
    store: Store,
    items: Iterable[Document | Extraction | Rejected],
    *,
    pipeline: Pipeline | None = None,
    inputs: str | None = None,
    batch_size: int = 8,
    on_event: Callable[[IngestEvent], None] | None = None,
    alert_rules: Sequence[AlertRule] = (),
) -> IngestReport:
    """Extract the documents among ``items`` (ready-made extractions pass as they are), store
    everything and link it across documents; return the totals.

    Documents already stored are skipped before extraction, so a re-run costs no model
    loading. By default each document is read by its language's pipeline, built when the first
    document needs it; a process pool (:class:`sitroom.scale.pool.ProcessPipeline`) may stand
    in for it. Exact and
    near-duplicates are marked and stored (:func:`sitroom.runner.run`); every ``batch_size``
    items are committed together; ``on_event`` is called for each item, in input order.
    Then the alert rules (``alert_rules`` and those kept in the store) are checked against the
    documents stored; the report lists the alerts raised.
    """
    from sitroom.nlp.pipeline import LazyPipeline  # spaCy: imported only when ingesting
    from sitroom.runner import run

    report = store.begin_ingest(inputs)
    unstored = store.skip_stored(items, batch_size * 4)
    outcomes = run(
        pipeline or cast("Pipeline", LazyPipeline()),
        cast("Iterable[Document | Rejected]", unstored),
    )
    report = store.write(report, outcomes, batch_size, on_event)
    rules = active_rules(store, alert_rules)
    if rules and report.stored_ids:
        report.alerts = evaluate(store, rules, report.stored_ids)
    return report
