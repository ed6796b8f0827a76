"""GeoJSON (RFC 7946): a FeatureCollection of Point features, one per event whose place was
resolved to coordinates (layer "events") or one per resolved place per document (layer
"places"). Coordinates are ``[longitude, latitude]`` (WGS 84), as the RFC orders them.

The collection is written feature by feature, never built in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from sitroom.export.common import entity_names, number, place_with_id, text_of
from sitroom.export.tables import figure_claimants
from sitroom.model import Extraction, Figure, Place

LAYERS = ("events", "places")


def _point(place: Place) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [place.lon, place.lat]}


def _figure(figure: Figure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {
        "value": number(figure.value),
        "low": number(figure.low),
        "high": number(figure.high),
        "hedge": figure.hedge,
        "claimants": figure.claimants,
    }


def _source(extraction: Extraction) -> dict[str, Any]:
    document = extraction.document
    return {
        "doc_id": document.id,
        "outlet": document.outlet,
        "published": document.published,
        "url": document.url,
    }


def event_features(extraction: Extraction) -> Iterator[dict[str, Any]]:
    for event in extraction.events:
        place = place_with_id(extraction, event.place)
        if place is None or place.lat is None or place.lon is None:
            continue
        figures = (event.fatalities, event.injured, event.displaced)
        yield {
            "type": "Feature",
            "id": f"{extraction.document.id}/{event.id}",
            "geometry": _point(place),
            "properties": {
                **_source(extraction),
                "event_id": event.id,
                "type": event.type,
                "sub_type": event.sub_type,
                "acled_event_type": event.acled_event_type,
                "acled_sub_event_type": event.acled_sub_event_type,
                "date": event.date,
                "date_precision": event.date_precision,
                "place": place.name,
                "admin1": place.admin1,
                "country_code": place.country_code,
                "place_precision": event.place_precision,
                "actors": entity_names(extraction, event.actors),
                "targets": entity_names(extraction, event.targets),
                "fatalities": _figure(event.fatalities),
                "injured": _figure(event.injured),
                "displaced": _figure(event.displaced),
                "claimants": figure_claimants(*figures),
                "confidence": event.confidence,
                "sentence": text_of(extraction, event.span),
            },
        }


def place_features(extraction: Extraction) -> Iterator[dict[str, Any]]:
    for place in extraction.places:
        if place.lat is None or place.lon is None:
            continue
        yield {
            "type": "Feature",
            "id": f"{extraction.document.id}/{place.id}",
            "geometry": _point(place),
            "properties": {
                **_source(extraction),
                "place_id": place.id,
                "name": place.name,
                "feature": place.feature,
                "admin1": place.admin1,
                "country_code": place.country_code,
                "gazetteer_id": place.gazetteer_id,
                "precision": place.precision,
                "mentions": len(place.mentions),
            },
        }


def write_geojson(extractions: Iterable[Extraction], out: TextIO, *, layer: str = "events") -> int:
    """Write the FeatureCollection, one feature a line; return the number of features."""
    features = event_features if layer == "events" else place_features
    out.write('{"type": "FeatureCollection", "features": [\n')
    written = 0
    for extraction in extractions:
        for feature in features(extraction):
            if written:
                out.write(",\n")
            out.write(json.dumps(feature, ensure_ascii=False))
            written += 1
    out.write("\n]}\n")
    return written
