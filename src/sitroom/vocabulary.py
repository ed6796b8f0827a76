"""The measures a claim can have, defined once (``data/measure_vocabulary.tsv``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Measure:
    name: str
    family: str  # the quantity it is a view of ("territory" for km² and settlements)
    description: str


@cache
def measures() -> dict[str, Measure]:
    """Every measure by name, in the file's order."""
    text = resources.files("sitroom.data").joinpath("measure_vocabulary.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {name: Measure(name, family, description) for name, family, description in rows}


def families() -> dict[str, str]:
    """Measure -> family, for the measures that share a family with another."""
    return {m.name: m.family for m in measures().values() if m.family != m.name}


def measure_or_family_names() -> list[str]:
    """What ``--measure`` accepts: every measure and every family."""
    names = list(measures())
    return names + sorted({m.family for m in measures().values()} - set(names))


def measures_named(name: str) -> list[str]:
    """The measures a user's ``--measure`` stands for: itself, or every measure of a family."""
    members = [m.name for m in measures().values() if m.family == name]
    return members if members and name not in measures() else [name]
