"""Scale benchmarks: extraction throughput (bare spaCy vs sitroom, per component), 1 vs 2
worker processes, ingestion into SQLite and PostgreSQL, peak RSS per worker, bulk loading of
1k / 5k / 10k documents' shards, and the memory of reading and deduplicating a large JSONL.

Loading is measured on synthetic shards: the documents extracted here are repeated with a
suffix appended to each copy's text (so every copy has its own id and text hash, and all spans
stay valid), since extracting 10k real articles would take most of an hour on 2 cores.

Usage::

    python benchmarks/bench_scale.py                       # defaults: see --help
    python benchmarks/bench_scale.py --docs 100 --load-sizes 1000 --linked-sizes 1000
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import psutil

from sitroom.ingestion import ingest_into
from sitroom.model import Extraction

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / ".." / "shared" / "eval-data" / "news" / "ukraine-media-r2nery-2022"
CORPUS = CORPUS / "articles.jsonl"
POSTGRES = os.environ.get(
    "SITROOM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@contextmanager
def peak_rss() -> Iterator[dict[int, int]]:
    """Sample the RSS of every child process (and theirs) every 0.2 s: pid -> peak bytes."""
    peaks: dict[int, int] = {}
    stop = threading.Event()

    def sample() -> None:
        me = psutil.Process()
        while not stop.wait(0.2):
            for child in me.children(recursive=True):
                try:
                    peaks[child.pid] = max(peaks.get(child.pid, 0), child.memory_info().rss)
                except psutil.Error:
                    continue

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peaks
    finally:
        stop.set()
        thread.join()


def read_documents(limit: int, corpus: Path = CORPUS) -> list:
    """The first ``limit`` documents of a corpus (any input ``sitroom ingest`` reads)."""
    from sitroom.ingest import read_inputs
    from sitroom.model import Document

    documents = []
    for item in read_inputs([str(corpus)], check_language=False):
        if isinstance(item, Document):
            documents.append(item)
        if len(documents) >= limit:
            break
    if not documents:
        raise SystemExit(f"no articles read from {corpus}: pass --corpus FILE (JSONL or any input)")
    return documents


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_extraction(documents: list, rounds: int = 6) -> tuple[list, dict[str, float]]:
    """Bare nlp.pipe, sitroom extract_many and a per-component split, in one process.

    The two runs alternate over ``rounds`` slices of the documents, each slice read by both
    (which goes first alternates too), so that the machine slowing down or speeding up over the
    minutes a run takes (it does: bare spaCy took 83 s to 139 s on the same 300 articles) counts
    against both alike."""
    import spacy

    from sitroom.nlp.pipeline import Pipeline, to_extraction

    texts = [d.text for d in documents]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*W095.*")
        pipe = Pipeline()
        bare = spacy.load(pipe.config.model)
    list(bare.pipe(texts[:5]))
    list(pipe.extract_many(documents[:5]))
    results = {"bare spaCy": 0.0, "sitroom": 0.0}
    extractions: list = []
    size = math.ceil(len(documents) / rounds)
    for number, start in enumerate(range(0, len(documents), size)):
        part, part_texts = documents[start : start + size], texts[start : start + size]
        runs = {
            "bare spaCy": lambda t=part_texts: list(bare.pipe(t, batch_size=32)),
            "sitroom": lambda p=part: extractions.extend(pipe.extract_many(p, 32)),
        }
        for name in sorted(runs, reverse=number % 2 == 1):
            results[name] += timed(runs[name])
    components: dict[str, float] = {}
    docs = [pipe.make_doc(d) for d in documents]
    for name, component in pipe.nlp.pipeline:
        start = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=32))
        else:
            docs = [component(doc) for doc in docs]
        components[name] = time.perf_counter() - start
    components["to_extraction"] = timed(lambda: [to_extraction(doc) for doc in docs])
    return extractions, {**results, **{f"  {k}": v for k, v in components.items()}}


def bench_workers(documents: list) -> dict[str, tuple[float, float, list[int]]]:
    """sitroom through a process pool of 1 and 2 workers; startup timed apart."""
    from sitroom.scale.pool import ProcessPipeline

    found = {}
    for workers in (1, 2):
        with peak_rss() as peaks, ProcessPipeline(workers) as pool:
            warm = documents[:workers]
            startup = timed(lambda pool=pool, warm=warm: list(pool.extract_many(warm, 1)))
            seconds = timed(lambda pool=pool: list(pool.extract_many(documents, 16)))
        found[f"pool, {workers} worker(s)"] = (startup, seconds, sorted(peaks.values()))
    return found


def bench_ingest(documents: list, workers: int, url: str) -> float:
    from sitroom.scale.pool import local_pipeline
    from sitroom.store.repository import open_store

    with local_pipeline(workers) as pool, open_store(url) as store:
        if pool is not None:  # start the workers first: the figure is steady-state throughput
            list(pool.extract_many(documents[:workers], 1))
        return timed(lambda: ingest_into(store, documents, pipeline=pool))


@contextmanager
def postgres_schema() -> Iterator[str]:
    import uuid
    from urllib.parse import quote

    import sqlalchemy as sa

    engine = sa.create_engine(POSTGRES)
    schema = f"sitroom_bench_{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES}?options={quote(f'-csearch_path={schema}')}"
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def synthetic_shards(extractions: list, size: int, out: Path, partition_size: int) -> None:
    """``size`` documents' shards made of copies of ``extractions`` with distinct texts; each
    round of copies is dated a day later, as a stream of news is (linking compares figures
    within days, so copies all dated alike would pile every figure into one claim group)."""
    from sitroom.scale.shards import ShardWriter

    writer = ShardWriter(out, "synthetic", partition_size=partition_size)
    for n in range(size):
        writer.add(_copy(extractions[n % len(extractions)], n, n // len(extractions)))
    writer.close()


def _copy(original: Extraction, n: int, days: int) -> Extraction:
    def later(day: str | None) -> str | None:
        if not day or len(day) < 10:
            return day
        return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat() + day[10:]

    text = f"{original.document.text}\n[copy {n}]"
    published = later(original.document.published)
    document = dataclasses.replace(original.document, text=text, id="", published=published)
    claims = [dataclasses.replace(c, as_of=later(c.as_of)) for c in original.claims]
    return dataclasses.replace(original, document=document, claims=claims)


def bench_load(shards: Path, url: str, link: bool) -> float:
    """Seconds to load the shards; without ``link``, the bulk insert alone."""
    from sitroom.scale import load
    from sitroom.store.repository import open_store

    if link:
        with open_store(url) as store:
            return timed(lambda: load.load_shards(store, shards))
    saved = load.link_entities, load.link_claims
    load.link_entities = load.link_claims = lambda *_: None  # type: ignore[assignment]
    try:
        with open_store(url) as store:
            return timed(lambda: load.load_shards(store, shards))
    finally:
        load.link_entities, load.link_claims = saved


def print_stream(documents: list, megabytes: int, tmp: Path) -> None:
    """RSS of the reading side of ingestion (JSONL reader, checks, deduplication) over a corpus
    of ``megabytes``: what the parent process holds besides the batches in flight. Read in a
    fresh process, so that memory this one freed earlier does not blur the figures."""
    import json
    import multiprocessing

    corpus = tmp / "stream.jsonl"
    written = n = 0
    with corpus.open("w", encoding="utf-8") as out:
        while written < megabytes * 2**20:
            original = documents[n % len(documents)]
            line = json.dumps({"id": f"copy-{n}", "text": f"{original.text}\n[copy {n}]"}) + "\n"
            written += out.write(line)
            n += 1
    print(f"\n| stream: {megabytes} MB JSONL, {n:,} documents | read | RSS (MB) |")
    print("|---|---|---|")
    reader = multiprocessing.get_context("spawn").Process(target=read_stream, args=(corpus, n))
    reader.start()
    reader.join()
    corpus.unlink()


def read_stream(corpus: Path, n: int) -> None:
    from sitroom.ingest import read_inputs
    from sitroom.ingest.dedup import Deduplicator
    from sitroom.model import Document

    process = psutil.Process()
    dedup = Deduplicator()
    print(f"| before reading | 0 s | {process.memory_info().rss / 2**20:.0f} |", flush=True)
    began = time.perf_counter()
    for count, item in enumerate(read_inputs([str(corpus)], check_language=False), start=1):
        if isinstance(item, Document):
            dedup.mark(item)
        if count % (n // 4) == 0:
            seconds = time.perf_counter() - began
            rss = process.memory_info().rss / 2**20
            print(f"| after {count:,} documents | {seconds:.0f} s | {rss:.0f} |", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="articles (JSONL or any input)")
    parser.add_argument("--docs", type=int, default=100, help="real articles to extract")
    parser.add_argument(
        "--rounds", type=int, default=6, help="slices bare spaCy and sitroom alternate over"
    )
    parser.add_argument("--ingest-docs", type=int, default=40, help="articles per ingest run")
    parser.add_argument("--load-sizes", default="1000,5000,10000", help="bulk insert sizes")
    parser.add_argument("--linked-sizes", default="1000", help="sizes loaded with linking")
    parser.add_argument("--stream-mb", type=int, default=200, help="JSONL size for 'stream'")
    parser.add_argument(
        "--sections",
        default="workers,ingest,load,stream",
        help="which of workers, ingest, load, stream to run after the one-process extraction "
        "comparison (which always runs: the load shards are made from its results)",
    )
    args = parser.parse_args()
    sections = set(args.sections.split(","))
    documents = read_documents(args.docs, args.corpus)
    chars = sum(len(d.text) for d in documents)
    print(f"corpus: {args.corpus.resolve()}: {len(documents)} articles, {chars:,} chars\n")

    extractions, seconds = bench_extraction(documents, args.rounds)
    bare = len(documents) / seconds["bare spaCy"]
    print("| run (1 process) | seconds | docs/s | share of sitroom |")
    print("|---|---|---|---|")
    for name, value in seconds.items():
        rate = f"{len(documents) / value:.1f}" if not name.startswith(" ") else ""
        print(f"| {name} | {value:.2f} | {rate} | {value / seconds['sitroom']:.0%} |")
    ratio = seconds["bare spaCy"] / seconds["sitroom"]
    print(f"\nsitroom / bare spaCy throughput: {ratio:.2f}x (bare {bare:.1f} docs/s)\n")

    if "workers" in sections:
        print_workers(documents)
    with tempfile.TemporaryDirectory() as tmp:
        if "ingest" in sections:
            print_ingest(documents[: args.ingest_docs], Path(tmp))
        if "load" in sections:
            linked = {int(s) for s in args.linked_sizes.split(",") if s}
            sizes = [int(s) for s in args.load_sizes.split(",")]
            print_load(extractions, sizes, linked, Path(tmp))
        if "stream" in sections:
            print_stream(documents, args.stream_mb, Path(tmp))
    return 0


def print_workers(documents: list) -> None:
    print("| extraction | startup s | seconds | docs/s | peak RSS per process (MB) |")
    print("|---|---|---|---|---|")
    for name, (startup, value, peaks) in bench_workers(documents).items():
        rss = ", ".join(f"{p / 2**20:.0f}" for p in peaks)
        rate = len(documents) / value
        print(f"| {name} | {startup:.1f} | {value:.1f} | {rate:.1f} | {rss} |")

    return 0


def print_ingest(subset: list, tmp: Path) -> None:
    print("\n| ingest (extract + write + link) | docs | seconds | docs/s |")
    print("|---|---|---|---|")
    for backend in ("sqlite", "postgresql"):
        for workers in (1, 2):
            if backend == "sqlite":
                value = bench_ingest(subset, workers, f"sqlite:///{tmp}/ingest-{workers}.db")
            else:
                with postgres_schema() as url:
                    value = bench_ingest(subset, workers, url)
            rate = len(subset) / value
            print(f"| {backend}, {workers} worker(s) | {len(subset)} | {value:.1f} | {rate:.1f} |")


def print_load(extractions: list, sizes: list[int], linked: set[int], tmp: Path) -> None:
    print("\n| load (synthetic shards) | docs | bulk insert s | docs/s | with linking s |")
    print("|---|---|---|---|---|")
    for size in sizes:
        shards = tmp / f"shards-{size}"
        synthetic_shards(extractions, size, shards, partition_size=1000)
        for backend in ("sqlite", "postgresql"):
            for link in (False, True) if size in linked else (False,):
                if backend == "sqlite":
                    value = bench_load(shards, f"sqlite:///{tmp}/load-{size}-{link}.db", link)
                else:
                    with postgres_schema() as url:
                        value = bench_load(shards, url, link)
                if link:
                    print(f"| {backend} | {size} | | | {value:.1f} |")
                else:
                    print(f"| {backend} | {size} | {value:.1f} | {size / value:.0f} | |")


if __name__ == "__main__":
    sys.exit(main())
