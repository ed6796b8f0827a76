"""The measures a claim can have and the types an event can have, each defined once
(``data/measure_vocabulary.tsv``, ``data/event_types.tsv``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

#: What one figure of a measure stands for (the file's comment says more).
FIGURE_KINDS = ("incident", "state", "count")


@dataclass(frozen=True)
class Measure:
    name: str
    family: str  # the quantity it is a view of ("territory" for km² and settlements)
    figure: str  # one of FIGURE_KINDS
    gkg: str | None  # the GDELT GKG count type, if GKG has one
    description: str


@cache
def measures() -> dict[str, Measure]:
    """Every measure by name, in the file's order."""
    text = resources.files("sitroom.data").joinpath("measure_vocabulary.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    found = {
        name: Measure(name, family, figure, None if gkg == "-" else gkg, description)
        for name, family, figure, gkg, description in rows
    }
    unknown = [m.name for m in found.values() if m.figure not in FIGURE_KINDS]
    if unknown:
        raise ValueError(f"measure_vocabulary.tsv: {unknown[0]} has an unknown figure kind")
    return found


def measures_of_figure(figure: str) -> frozenset[str]:
    """The measures whose figures are of one kind ("incident", "state", "count")."""
    return frozenset(m.name for m in measures().values() if m.figure == figure)


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


@dataclass(frozen=True)
class EventType:
    name: str
    rank: int  # when two triggers name one event, the higher rank gives its type
    violent: bool  # political violence: the events casualty figures belong to
    description: str


@cache
def event_types() -> dict[str, EventType]:
    """Every event type by name, in the file's order."""
    text = resources.files("sitroom.data").joinpath("event_types.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {
        name: EventType(name, int(rank), violent == "yes", description)
        for name, rank, violent, description in rows
    }
