"""Countries, with demonyms, capitals and metonyms.

The data are a small hand-curated table (``sitroom/data/countries.tsv``); it lets the entity
component turn "Russian", "Russia's", "Moscow" or "the Kremlin" into one affiliation ("Russia").
Named armed forces and role nouns are words of a language: :mod:`sitroom.nlp.actors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Country:
    name: str
    iso2: str
    demonyms: tuple[str, ...]
    other_names: tuple[str, ...]


def _data_lines(filename: str) -> list[list[str]]:
    text = resources.files("sitroom.data").joinpath(filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.split("\n") if line and not line.startswith("#")]


def _split(field: str) -> tuple[str, ...]:
    return tuple(part for part in field.split("|") if part)


@cache
def countries() -> tuple[Country, ...]:
    return tuple(
        Country(name, iso2, _split(demonyms), _split(others))
        for name, iso2, demonyms, others in _data_lines("countries.tsv")
    )


@cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in countries():
        for form in (country.name, *country.demonyms, *country.other_names):
            index.setdefault(form.casefold(), country.name)
    return index


def country_of(word: str) -> str | None:
    """The country a name, demonym, capital or metonym stands for ("Kremlin" -> "Russia")."""
    return _country_index().get(word.strip().casefold())
