"""``sitroom batch``: extraction on a Dask cluster, written as Parquet shards.

The client reads the inputs and marks duplicates in input order (:func:`sitroom.runner.run`);
the cluster's workers extract batches of documents (:class:`~sitroom.scale.pool.DaskPipeline`);
the client writes the results partition by partition (:class:`~sitroom.scale.shards.ShardWriter`).
Only a bounded window of batches is in flight, so the client's memory stays flat.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sitroom.errors import ConfigError
from sitroom.ingest import Rejected
from sitroom.model import Document, Extraction
from sitroom.runner import run
from sitroom.scale.pool import DaskPipeline
from sitroom.scale.shards import Manifest, ShardWriter

if TYPE_CHECKING:
    from distributed import Client

    from sitroom.nlp.pipeline import Pipeline
    from sitroom.nlp.pipeline_config import PipelineConfig

CONNECT_TIMEOUT = "5s"


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a LocalCluster of ``workers``
    single-threaded processes (spaCy releases the GIL too little for threads to help)."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler is None:
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        with dask.config.set({"distributed.comm.timeouts.connect": CONNECT_TIMEOUT}):
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        yield client


def run_batch(
    client: Client,
    items: Iterable[Document | Rejected],
    out: Path,
    *,
    inputs: str,
    partition_size: int = 1000,
    batch_size: int = 16,
    config: PipelineConfig | None = None,
    on_outcome: Callable[[Extraction | Rejected], None] | None = None,
) -> Manifest:
    """Extract ``items`` on the cluster with the pipeline of ``config`` (English by default)
    and write them to ``out``; return the manifest."""
    writer = ShardWriter(out, inputs, partition_size=partition_size)
    pipeline = cast("Pipeline", DaskPipeline(client, config))
    for outcome in run(pipeline, items, chunk_size=batch_size):
        writer.add(outcome)
        if on_outcome:
            on_outcome(outcome)
    return writer.close()
