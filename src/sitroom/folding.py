"""Text folding shared by names and places: the form two spellings of one name have in common,
and a dictionary form given back its capitals."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii


@lru_cache(maxsize=65536)
def ascii_fold(text: str) -> str:
    """Lowercase ASCII: other scripts transliterated (Зеленский -> zelenskiy, Харків ->
    kharkiv), accents removed, apostrophes and dashes dropped, spaces collapsed."""
    latin = "".join(anyascii(c) if c.isalpha() and not _latin(c) else c for c in text)
    decomposed = unicodedata.normalize("NFKD", latin)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = re.sub(r"['’`ʼ‘]", "", stripped)
    return " ".join(re.sub(r"[-‐‑–]", " ", stripped).casefold().split())


def _latin(char: str) -> bool:
    """A letter of the Latin script (accented, IPA: "ə"), which folding keeps as it is."""
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


def latin_script(text: str) -> bool:
    """Whether every letter of a text is a Latin one ("Kyiv", "São Paulo"; not "Київ")."""
    return all(_latin(c) for c in text if c.isalpha())


def with_capitals(form: str, like: str) -> str:
    """A dictionary form, which is lower case, with the capitals of the word it comes from
    ("харків" like "Харкові" -> "Харків", "зсу" like "ЗСУ" -> "ЗСУ")."""
    if like.isupper() and len(like) > 1:
        return form.upper()
    if like[:1].isupper():
        return form[:1].upper() + form[1:]
    return form
