"""Named armed forces and the nouns of offices and roles, as a language names them
(``lang/<code>/forces.txt``, ``lang/<code>/roles.txt``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sitroom.nlp.lang import language_file


@dataclass(frozen=True)
class NamedForce:
    name: str
    aliases: tuple[str, ...]
    affiliation: str | None


def _rows(lang: str, filename: str) -> list[list[str]]:
    text = language_file(lang, filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.split("\n") if line and not line.startswith("#")]


def _split(field: str) -> tuple[str, ...]:
    return tuple(part for part in field.split("|") if part)


@cache
def named_forces(lang: str = "en") -> tuple[NamedForce, ...]:
    """The armed forces ``lang`` names (``lang/<lang>/forces.txt``)."""
    padded = [row + [""] * (3 - len(row)) for row in _rows(lang, "forces.txt")]
    return tuple(
        NamedForce(name, _split(aliases), affiliation or None)
        for name, aliases, affiliation in padded
    )


@cache
def role_nouns(lang: str = "en") -> frozenset[str]:
    """Nouns naming a person's office or role ("governor", "spokesman", "adviser") in ``lang``
    (``lang/<lang>/roles.txt``)."""
    return frozenset(row[0] for row in _rows(lang, "roles.txt"))
