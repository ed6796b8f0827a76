"""A bounded load test of ``sitroom serve`` on loopback (not run in CI).

1. Builds a SQLite database of ``--docs`` documents, or reuses the one at ``--db``. The
   documents are synthetic: the packaged example articles are extracted once with the real
   pipeline (running spaCy 10,000 times would take most of an hour on 2 cores and exercise the
   pipeline, not the server), then their Extractions are stored again and again with a suffix
   appended to each copy's text (so each copy has its own id and text hash and every span stays
   valid) and a spread of publication dates. The first ``--linked`` copies go through
   ``Store.ingest(extractions)``, which links entities and claims across documents as for any
   document (claim groups); the rest are written with all their rows but not linked: linking
   thousands of copies of the same 16 articles piles them onto the same few canonical entities
   and claim groups, is the slow part of a build, and is not what a server benchmark measures.
   The build of 10,000 (300 linked) took 5 minutes on 2 busy cores.
2. Starts ``sitroom serve`` on 127.0.0.1 at a free port.
3. Runs ``--clients`` concurrent clients (httpx, async) for ``--seconds`` against the claims,
   claim-groups and document endpoints, each client sending its next request as soon as the last
   one is answered.
4. Prints throughput, latency percentiles and errors as a Markdown section for RESULTS.md, and
   exits non-zero if any request failed.

Usage::

    python benchmarks/load_test.py                      # 10k documents, 50 clients, 30 s
    python benchmarks/load_test.py --docs 1000 --clients 10 --seconds 5
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

import httpx

from sitroom.examples import example_documents
from sitroom.nlp.pipeline import Pipeline
from sitroom.store import open_store
from sitroom.store.writer import write_extraction

SITROOM = str(Path(sys.executable).parent / "sitroom")
MEASURES = ["killed", "injured", "displaced", "territory_area", "detained"]
PLACES = ["Kursk", "Kharkiv", "Gaza", "Sudan", "Donetsk", "Syria"]


def build_database(path: Path, size: int, linked: int) -> None:
    """``size`` synthetic documents (see the module docstring) in a new database at ``path``."""
    started = time.perf_counter()
    originals = list(Pipeline().extract_many(example_documents()))
    first_day = date(2024, 1, 1)

    def copies():
        for n in range(size):
            original = originals[n % len(originals)]
            published = (first_day + timedelta(days=n % 365)).isoformat()
            document = dataclasses.replace(
                original.document,
                text=f"{original.document.text}\n\n[copy {n}]",
                id="",  # a new id from the new text
                published=published,
            )
            yield dataclasses.replace(original, document=document)

    extractions = copies()
    with open_store(path) as store:
        store.ingest(islice(extractions, linked), inputs="load_test.py synthetic", batch_size=100)
        with store.engine.begin() as connection:
            for extraction in extractions:
                write_extraction(connection, extraction, run_id=None)
        stored = store.stats()["documents"]
    print(
        f"built {path}: {stored} documents in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [SITROOM, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def requests_for(doc_ids: list[str], rng: random.Random) -> tuple[str, str, dict]:
    """The next request: (endpoint label, path, query parameters)."""
    kind = rng.choice(["claims", "claims", "claim-groups", "document", "document", "documents"])
    if kind == "claims":
        params: dict = {"limit": 50, "offset": rng.choice([0, 0, 50, 500, 5000])}
        if rng.random() < 0.5:
            params["measure"] = rng.choice(MEASURES)
        if rng.random() < 0.3:
            params["place"] = rng.choice(PLACES)
        if rng.random() < 0.2:
            params["contested"] = "true"
        return "/api/claims", "/api/claims", params
    if kind == "claim-groups":
        params = {"limit": 20, "offset": rng.choice([0, 0, 20, 100])}
        if rng.random() < 0.5:
            params["measure"] = rng.choice(MEASURES)
        return "/api/claim-groups", "/api/claim-groups", params
    if kind == "documents":
        return "/api/documents", "/api/documents", {"limit": 20, "offset": rng.randrange(5000)}
    return "/api/documents/{id}", f"/api/documents/{rng.choice(doc_ids)}", {}


async def run_load(base: str, doc_ids: list[str], clients: int, seconds: float) -> dict:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        stop = time.monotonic() + seconds

        async def worker(number: int) -> None:
            rng = random.Random(number)
            while time.monotonic() < stop:
                label, path, params = requests_for(doc_ids, rng)
                started = time.perf_counter()
                try:
                    response = await client.get(path, params=params)
                    response.raise_for_status()
                    response.json()
                except (httpx.HTTPError, ValueError) as exc:
                    errors.append(f"{path} {params}: {exc!r}")
                    continue
                latencies[label].append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(clients)))
        elapsed = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed}


def percentiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def report(result: dict, args: argparse.Namespace, documents: int, command: str) -> str:
    latencies = result["latencies"]
    everything = [x for values in latencies.values() for x in values]
    total = len(everything) + len(result["errors"])
    lines = [
        "## Load",
        "",
        f"`{command}`: `sitroom serve` (uvicorn, one process) on 127.0.0.1 over a SQLite "
        f"database of {documents:,} synthetic documents ({args.linked} of them linked across "
        f"documents; see the script), {args.clients} concurrent httpx clients for "
        f"{args.seconds:.0f} s, each sending its next request as soon as the last is answered "
        "(a mix of claim lists with random filters and offsets, claim groups, document pages "
        "and single documents with their full extraction).",
        "",
        "| endpoint | requests | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for label in sorted(latencies):
        p50, p95, p99 = percentiles(latencies[label])
        lines.append(f"| {label} | {len(latencies[label]):,} | {p50:.0f} | {p95:.0f} | {p99:.0f} |")
    p50, p95, p99 = percentiles(everything)
    lines += [
        f"| **all** | {len(everything):,} | {p50:.0f} | {p95:.0f} | {p99:.0f} |",
        "",
        f"Throughput {len(everything) / result['elapsed']:.0f} requests/s; "
        f"errors: {len(result['errors'])} of {total:,}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "sitroom-load.db")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--linked", type=int, default=300, help="copies linked across documents")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    if not args.db.exists():
        build_database(args.db, args.docs, args.linked)
    with open_store(args.db) as store:
        documents = store.stats()["documents"]
        doc_ids = [d.id for d in store.documents(limit=2000, offset=0)]
    port = free_port()
    server = start_server(args.db, port)
    try:
        result = asyncio.run(
            run_load(f"http://127.0.0.1:{port}", doc_ids, args.clients, args.seconds)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    command = "python benchmarks/load_test.py " + " ".join(sys.argv[1:])
    print(report(result, args, documents, command.strip()))
    for error in result["errors"][:10]:
        print("error:", error, file=sys.stderr)
    if result["errors"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
