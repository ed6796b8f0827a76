"""``sitroom eval events``: events on UCDP GED headlines and MEANTIME event mentions.

**UCDP GED** (no article text; one ``source_headline`` per coded event, read with
:func:`sitroom.evaluate.ucdp.read_events` plus the coordinates and end date). Each headline
is extracted with ``date_start`` as its publication date. Every check is scored on the
headlines that qualify for it, decided from the headline and the coding, not from sitroom:

* *violent event found*: headlines that describe violence (a violence word, :func:`violent`);
  a hit is at least one event of a violent type (``VIOLENT_TYPES``).
* *deaths in range*: headlines stating a toll (:func:`ucdp.states_a_toll`), and again those of
  them that are not daily round-ups (:func:`ucdp.is_roundup`; a round-up's "130 killed
  yesterday" sums many coded events, so it cannot match the one event the row codes). The
  figure is the largest fatalities figure of the headline's violent events; in range as in the
  claims check (a value within [low, high], an interval overlapping it).
* *location within 50 / 161 km*: headlines that name the coded place (its ``where_coordinates``
  name, feature word dropped, appears in the headline); the first violent event with a
  resolved place is compared with the coded coordinates (haversine).
* *date in range*: headlines with a violent event; its date (a day, or the start of a longer
  value) within [date_start, date_end]. Dates that fell back to publication are counted apart.

**MEANTIME** (economics news, not conflict): EVENT_MENTION triggers in the annotated
sentences (title, dateline and first four sentences; later sentences carry only a few
cross-document mentions and are ignored), matched one-to-one by token overlap. Two systems:
sitroom's typed triggers (the conflict lexicon, so recall is low by design) and a generic
baseline (every content verb and eventive noun) for scale.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from sitroom.errors import InputError
from sitroom.evaluate import timeml, ucdp
from sitroom.evaluate.metrics import prf
from sitroom.evaluate.table import ScoreTable
from sitroom.model import Document, Event, Extraction
from sitroom.nlp.events import VIOLENT_TYPES, trigger_tokens

Span = tuple[int, int]

_VIOLENCE = re.compile(
    r"\b(kill\w*|dead|deaths?|died|clash\w*|fight\w*|battles?|strikes?|airstrikes?|raids?|"
    r"shell\w*|bomb\w*|attack\w*|explo\w+|blasts?|assassinat\w*|execut\w*|massacres?|shot|"
    r"shoot\w*|gunmen|snipers?|mortars?|rockets?|missiles?|casualt\w*|wound\w*|injur\w*|"
    r"target\w*|ambush\w*|martyr\w*|murder\w*|slaughter\w*|warplanes?|helicopters?|"
    r"barrel bombs?|mines?|ied|car bomb|suicide|bodies|corpses?)\b",
    re.IGNORECASE,
)
_FEATURE_WORDS = frozenset(
    """town village city governorate district province subdistrict area region camp
    neighbourhood neighborhood airport base prison hospital""".split()
)


def violent(headline: str) -> bool:
    """Whether a headline describes violence (independently of sitroom)."""
    return bool(_VIOLENCE.search(headline))


# ------------------------------------------------------------------------------- UCDP


@dataclass
class CodedEvent:
    """A UCDP GED row: the claims check's event plus where and until when."""

    event: ucdp.Event
    place: str
    lat: float | None
    lon: float | None
    date_end: str


def read_coded(path: Path) -> list[CodedEvent]:
    """UCDP GED rows with a headline (reuses :func:`ucdp.read_events`)."""
    events = ucdp.read_events(path)
    extra: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            extra[row["id"]] = row
    return [
        CodedEvent(
            event=e,
            place=extra[e.id].get("where_coordinates", ""),
            lat=e.lat,
            lon=e.lon,
            date_end=(extra[e.id].get("date_end") or e.date)[:10],
        )
        for e in events
    ]


def _fold(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9 ]+", " ", ascii_text.lower().replace("'", "").replace("’", ""))


def names_place(headline: str, where: str) -> bool:
    """Whether the headline names the coded place ("Daraa town" -> "Daraa")."""
    text = f" {' '.join(_fold(headline).split())} "
    for option in where.split("/"):
        words = [w for w in _fold(option).split() if w not in _FEATURE_WORDS]
        words = [w for w in words if w not in ("al", "ar", "as", "ash", "ad", "az", "el")]
        if words and f" {' '.join(words)} " in text.replace(" al ", " "):
            return True
        if words and len(words[-1]) >= 4 and f" {words[-1]}" in text:
            return True
    return False


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@dataclass
class Check:
    """One check: how many headlines qualify, how many sitroom got right."""

    qualifying: int = 0
    hits: int = 0
    detail: dict[str, int] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.hits / self.qualifying if self.qualifying else 0.0

    def add(self, hit: bool) -> None:
        self.qualifying += 1
        self.hits += hit

    def count(self, key: str, by: int = 1) -> None:
        self.detail[key] = self.detail.get(key, 0) + by


@dataclass
class UcdpEventScores:
    headlines: int = 0
    violent: Check = field(default_factory=Check)
    deaths: Check = field(default_factory=Check)
    deaths_single: Check = field(default_factory=Check)
    deaths_unique: Check = field(default_factory=Check)
    within_50: Check = field(default_factory=Check)
    within_161: Check = field(default_factory=Check)
    date: Check = field(default_factory=Check)


def _violent_events(extraction: Extraction) -> list[Event]:
    return [e for e in extraction.events if e.type in VIOLENT_TYPES]


def _in_date_range(value: str | None, start: str, end: str) -> bool:
    return value is not None and start <= value[:10] <= end


def _matched(coded: CodedEvent, events: list[Event], extraction: Extraction) -> Event | None:
    """The headline's event nearest to the coded coordinates (a headline often joins several
    events and the row codes one of them); None when no event has a resolved place."""
    places = {p.id: p for p in extraction.places if p.lat is not None and p.lon is not None}
    placed = [e for e in events if e.place in places]
    if not placed or coded.lat is None or coded.lon is None:
        return None

    def distance(e: Event) -> float:
        p = places[e.place]  # type: ignore[index]
        return km(p.lat, p.lon, coded.lat, coded.lon)  # type: ignore[arg-type]

    return min(placed, key=distance)


def score_ucdp_one(
    scores: UcdpEventScores, coded: CodedEvent, extraction: Extraction, unique: bool = False
) -> None:
    """Add one headline's extraction to the scores (``unique``: no other row has this
    headline)."""
    event, headline = coded.event, coded.event.headline
    events = _violent_events(extraction)
    scores.headlines += 1
    if violent(headline):
        scores.violent.add(bool(events))
    if ucdp.states_a_toll(headline):
        matched = _matched(coded, events, extraction)
        if matched is not None and matched.fatalities is not None:
            top = matched.fatalities
        else:
            figures = [e.fatalities for e in events if e.fatalities is not None]
            top = max(figures, key=lambda f: f.value or f.low or 0, default=None)
        hit = top is not None and ucdp._in_range(top, event)  # type: ignore[arg-type]
        checks = [scores.deaths]
        checks += [scores.deaths_single] if not ucdp.is_roundup(headline) else []
        checks += [scores.deaths_unique] if unique else []
        for check in checks:
            check.add(hit)
            check.count("figure found", top is not None)
    if coded.lat is not None and coded.lon is not None and names_place(headline, coded.place):
        placed = [p for p in extraction.places if p.lat is not None]
        by_id = {p.id: p for p in placed}
        first = next((by_id[e.place] for e in events if e.place in by_id), None)
        distance = km(first.lat, first.lon, coded.lat, coded.lon) if first else math.inf  # type: ignore[arg-type]
        scores.within_50.add(distance <= 50)
        scores.within_161.add(distance <= 161)
        scores.within_161.count("event place found", first is not None)
        nearest = _matched(coded, events, extraction)
        near = by_id[nearest.place] if nearest and nearest.place else None
        if near is not None and km(near.lat, near.lon, coded.lat, coded.lon) <= 161:  # type: ignore[arg-type]
            scores.within_161.count("any event within 161 km")
    if events:
        dated = events[0]
        scores.date.add(_in_date_range(dated.date, event.date, coded.date_end))
        scores.date.count("publication fallback", dated.date_precision == "publication")


def score_ucdp(
    coded: list[CodedEvent], extract: Callable[[list[Document]], Iterable[Extraction]]
) -> UcdpEventScores:
    """Run ``extract`` (e.g. ``Pipeline().extract_many``) on every headline and score."""
    scores = UcdpEventScores()
    counts: dict[str, int] = {}
    for c in coded:
        counts[c.event.headline] = counts.get(c.event.headline, 0) + 1
    documents = [
        Document(text=c.event.headline, id=c.event.id, published=c.event.date) for c in coded
    ]
    for item, extraction in zip(coded, extract(documents), strict=True):
        score_ucdp_one(scores, item, extraction, counts[item.event.headline] == 1)
    return scores


# ---------------------------------------------------------------------------- MEANTIME

#: MEANTIME sentences (0-based; the title is 0) whose event mentions are fully annotated.
MEANTIME_EVENT_SENTENCES = 6


@dataclass(frozen=True)
class GoldMention:
    span: Span
    text: str


@dataclass
class MeantimeDocument:
    id: str
    text: str
    dct: str | None
    mentions: list[GoldMention]
    annotated_end: int  # character offset where the annotated sentences end


def read_meantime_events(path: Path) -> MeantimeDocument:
    """One CAT XML file: the text as :mod:`sitroom.evaluate.timeml` rebuilds it, and its
    EVENT_MENTION markables in the annotated sentences."""
    root = timeml._parse(path)
    text, token_spans, sentence_ends = timeml._rebuild_text(root)
    last = min(MEANTIME_EVENT_SENTENCES, len(sentence_ends)) - 1
    annotated_end = sentence_ends[last]
    mentions = []
    for markable in root.iter("EVENT_MENTION"):
        ids = [a.get("t_id") for a in markable.iter("token_anchor")]
        spans = [token_spans[i] for i in ids if i in token_spans]
        if not spans:
            continue
        span = (min(s[0] for s in spans), max(s[1] for s in spans))
        if span[0] < annotated_end:
            mentions.append(GoldMention(span, text[span[0] : span[1]]))
    mentions.sort(key=lambda m: m.span)
    dct = timeml.read_cat(path).dct
    return MeantimeDocument(root.get("doc_id") or path.stem, text, dct, mentions, annotated_end)


def read_meantime(path: Path, limit: int | None = None) -> list[MeantimeDocument]:
    if not path.exists():
        raise InputError("MEANTIME folder not found", source=str(path))
    files = [f for f in sorted(path.rglob("*.xml")) if f.name != "MEANTIME_NWR.xsd"]
    return [read_meantime_events(f) for f in files[:limit]]


@dataclass(frozen=True)
class SystemMention:
    span: Span


@dataclass
class TriggerScores:
    gold: int = 0
    system: int = 0
    matched: int = 0

    @property
    def prf(self) -> tuple[float, float, float]:
        return prf(self.matched, self.system, self.gold)


def score_triggers(document: MeantimeDocument, system: list[Span], scores: TriggerScores) -> None:
    """One-to-one overlap matching (:func:`timeml.align`) within the annotated sentences."""
    kept = [SystemMention(s) for s in system if s[0] < document.annotated_end]
    pairs = timeml.align(document.mentions, kept)  # type: ignore[arg-type]
    scores.gold += len(document.mentions)
    scores.system += len(kept)
    scores.matched += len(pairs)


_EVENTIVE_SUFFIXES = ("tion", "sion", "ment", "ure", "ance", "ence", "ing", "al", "sale", "cut")


def baseline_triggers(doc: Doc) -> list[Span]:
    """A generic baseline: content verbs and nouns with an eventive suffix."""
    spans = []
    for token in doc:
        verb = token.pos_ == "VERB"
        eventive = token.pos_ == "NOUN" and token.lemma_.lower().endswith(_EVENTIVE_SUFFIXES)
        if verb or eventive:
            spans.append((token.idx, token.idx + len(token)))
    return spans


def sitroom_triggers(doc: Doc) -> list[Span]:
    return [(t.idx, t.idx + len(t)) for t in trigger_tokens(doc)]


def score_meantime(
    documents: list[MeantimeDocument], docs: Iterator[Doc]
) -> tuple[TriggerScores, TriggerScores]:
    """(sitroom's typed triggers, generic baseline) over processed Docs in document order."""
    typed, baseline = TriggerScores(), TriggerScores()
    for document, doc in zip(documents, docs, strict=True):
        score_triggers(document, sitroom_triggers(doc), typed)
        score_triggers(document, baseline_triggers(doc), baseline)
    return typed, baseline


# ------------------------------------------------------------------------------- table


def evaluate_events(ucdp_csv: str | None, meantime: str | None, limit: int | None) -> ScoreTable:
    """Run the checks whose data is given; a table with one row per check."""
    from sitroom.nlp.pipeline import Pipeline

    pipeline = Pipeline()
    table = ScoreTable(title="Events")
    for column in ("check", "qualifying", "result", "detail"):
        table.add_column(column)
    if ucdp_csv:
        path = Path(ucdp_csv)
        if not path.exists():
            raise InputError("UCDP GED csv not found", source=ucdp_csv)
        s = score_ucdp(read_coded(path)[:limit], pipeline.extract_many)
        rows = (
            ("violent event found (headline describes violence)", s.violent),
            ("deaths in \\[low, high] (headline states a toll)", s.deaths),
            ("deaths in \\[low, high] (toll, not a round-up)", s.deaths_single),
            ("deaths in \\[low, high] (toll, headline codes one event)", s.deaths_unique),
            ("location within 50 km (headline names the place)", s.within_50),
            ("location within 161 km (headline names the place)", s.within_161),
            ("date in \\[date_start, date_end] (violent event found)", s.date),
        )
        for name, check in rows:
            detail = ", ".join(f"{k} {v}" for k, v in check.detail.items())
            table.add_row(
                f"UCDP: {name}",
                f"{check.qualifying} of {s.headlines}",
                f"{check.share:.3f}",
                detail,
            )
    if meantime:
        documents = read_meantime(Path(meantime), limit)
        docs = pipeline.nlp.pipe(
            pipeline.make_doc(Document(text=d.text, published=d.dct)) for d in documents
        )
        typed, baseline = score_meantime(documents, docs)
        for name, t in (("sitroom typed triggers", typed), ("baseline: verbs + nouns", baseline)):
            p, r, f = t.prf
            table.add_row(
                f"MEANTIME event mentions, {name}",
                f"{t.gold} gold",
                f"P {p:.3f} R {r:.3f} F1 {f:.3f}",
                f"system {t.system}, matched {t.matched}",
            )
    return table
