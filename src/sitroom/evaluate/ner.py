"""Named-entity gold readers (factRuEval-2016, ner-uk) and a mention scorer.

Both corpora are read into :class:`GoldDocument` (text plus typed mention spans) and scored on
the three kinds sitroom's entities carry: people, organisations and locations.

- factRuEval-2016 (Russian news; ``*.txt`` with ``*.spans`` and ``*.objects``): a mention is an
  object of the second layer, covering its spans from the first character of the first to the
  last of the last. Person, Org and Location map to person, organisation and location; LocOrg
  (a country or town named as a polity: "Москва заявила") is a location that an organisation
  answer also matches. Project and other objects are not scored.
- ner-uk 2.0 (Ukrainian news and fiction; brat standoff ``*.txt`` + ``*.ann``): PERS, ORG and LOC
  are scored; dates, money, jobs and the other types are another component's business. Only the
  documents the corpus's ``dev-ids.txt`` lists are read when it is present.

Scoring is per kind and over all three: relaxed (a system mention of the right kind that
overlaps a gold one, one to one) and strict (the same span). sitroom's entity kinds map as
PERSON -> person, ORG and FORCE -> organisation, GPE and LOC -> location; a place the places
component found without an entity counts as a location.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.errors import InputError
from sitroom.evaluate.metrics import prf
from sitroom.evaluate.table import ScoreTable
from sitroom.model import Extraction

Span = tuple[int, int]
KINDS = ("person", "organisation", "location")

#: factRuEval object types -> (the kind scored, the kinds a system mention may have to match).
FACTRU_KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "Person": ("person", frozenset({"person"})),
    "Org": ("organisation", frozenset({"organisation"})),
    "Location": ("location", frozenset({"location"})),
    "LocOrg": ("location", frozenset({"location", "organisation"})),
}
#: ner-uk types -> (the kind scored, the kinds that match).
NER_UK_KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "PERS": ("person", frozenset({"person"})),
    "ORG": ("organisation", frozenset({"organisation"})),
    "LOC": ("location", frozenset({"location"})),
}
#: sitroom entity kinds -> scored kinds.
SYSTEM_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "FORCE": "organisation",
    "GPE": "location",
    "LOC": "location",
}


@dataclass(frozen=True)
class GoldMention:
    span: Span
    kind: str  # the kind it is scored under (a LocOrg counts as a location)
    kinds: frozenset[str]  # the kinds a system mention may have to match it


@dataclass(frozen=True)
class GoldDocument:
    id: str
    text: str
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True)
class SystemMention:
    span: Span
    kind: str


@dataclass
class NerScores:
    """Counts per kind: gold and system mentions, and the matches (relaxed, strict), counted
    under the system mention's kind (for precision) and the gold mention's (for recall): a
    LocOrg matched by an organisation is a right organisation and a found location."""

    documents: int = 0
    gold: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    hits: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (match, side, kind)

    def relaxed(self, kind: str | None = None) -> tuple[float, float, float]:
        return self._prf("relaxed", kind)

    def strict(self, kind: str | None = None) -> tuple[float, float, float]:
        return self._prf("strict", kind)

    def _prf(self, match: str, kind: str | None) -> tuple[float, float, float]:
        kinds = [kind] if kind else list(KINDS)
        predicted = sum(self.predicted[k] for k in kinds)
        gold = sum(self.gold[k] for k in kinds)
        precision = prf(sum(self.hits[match, "system", k] for k in kinds), predicted, gold)[0]
        recall = prf(sum(self.hits[match, "gold", k] for k in kinds), predicted, gold)[1]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def __add__(self, other: NerScores) -> NerScores:
        return NerScores(
            self.documents + other.documents,
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.hits + other.hits,
        )


def read_factru(path: str | Path, limit: int | None = None) -> list[GoldDocument]:
    """The factRuEval-2016 documents of a folder (``devset/`` or ``testset/``)."""
    folder = Path(path)
    texts = sorted(folder.glob("*.txt"), key=_natural)
    if not texts:
        raise InputError(f"{folder}: no factRuEval .txt files here (give the devset folder)")
    documents = []
    for text_file in texts[:limit]:
        stem = text_file.with_suffix("")
        spans = _factru_spans(stem.with_suffix(".spans"))
        mentions = []
        for line in _lines(stem.with_suffix(".objects")):
            fields_ = line.split("#", 1)[0].split()
            parts = [spans[span_id] for span_id in fields_[2:] if span_id in spans]
            if fields_[1] in FACTRU_KINDS and parts:
                start = min(s for s, _ in parts)
                end = max(e for _, e in parts)
                mentions.append(GoldMention((start, end), *FACTRU_KINDS[fields_[1]]))
        text = text_file.read_text(encoding="utf-8")
        documents.append(GoldDocument(stem.name, text, tuple(mentions)))
    return documents


def _factru_spans(path: Path) -> dict[str, Span]:
    """Span id -> (start, end) characters, from a ``.spans`` file."""
    spans = {}
    for line in _lines(path):
        span_id, _kind, start, length, *_ = line.split()
        spans[span_id] = (int(start), int(start) + int(length))
    return spans


def read_ner_uk(path: str | Path, limit: int | None = None) -> list[GoldDocument]:
    """The ner-uk documents of a folder (its ``data/`` with ``bruk/`` and ``ng/``); only those
    of ``dev-ids.txt`` when it is there."""
    folder = Path(path)
    annotations = sorted(folder.rglob("*.ann"))
    if not annotations:
        raise InputError(f"{folder}: no ner-uk .ann files here (give its data folder)")
    ids_file = folder / "dev-ids.txt"
    wanted = set(_lines(ids_file)) if ids_file.is_file() else None
    documents = []
    for ann in annotations:
        if wanted is not None and ann.stem not in wanted:
            continue
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        mentions = []
        for line in _lines(ann):
            if not line.startswith("T"):
                continue
            # "T1<tab>PERS 42 49<tab>text" (brat), or every field tab-separated (this corpus)
            kind, *offsets = " ".join(line.split("\t")[1:-1]).split()
            if kind in NER_UK_KINDS and len(offsets) == 2:  # "1 5;8 9" (broken): not scored
                start, end = int(offsets[0]), int(offsets[1])
                mentions.append(GoldMention((start, end), *NER_UK_KINDS[kind]))
        documents.append(GoldDocument(ann.stem, text, tuple(mentions)))
        if limit is not None and len(documents) >= limit:
            break
    return documents


def _lines(path: Path) -> Iterator[str]:
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield line.strip()


def _natural(path: Path) -> tuple[int, str]:
    number = re.search(r"\d+", path.stem)
    return (int(number.group()) if number else 0, path.stem)


def system_mentions(extraction: Extraction) -> list[SystemMention]:
    """Every entity mention of an extraction with its scored kind, and the places no entity
    covers as locations."""
    mentions = [
        SystemMention(mention.span, SYSTEM_KINDS[entity.kind])
        for entity in extraction.entities
        if entity.kind in SYSTEM_KINDS
        for mention in entity.mentions
    ]
    taken = [m.span for m in mentions]
    for place in extraction.places:
        for mention in place.mentions:
            if not any(_overlap(mention.span, span) for span in taken):
                mentions.append(SystemMention(mention.span, "location"))
    return mentions


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_document(gold: GoldDocument, system: Iterable[SystemMention]) -> NerScores:
    """The counts of one document (relaxed: each gold mention matched at most once)."""
    scores = NerScores(documents=1)
    predicted = sorted(set(system), key=lambda m: m.span)
    for mention in gold.mentions:
        scores.gold[mention.kind] += 1
    for mention in predicted:
        scores.predicted[mention.kind] += 1
    free = list(gold.mentions)
    for mention in predicted:
        match = next(
            (g for g in free if mention.kind in g.kinds and _overlap(g.span, mention.span)), None
        )
        if match is not None:
            free.remove(match)
            matches = ["relaxed", "strict"] if match.span == mention.span else ["relaxed"]
            for kind_of_match in matches:
                scores.hits[kind_of_match, "system", mention.kind] += 1
                scores.hits[kind_of_match, "gold", match.kind] += 1
    return scores


def score_table(rows: list[tuple[str, NerScores]], title: str) -> ScoreTable:
    """One row per corpus and kind, then the corpus over all kinds."""
    table = ScoreTable(
        title=title,
        caption="relaxed: an overlapping mention of the right kind (one to one); strict: the "
        "same span",
    )
    for column in ("corpus", "kind", "gold", "found", "P", "R", "F1", "strict F1"):
        table.add_column(column, justify="left" if column in ("corpus", "kind") else "right")
    for name, scores in rows:
        for kind in (*KINDS, None):
            p, r, f = scores.relaxed(kind)
            gold, predicted = (
                (scores.gold[kind], scores.predicted[kind])
                if kind
                else (sum(scores.gold.values()), sum(scores.predicted.values()))
            )
            table.add_row(
                f"{name} ({scores.documents} docs)",
                kind or "all",
                str(gold),
                str(predicted),
                f"{p:.3f}",
                f"{r:.3f}",
                f"{f:.3f}",
                f"{scores.strict(kind)[2]:.3f}",
            )
    return table


def evaluate(documents: list[GoldDocument], lang: str) -> NerScores:
    """Run the pipeline of ``lang`` over the gold documents and sum the scores."""
    from sitroom.model import Document
    from sitroom.nlp.pipeline import pipeline_for
    from sitroom.nlp.pipeline_config import language_config

    pipeline = pipeline_for(language_config(lang))
    inputs = (Document(text=gold.text, lang=lang) for gold in documents)
    total = NerScores()
    for gold, extraction in zip(documents, pipeline.extract_many(inputs), strict=True):
        total = total + score_document(gold, system_mentions(extraction))
    return total


#: The corpora ``sitroom eval entities`` reads: name -> (reader, language).
CORPORA = {"factRuEval": (read_factru, "ru"), "ner-uk": (read_ner_uk, "uk")}
