"""Extraction in other processes, as an ordered stream with a bounded number of batches in flight.

:class:`ProcessPipeline` (a local process pool) and :class:`DaskPipeline` (a Dask cluster) have
the ``extract_many`` of :class:`sitroom.nlp.pipeline.Pipeline`, so :func:`sitroom.runner.run`
and :meth:`sitroom.store.Store.ingest` use them unchanged. Workers only extract: they receive
Documents and send back Extractions (plain dataclasses, pickled); the calling process reads,
deduplicates and writes. The pipeline's configuration travels with every batch, so a worker
builds the very pipeline the caller chose (a user's own components included).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from itertools import islice
from typing import TYPE_CHECKING, Protocol

from sitroom.errors import ConfigError
from sitroom.model import Document, Extraction
from sitroom.nlp.pipeline import LazyPipeline, pipeline_for
from sitroom.nlp.pipeline_config import PipelineConfig

if TYPE_CHECKING:
    from distributed import Client

_lock = threading.Lock()


class _Future(Protocol):
    def result(self) -> list[Extraction]: ...

    def cancel(self) -> object: ...


def extract_batch(documents: list[Document], config: PipelineConfig | None) -> list[Extraction]:
    """Extract one batch in a worker with the pipeline of ``config`` (None: each document's
    language's), built on the worker's first batch and then reused (``pipeline_for`` caches
    per process). The lock keeps a worker that runs several threads from loading the model
    twice or running two batches through it at once."""
    with _lock:
        pipeline = LazyPipeline(config)
        return list(pipeline.extract_many(documents, batch_size=len(documents)))


def _load_pipeline(config: PipelineConfig | None) -> None:
    """Process pool initializer: build the pipeline (English, when documents pick theirs)
    before the first batch arrives. A missing model or a broken configuration is left for the
    first batch to raise, so that it reaches the caller as ConfigError rather than as a broken
    pool."""
    with suppress(ConfigError):
        pipeline_for(config)


def ordered_results(
    submit: Callable[[list[Document]], _Future],
    documents: Iterable[Document],
    batch_size: int,
    window: int,
) -> Iterator[Extraction]:
    """Submit ``batch_size`` documents at a time, at most ``window`` batches in flight, and
    yield the Extractions in input order. Documents are read only as batches are submitted, so
    memory stays flat however long the stream; a slow consumer stops submission."""
    iterator = iter(documents)
    in_flight: deque[_Future] = deque()
    try:
        while batch := list(islice(iterator, batch_size)):
            in_flight.append(submit(batch))
            if len(in_flight) >= window:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()
    finally:
        for future in in_flight:
            future.cancel()


class ProcessPipeline:
    """``extract_many`` in ``workers`` local processes, each loading the pipeline once.

    The pool starts at the first batch (a re-run over a stored corpus starts none) and lives
    until :meth:`close`. Processes are spawned, not forked: the parent may hold database
    connections and a progress-bar thread that a fork would copy mid-use.
    """

    def __init__(
        self,
        workers: int,
        config: PipelineConfig | None = None,
        *,
        window: int | None = None,
        task_size: int = 8,
    ) -> None:
        self.workers = workers
        self.config = config
        #: Two batches per worker: one running, one queued while the parent writes results.
        self.window = window or 2 * workers
        #: Documents per task at most: enough for spaCy's batching inside the worker, few enough
        #: that a short stream (one ingest call of 30 articles) still spreads over every worker.
        self.task_size = task_size
        self._executor: ProcessPoolExecutor | None = None

    def extract_many(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[Extraction]:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_load_pipeline,
                initargs=(self.config,),
            )
        executor = self._executor
        size = min(batch_size, self.task_size)
        return ordered_results(
            lambda batch: executor.submit(extract_batch, batch, self.config),
            documents,
            size,
            self.window,
        )

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None

    def __enter__(self) -> ProcessPipeline:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class DaskPipeline:
    """``extract_many`` on a Dask cluster: each batch is one task (``pure=False``: two equal
    batches are still two tasks). ``window`` defaults to two batches per worker thread."""

    def __init__(
        self, client: Client, config: PipelineConfig | None = None, *, window: int | None = None
    ) -> None:
        self.client = client
        self.config = config
        threads = sum(client.nthreads().values()) or 1
        self.window = window or 2 * threads

    def extract_many(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[Extraction]:
        def submit(batch: list[Document]) -> _Future:
            return self.client.submit(extract_batch, batch, self.config, pure=False)

        return ordered_results(submit, documents, batch_size, self.window)


@contextmanager
def local_pipeline(
    workers: int, config: PipelineConfig | None = None
) -> Iterator[ProcessPipeline | None]:
    """A process pool for ``workers`` > 1, else None (the caller builds ``config``'s pipeline
    in its own process)."""
    if workers <= 1:
        yield None
        return
    with ProcessPipeline(workers, config) as pipeline:
        yield pipeline
