"""PolNeAR (brat standoff) reader and quote / speaker-attribution scorer.

PolNeAR annotates attribution relations: an ``E`` line joins a Content span (what was said or
believed), a Cue (usually the verb) and, for most relations, a Source (the speaker as written:
a name, a nominal such as "a source", or a pronoun). Spans may be discontinuous
(``start end;start end``), as for a quote split by its cue.

Scoring follows the Gender Gap Tracker's practice: a predicted quote matches a gold content span
when their character overlap reaches a threshold (0.3 lenient, 0.8 strict), here measured as
``|pred ∩ gold| / max(|pred|, |gold|)`` so that neither a tiny fragment inside a long gold span
nor a whole paragraph around a short one counts. Pairs are matched one to one, best overlap
first. A quote (gold or predicted) is *direct* when its text starts or ends with a double
quotation mark, the same test on both sides. Speaker accuracy is measured on matched pairs whose
gold relation has a Source: the prediction is right when its speaker span overlaps the gold
source span, or its speaker entity has a mention that does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.errors import InputError
from sitroom.evaluate.metrics import prf
from sitroom.evaluate.table import ScoreTable
from sitroom.model import Extraction, Quote, Span

QUOTE_MARKS = '"“”'
THRESHOLDS = (0.3, 0.8)


@dataclass(frozen=True)
class GoldAttribution:
    """One gold attribution relation; each part is a tuple of (possibly several) spans."""

    content: tuple[Span, ...]
    cue: tuple[Span, ...] = ()
    source: tuple[Span, ...] = ()


@dataclass
class GoldDocument:
    name: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


@dataclass
class Scored:
    """One prediction or gold item reduced to what the scorer compares."""

    chars: frozenset[int]
    direct: bool
    speaker_spans: tuple[Span, ...] = ()


@dataclass
class ScoreRow:
    subset: str
    threshold: float
    gold: int
    predicted: int
    matched: int
    speaker_total: int
    speaker_correct: int

    @property
    def precision(self) -> float:
        return prf(self.matched, self.predicted, self.gold)[0]

    @property
    def recall(self) -> float:
        return prf(self.matched, self.predicted, self.gold)[1]

    @property
    def f1(self) -> float:
        return prf(self.matched, self.predicted, self.gold)[2]

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_total if self.speaker_total else 0.0


# -- reading ------------------------------------------------------------------------------------


def _parse_spans(offsets: str) -> tuple[Span, ...]:
    spans = []
    for part in offsets.split(";"):
        start, end = part.split()
        spans.append((int(start), int(end)))
    return tuple(spans)


def parse_ann(text: str) -> list[GoldAttribution]:
    """The attribution relations of one brat ``.ann`` file, in file order."""
    spans: dict[str, tuple[Span, ...]] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        if line.startswith("T"):
            tid, meta = line.split("\t")[:2]
            _, offsets = meta.split(" ", 1)
            spans[tid] = _parse_spans(offsets)
        elif line.startswith("E"):
            args = line.split("\t")[1].split()
            events.append(dict(arg.split(":", 1) for arg in args))
    result = []
    for event in events:
        if "Content" not in event:
            continue
        result.append(
            GoldAttribution(
                content=spans[event["Content"]],
                cue=spans.get(event.get("Cue", ""), ()),
                source=spans.get(event.get("Source", ""), ()),
            )
        )
    return result


def read_polnear(
    root: str | Path, split: str = "dev", limit: int | None = None
) -> list[GoldDocument]:
    """Gold documents of one split, one annotator per article (the first in sorted order)."""
    base = Path(root)
    if (base / "data").is_dir():
        base = base / "data"
    text_dir, ann_dir = base / split / "text", base / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"no PolNeAR {split!r} split (expected {text_dir} and {ann_dir})")
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        article = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(article, ann)
    documents = []
    for article in sorted(chosen):
        text_path = text_dir / f"{article}.txt"
        if not text_path.is_file():
            continue
        text = text_path.read_text(encoding="utf-8")
        attributions = parse_ann(chosen[article].read_text(encoding="utf-8"))
        documents.append(GoldDocument(article, text, attributions))
        if limit is not None and len(documents) >= limit:
            break
    return documents


# -- scoring ------------------------------------------------------------------------------------


def _chars(spans: Iterable[Span]) -> frozenset[int]:
    return frozenset(i for start, end in spans for i in range(start, end))


def is_direct(text: str, spans: Sequence[Span]) -> bool:
    """Starts or ends with a double quotation mark (after trimming whitespace)."""
    if not spans:
        return False
    first = text[spans[0][0] : spans[0][1]].strip()
    last = text[spans[-1][0] : spans[-1][1]].strip()
    return bool(first) and (first[0] in QUOTE_MARKS or last[-1:] in QUOTE_MARKS)


def gold_items(document: GoldDocument) -> list[Scored]:
    return [
        Scored(_chars(a.content), is_direct(document.text, a.content), a.source)
        for a in document.attributions
    ]


def predicted_items(text: str, extraction: Extraction) -> list[Scored]:
    items = []
    for quote in extraction.quotes:
        spans: list[Span] = [quote.speaker_span] if quote.speaker_span else []
        if quote.speaker is not None:
            spans += _entity_spans(extraction, quote.speaker)
        items.append(Scored(_chars([quote.span]), _quote_is_direct(text, quote), tuple(spans)))
    return items


def _quote_is_direct(text: str, quote: Quote) -> bool:
    return is_direct(text, [quote.span])


def _entity_spans(extraction: Extraction, entity_id: str) -> list[Span]:
    try:
        return [m.span for m in extraction.entity(entity_id).mentions]
    except KeyError:
        return []


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def match(
    predicted: Sequence[Scored], gold: Sequence[Scored], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one (prediction, gold) index pairs with overlap >= threshold, best first."""
    candidates = []
    for pi, p in enumerate(predicted):
        for gi, g in enumerate(gold):
            if p.chars.isdisjoint(g.chars):
                continue
            score = overlap(p.chars, g.chars)
            if score >= threshold:
                candidates.append((-score, pi, gi))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, pi, gi in candidates:
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            pairs.append((pi, gi))
    return pairs


def _speaker_correct(p: Scored, g: Scored) -> bool:
    gold_chars = _chars(g.speaker_spans)
    return any(not gold_chars.isdisjoint(range(s, e)) for s, e in p.speaker_spans)


def score_document(
    predicted: Sequence[Scored], gold: Sequence[Scored], subset: str, threshold: float
) -> ScoreRow:
    """Counts for one document; ``subset`` is "direct" or "all"."""
    if subset == "direct":
        predicted = [p for p in predicted if p.direct]
        gold = [g for g in gold if g.direct]
    pairs = match(predicted, gold, threshold)
    with_source = [(pi, gi) for pi, gi in pairs if gold[gi].speaker_spans]
    correct = sum(_speaker_correct(predicted[pi], gold[gi]) for pi, gi in with_source)
    return ScoreRow(
        subset, threshold, len(gold), len(predicted), len(pairs), len(with_source), correct
    )


def add_rows(rows: Iterable[ScoreRow]) -> ScoreRow:
    rows = list(rows)
    return ScoreRow(
        rows[0].subset,
        rows[0].threshold,
        sum(r.gold for r in rows),
        sum(r.predicted for r in rows),
        sum(r.matched for r in rows),
        sum(r.speaker_total for r in rows),
        sum(r.speaker_correct for r in rows),
    )


def score(
    documents: Sequence[GoldDocument],
    extractions: Sequence[Extraction],
    thresholds: Sequence[float] = THRESHOLDS,
) -> list[ScoreRow]:
    """Micro-averaged rows for direct quotes and for all attributions at each threshold."""
    pairs = [
        (predicted_items(d.text, x), gold_items(d))
        for d, x in zip(documents, extractions, strict=True)
    ]
    rows = []
    for subset in ("direct", "all"):
        for threshold in thresholds:
            rows.append(add_rows(score_document(p, g, subset, threshold) for p, g in pairs))
    return rows


def evaluate_polnear(
    root: str | Path, split: str = "dev", limit: int | None = None
) -> tuple[list[GoldDocument], list[Extraction], list[ScoreRow]]:
    """Run the default pipeline over a PolNeAR split and score it."""
    from sitroom.model import Document
    from sitroom.nlp.pipeline import pipeline_for

    documents = read_polnear(root, split, limit)
    pipeline = pipeline_for()
    extractions = list(pipeline.extract_many(Document(text=d.text) for d in documents))
    return documents, extractions, score(documents, extractions)


def score_table(rows: Sequence[ScoreRow], title: str = "Quotes (PolNeAR)"):
    """A table of the rows."""
    table = ScoreTable(title=title)
    for name in ("subset", "overlap", "gold", "pred", "P", "R", "F1", "speaker acc", "n speaker"):
        table.add_column(name, justify="left" if name == "subset" else "right")
    for r in rows:
        table.add_row(
            r.subset,
            f"{r.threshold:.1f}",
            str(r.gold),
            str(r.predicted),
            f"{r.precision:.3f}",
            f"{r.recall:.3f}",
            f"{r.f1:.3f}",
            f"{r.speaker_accuracy:.3f}",
            str(r.speaker_total),
        )
    return table
