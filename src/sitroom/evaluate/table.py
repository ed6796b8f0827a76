"""A table of scores as plain data: the evaluations fill it, the command line renders it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ScoreTable:
    """Rows of scores under a title, each column left- or right-aligned, with a caption."""

    title: str = ""
    caption: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)  # (header, "left" | "right")
    rows: list[tuple[str, ...]] = field(default_factory=list)

    def add_column(self, header: str, justify: str = "left") -> None:
        self.columns.append((header, justify))

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)
