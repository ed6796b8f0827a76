"""The ``sitroom export`` command (registered on the main app by :mod:`sitroom.cli`)."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from sitroom.cli.common import DbOption, checked_date, stderr, store_or_fail
from sitroom.export import FORMATS, export

ExportFormat = StrEnum("ExportFormat", {name: name for name in FORMATS})  # type: ignore[misc]


def export_command(
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.", show_default=False)
    ],
    db: DbOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            help="csv: claims (default), events, entities or quotes; geojson: events "
            "(default) or places.",
            show_default=False,
        ),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Only documents of this outlet.", show_default=False)
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only documents published on or after this date.",
            show_default=False,
            callback=checked_date,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            help="Only documents published before this date.",
            show_default=False,
            callback=checked_date,
        ),
    ] = None,
    include_duplicates: Annotated[
        bool, typer.Option(help="Also export exact duplicate documents (syndicated copies).")
    ] = False,
) -> None:
    """Export the database: jsonl (sitroom/1 extractions), csv (claims, events, entities or
    quotes), geojson (events or places), gkg (GDELT GKG 2.1-like rows) or acled (ACLED-like
    event rows). Documents stream oldest first, so memory stays flat."""
    target: AbstractContextManager[TextIO] = (
        out.open("w", encoding="utf-8", newline="") if out else nullcontext(sys.stdout)
    )
    with store_or_fail(db) as store, target as stream:
        written = export(
            store,
            output_format.value,
            stream,
            table=table,
            outlet=outlet,
            since=since,
            until=until,
            include_duplicates=include_duplicates,
        )
    stderr.print(f"{written} records written to {out or 'standard output'}", highlight=False)
