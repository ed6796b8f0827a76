"""Readable terminal summaries of extractions (``--format table``), rendered with rich."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sitroom.model import Extraction


def extraction_panel(extraction: Extraction) -> Panel:
    """One panel per document: its metadata, then a table of its entities."""
    document = extraction.document
    header = Text()
    header.append(document.title or "(untitled)", style="bold")
    meta = [document.outlet, document.published, document.url]
    header.append("\n" + " · ".join(m for m in meta if m), style="dim")
    if document.duplicate_of or document.near_duplicate_of:
        header.append(
            f"\nduplicate of {document.duplicate_of or document.near_duplicate_of}", style="yellow"
        )

    table = Table(title="Entities", title_justify="left", expand=True)
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("name", style="bold")
    table.add_column("titles")
    table.add_column("affiliation")
    table.add_column("mentions", justify="right")
    table.add_column("also written")
    for entity in extraction.entities:
        table.add_row(
            entity.id,
            entity.kind,
            entity.name,
            "; ".join(entity.titles),
            " / ".join(x for x in (entity.affiliation, entity.place) if x),
            str(len(entity.mentions)),
            ", ".join(entity.aliases),
        )
    return Panel(Group(header, table), title=document.id, title_align="left")
