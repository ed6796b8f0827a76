"""Sanity checks of the quantity reader on public gold: quantulum3's fixtures and MeasEval.

* **quantulum3** (``quantities.json``: sentences with value, unit and surface of each quantity):
  value + unit accuracy on the gold quantities in sitroom's scope (see :func:`in_scope`:
  counts, money, area, distance, tonnes). Physical and scientific units (mg, °C, eV, bytes,
  ...), durations (sitroom reads those as times), years and numbers inside names are out of
  scope and counted as such.
* **MeasEval** (scientific paragraphs, TSV of Quantity spans): quantity-span precision / recall
  / F1 with any-overlap matching, an out-of-domain check of span finding only.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sitroom.evaluate.metrics import prf
from sitroom.nlp.quantities import Quantity

#: quantulum3 unit name -> sitroom unit (None: a count, which sitroom stores with its noun).
IN_SCOPE_UNITS: dict[str, str | None] = {
    "dimensionless": None,
    "dozen": None,
    "dollar": "USD",
    "euro": "EUR",
    "pound sterling": "GBP",
    "square kilometre": "km2",
    "square mile": "km2",
    "kilometre": "km",
    "mile": "mile",
    "metre": "metre",
    "tonne": "tonne",
}
#: Gold units that name a number of items: quantulum3 reads "a dozen eggs" as 1 dozen, sitroom
#: as 12 eggs (the counted noun), so 1 dozen is scored as 12 (a unit equivalence, not a scope cut).
ITEMS_PER_UNIT = {"dozen": 12}
#: sitroom units that are counts of things (the unit is the counted noun or a category).
COUNT_UNITS = frozenset({"people", "settlements"})

Extractor = Callable[[str], list[Quantity]]


@dataclass
class GoldQuantity:
    value: float
    unit: str
    surface: str


@dataclass
class QuantulumResult:
    in_scope: int
    found: int
    value_correct: int
    value_unit_correct: int
    out_of_scope: int

    @property
    def accuracy(self) -> float:
        return self.value_unit_correct / self.in_scope if self.in_scope else 0.0


def read_quantulum(path: Path) -> list[tuple[str, list[GoldQuantity]]]:
    """quantulum3's test file: [{"req": sentence, "res": [{"value", "unit", "surface"}]}]."""
    records = json.loads(path.read_text(encoding="utf-8"))
    return [
        (r["req"], [GoldQuantity(q["value"], q["unit"], q["surface"]) for q in r["res"]])
        for r in records
    ]


def in_scope(sentence: str, gold: GoldQuantity) -> bool:
    """Whether sitroom is meant to read this gold quantity as a quantity.

    Out of scope: units outside counts, money, area, distance and tonnes; years (sitroom reads
    them as dates); numbers that are part of a name ("Voyager 2", "English 101": a capitalised
    word before them); scientific notation; negative amounts (accounting notation)."""
    if gold.unit not in IN_SCOPE_UNITS or gold.value < 0 or "×" in gold.surface:
        return False
    if gold.unit == "dimensionless":
        if re.fullmatch(r"(1[0-9]|20)\d\d", gold.surface.strip()):
            return False
        before = sentence[: max(sentence.find(gold.surface), 0)].split()
        if before and before[-1][:1].isupper() and before[-1].strip('"').isalpha():
            return False
    return True


def _unit_matches(gold_unit: str, quantity: Quantity) -> bool:
    expected = IN_SCOPE_UNITS[gold_unit]
    if expected is None:
        return quantity.unit is None or quantity.unit in COUNT_UNITS or quantity.noun is not None
    if gold_unit == "square mile":
        return quantity.unit == "km2" and quantity.original_unit == "square mile"
    return quantity.unit == expected


def _value(quantity: Quantity, gold_unit: str) -> float | None:
    if gold_unit == "square mile":
        return quantity.original_value
    ranged = quantity.value is None or quantity.hedge == "range"
    if ranged and quantity.low is not None and quantity.high is not None:
        # a range's value is its lower bound under the claims conventions, its middle in
        # quantulum3's ("8- to 16-meter" is 12): compared by quantulum3's convention
        return (quantity.low + quantity.high) / 2
    return quantity.value


def score_quantulum(
    items: Iterable[tuple[str, list[GoldQuantity]]], extract: Extractor
) -> QuantulumResult:
    result = QuantulumResult(0, 0, 0, 0, 0)
    for sentence, golds in items:
        predicted = extract(sentence)
        for gold in golds:
            if not in_scope(sentence, gold):
                result.out_of_scope += 1
                continue
            result.in_scope += 1
            start = sentence.find(gold.surface)
            end = start + len(gold.surface)
            match = next(
                (q for q in predicted if q.span.start_char < end and start < q.span.end_char),
                None,
            )
            if match is None:
                continue
            result.found += 1
            value = _value(match, gold.unit)
            expected = gold.value * ITEMS_PER_UNIT.get(gold.unit, 1)
            if value is not None and abs(value - expected) <= 1e-3 * max(1.0, abs(expected)):
                result.value_correct += 1
                if _unit_matches(gold.unit, match):
                    result.value_unit_correct += 1
    return result


@dataclass
class SpanResult:
    gold: int
    predicted: int
    matched: int

    @property
    def prf(self) -> tuple[float, float, float]:
        return prf(self.matched, self.predicted, self.gold)


def read_measeval(folder: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    """(paragraph text, gold Quantity spans) for every paragraph of MeasEval's eval split."""
    texts = folder / "text"
    tsvs = folder / "tsv"
    documents = []
    for text_path in sorted(texts.glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        spans = []
        tsv = tsvs / f"{text_path.stem}.tsv"
        if tsv.is_file():
            with tsv.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle, delimiter="\t"):
                    if row["annotType"] == "Quantity":
                        spans.append((int(row["startOffset"]), int(row["endOffset"])))
        documents.append((text, sorted(set(spans))))
    return documents


def score_spans(
    documents: Iterable[tuple[str, list[tuple[int, int]]]], extract: Extractor
) -> SpanResult:
    result = SpanResult(0, 0, 0)
    for text, golds in documents:
        predicted = [(q.span.start_char, q.span.end_char) for q in extract(text)]
        result.gold += len(golds)
        result.predicted += len(predicted)
        free = list(golds)
        for start, end in predicted:
            hit = next((g for g in free if g[0] < end and start < g[1]), None)
            if hit is not None:
                free.remove(hit)
                result.matched += 1
    return result
