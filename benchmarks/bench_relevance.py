"""Conflict relevance: what sitroom extracts from news that reports no armed conflict, and
what it keeps from war reporting.

Runs the full pipeline over

* a BBC-style corpus whose ids carry the section (``bbc-<section>-NNN``): per section, the
  share of articles with at least one claim, one event, one violent event, one ACLED row
  and one GKG row. The sport, entertainment, tech and business sections report no armed
  conflict; politics may (Iraq, terrorism laws);
* a deterministic sample of war-corpus articles (the first ``--war-sample`` of all the given
  corpora taken together, ordered by a hash of the article id): claims, events, violent events,
  ACLED and GKG rows.

``--dump FILE`` writes every article's claims and events (one JSON line per article), and
``--compare FILE`` prints the items of an earlier dump that this run no longer finds (and the
new ones), to check by hand that what is lost is no conflict figure.

Usage::

    python benchmarks/bench_relevance.py \\
        --bbc ../shared/eval-data/news/bbc-news-2225/articles.jsonl \\
        --war ../shared/eval-data/news/ukraine-media-r2nery-2022/articles.jsonl \\
              ../shared/eval-data/news/hoot-newsapi-ukraine-2022-04/articles.jsonl \\
              ../shared/eval-data/news/ukraine-gdelt-hellaskella33-2022-2024/articles.jsonl \\
        --dump /tmp/relevance-after.jsonl --compare /tmp/relevance-before.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from sitroom.errors import InputError
from sitroom.export.acled import acled_rows
from sitroom.export.gkg import write_gkg
from sitroom.ingest.jsonl import record_to_document
from sitroom.model import Document, Extraction
from sitroom.nlp.events import VIOLENT_TYPES
from sitroom.nlp.pipeline import Pipeline, check_document

NON_CONFLICT_SECTIONS = ("sport", "entertainment", "tech", "business")


def read_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def section(record_id: str) -> str:
    """'bbc-sport-001' -> 'sport'."""
    parts = record_id.split("-")
    return parts[1] if len(parts) > 2 else "?"


def war_sample(paths: list[Path], size: int) -> list[tuple[str, dict]]:
    """(corpus name, record) for the ``size`` records with the smallest hash of their id."""
    pool = [(path.parent.name, record) for path in paths for record in read_records(path)]
    pool.sort(key=lambda item: hashlib.sha1(f"{item[0]}/{item[1]['id']}".encode()).hexdigest())
    return pool[:size]


def summary(extraction: Extraction) -> dict:
    text = extraction.document.text
    gkg = io.StringIO()
    write_gkg([extraction], gkg)
    return {
        "claims": [
            {
                "measure": c.measure,
                "text": c.text,
                "value": c.value,
                "sentence": text[c.sentence_span[0] : c.sentence_span[1]][:300],
            }
            for c in extraction.claims
        ],
        "events": [
            {
                "type": e.type,
                "trigger": e.trigger_text,
                "sentence": text[e.span[0] : e.span[1]][:300],
            }
            for e in extraction.events
        ],
        "acled": sum(1 for _ in acled_rows(extraction)),
        "gkg": gkg.getvalue().count("\n"),
    }


def run(pipeline: Pipeline, items: list[tuple[str, str, dict]]) -> list[dict]:
    """items: (corpus, group, record) -> one result per article, in input order."""
    kept = []
    for corpus, group, record in items:
        try:
            document = record_to_document(record, source=corpus)
            check_document(document)
        except InputError:
            continue  # empty or too long: not processed by sitroom either
        kept.append((corpus, group, record, document))
    items = [(corpus, group, record) for corpus, group, record, _ in kept]
    documents: list[Document] = [document for *_, document in kept]
    results = []
    for (corpus, group, record), extraction in zip(
        items, pipeline.extract_many(documents), strict=True
    ):
        results.append(
            {"corpus": corpus, "group": group, "id": record["id"], **summary(extraction)}
        )
    return results


def table(results: list[dict], key: str) -> list[str]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for result in results:
        groups[result[key]].append(result)
    if key == "group" and any(g in groups for g in NON_CONFLICT_SECTIONS):
        groups["non-conflict (sport+ent+tech+business)"] = [
            r for g in NON_CONFLICT_SECTIONS for r in groups.get(g, [])
        ]
    lines = [
        f"| {key} | articles | claim | event | violent event | claim or event | "
        "ACLED rows (articles) | GKG rows | claims | events | violent events |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, rows in groups.items():
        n = len(rows)

        def share(test, rows=rows, n=n) -> str:
            hits = sum(1 for r in rows if test(r))
            return f"{hits} ({hits / n:.1%})"

        violent = [sum(e["type"] in VIOLENT_TYPES for e in r["events"]) for r in rows]
        lines.append(
            f"| {name} | {n} | {share(lambda r: r['claims'])} | {share(lambda r: r['events'])} | "
            f"{sum(v > 0 for v in violent)} ({sum(v > 0 for v in violent) / n:.1%}) | "
            f"{share(lambda r: r['claims'] or r['events'])} | "
            f"{sum(r['acled'] for r in rows)} ({share(lambda r: r['acled'])}) | "
            f"{sum(r['gkg'] for r in rows)} | {sum(len(r['claims']) for r in rows)} | "
            f"{sum(len(r['events']) for r in rows)} | {sum(violent)} |"
        )
    return lines


def _items(result: dict) -> Counter:
    found: Counter = Counter()
    for claim in result["claims"]:
        found[("claim", claim["measure"], claim["text"], claim["sentence"])] += 1
    for event in result["events"]:
        found[("event", event["type"], event["trigger"], event["sentence"])] += 1
    return found


def compare(before_path: Path, results: list[dict]) -> list[str]:
    before = {(r["corpus"], r["id"]): r for r in map(json.loads, before_path.open())}
    lines = []
    totals: Counter = Counter()
    for result in results:
        old = before.get((result["corpus"], result["id"]))
        if old is None:
            continue
        was, now = _items(old), _items(result)
        for label, items in (("lost", was - now), ("new", now - was)):
            for (kind, what, text, sentence), count in sorted(items.items()):
                totals[(label, kind)] += count
                lines.append(
                    f"{label} {kind} {what} {text!r} [{result['group']} {result['id']}]: "
                    + " ".join(sentence.split())
                )
    head = ", ".join(f"{label} {kind}s {n}" for (label, kind), n in sorted(totals.items()))
    return [f"compared with {before_path}: {head or 'no difference'}", *lines]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc", type=Path, help="JSONL corpus with bbc-<section>-NNN ids")
    parser.add_argument("--war", type=Path, nargs="*", default=[], help="war-corpus JSONL files")
    parser.add_argument("--war-sample", type=int, default=300, help="war articles (default 300)")
    parser.add_argument("--limit", type=int, help="only the first N BBC articles (a smoke run)")
    parser.add_argument("--dump", type=Path, help="write every article's claims and events")
    parser.add_argument("--compare", type=Path, help="an earlier --dump to diff against")
    args = parser.parse_args()
    for path in [args.bbc, *args.war, args.compare]:
        if path is not None and not path.is_file():
            print(f"bench_relevance: no such file: {path}", file=sys.stderr)
            return 2
    if args.bbc is None and not args.war:
        print("bench_relevance: give --bbc and/or --war", file=sys.stderr)
        return 2

    items: list[tuple[str, str, dict]] = []
    if args.bbc is not None:
        records = read_records(args.bbc)[: args.limit]
        items += [(args.bbc.parent.name, section(r["id"]), r) for r in records]
    if args.war:
        items += [(c, "war", r) for c, r in war_sample(args.war, args.war_sample)]

    pipeline = Pipeline()
    started = time.perf_counter()
    results = run(pipeline, items)
    seconds = time.perf_counter() - started
    print(f"{len(results)} articles in {seconds:.0f} s")
    bbc = [r for r in results if r["group"] != "war"]
    war = [r for r in results if r["group"] == "war"]
    if bbc:
        print("\n".join(["", "BBC by section", *table(bbc, "group")]))
    if war:
        print("\n".join(["", "War sample by corpus", *table(war, "corpus")]))
        print("\n".join(["", "War sample, all", *table(war, "group")]))
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for result in results:
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
    if args.compare:
        print("\n".join(["", *compare(args.compare, results)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
