"""Countries (with demonyms, capitals and metonyms) and named armed forces.

The data are small hand-curated tables in ``sitroom/data/``; they let the entity component turn
"Russian", "Russia's", "Moscow" or "the Kremlin" into one affiliation ("Russia"), and recognise
armed forces by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from sitroom.nlp.lang import language_file


@dataclass(frozen=True)
class Country:
    name: str
    iso2: str
    demonyms: tuple[str, ...]
    other_names: tuple[str, ...]


@dataclass(frozen=True)
class NamedForce:
    name: str
    aliases: tuple[str, ...]
    affiliation: str | None


def _data_lines(filename: str, lang: str | None = None) -> list[list[str]]:
    """The rows of a data file: of ``sitroom/data``, or of a language's layer."""
    source = language_file(lang, filename) if lang else resources.files("sitroom.data") / filename
    text = source.read_text(encoding="utf-8")
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
def named_forces() -> tuple[NamedForce, ...]:
    rows = _data_lines("forces.txt", "en")
    padded = [row + [""] * (3 - len(row)) for row in rows]
    return tuple(
        NamedForce(name, _split(aliases), affiliation or None)
        for name, aliases, affiliation in padded
    )


@cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in countries():
        for form in (country.name, *country.demonyms, *country.other_names):
            index.setdefault(form.casefold(), country.name)
    return index


@cache
def role_nouns() -> frozenset[str]:
    """Nouns naming a person's office or role ("governor", "spokesman", "adviser")."""
    return frozenset(row[0] for row in _data_lines("roles.txt", "en"))


def country_of(word: str) -> str | None:
    """The country a name, demonym, capital or metonym stands for ("Kremlin" -> "Russia")."""
    return _country_index().get(word.strip().casefold())
