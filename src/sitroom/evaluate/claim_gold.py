"""Attributed claims against hand-annotated gold (the claims-dev conventions).

The gold file has one line per article, ``{"corpus", "id", "claims": [...]}``, without text;
the text is the ``text`` of the line with that ``id`` in ``<news>/<corpus>/articles.jsonl``.
Predicted claims are matched to gold claims one to one by overlapping number spans, largest
overlap first (a prediction of the gold's measure wins a tie). Over matched pairs the scorer
checks the measure, the value (1 % tolerance; a range's lower bound), the hedge and the
claimant; a claim is *fully right* when its measure, value and claimant all are.

Claimants are compared as an analyst reads them, not character by character: "the Russian
Defence Ministry", "Russia's Defense Ministry" and "Russian Ministry of Defense" are one body;
"Zelensky" is "Volodymyr Zelenskyy"; "authorities" is "local authorities". The gold ``OUTLET``
is matched by a claim in the outlet's own voice. Gold ``claimant_alt`` names are accepted too.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.errors import InputError
from sitroom.evaluate.metrics import prf
from sitroom.evaluate.table import ScoreTable
from sitroom.folding import ascii_fold
from sitroom.model import Claim, Document, Extraction
from sitroom.nlp.names import compatible_first_names, same_name_token

OUTLET = "OUTLET"
#: sitroom's names for the gold's measures where they differ.
MEASURE_NAMES = {"other": "other_conflict"}
#: sitroom's hedges as the gold writes them: a range is "approximately" with both bounds.
HEDGE_NAMES = {"range": "approximately"}
VALUE_TOLERANCE = 0.01


@dataclass(frozen=True)
class GoldClaim:
    index: int
    measure: str
    value: float
    low: float | None
    high: float | None
    hedge: str
    unit: str | None
    claimant: str
    claimant_alt: tuple[str, ...]
    claimant_kind: str
    span: tuple[int, int]
    sentence: tuple[int, int]
    repeat_of: int | None = None
    value_as_written: float | None = None


@dataclass
class GoldArticle:
    corpus: str
    id: str
    document: Document
    claims: list[GoldClaim]


@dataclass(frozen=True)
class Pair:
    gold: GoldClaim
    predicted: Claim
    measure: bool
    value: bool
    hedge: bool
    claimant: bool

    @property
    def fully_right(self) -> bool:
        return self.measure and self.value and self.claimant


@dataclass
class ArticleScore:
    article: GoldArticle
    extraction: Extraction
    pairs: list[Pair]
    missed: list[GoldClaim]
    spurious: list[Claim]


@dataclass
class Tally:
    """Counts for one slice (all claims, one measure, one claimant kind)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    #: matched claims whose prediction is in this slice too (for a measure: of that measure)
    predicted_right: int = 0
    measure: int = 0
    value: int = 0
    hedge: int = 0
    claimant: int = 0
    full: int = 0

    def add_pair(self, pair: Pair) -> None:
        self.matched += 1
        self.measure += pair.measure
        self.value += pair.value
        self.hedge += pair.hedge
        self.claimant += pair.claimant
        self.full += pair.fully_right

    def share(self, count: int) -> float:
        return count / self.matched if self.matched else 0.0

    @property
    def detection(self) -> tuple[float, float, float]:
        return prf(self.matched, self.predicted, self.gold)

    @property
    def full_prf(self) -> tuple[float, float, float]:
        return prf(self.full, self.predicted, self.gold)


@dataclass
class Repeats:
    """Repeats (the same figure, measure and claimant again): gold repeats whose prediction
    points at the prediction of the gold's first mention, and predicted repeats that point
    elsewhere or repeat nothing in the gold."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    right: int = 0


@dataclass
class Report:
    articles: list[ArticleScore]
    repeats: Repeats = field(default_factory=Repeats)
    total: Tally = field(default_factory=Tally)
    by_measure: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))


# -- reading ---------------------------------------------------------------------------------


def _articles_by_id(path: Path, wanted: set[str]) -> dict[str, dict]:
    found = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("id") in wanted:
                found[record["id"]] = record
    return found


def _on_word_boundaries(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span, or where its text stands as whole words in its sentence when the annotated
    offsets fall inside a word (an offset found by searching the string: "one" in
    "Donetsk")."""
    start, end = span
    inside = (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())
    if not inside:
        return span
    pattern = re.compile(rf"(?<!\w){re.escape(text[start:end])}(?!\w)")
    found = pattern.search(text, start)
    return (found.start(), found.end()) if found is not None else span


def _gold_claim(index: int, raw: dict, text: str) -> GoldClaim:
    return GoldClaim(
        index=index,
        measure=raw["measure"],
        value=float(raw["value"]),
        low=raw.get("low"),
        high=raw.get("high"),
        hedge=raw["hedge"],
        unit=raw.get("unit"),
        claimant=raw["claimant"],
        claimant_alt=tuple(raw.get("claimant_alt", ())),
        claimant_kind=raw["claimant_kind"],
        span=_on_word_boundaries(text, tuple(raw["span"])),
        sentence=tuple(raw["sentence"]),
        repeat_of=raw.get("repeat_of"),
        value_as_written=raw.get("value_as_written"),
    )


def read_gold(gold_path: str | Path, news: str | Path | None = None) -> list[GoldArticle]:
    """The gold articles with their texts (``news`` defaults to ``../news`` beside the gold's
    folder, as eval-data lays it out)."""
    gold_file = Path(gold_path)
    if not gold_file.is_file():
        raise InputError(f"gold file not found: {gold_path}")
    news_dir = Path(news) if news is not None else gold_file.parent.parent / "news"
    if not news_dir.is_dir():
        raise InputError(f"news folder not found: {news_dir} (give --news)")
    lines = [json.loads(x) for x in gold_file.read_text(encoding="utf-8").split("\n") if x.strip()]
    wanted: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        wanted[line["corpus"]].add(line["id"])
    texts: dict[str, dict[str, dict]] = {}
    for corpus, ids in wanted.items():
        path = news_dir / corpus / "articles.jsonl"
        if not path.is_file():
            raise InputError(f"corpus not found: {path}")
        texts[corpus] = _articles_by_id(path, ids)
    articles = []
    for line in lines:
        record = texts[line["corpus"]].get(line["id"])
        if record is None:
            raise InputError(f"article {line['corpus']}/{line['id']} is not in {news_dir}")
        document = Document(
            text=record["text"],
            id=line["id"],
            url=record.get("url"),
            outlet=record.get("outlet"),
            published=record.get("published"),
            title=record.get("title"),
        )
        claims = [_gold_claim(i, raw, document.text) for i, raw in enumerate(line["claims"])]
        articles.append(GoldArticle(line["corpus"], line["id"], document, claims))
    return articles


# -- comparing -------------------------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def measure_name(claim: Claim) -> str:
    return MEASURE_NAMES.get(claim.measure, claim.measure)


def match(gold: Sequence[GoldClaim], predicted: Sequence[Claim]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs, one to one, largest span overlap first."""
    candidates = sorted(
        (
            (-_overlap(g.span, p.span), g.measure != measure_name(p), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
            if _overlap(g.span, p.span) > 0
        )
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi in used_gold or pi in used_predicted:
            continue
        used_gold.add(gi)
        used_predicted.add(pi)
        pairs.append((gi, pi))
    return pairs


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b), 1.0)


def value_right(gold: GoldClaim, claim: Claim) -> bool:
    value = claim.value if claim.value is not None else claim.low
    written = (claim.original_value, gold.value_as_written)
    return _close(gold.value, value) or (None not in written and _close(*written))


_SPELLINGS = {
    "defence": "defense",
    "mod": "ministry",
    "u.k.": "united kingdom",
    "uk": "united kingdom",
    "u.s.": "united states",
    "us": "united states",
    "usa": "united states",
    "u.n.": "united nations",
    "un": "united nations",
}
_OF_BODY = re.compile(r"^(?P<kind>ministry|department) of (?P<field>\w+)$")
_STOP = frozenset({"the", "a", "an", "of", "and", "s"})


def _country_word(word: str) -> str:
    """A country's name or demonym as the country; a possessive that lost its apostrophe in
    scraping ("Hungarys government") as well."""
    from sitroom.gazetteer.actors import countries

    for country in countries():
        names = {ascii_fold(country.name), *(ascii_fold(d) for d in country.demonyms)}
        if word in names or (word.endswith("s") and word[:-1] in names):
            return ascii_fold(country.name)
    return word


def claimant_words(name: str) -> list[str]:
    """A claimant's name as comparable words: folded, possessives and articles dropped,
    spellings and "Ministry of Defence" word order unified, demonyms as their country."""
    text = ascii_fold(re.sub(r"['’]s\b", "", name))
    words = [part for w in text.split() for part in _SPELLINGS.get(w, w).split()]
    words = [w for w in (w.strip(".,") for w in words) if w and w not in ("the", "a", "an")]
    body = _OF_BODY.match(" ".join(words[-3:])) if len(words) >= 3 else None
    if body is not None:  # "Russian Ministry of Defense" -> "Russian defense ministry"
        words = [*words[:-3], body["field"], body["kind"]]
    return [_country_word(w) for w in words]


def _person_like(words: list[str], name: str) -> bool:
    capitalised = [w for w in name.split() if w[:1].isupper()]
    return 1 <= len(words) <= 4 and len(capitalised) == len(name.split())


def same_claimant(predicted: str, gold: str) -> bool:
    """Whether a predicted claimant name names the gold claimant (see the module docstring)."""
    a, b = claimant_words(predicted), claimant_words(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    if _person_like(a, predicted) and _person_like(b, gold) and same_name_token(a[-1], b[-1]):
        return len(a) == 1 or len(b) == 1 or compatible_first_names(a[0], b[0])
    shorter, longer = sorted((set(a) - _STOP, set(b) - _STOP), key=len)
    return bool(shorter) and shorter <= longer and 2 * len(shorter) >= len(longer)


def in_outlet_voice(claim: Claim, document: Document) -> bool:
    """A claim the article states in its own voice."""
    if claim.claimant_kind is not None:
        return claim.claimant_kind == "outlet"
    return (
        claim.claimant is None
        and claim.quote is None
        and (claim.claimant_name is None or claim.claimant_name == document.outlet)
    )


def claimant_right(gold: GoldClaim, claim: Claim, document: Document) -> bool:
    accepted = (gold.claimant, *gold.claimant_alt)
    if in_outlet_voice(claim, document):
        return OUTLET in accepted
    name = claim.claimant_name
    return name is not None and any(
        same_claimant(name, other) for other in accepted if other != OUTLET
    )


def compare(gold: GoldClaim, claim: Claim, document: Document) -> Pair:
    return Pair(
        gold=gold,
        predicted=claim,
        measure=measure_name(claim) == gold.measure,
        value=value_right(gold, claim),
        hedge=HEDGE_NAMES.get(claim.hedge, claim.hedge) == gold.hedge,
        claimant=claimant_right(gold, claim, document),
    )


# -- scoring ---------------------------------------------------------------------------------


def score_article(article: GoldArticle, extraction: Extraction) -> ArticleScore:
    predicted = extraction.claims
    pairs = [
        compare(article.claims[gi], predicted[pi], article.document)
        for gi, pi in match(article.claims, predicted)
    ]
    matched_gold = {p.gold.index for p in pairs}
    matched_predicted = {id(p.predicted) for p in pairs}
    return ArticleScore(
        article=article,
        extraction=extraction,
        pairs=sorted(pairs, key=lambda p: p.gold.index),
        missed=[g for g in article.claims if g.index not in matched_gold],
        spurious=[c for c in predicted if id(c) not in matched_predicted],
    )


def evaluate(
    articles: Sequence[GoldArticle],
    extract_many: Callable[[Iterable[Document]], Iterator[Extraction]],
) -> Report:
    extractions = extract_many(a.document for a in articles)
    report = Report([score_article(a, x) for a, x in zip(articles, extractions, strict=True)])
    for scored in report.articles:
        for gold in scored.article.claims:
            for tally in _slices(report, gold.measure, gold.claimant_kind):
                tally.gold += 1
        for claim in scored.extraction.claims:
            report.total.predicted += 1
            report.by_measure[measure_name(claim)].predicted += 1
        _count_repeats(report.repeats, scored)
        for pair in scored.pairs:
            for tally in _slices(report, pair.gold.measure, pair.gold.claimant_kind):
                tally.add_pair(pair)
            if pair.measure:
                report.by_measure[pair.gold.measure].predicted_right += 1
    return report


def _count_repeats(repeats: Repeats, scored: ArticleScore) -> None:
    predicted_for = {p.gold.index: p.predicted.id for p in scored.pairs}
    gold_for = {p.predicted.id: p.gold for p in scored.pairs}
    repeats.gold += sum(1 for g in scored.article.claims if g.repeat_of is not None)
    for pair in scored.pairs:
        if pair.gold.repeat_of is not None:
            first = predicted_for.get(pair.gold.repeat_of)
            repeats.found += first is not None and pair.predicted.repeat_of == first
    for claim in scored.extraction.claims:
        if claim.repeat_of is None:
            continue
        repeats.predicted += 1
        gold, first = gold_for.get(claim.id), gold_for.get(claim.repeat_of)
        repeats.right += gold is not None and first is not None and gold.repeat_of == first.index


def _slices(report: Report, measure: str, kind: str) -> tuple[Tally, ...]:
    return report.total, report.by_measure[measure], report.by_kind[kind]


# -- printing --------------------------------------------------------------------------------


def summary_table(report: Report):
    t = report.total
    table = ScoreTable(title=f"Claims ({len(report.articles)} articles)")
    for column in ("check", "result", "detail"):
        table.add_column(column)
    p, r, f = t.detection
    table.add_row(
        "detection",
        f"F1 {f:.3f}",
        f"P {p:.3f} R {r:.3f}; gold {t.gold}, predicted {t.predicted}, matched {t.matched}",
    )
    for name, count in (
        ("measure", t.measure),
        ("value", t.value),
        ("hedge", t.hedge),
        ("claimant", t.claimant),
    ):
        table.add_row(
            f"{name} accuracy", f"{t.share(count):.3f}", f"{count} of {t.matched} matched"
        )
    rep = report.repeats
    table.add_row(
        "repeats marked",
        f"{rep.found} of {rep.gold}",
        f"predicted {rep.predicted}, of which {rep.right} repeat the gold's first mention",
    )
    p, r, f = t.full_prf
    table.add_row(
        "full (measure + value + claimant)",
        f"F1 {f:.3f}",
        f"P {p:.3f} R {r:.3f}; {t.full} fully right",
    )
    return table


def measure_table(tallies: dict[str, Tally]):
    """Per gold measure: how many were found, and of those the share with each field right;
    the measure's precision and full F1 count every prediction of that measure."""
    table = ScoreTable(title="Per measure")
    for column in (
        "measure",
        "gold",
        "found",
        "predicted as it",
        "measure P",
        "measure R",
        "value",
        "claimant",
        "full F1",
    ):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for name, t in sorted(tallies.items(), key=lambda item: (-item[1].gold, item[0])):
        precision, recall, _ = prf(t.predicted_right, t.predicted, t.gold)
        table.add_row(
            name,
            str(t.gold),
            str(t.matched),
            str(t.predicted),
            f"{precision:.2f}",
            f"{recall:.2f}",
            f"{t.share(t.value):.2f}",
            f"{t.share(t.claimant):.2f}",
            f"{t.full_prf[2]:.2f}",
        )
    return table


def kind_table(tallies: dict[str, Tally]):
    """Per gold claimant kind: found, and of those the share with each field right."""
    table = ScoreTable(title="Per claimant kind (gold)")
    for column in (
        "claimant kind",
        "gold",
        "found",
        "measure",
        "value",
        "claimant",
        "fully right (of gold)",
    ):
        table.add_column(column, justify="left" if column == "claimant kind" else "right")
    for name, t in sorted(tallies.items(), key=lambda item: (-item[1].gold, item[0])):
        table.add_row(
            name,
            str(t.gold),
            str(t.matched),
            f"{t.share(t.measure):.2f}",
            f"{t.share(t.value):.2f}",
            f"{t.share(t.claimant):.2f}",
            f"{t.full / t.gold if t.gold else 0:.2f}",
        )
    return table


def _sentence(text: str, span: tuple[int, int]) -> str:
    return " ".join(text[span[0] : span[1]].split())


def _gold_words(gold: GoldClaim) -> str:
    return f"{gold.measure} {gold.value:g} {gold.hedge} by {gold.claimant}"


def _predicted_words(claim: Claim) -> str:
    who = claim.claimant_name or OUTLET
    return (
        f"{measure_name(claim)} {claim.value if claim.value is not None else claim.low:g} "
        f"{claim.hedge} by {who}"
    )


def error_lines(report: Report) -> Iterator[str]:
    """Each miss, spurious figure and wrong field, with its sentence."""
    for scored in report.articles:
        text = scored.article.document.text
        lines = []
        for gold in scored.missed:
            lines.append(
                (
                    gold.span[0],
                    f"  MISSED {text[slice(*gold.span)]!r}: "
                    f"{_gold_words(gold)}\n      {_sentence(text, gold.sentence)}",
                )
            )
        for claim in scored.spurious:
            lines.append(
                (
                    claim.span[0],
                    f"  EXTRA {claim.text!r}: {_predicted_words(claim)}"
                    f"\n      {_sentence(text, claim.sentence_span)}",
                )
            )
        for pair in scored.pairs:
            wrong = [
                name
                for name in ("measure", "value", "hedge", "claimant")
                if not getattr(pair, name)
            ]
            if wrong:
                lines.append(
                    (
                        pair.gold.span[0],
                        f"  WRONG {', '.join(wrong)} "
                        f"{pair.predicted.text!r}: {_predicted_words(pair.predicted)}; "
                        f"gold {_gold_words(pair.gold)}"
                        f"\n      {_sentence(text, pair.gold.sentence)}",
                    )
                )
        if lines:
            yield f"{scored.article.corpus}/{scored.article.id}"
            yield from (line for _, line in sorted(lines, key=lambda x: x[0]))
