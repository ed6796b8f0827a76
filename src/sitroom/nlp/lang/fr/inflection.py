"""French inflection where a rule needs it (the relevance vocabulary is compared by Snowball
stem, see ``attribution.toml [topics] stems``)."""

from __future__ import annotations


def singulars(word: str) -> tuple[str, ...]:
    """The singular of a plural in -s or -x: "frappes" -> "frappe", "feux" -> "feu"."""
    return (word[:-1],) if word.endswith(("s", "x")) else ()
