"""Geometry for the dashboard's SVG: the event map (equirectangular, country borders from
Natural Earth, no tiles) and the timeline (bars per day). Plain numbers out; the templates
draw them."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources

from sitroom.gazetteer.actors import countries
from sitroom.store.records import StoredEvent

MAP_WIDTH, MAP_HEIGHT = 640, 360
TIMELINE_WIDTH, TIMELINE_HEIGHT = 640, 140
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def day_of(*values: str | None) -> date | None:
    """The first of ``values`` that starts with an ISO day (2024-08-13...)."""
    for value in values:
        if value and _DAY.match(value):
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


@dataclass(frozen=True)
class Mark:
    """Events at one place on one day: a dot for a town, a wide disc for a region."""

    x: float
    y: float
    r: float
    title: str
    href: str
    day: str  # ISO day of the events (their date, else publication), "" when undated
    kind: str  # "town" | "region"


@dataclass(frozen=True)
class Area:
    """Events placed only in a country, drawn as the country."""

    path: str
    title: str
    href: str
    day: str


@dataclass(frozen=True)
class GridLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str


@dataclass(frozen=True)
class EventMap:
    width: int
    height: int
    marks: list[Mark]
    areas: list[Area]
    borders: list[str]  # SVG path data of the countries in view
    grid: list[GridLine]
    days: list[str] = field(default_factory=list)  # the marks' days, in order


#: How wide a region is drawn, in km (a region has no point; most first-level regions of the
#: countries in the news are 100-300 km across).
REGION_RADIUS_KM = 120
_KM_PER_DEGREE = 111.32
#: Event place precision (sitroom.nlp.geo) -> how it is drawn
_DRAWN_AS = {"1": "town", "2": "town", "3": "region", "country": "country"}


def event_map(
    events: Iterable[StoredEvent],
    width: int = MAP_WIDTH,
    within: tuple[date, date] | None = None,
) -> EventMap:
    """Events on an equirectangular projection fitted to where they are, over the borders of
    the countries in view: one mark per place and day (its area growing with the number of
    events), a town as a dot, a region as a wide disc, a country as its shape. A day outside
    ``within`` (the documents' own dates: history or a misreading) counts as undated, so it
    does not stretch the time player."""
    height = round(width * MAP_HEIGHT / MAP_WIDTH)
    at: dict[tuple[float, float, str, str], list[StoredEvent]] = {}
    for event in events:
        if event.lat is None or event.lon is None:
            continue
        day = day_of(event.date, event.published)
        if day is not None and within is not None and not within[0] <= day <= within[1]:
            day = None
        kind = _DRAWN_AS.get(event.place_precision or "", "town")
        key = (round(event.lon, 2), round(event.lat, 2), day.isoformat() if day else "", kind)
        at.setdefault(key, []).append(event)
    if not at:
        return EventMap(width, height, [], [], [], [])
    lons = [key[0] for key in at]
    lats = [key[1] for key in at]
    box = _fit(min(lons), max(lons), min(lats), max(lats), width / height)
    west, east, south, north = box

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (
            round((lon - west) / (east - west) * width, 1),
            round((north - lat) / (north - south) * height, 1),
        )

    region_r = REGION_RADIUS_KM / _KM_PER_DEGREE * height / (north - south)
    shapes = country_shapes()
    marks, areas = [], []
    for (lon, lat, day, kind), here in sorted(at.items(), key=lambda kv: -len(kv[1])):
        kinds = Counter(e.type for e in here)
        title = (
            f"{here[0].place or '?'}{f', {day}' if day else ''}: {len(here)} "
            f"event{'s' * (len(here) > 1)} ("
            + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
            + ")"
        )
        href = f"/documents/{here[0].doc_id}#{here[0].id}"
        shape = shapes.get(here[0].country_code or "") if kind == "country" else None
        if shape is not None:
            areas.append(Area(_path(shape, project), title, href, day))
            continue
        x, y = project(lon, lat)
        r = 3 + 2.5 * len(here) ** 0.5
        drawn = "region" if kind in ("region", "country") else "town"
        marks.append(
            Mark(
                x,
                y,
                round(max(r, region_r) if drawn == "region" else r, 1),
                title,
                href,
                day,
                drawn,
            )
        )
    borders = [_path(rings, project) for rings in shapes.values() if _in_view(rings, box)]
    step = _grid_step(east - west)
    grid = []
    for lon in range(int(west // step * step), int(east) + 1, step):
        if west <= lon <= east:
            x, _ = project(lon, north)
            grid.append(GridLine(x, 0, x, height, f"{abs(lon)}°{'E' if lon >= 0 else 'W'}"))
    for lat in range(int(south // step * step), int(north) + 1, step):
        if south <= lat <= north:
            _, y = project(west, lat)
            grid.append(GridLine(0, y, width, y, f"{abs(lat)}°{'N' if lat >= 0 else 'S'}"))
    days = sorted({key[2] for key in at if key[2]})
    return EventMap(width, height, marks, areas, borders, grid, days)


Ring = list[tuple[float, float]]


@cache
def country_shapes() -> dict[str, list[Ring]]:
    """Each country's outline (rings of lon, lat) by ISO 3166 alpha-2 code, from Natural
    Earth's 1:110m countries as world-atlas ships them (TopoJSON); countries sitroom's table
    does not know by name are kept under their own name."""
    text = resources.files("sitroom.data").joinpath("world-atlas", "countries-110m.json")
    topology = json.loads(text.read_text(encoding="utf-8"))
    arcs = _decoded_arcs(topology)
    codes = {country.name.casefold(): country.iso2 for country in countries()}
    codes.update({name.casefold(): code for name, code in NATURAL_EARTH_NAMES.items()})
    shapes: dict[str, list[Ring]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}
        rings = [
            _ring(ring, arcs)
            for polygon in polygons.get(geometry.get("type"), [])
            for ring in polygon
        ]
        name = geometry.get("properties", {}).get("name", "")
        shapes[codes.get(name.casefold(), name)] = rings
    return shapes


#: Natural Earth's short names that differ from sitroom's country table.
NATURAL_EARTH_NAMES = {
    "United States of America": "US",
    "Dem. Rep. Congo": "CD",
    "Congo": "CG",
    "Central African Rep.": "CF",
    "S. Sudan": "SS",
    "Bosnia and Herz.": "BA",
    "Dominican Rep.": "DO",
    "Czechia": "CZ",
    "Côte d'Ivoire": "CI",
    "eSwatini": "SZ",
    "W. Sahara": "EH",
    "Eq. Guinea": "GQ",
    "Solomon Is.": "SB",
    "Falkland Is.": "FK",
    "N. Cyprus": "CY",
    "Macedonia": "MK",
    "Myanmar": "MM",
    "Palestine": "PS",
}


def _decoded_arcs(topology: dict) -> list[Ring]:
    """The topology's arcs in lon, lat (quantized, delta-encoded positions decoded)."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for step_x, step_y in arc:
            x, y = x + step_x, y + step_y
            points.append((x * kx + dx, y * ky + dy))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    """A ring from its arcs (a negative index ~i is arc i reversed), shared ends once."""
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def _in_view(rings: list[Ring], box: tuple[float, float, float, float]) -> bool:
    west, east, south, north = box
    return any(
        west <= lon <= east and south <= lat <= north for ring in rings for lon, lat in ring
    ) or any(
        min(p[0] for p in ring) <= west
        and max(p[0] for p in ring) >= east
        and min(p[1] for p in ring) <= south
        and max(p[1] for p in ring) >= north
        for ring in rings
    )


def _path(rings: list[Ring], project: Callable[[float, float], tuple[float, float]]) -> str:
    """SVG path data of rings, points closer than half a pixel to the last one dropped."""
    parts = []
    for ring in rings:
        points: list[tuple[float, float]] = []
        for lon, lat in ring:
            x, y = project(lon, lat)
            if not points or abs(x - points[-1][0]) + abs(y - points[-1][1]) >= 0.5:
                points.append((x, y))
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


def _fit(
    west: float, east: float, south: float, north: float, aspect: float
) -> tuple[float, float, float, float]:
    """A box around the points with a margin, at least 8° tall, with the map's aspect."""
    margin = max(east - west, north - south) * 0.1 + 1
    west, east, south, north = west - margin, east + margin, south - margin, north + margin
    lat_span = max(north - south, 8.0, (east - west) / aspect)
    lon_span = lat_span * aspect
    centre_lon, centre_lat = (west + east) / 2, (south + north) / 2
    return (
        centre_lon - lon_span / 2,
        centre_lon + lon_span / 2,
        centre_lat - lat_span / 2,
        centre_lat + lat_span / 2,
    )


def _grid_step(lon_span: float) -> int:
    return next(step for step in (1, 2, 5, 10, 20, 30, 60) if lon_span / step <= 12)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    kind: str
    title: str
    day: str = ""  # ISO day


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]
    series: tuple[str, ...]
    #: (y, count) of the horizontal gridlines: 0, half the highest bar, the highest
    y_labels: list[tuple[float, str]] = field(default_factory=list)


def timeline(
    counts: dict[str, Counter[date]],
    width: int = TIMELINE_WIDTH,
    height: int = TIMELINE_HEIGHT,
    max_days: int = 120,
    within: tuple[date, date] | None = None,
) -> Timeline:
    """Bars per day, one series beside the other (``counts``: series name -> day -> count),
    over the last ``max_days`` days that have anything; days outside ``within`` (the
    documents' own dates: an event dated to 2015 or 2031 in a 2024 corpus is history or a
    misreading) are left out, so they cannot squeeze the chart to one edge."""
    if within is not None:
        counts = {
            name: Counter({d: n for d, n in c.items() if within[0] <= d <= within[1]})
            for name, c in counts.items()
        }
    days = sorted(set().union(*(c.keys() for c in counts.values())))
    series = tuple(counts)
    if not days:
        return Timeline(width, height, [], [], series)
    first = max(days[0], days[-1] - timedelta(days=max_days - 1))
    span = (days[-1] - first).days + 1
    top = max(max(c.values(), default=0) for c in counts.values()) or 1
    axis = height - 18  # room for the date labels
    slot = width / span
    bar = max(slot / (len(series) + 1), 1.0)
    bars = []
    for index, name in enumerate(series):
        for day, n in counts[name].items():
            if day < first:
                continue
            h = round(n / top * (axis - 4), 1)
            x = round((day - first).days * slot + index * bar + bar / 2, 1)
            bars.append(
                Bar(x, axis - h, round(bar, 1), h, name, f"{day}: {n} {name}", day.isoformat())
            )
    every = max(1, span // 6)
    labels = [
        (round(offset * slot + slot / 2, 1), (first + timedelta(days=offset)).isoformat())
        for offset in range(0, span, every)
    ]
    y_labels = [(round(axis - k / 2 * (axis - 4), 1), f"{top * k / 2:,.0f}") for k in range(3)]
    return Timeline(width, height, bars, labels, series, y_labels)


def document_range(
    published: Iterable[date | None], lead_days: int = 31
) -> tuple[date, date] | None:
    """The days a corpus can speak of: from a month before its first publication (events are
    reported late) to the day after its last."""
    days = [d for d in published if d is not None]
    if not days:
        return None
    return min(days) - timedelta(days=lead_days), max(days) + timedelta(days=1)
