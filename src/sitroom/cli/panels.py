"""Readable terminal summaries of extractions (``sitroom extract --format table``)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sitroom.evaluate.table import ScoreTable
from sitroom.model import Extraction
from sitroom.nlp.lang import reading_language
from sitroom.nlp.topics import document_verdict, judges
from sitroom.report import attribution, figure, readable_date, repeat_note


def _table(title: str, headers: Iterable[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, title_justify="left", expand=True)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def extraction_panel(extraction: Extraction) -> Panel:
    """One panel per document: its metadata, then tables of what was found in it."""
    document = extraction.document
    header = Text()
    header.append(document.title or "(untitled)", style="bold")
    meta = [document.outlet, document.published, document.url]
    header.append("\n" + " · ".join(m for m in meta if m), style="dim")
    if document.duplicate_of or document.near_duplicate_of:
        header.append(
            f"\nduplicate of {document.duplicate_of or document.near_duplicate_of}", style="yellow"
        )
    lang = reading_language(document.lang)
    verdict = document_verdict(document.text, lang=lang) if judges(lang) else None
    if verdict is not None and not verdict.conflict:
        news = f"{verdict.topic} news" if verdict.topic else "not conflict news"
        found = extraction.claims or extraction.events
        header.append(
            f"\n{news}: claims and events only from sentences about conflict"
            if found
            else f"\n{news}, not conflict news: no claims or events",
            style="yellow",
        )
    names = {e.id: e.name for e in extraction.entities}
    parts: list[RenderableType] = [header]
    parts.append(
        _table(
            "Entities",
            ("id", "kind", "name", "titles", "affiliation / place", "mentions", "also written"),
            [
                [
                    e.id,
                    e.kind,
                    e.name,
                    "; ".join(e.titles),
                    " / ".join(x for x in (e.affiliation, e.place) if x),
                    str(len(e.mentions)),
                    ", ".join(e.aliases),
                ]
                for e in extraction.entities
            ],
        )
    )
    if extraction.claims:
        parts.append(
            _table(
                "Claims",
                ("id", "measure", "figure", "as written", "subject", "place", "claimant", "as of"),
                [
                    [
                        c.id,
                        c.measure,
                        figure(c) + repeat_note(c.repeat_of),
                        c.text,
                        c.subject or "",
                        c.place or "",
                        attribution(c.claimant_name or "the outlet", c.claimant_kind, c.relay),
                        readable_date(c.as_of, None) if c.as_of else "",
                    ]
                    for c in extraction.claims
                ],
            )
        )
    if extraction.quotes:
        parts.append(
            _table(
                "Quotes",
                ("id", "kind", "speaker", "text"),
                [
                    [q.id, q.kind, names.get(q.speaker or "", "?"), q.text]
                    for q in extraction.quotes
                ],
            )
        )
    if extraction.events:
        parts.append(
            _table(
                "Events",
                ("id", "type", "trigger", "place", "date", "killed", "actors"),
                [
                    [
                        v.id,
                        v.type + (f" ({v.sub_type})" if v.sub_type else ""),
                        v.trigger_text or "",
                        v.place_name or "",
                        v.date or "",
                        "" if v.fatalities is None else f"{v.fatalities.value:,.0f}",
                        ", ".join(names.get(a, a) for a in v.actors),
                    ]
                    for v in extraction.events
                ],
            )
        )
    return Panel(Group(*parts), title=document.id, title_align="left")


def score_table(scores: ScoreTable) -> Table:
    """An evaluation's table of scores, for the terminal."""
    table = Table(title=scores.title, title_justify="left", caption=scores.caption or None)
    for header, justify in scores.columns:
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for row in scores.rows:
        table.add_row(*row)
    return table
