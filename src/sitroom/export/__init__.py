"""Exports of a sitroom database: JSON Lines, CSV tables, GeoJSON, GDELT GKG-like and
ACLED-like rows, one module per format.

Every format is written document by document from :meth:`Store.iter_extractions`, which
streams, so an export of any size runs in flat memory. The fields of each format are
documented in the README ("Exports").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from sitroom.errors import SitroomError
from sitroom.export.acled import write_acled
from sitroom.export.geojson import LAYERS, write_geojson
from sitroom.export.gkg import write_gkg
from sitroom.export.jsonl import write_jsonl
from sitroom.export.tables import TABLES, write_csv

if TYPE_CHECKING:
    from sitroom.store.repository import Store

FORMATS = ("jsonl", "csv", "geojson", "gkg", "acled")

__all__ = [
    "FORMATS",
    "LAYERS",
    "TABLES",
    "export",
    "write_acled",
    "write_csv",
    "write_geojson",
    "write_gkg",
    "write_jsonl",
]


class ExportError(SitroomError):
    """An export was asked for in a form that does not exist."""

    code = "E400"


def export(
    store: Store,
    fmt: str,
    out: TextIO,
    *,
    table: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_duplicates: bool = False,
) -> int:
    """Write the stored documents (filtered by outlet and publication date) in a format;
    return the number of records written (lines, rows or features).

    ``table`` chooses the CSV table (claims, events, entities, quotes; default claims) or the
    GeoJSON layer (events, places; default events); other formats take none."""
    extractions = store.iter_extractions(
        outlet=outlet, since=since, until=until, include_duplicates=include_duplicates
    )
    if fmt == "csv":
        chosen = _choice(table or "claims", tuple(TABLES), "CSV table")
        return write_csv(extractions, out, table=chosen, links=store.document_links)
    if fmt == "geojson":
        return write_geojson(extractions, out, layer=_choice(table or "events", LAYERS, "layer"))
    if table:
        raise ExportError(f"--table applies to csv and geojson, not to {fmt}")
    if _choice(fmt, FORMATS, "format") == "jsonl":
        return write_jsonl(extractions, out, links=store.document_links)
    writers = {"gkg": write_gkg, "acled": write_acled}
    return writers[fmt](extractions, out)


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ExportError(f"unknown {what} {value!r}: choose one of {', '.join(allowed)}")
    return value
