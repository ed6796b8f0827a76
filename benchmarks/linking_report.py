"""Cross-source linking on a real corpus: entity clusters, claim groups, and a sample to check.

Ingests articles from a JSONL corpus (default: the 2022 multi-outlet Ukraine corpus, restricted
to the late-August 2022 window in which AP, Daily Mail, RT and NBC overlap) into a database and
prints:

* documents stored (and exact / near-duplicates);
* canonical entities, by kind, and how many merged more than one spelling, with the largest
  multi-spelling clusters (Kiev / Kyiv, Zaporozhye / Zaporizhzhia ...);
* claim groups (all, with claims from two or more documents, contested);
* a seeded random sample of multi-document groups with every member's figure, claimant,
  outlet, verdict and sentence, for checking by hand.

Articles are taken in publication order (then outlet, then id), the order a newsroom would
ingest them, since claim groups are built incrementally. With ``--db`` the database is kept and
a second run only reports (ingestion skips stored documents). ``--extractions`` ingests
ready-made extractions (``sitroom export --format jsonl``) instead of a corpus, which re-runs
the linking without the NLP pipeline.

Usage::

    python benchmarks/linking_report.py                          # 400 articles, temporary db
    python benchmarks/linking_report.py --limit 100 --db /tmp/linking.db
    python benchmarks/linking_report.py --extractions /tmp/extractions.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from sitroom.folding import ascii_fold
from sitroom.ingest.jsonl import record_to_document
from sitroom.ingestion import ingest_into
from sitroom.model import Document, Extraction
from sitroom.store import open_store
from sitroom.store.records import CanonicalEntity, ClaimGroup, GroupMember
from sitroom.store.repository import Store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared/eval-data/news/ukraine-media-r2nery-2022/articles.jsonl"
ALL = 1_000_000  # "no limit" for the store's paginated reads
SENTENCE_CHARS = 400


def read_corpus(path: Path, since: str | None, until: str | None, limit: int) -> list[Document]:
    """Records published in [since, until), in publication order, the first ``limit``."""
    records = []
    with path.open(encoding="utf-8", newline="\n") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            published = record.get("published") or ""
            if (since and published < since) or (until and published >= until):
                continue
            records.append((published, record.get("outlet") or "", number, record))
    records.sort(key=lambda item: item[:3])
    return [
        record_to_document(record, source=f"{path.name}:{number}")
        for _, _, number, record in records[:limit]
    ]


def read_extractions(path: Path, limit: int) -> Iterator[Extraction]:
    with path.open(encoding="utf-8", newline="\n") as lines:
        for count, line in enumerate(lines):
            if count >= limit:
                return
            yield Extraction.from_json(line)


def ingest(store: Store, items: list[Document] | Iterator[Extraction]) -> None:
    started = time.perf_counter()
    done = 0

    def progress(_: object) -> None:
        nonlocal done
        done += 1
        if done % 25 == 0:
            rate = done / (time.perf_counter() - started)
            print(f"  ... {done} documents ({rate:.2f}/s)", file=sys.stderr, flush=True)

    report = ingest_into(store, items, inputs="linking_report", on_event=progress)
    elapsed = time.perf_counter() - started
    print(
        f"ingested {report.ingested} ({report.duplicates} duplicates, "
        f"{report.near_duplicates} near-duplicates), {report.skipped} already stored, "
        f"{len(report.rejected)} rejected, in {elapsed:.0f} s",
        file=sys.stderr,
    )


def spellings(entity: CanonicalEntity) -> list[str]:
    """The entity's other names that are other spellings, not a case variant, a part of the
    name (a bare surname) or an acronym."""
    tokens = set(ascii_fold(entity.name).casefold().split())
    return [
        v
        for v in entity.variants
        if not set(ascii_fold(v).casefold().split()) <= tokens and not v.isupper()
    ]


def report_entities(entities: list[CanonicalEntity], top: int) -> None:
    kinds = ", ".join(f"{k} {n}" for k, n in Counter(e.kind for e in entities).most_common())
    forms = [e for e in entities if any(v.casefold() != e.name.casefold() for v in e.variants)]
    respelled = [e for e in entities if spellings(e)]
    print(f"canonical entities: {len(entities)} ({kinds})")
    print(f"  linked from 2+ documents: {sum(e.documents > 1 for e in entities)}")
    print(f"  with more than one surface form (incl. surname only, acronyms): {len(forms)}")
    print(f"  with another spelling of the name (Kiev / Kyiv): {len(respelled)}")
    print("largest clusters with another spelling (by documents):")
    for entity in respelled[:top]:
        print(
            f"  {entity.kind:6} {entity.name} [{entity.documents} docs] = "
            + ", ".join(spellings(entity))
        )


def report_groups(store: Store, groups: list[ClaimGroup], sample: int, seed: int) -> None:
    total = store.stats()["claim_groups"]
    contested = [g for g in groups if g.contested]
    print(
        f"claim groups: {total}; with claims from 2+ documents: {len(groups)}; "
        f"contested: {len(contested)}"
    )
    measures = Counter(g.measure for g in groups)
    print(
        "  multi-document groups by measure: "
        + ", ".join(f"{m} {n}" for m, n in measures.most_common())
    )
    outlets = Counter(len({m.outlet for m in g.members}) for g in groups)
    print("  outlets per group: " + ", ".join(f"{k}: {n}" for k, n in sorted(outlets.items())))
    chosen = sorted(
        random.Random(seed).sample(groups, min(sample, len(groups))), key=lambda g: g.id
    )
    print(f"\nsample of {len(chosen)} groups (seed {seed}):")
    for group in chosen:
        window = group.window_start
        if group.window_end != group.window_start:
            window = f"{group.window_start}..{group.window_end}"
        flag = " CONTESTED" if group.contested else ""
        print(
            f"\n#{group.id} {group.measure} | subject {group.subject} | {group.place} | "
            f"{window}{flag}"
        )
        for member in group.members:
            print("  " + member_line(member))


def member_line(member: GroupMember) -> str:
    sentence = " ".join(member.sentence.split())
    if len(sentence) > SENTENCE_CHARS:
        sentence = sentence[:SENTENCE_CHARS] + "…"
    return (
        f"[{member.verdict or '-'}] {member.text!r} ({member.measure}, {member.hedge} "
        f"{member.low}..{member.high}) by {member.claimant} / {member.outlet} / "
        f"{member.as_of or member.published} :: {sentence}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--extractions", type=Path, help="sitroom/1 JSONL instead of a corpus")
    parser.add_argument("--since", default="2022-08-20", help="first publication date")
    parser.add_argument("--until", default="2022-08-29", help="publication date to stop before")
    parser.add_argument("--limit", type=int, default=400, help="articles to ingest")
    parser.add_argument("--db", help="database path or URL (default: a temporary SQLite file)")
    parser.add_argument("--sample", type=int, default=30, help="groups to print for checking")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--top", type=int, default=20, help="multi-spelling clusters to list")
    args = parser.parse_args(argv)

    with (
        tempfile.TemporaryDirectory() as tmp,
        open_store(args.db or str(Path(tmp) / "linking.db")) as store,
    ):
        if args.extractions:
            ingest(store, read_extractions(args.extractions, args.limit))
        else:
            ingest(store, read_corpus(args.corpus, args.since, args.until, args.limit))
        stats = store.stats()
        print(
            f"documents: {stats['documents']} ({stats['duplicates']} exact duplicates); "
            f"claims: {stats['claims']}; entities (per document): {stats['entities']}"
        )
        report_entities(store.entities(limit=ALL), args.top)
        report_groups(store, store.claim_groups(limit=ALL), args.sample, args.seed)


if __name__ == "__main__":
    main()
