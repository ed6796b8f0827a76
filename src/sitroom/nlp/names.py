"""Pure functions for comparing names: ASCII folding, spelling families, typo tolerance.

News transliterates Slavic and Arabic names in several ways (Zelenskiy / Zelenskyy / Zelensky,
Syrskyi / Syrsky) and sometimes misspells them (Syrkyi). These helpers decide whether two
surface forms can name the same person; the entity component adds context (titles, first names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

from sitroom.folding import ascii_fold
from sitroom.nlp.lang import lexicon


@dataclass(frozen=True)
class Words:
    """This module's word lists in one language (lang/<code>/entities.toml, ``[names]``)."""

    #: Honorifics dropped from the front of a person's name ("Mr Zelensky").
    honorifics: frozenset[str]
    #: Articles dropped from the front of a name ("the Kremlin", "la Défense").
    articles: frozenset[str]


@cache
def words(lang: str) -> Words:
    """The word lists of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "entities")["names"]
    return Words(honorifics=frozenset(lists["honorifics"]), articles=frozenset(lists["articles"]))


#: English: link/entities.py compares names across documents (no Doc, no language) with it.
HONORIFICS = words("en").honorifics

# Transliteration endings that vary between outlets: -iy, -yy, -yi, -ii, -ij, -y are one family.
_ENDING_FAMILY = re.compile(r"(iy|yy|yi|ii|ij|yj)$")
_DOUBLE = re.compile(r"(.)\1")
_VOWELS = re.compile(r"[aeiouwy]+")


@lru_cache(maxsize=65536)
def spelling_key(name: str) -> str:
    """A key shared by the usual transliteration variants of a name token.

    >>> spelling_key("Zelenskiy") == spelling_key("Zelenskyy") == spelling_key("Zelensky")
    True
    """
    key = ascii_fold(name).replace(" ", "")
    key = _ENDING_FAMILY.sub("y", key)
    key = key.replace("kh", "h").replace("ph", "f").replace("ou", "u")
    return _DOUBLE.sub(r"\1", key)


@lru_cache(maxsize=65536)
def consonant_skeleton(name: str) -> str:
    """The consonants of a name after its first letter, for vowel-varying transliterations of
    Arabic names (Mohammed / Muhammad, Jolani / Jawlani)."""
    key = spelling_key(name)
    return key[:1] + _VOWELS.sub("", key[1:])


@lru_cache(maxsize=65536)
def vowel_pattern(name: str) -> str:
    """The consonant skeleton with a mark where each run of vowels stands: transliterations
    vary a vowel but keep it in place (Mohammed / Muhammad: "mhmd" as "m.h.m.d"), while
    different words that share a skeleton do not (Tories "t.r.s" / Truss "tr.s"). A final
    vowel may come and go (Mykhailo / Mikhail)."""
    key = spelling_key(name)
    return key[:1] + _VOWELS.sub(".", key[1:]).rstrip(".")


def is_gender_pair(a: str, b: str) -> bool:
    """Masculine / feminine Slavic surnames (Ivanov / Ivanova, Zelensky / Zelenska, Kowalski /
    Kowalska): two people, also when the stems are spelt differently (Zelensky / Zelinska)."""
    ka, kb = spelling_key(a), spelling_key(b)
    for masculine, feminine in ((ka, kb), (kb, ka)):
        if masculine[-1:] in ("a", "e", "o", "u") or not feminine.endswith("a"):
            continue
        stems = {masculine, masculine[:-1] if masculine[-1:] in ("y", "i") else masculine}
        if any(_same_stem(stem, feminine[:-1]) for stem in stems):
            return True
    return False


def _same_stem(a: str, b: str) -> bool:
    """Surname stems that are equal or differ only in their vowels (Zelensk / Zelinsk)."""
    return a == b or (min(len(a), len(b)) >= 4 and vowel_pattern(a) == vowel_pattern(b))


@lru_cache(maxsize=65536)
def same_name_token(a: str, b: str, *, typo_ratio: float = 0.8) -> bool:
    """Whether two name tokens are variants or a plausible typo of one another.

    Typos are accepted only for tokens of five or more letters that share their first letter, so
    that short distinct names (Ivan / Ivor) stay apart.
    """
    if spelling_key(a) == spelling_key(b):
        return True
    if is_gender_pair(a, b):
        return False
    skeleton = consonant_skeleton(a)
    if (
        len(skeleton) >= 3
        and min(len(a), len(b)) >= 5
        and skeleton == consonant_skeleton(b)
        and vowel_pattern(a) == vowel_pattern(b)
    ):
        return True
    ka, kb = spelling_key(a), spelling_key(b)
    if min(len(ka), len(kb)) < 5 or ka[0] != kb[0] or abs(len(ka) - len(kb)) > 2:
        return False
    return _one_slip(a, b) and SequenceMatcher(None, ka, kb).ratio() >= typo_ratio


def _one_slip(a: str, b: str) -> bool:
    """Whether two spellings differ by one typo, not by a longer ending (Church / Churchill) or
    two consonant changes (Mitchell / Michelin).

    A typo changes, adds or drops a letter or two in one place (Syrskyi / Syrkyi) or swaps two
    neighbours (Slutsky / Slutksy); vowels may also differ elsewhere, as transliterations of
    one name do.
    """
    shorter, longer = sorted((ascii_fold(a), ascii_fold(b)), key=len)
    if longer.startswith(shorter) and len(longer) - len(shorter) > 2:
        return False
    ka, kb = spelling_key(a), spelling_key(b)
    if _is_transposition(ka, kb):
        return True
    slips = [
        (ka[i1:i2], kb[j1:j2])
        for op, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb).get_opcodes()
        if op != "equal"
    ]
    return sum(1 for x, y in slips if _VOWELS.sub("", x + y)) <= 1


def _is_transposition(a: str, b: str) -> bool:
    """Whether two neighbouring letters are swapped and nothing else differs."""
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]


def compatible_first_names(a: str, b: str) -> bool:
    """First names agree if they are variants or one is the other's initial ("V." / Volodymyr)."""
    fa, fb = ascii_fold(a).rstrip("."), ascii_fold(b).rstrip(".")
    if len(fa) == 1 or len(fb) == 1:
        return fa[:1] == fb[:1]
    return same_name_token(a, b)


def initials(words: list[str]) -> str:
    """Upper-case initials of the significant words: "Rapid Support Forces" -> "RSF"."""
    skip = {"of", "the", "and", "for", "in", "on", "de", "al"}
    return "".join(w[0].upper() for w in words if w and w.casefold() not in skip and w[0].isalpha())
