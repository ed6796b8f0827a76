"""Geometry for the dashboard's SVG: the event map (equirectangular, no tiles) and the
timeline (bars per day). Plain numbers out; the templates draw them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

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
class Dot:
    x: float
    y: float
    r: float
    title: str
    href: str


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
    dots: list[Dot]
    grid: list[GridLine]


def event_map(events: Iterable[StoredEvent], width: int = MAP_WIDTH) -> EventMap:
    """Events as dots on an equirectangular projection fitted to where they are (one dot per
    place, its area growing with the number of events there)."""
    height = round(width * MAP_HEIGHT / MAP_WIDTH)
    located = [e for e in events if e.lat is not None and e.lon is not None]
    at: dict[tuple[float, float], list[StoredEvent]] = {}
    for event in located:
        at.setdefault((round(event.lon, 2), round(event.lat, 2)), []).append(event)  # type: ignore[arg-type]
    if not at:
        return EventMap(width, height, [], [])
    lons = [lon for lon, _ in at]
    lats = [lat for _, lat in at]
    west, east, south, north = _fit(min(lons), max(lons), min(lats), max(lats), width / height)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (
            round((lon - west) / (east - west) * width, 1),
            round((north - lat) / (north - south) * height, 1),
        )

    dots = []
    for (lon, lat), here in sorted(at.items(), key=lambda kv: -len(kv[1])):
        x, y = project(lon, lat)
        kinds = Counter(e.type for e in here)
        title = (
            f"{here[0].place or '?'}: {len(here)} event{'s' * (len(here) > 1)} ("
            + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
            + ")"
        )
        href = f"/documents/{here[0].doc_id}#{here[0].id}"
        dots.append(Dot(x, y, round(3 + 2.5 * len(here) ** 0.5, 1), title, href))
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
    return EventMap(width, height, dots, grid)


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
            bars.append(Bar(x, axis - h, round(bar, 1), h, name, f"{day}: {n} {name}"))
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
