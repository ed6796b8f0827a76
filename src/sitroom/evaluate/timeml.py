"""TimeML gold readers and a TempEval-3 style TIMEX3 scorer.

Two formats are read into the same :class:`GoldDocument`:

- TimeML inline XML (``.tml``, TimeBank / AQUAINT / TempEval-3): the text is the content of
  ``<TEXT>`` with the tags removed; ``<TIMEX3>`` elements give spans, type and value.
- CAT XML (``.xml``, NewsReader MEANTIME): the text is rebuilt from ``<token>`` elements (one
  line per sentence, light detokenisation) and each ``<TIMEX3>`` markable is anchored to tokens.

The document creation time (``functionInDocument="CREATION_TIME"``) is the anchor, not a gold
mention. MEANTIME also writes it in the text (the dateline); that span is returned in
``ignored`` so that a system mention overlapping it counts neither for nor against the system.
TIMEX3 markables without tokens (implicit times) cannot be found in text and are skipped.
MEANTIME annotates times only in sentences 0-5 (title, dateline and the first four sentences:
no TIMEX3 in its 120 English files lies later), so the rest of each text is ``ignored`` too.

Scoring follows TempEval-3: extraction precision / recall / F1 with strict (exact span) and
relaxed (any overlap) matching, one-to-one; value accuracy over relaxed matches; and value F1,
where a true positive is a relaxed match whose normalised value equals the gold value.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.errors import InputError
from sitroom.evaluate.metrics import prf
from sitroom.evaluate.table import ScoreTable

Span = tuple[int, int]

#: Tokens written without a space before them when MEANTIME text is rebuilt.
_NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", ")", "]", "%", "'s", "'", "n't", "'re", "'ve"}
_NO_SPACE_AFTER = {"(", "[", "$"}
#: MEANTIME sentences (0-based, the title is 0) in which TIMEX3 were annotated.
MEANTIME_TIMEX_SENTENCES = 6


@dataclass(frozen=True)
class GoldTimex:
    """One gold temporal expression."""

    span: Span
    text: str
    type: str
    value: str


@dataclass
class GoldDocument:
    """A gold document: its text, creation time and TIMEX3 mentions in text order."""

    id: str
    text: str
    dct: str | None
    timexes: list[GoldTimex] = field(default_factory=list)
    ignored: list[Span] = field(default_factory=list)


@dataclass(frozen=True)
class SystemTimex:
    """What a system found: a span and its normalised value."""

    span: Span
    value: str | None


# --------------------------------------------------------------------------------- readers


def read_tml(path: str | Path) -> GoldDocument:
    """Read one TimeML inline-XML file."""
    path = Path(path)
    root = _parse(path)
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = timex.get("value")
            break
    text_el = root.find("TEXT")
    if text_el is None:
        raise InputError("TimeML file has no <TEXT> element", source=str(path))
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    _walk_inline(text_el, parts, timexes, offset=0)
    text = "".join(parts)
    timexes.sort(key=lambda t: t.span)
    return GoldDocument(id=path.stem, text=text, dct=dct, timexes=timexes)


def _walk_inline(
    element: ET.Element, parts: list[str], timexes: list[GoldTimex], offset: int
) -> int:
    """Append the element's text to ``parts``, recording TIMEX3 spans; return the new offset."""
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        start = offset
        offset = _walk_inline(child, parts, timexes, offset)
        if child.tag == "TIMEX3" and offset > start:
            surface = "".join(parts)[start:offset]
            timexes.append(
                GoldTimex(
                    span=(start, offset),
                    text=surface,
                    type=child.get("type", ""),
                    value=child.get("value", ""),
                )
            )
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    return offset


def read_cat(path: str | Path) -> GoldDocument:
    """Read one MEANTIME CAT XML file."""
    path = Path(path)
    root = _parse(path)
    text, token_spans, sentence_ends = _rebuild_text(root)
    dct = None
    timexes: list[GoldTimex] = []
    ignored: list[Span] = []
    if len(sentence_ends) > MEANTIME_TIMEX_SENTENCES:
        ignored.append((sentence_ends[MEANTIME_TIMEX_SENTENCES - 1], len(text)))
    for timex in root.iter("TIMEX3"):
        ids = [a.get("t_id") for a in timex.iter("token_anchor")]
        spans = [token_spans[i] for i in ids if i in token_spans]
        span = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _iso_dct(timex.get("value"))
            if span:
                ignored.append(span)
            continue
        if span is None:
            continue
        timexes.append(
            GoldTimex(
                span=span,
                text=text[span[0] : span[1]],
                type=timex.get("type", ""),
                value=timex.get("value", ""),
            )
        )
    timexes.sort(key=lambda t: t.span)
    doc_id = root.get("doc_id") or path.stem
    return GoldDocument(id=doc_id, text=text, dct=dct, timexes=timexes, ignored=ignored)


def _iso_dct(value: str | None) -> str | None:
    """A few MEANTIME creation times are written DD-MM-YYYY; return them as YYYY-MM-DD."""
    if value and len(value) == 10 and value[2] == "-" and value[5] == "-":
        return f"{value[6:]}-{value[3:5]}-{value[:2]}"
    return value


def _rebuild_text(root: ET.Element) -> tuple[str, dict[str, Span], list[int]]:
    """Text from CAT tokens: sentences on their own lines, spaces between most tokens.

    Returns the text, each token's span and the end offset of each sentence."""
    parts: list[str] = []
    spans: dict[str, Span] = {}
    sentence_ends: list[int] = []
    offset = 0
    sentence = None
    previous = ""
    for token in root.iter("token"):
        word = token.text or ""
        if sentence is not None and token.get("sentence") != sentence:
            sep = "\n"
            sentence_ends.append(offset)
        elif sentence is None or word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep + word)
        offset += len(sep)
        spans[token.get("t_id", "")] = (offset, offset + len(word))
        offset += len(word)
        sentence = token.get("sentence")
        previous = word
    sentence_ends.append(offset)
    return "".join(parts), spans, sentence_ends


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"cannot read gold file: {exc}", source=str(path)) from exc


def read_corpus(path: str | Path, limit: int | None = None) -> list[GoldDocument]:
    """Every ``.tml`` (TimeML) and ``.xml`` (CAT) file under ``path``, sorted by path."""
    root = Path(path)
    if not root.exists():
        raise InputError("gold data not found", source=str(root))
    files = [root] if root.is_file() else sorted(root.rglob("*"))
    docs: list[GoldDocument] = []
    for file in files:
        if file.suffix == ".tml":
            docs.append(read_tml(file))
        elif file.suffix == ".xml" and file.name != "MEANTIME_NWR.xsd":
            docs.append(read_cat(file))
        if limit is not None and len(docs) >= limit:
            break
    return docs


# --------------------------------------------------------------------------------- scoring


@dataclass
class TimexScores:
    """Counts for one or many documents; the ratios are properties."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value_correct: int = 0

    def __add__(self, other: TimexScores) -> TimexScores:
        return TimexScores(
            self.gold + other.gold,
            self.system + other.system,
            self.strict + other.strict,
            self.relaxed + other.relaxed,
            self.value_correct + other.value_correct,
        )

    def prf(self, hits: int) -> tuple[float, float, float]:
        return prf(hits, self.system, self.gold)

    @property
    def strict_prf(self) -> tuple[float, float, float]:
        return self.prf(self.strict)

    @property
    def relaxed_prf(self) -> tuple[float, float, float]:
        return self.prf(self.relaxed)

    @property
    def value_prf(self) -> tuple[float, float, float]:
        return self.prf(self.value_correct)

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / self.relaxed if self.relaxed else 0.0

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {"gold": self.gold, "system": self.system}
        for name, (p, r, f) in (
            ("strict", self.strict_prf),
            ("relaxed", self.relaxed_prf),
            ("value", self.value_prf),
        ):
            out |= {f"{name}_p": p, f"{name}_r": r, f"{name}_f1": f}
        out["value_accuracy"] = self.value_accuracy
        return out


def _overlap(a: Span, b: Span) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def align(gold: list[GoldTimex], system: list[SystemTimex]) -> list[tuple[int, int]]:
    """One-to-one relaxed alignment (index pairs): exact matches first, then largest overlap."""
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = _overlap(g.span, s.span)
            if overlap > 0:
                candidates.append((g.span != s.span, -overlap, gi, si))
    candidates.sort()
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for _, _, gi, si in candidates:
        if gi not in used_gold and si not in used_system:
            used_gold.add(gi)
            used_system.add(si)
            pairs.append((gi, si))
    return sorted(pairs)


def score_document(document: GoldDocument, system: Iterable[SystemTimex]) -> TimexScores:
    """Score one document's system mentions against its gold mentions."""
    kept = [
        s for s in system if not any(_overlap(s.span, ignored) > 0 for ignored in document.ignored)
    ]
    pairs = align(document.timexes, kept)
    scores = TimexScores(gold=len(document.timexes), system=len(kept), relaxed=len(pairs))
    for gi, si in pairs:
        g, s = document.timexes[gi], kept[si]
        scores.strict += g.span == s.span
        scores.value_correct += s.value is not None and s.value == g.value
    return scores


Extractor = Callable[[list[GoldDocument]], Iterator[list[SystemTimex]]]


def evaluate(documents: list[GoldDocument], extractor: Extractor) -> TimexScores:
    """Run ``extractor`` over the gold documents (in order) and sum the scores."""
    total = TimexScores()
    for document, system in zip(documents, extractor(documents), strict=True):
        total = total + score_document(document, system)
    return total


def sitroom_extractor(nlp: object | None = None) -> Extractor:
    """An extractor running sitroom's times component (the spaCy model plus ``sitroom_times``)."""

    loaded: list[object] = [nlp] if nlp is not None else []

    def run(documents: list[GoldDocument]) -> Iterator[list[SystemTimex]]:
        from sitroom.model import Document
        from sitroom.nlp.timex import times_nlp

        if not loaded:
            loaded.append(times_nlp())  # load once, on first use
        pipe = loaded[0]
        docs = []
        for gold in documents:
            doc = pipe.make_doc(gold.text)  # type: ignore[attr-defined]
            doc._.sitroom_document = Document(text=gold.text, published=gold.dct)
            docs.append(doc)
        for doc in pipe.pipe(docs, batch_size=8):  # type: ignore[attr-defined]
            yield [SystemTimex(span=t.span, value=t.value) for t in doc._.sitroom_times or []]

    return run


def score_table(rows: list[tuple[str, int, TimexScores]], title: str) -> object:
    """A table of corpus scores (one row per corpus: name, documents, scores)."""
    table = ScoreTable(title=title)
    for column in ("corpus", "docs", "gold", "system", "strict P/R/F1", "relaxed P/R/F1",
                   "value acc", "value P/R/F1"):  # fmt: skip
        table.add_column(column, justify="left" if column == "corpus" else "right")
    for name, n_docs, s in rows:
        table.add_row(
            name,
            str(n_docs),
            str(s.gold),
            str(s.system),
            _fmt_prf(s.strict_prf),
            _fmt_prf(s.relaxed_prf),
            f"{s.value_accuracy:.3f}",
            _fmt_prf(s.value_prf),
        )
    return table


def _fmt_prf(prf: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.3f}" for x in prf)
