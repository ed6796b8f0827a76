"""Geoparsing gold readers (GeoWebNews, TR-News, GeoVirus) and scorers.

All three corpora come from the "Pragmatic Guide to Geoparsing Evaluation" repository; each
has its own XML schema and offset quirk, and all are read into the same :class:`GoldDocument`:

- GeoWebNews (``GWN.xml``): 0-based offsets, a handful off by a few characters. Only toponyms
  with coordinates are gold locations: the literal, mixed, coercion and associative types
  (metonyms, modifiers such as "Irish" in "Irish immigrants"). Demonyms used as nouns,
  languages, homonyms, non-toponyms and "expressions" carry no coordinates and are not
  locations (the paper's recommendation).
- TR-News (``TR-News.xml``): 0-based offsets, about one in eleven off by one or more
  characters; the ``phrase`` is authoritative and is looked up near the offset.
- GeoVirus (``GeoVirus.xml``): 1-based offsets (``text[start-1:end-1] == name``).

Scoring: toponym detection precision / recall / F1, strict (same span) and relaxed (one-to-one
overlap); resolution accuracy within 161 km (100 miles, the usual geoparsing threshold) and
50 km, both on gold toponyms (the system resolves the gold spans) and end to end (over the gold
toponyms the system found, and over all gold toponyms).

A diagnostic, never a replacement for the 161 km figure: gold-span accuracy where a mention
resolved to a country or first-level region also counts as right when the gold point lies in
that area (the gold point reverse geocoded to its nearest gazetteer town). Gold corpora put a
country or state at their own gazetteer's centre point, which can be hundreds of km from
another gazetteer's; this figure says how much of the gap is that convention.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sitroom.errors import InputError
from sitroom.evaluate.metrics import prf
from sitroom.evaluate.table import ScoreTable
from sitroom.gazetteer.places import GazetteerEntry

Span = tuple[int, int]

#: Distances (km) at which resolution accuracy is reported.
THRESHOLDS_KM = (161.0, 50.0)
#: How far from a stated offset a misplaced toponym phrase is looked for.
REALIGN_WINDOW = 200


@dataclass(frozen=True)
class GoldToponym:
    """One gold toponym: its span in the document text and, when geocodable, coordinates."""

    span: Span
    text: str
    lat: float | None = None
    lon: float | None = None
    kind: str = ""

    @property
    def geocoded(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class GoldDocument:
    """A gold document: text, date if known, and toponyms in text order."""

    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    published: str | None = None


@dataclass(frozen=True)
class SystemToponym:
    """What a system found: a span and the coordinates it resolved it to (if any)."""

    span: Span
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Area:
    """A country (ISO2 code; ``admin1`` None) or one of its first-level regions."""

    country: str
    admin1: str | None = None

    def holds(self, other: Area | None) -> bool:
        """Whether ``other`` (where a point lies) is this area or inside it."""
        if other is None or other.country != self.country:
            return False
        return self.admin1 is None or self.admin1 == other.admin1


class Resolution(NamedTuple):
    """Where a system put a gold span: a point, and the area when it chose a country or
    first-level region (for the centre-convention diagnostic)."""

    lat: float
    lon: float
    area: Area | None = None


# --------------------------------------------------------------------------------- readers


def _xml_file(path: str | Path, filename: str) -> Path:
    path = Path(path)
    if path.is_dir():
        candidates = [path / filename, path / "data" / filename]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            raise InputError(f"no {filename} under {path}", source=str(path))
        return found
    if not path.is_file():
        raise InputError(f"no such file: {path}", source=str(path))
    return path


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"not well-formed XML: {exc}", source=str(path)) from exc


def realign(text: str, phrase: str, start: int, end: int) -> Span | None:
    """The span of ``phrase`` at or nearest to the stated offsets; None if it is not nearby."""
    if text[start:end] == phrase:
        return start, end
    lo = max(0, start - REALIGN_WINDOW)
    hi = min(len(text), end + REALIGN_WINDOW)
    best: int | None = None
    i = text.find(phrase, lo, hi)
    while i != -1:
        if best is None or abs(i - start) < abs(best - start):
            best = i
        i = text.find(phrase, i + 1, hi)
    return (best, best + len(phrase)) if best is not None else None


def _float(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    return float(value)


def _int(value: str | None) -> int:
    return int((value or "").strip())


def read_geowebnews(path: str | Path, limit: int | None = None) -> list[GoldDocument]:
    """GeoWebNews: a directory holding ``GWN.xml`` (or ``data/GWN.xml``), or the file."""
    root = _parse(_xml_file(path, "GWN.xml"))
    documents = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        doc = GoldDocument(id="gwn-" + (article.get("file") or str(len(documents))), text=text)
        for node in article.iter("toponym"):
            phrase = node.findtext("extractedName") or ""
            span = realign(text, phrase, _int(node.findtext("start")), _int(node.findtext("end")))
            lat, lon = _float(node.findtext("latitude")), _float(node.findtext("longitude"))
            if span is None or lat is None or lon is None:
                continue
            doc.toponyms.append(GoldToponym(span, phrase, lat, lon, node.findtext("type") or ""))
        doc.toponyms.sort(key=lambda t: t.span)
        documents.append(doc)
        if limit is not None and len(documents) >= limit:
            break
    return documents


def read_trnews(path: str | Path, limit: int | None = None) -> list[GoldDocument]:
    """TR-News: a directory holding ``TR-News.xml`` (or ``data/TR-News.xml``), or the file."""
    root = _parse(_xml_file(path, "TR-News.xml"))
    documents = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        doc = GoldDocument(
            id="trn-" + (article.get("docid") or str(len(documents))),
            text=text,
            published=(article.findtext("dltime") or "").strip() or None,
        )
        for node in article.iter("toponym"):
            phrase = node.findtext("phrase") or ""
            span = realign(text, phrase, _int(node.findtext("start")), _int(node.findtext("end")))
            gaztag = node.find("gaztag")
            if span is None:
                continue
            lat = lon = None
            kind = ""
            if gaztag is not None:
                lat, lon = _float(gaztag.findtext("lat")), _float(gaztag.findtext("lon"))
                kind = (gaztag.findtext("fcode") or "").strip()
            doc.toponyms.append(GoldToponym(span, phrase, lat, lon, kind))
        doc.toponyms.sort(key=lambda t: t.span)
        documents.append(doc)
        if limit is not None and len(documents) >= limit:
            break
    return documents


def read_geovirus(path: str | Path, limit: int | None = None) -> list[GoldDocument]:
    """GeoVirus: a directory holding ``GeoVirus.xml`` (or ``data/GeoVirus.xml``), or the file.
    Its offsets are 1-based."""
    root = _parse(_xml_file(path, "GeoVirus.xml"))
    documents = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        doc = GoldDocument(id=f"gv-{len(documents)}", text=text)
        for node in article.iter("location"):
            phrase = node.findtext("name") or ""
            start, end = _int(node.findtext("start")) - 1, _int(node.findtext("end")) - 1
            span = realign(text, phrase, start, end)
            if span is None:
                continue
            lat, lon = _float(node.findtext("lat")), _float(node.findtext("lon"))
            doc.toponyms.append(GoldToponym(span, phrase, lat, lon, "location"))
        doc.toponyms.sort(key=lambda t: t.span)
        documents.append(doc)
        if limit is not None and len(documents) >= limit:
            break
    return documents


READERS: dict[str, Callable[..., list[GoldDocument]]] = {
    "GeoWebNews": read_geowebnews,
    "TR-News": read_trnews,
    "GeoVirus": read_geovirus,
}


# --------------------------------------------------------------------------------- scoring


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match(gold: Sequence[GoldToponym], system: Sequence[SystemToponym], strict: bool):
    """One-to-one pairs (gold index, system index): exact spans, or overlapping spans matched
    greedily in text order when not strict."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            if si in used:
                continue
            if (s.span == g.span) if strict else _overlaps(s.span, g.span):
                pairs.append((gi, si))
                used.add(si)
                break
    return pairs


def _within(g: GoldToponym, s: SystemToponym, km: float) -> bool:
    if not g.geocoded or s.lat is None or s.lon is None:
        return False
    return distance_km(g.lat, g.lon, s.lat, s.lon) <= km  # type: ignore[arg-type]


@dataclass
class GeoScores:
    """Counts behind every figure; the properties turn them into rates."""

    documents: int = 0
    gold: int = 0
    predicted: int = 0
    strict_hits: int = 0
    relaxed_hits: int = 0
    #: gold toponyms with coordinates, and those the system found (relaxed match)
    gold_geocoded: int = 0
    found_geocoded: int = 0
    #: hits within each threshold, end to end (over found gold toponyms)
    e2e_within: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS_KM, 0))
    #: resolution given gold spans
    given_total: int = 0
    given_within: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS_KM, 0))
    #: diagnostic: within 161 km, or resolved to a country / admin1 holding the gold point
    given_in_area: int = 0
    errors: list[tuple[str, str, float | None]] = field(default_factory=list)

    def strict(self) -> tuple[float, float, float]:
        return prf(self.strict_hits, self.predicted, self.gold)

    def relaxed(self) -> tuple[float, float, float]:
        return prf(self.relaxed_hits, self.predicted, self.gold)

    def given_accuracy(self, km: float) -> float:
        return self.given_within[km] / self.given_total if self.given_total else 0.0

    def area_accuracy(self) -> float:
        """Diagnostic: gold-span accuracy at 161 km where a country or admin1 choice also
        counts when the gold point lies inside it (another centre convention)."""
        return self.given_in_area / self.given_total if self.given_total else 0.0

    def e2e_accuracy(self, km: float) -> float:
        """Accuracy over the gold toponyms the system found."""
        return self.e2e_within[km] / self.found_geocoded if self.found_geocoded else 0.0

    def e2e_recall(self, km: float) -> float:
        """Share of all geocoded gold toponyms found and resolved within ``km``."""
        return self.e2e_within[km] / self.gold_geocoded if self.gold_geocoded else 0.0


Detector = Callable[[GoldDocument], list[SystemToponym]]
Resolver = Callable[[GoldDocument, list[Span]], list[tuple[float, float] | Resolution | None]]
#: Where a point lies (reverse geocoding): its country and first-level region.
Locator = Callable[[float, float], Area | None]


def score(
    documents: Iterable[GoldDocument],
    detect: Detector | None = None,
    resolve: Resolver | None = None,
    keep_errors: bool = False,
    locate: Locator | None = None,
) -> GeoScores:
    """Score end-to-end detection (``detect``) and resolution of gold spans (``resolve``);
    ``locate`` enables the area diagnostic (:meth:`GeoScores.area_accuracy`)."""
    scores = GeoScores()
    for doc in documents:
        scores.documents += 1
        gold = doc.toponyms
        scores.gold += len(gold)
        geocoded = [g for g in gold if g.geocoded]
        scores.gold_geocoded += len(geocoded)
        if detect is not None:
            system = sorted(detect(doc), key=lambda s: s.span)
            scores.predicted += len(system)
            scores.strict_hits += len(match(gold, system, strict=True))
            relaxed = match(gold, system, strict=False)
            scores.relaxed_hits += len(relaxed)
            for gi, si in relaxed:
                if not gold[gi].geocoded:
                    continue
                scores.found_geocoded += 1
                for km in THRESHOLDS_KM:
                    scores.e2e_within[km] += _within(gold[gi], system[si], km)
        if resolve is not None and geocoded:
            answers = resolve(doc, [g.span for g in geocoded])
            for g, answer in zip(geocoded, answers, strict=True):
                scores.given_total += 1
                resolution = Resolution(*answer) if answer is not None else None
                s = SystemToponym(g.span, *(resolution[:2] if resolution else (None, None)))
                for km in THRESHOLDS_KM:
                    scores.given_within[km] += _within(g, s, km)
                scores.given_in_area += _within(g, s, 161.0) or _in_area(g, resolution, locate)
                if keep_errors and not _within(g, s, 161.0):
                    km_off = (
                        distance_km(g.lat, g.lon, s.lat, s.lon)  # type: ignore[arg-type]
                        if s.lat is not None
                        else None
                    )
                    scores.errors.append((doc.id, g.text, km_off))
    return scores


def _in_area(g: GoldToponym, resolution: Resolution | None, locate: Locator | None) -> bool:
    if resolution is None or resolution.area is None or locate is None or not g.geocoded:
        return False
    return resolution.area.holds(locate(g.lat, g.lon))  # type: ignore[arg-type]


# --------------------------------------------------------------------------------- running

#: Pipeline components places depend on; the rest are disabled while evaluating.
NEEDED_PIPES = (
    "tok2vec",
    "tagger",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "ner",
    "sitroom_entity_fixes",
    "sitroom_entity_ruler",
    "sitroom_entities",
    "sitroom_places",
)


def evaluate(
    documents: list[GoldDocument], demonyms: str = "place", keep_errors: bool = False
) -> GeoScores:
    """Run sitroom's pipeline over gold documents: end-to-end detection and resolution, and
    resolution of the gold spans (with each other as context)."""
    from sitroom.nlp.geo import PlaceResolver, detect, resolve
    from sitroom.nlp.pipeline import build_nlp

    nlp = build_nlp()
    disabled = [name for name in nlp.pipe_names if name not in NEEDED_PIPES]
    component: PlaceResolver = nlp.get_pipe("sitroom_places")
    docs = {}
    with nlp.select_pipes(disable=disabled):
        for gold, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
            docs[gold.id] = doc

    def detect_doc(gold: GoldDocument) -> list[SystemToponym]:
        doc = docs[gold.id]
        candidates = detect(doc, component.gazetteer, demonyms)
        entries = resolve(candidates, component.gazetteer, lang=doc.lang_)
        return [
            SystemToponym(
                (c.start, c.end),
                e.lat if e is not None else None,
                e.lon if e is not None else None,
            )
            for c, e in zip(candidates, entries, strict=True)
        ]

    def resolve_doc(gold: GoldDocument, spans: list[Span]) -> list[Resolution | None]:
        entries = component.resolve_spans(docs[gold.id], spans)
        return [_resolution(e) if e is not None else None for e in entries]

    def locate(lat: float, lon: float) -> Area | None:
        town = component.gazetteer.nearest(lat, lon)
        return Area(town.country_code, town.admin1) if town and town.country_code else None

    return score(documents, detect_doc, resolve_doc, keep_errors=keep_errors, locate=locate)


def _resolution(entry: GazetteerEntry) -> Resolution:
    """A gazetteer entry as a :class:`Resolution` (with its area if a country or admin1)."""
    area = None
    if entry.country_code and entry.feature == "country":
        area = Area(entry.country_code)
    elif entry.country_code and entry.feature == "admin1":
        area = Area(entry.country_code, entry.admin1 or entry.name)
    return Resolution(entry.lat, entry.lon, area)


def score_table(rows: list[tuple[str, GeoScores]], title: str):
    """One row per corpus."""
    table = ScoreTable(
        title=title,
        caption="diag (a diagnostic, not the score): a country or first-level region choice "
        "also counts as right when the gold point lies in it (another centre convention)",
    )
    for column in (
        "corpus",
        "docs",
        "gold",
        "P",
        "R",
        "F1",
        "strict F1",
        "gold spans @161",
        "@50",
        "e2e @161",
        "@50",
        "e2e found @161 / all",
        "diag: gold spans @161 or in country/admin1",
    ):
        table.add_column(column, justify="left" if column == "corpus" else "right")
    for name, s in rows:
        p, r, f = s.relaxed()
        table.add_row(
            name,
            str(s.documents),
            str(s.gold),
            f"{p:.3f}",
            f"{r:.3f}",
            f"{f:.3f}",
            f"{s.strict()[2]:.3f}",
            f"{s.given_accuracy(161.0):.3f}",
            f"{s.given_accuracy(50.0):.3f}",
            f"{s.e2e_accuracy(161.0):.3f}",
            f"{s.e2e_accuracy(50.0):.3f}",
            f"{s.e2e_recall(161.0):.3f}",
            f"{s.area_accuracy():.3f}",
        )
    return table
