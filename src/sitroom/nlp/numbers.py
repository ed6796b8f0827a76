"""Pure functions that read the numbers news writes: digits, words, scales and vague amounts.

``parse_number(words)`` turns the words of one number ("121,000", "1.2 million",
"twenty-eight", "a dozen", "dozens") into a :class:`Amount`: a value, and for vague amounts
("dozens", "hundreds of") an interval.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from sitroom.nlp.lang import lexicon


@dataclass(frozen=True)
class Words:
    """The words of numbers in one language (lang/<code>/figures.toml [numbers])."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    #: Scales written as a suffix glued to the digits: "€10M", "$2.174T", "0.5k".
    suffix_scales: dict[str, int]
    #: Amounts that are words for a rough size: (value, low, high) (see figures.toml).
    vague: dict[str, tuple[int, int, int]]
    #: Fraction words and their denominators: "two thirds", "a half", "three quarters".
    denominators: dict[str, int]
    ordinals: frozenset[str]
    #: What separates a number's decimals: "." in English ("1.2 million", "1,200" a
    #: thousand and more), "," in Russian and Ukrainian ("1,2 млн", "2 000").
    decimal_separator: str
    #: The articles a number may start with ("a dozen", "a third", "two and a half").
    indefinite_articles: frozenset[str]
    #: Words joining a number's parts ("a hundred and five"), after the scales they may
    #: follow.
    conjunctions: frozenset[str]
    conjoined_scales: frozenset[str]
    #: Prepositions of a part or an owner: between a rough size and what it counts ("dozens
    #: of people", "the death of a child"); the plurals either side of one that make one
    #: number ("hundreds of thousands").
    genitive_prepositions: frozenset[str]
    partitive_rough_sizes: frozenset[str]
    partitive_scales: frozenset[str]
    #: How an ordinal ends in digits ("21st") and, with a pattern for words, in words
    #: ("fifteenth").
    ordinal_suffixes: tuple[str, ...]
    ordinal_pattern: re.Pattern[str]


@cache
def words(lang: str) -> Words:
    """The words of numbers in ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "figures")["numbers"]
    return Words(
        units=dict(lists["units"]),
        tens=dict(lists["tens"]),
        scales=dict(lists["scales"]),
        suffix_scales=dict(lists["suffix_scales"]),
        vague={phrase: (value, low, high) for phrase, (value, low, high) in lists["vague"].items()},
        denominators=dict(lists["denominators"]),
        ordinals=frozenset(lists["ordinals"]),
        decimal_separator=lists["decimal_separator"],
        indefinite_articles=frozenset(lists["indefinite_articles"]),
        conjunctions=frozenset(lists["conjunctions"]),
        conjoined_scales=frozenset(lists["conjoined_scales"]),
        genitive_prepositions=frozenset(lists["genitive_prepositions"]),
        partitive_rough_sizes=frozenset(lists["partitive_rough_sizes"]),
        partitive_scales=frozenset(lists["partitive_scales"]),
        ordinal_suffixes=tuple(lists["ordinal_digit_suffixes"]),
        ordinal_pattern=_ordinal_pattern(
            lists["ordinal_digit_suffixes"], lists["ordinal_word_endings"]
        ),
    )


def _ordinal_pattern(digit_suffixes: list[str], word_endings: list[str]) -> re.Pattern[str]:
    """'21st' or 'fifteenth' as the language ends its ordinals (a never-matching pattern for
    a list left empty)."""
    digits = f"^\\d+(?:{'|'.join(map(re.escape, digit_suffixes))})$" if digit_suffixes else "$^"
    words = f"^\\w+(?:{'|'.join(map(re.escape, word_endings))})$" if word_endings else "$^"
    return re.compile(f"{digits}|{words}")


#: :func:`words` under a name that ``parse_number``'s parameter ``words`` does not hide.
_words_of = words

#: English: link/claims.py compares figures across documents with the English vague amounts.
VAGUE: dict[str, tuple[int, int, int]] = words("en").vague
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


@dataclass(frozen=True)
class Amount:
    value: float
    low: float
    high: float
    vague: bool = False


def is_ordinal(word: str, *, lang: str = "en") -> bool:
    """'first', 'twelfth', '21st', 'hundredth': a rank, not an amount."""
    word = word.casefold()
    w = words(lang)
    return word in w.ordinals or w.ordinal_pattern.match(word) is not None


def _digits(word: str, decimal_separator: str = ".") -> float | None:
    if decimal_separator == ",":  # "1,2" is 1.2; "2 000" (a narrow or no-break space) 2000
        word = word.replace("\u202f", "").replace("\u00a0", "").replace(",", ".")
    word = word.replace("\u202f", ",").replace("\u00a0", ",")
    if _DIGITS.match(word):
        return float(word.replace(",", ""))
    numerator, slash, denominator = word.partition("/")  # "1/40", "3/4"
    if slash and numerator.isdigit() and denominator.isdigit() and int(denominator):
        return int(numerator) / int(denominator)
    return None


def _join_digit_groups(words: list[str]) -> list[str]:
    """'10 000' is ten thousand: a group of three digits continues the number before it."""
    joined: list[str] = []
    for word in words:
        if joined and re.fullmatch(r"\d{3}", word) and re.fullmatch(r"\d[\d,]*", joined[-1]):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def parse_number(words: list[str], *, lang: str = "en") -> Amount | None:
    """The amount the words express, or None if they are not (only) a number, or one too
    large for a float.

    >>> parse_number(["1.2", "million"]).value
    1200000.0
    >>> parse_number(["twenty", "-", "eight"]).value
    28.0
    """
    cleaned = [w.casefold() for w in words if w not in ("-", "‑", "–", "’", "'")]
    cleaned = [p for w in cleaned for p in w.split("-") if p]
    cleaned = _join_digit_groups(cleaned)
    if not cleaned:
        return None
    w = _words_of(lang)
    bare = cleaned[1:] if cleaned[0] in w.indefinite_articles else cleaned
    if bare and bare[-1] in w.genitive_prepositions:
        bare = bare[:-1]  # "hundreds of"
    phrase = " ".join(bare)
    if phrase in w.vague:
        value, low, high = w.vague[phrase]
        return Amount(value, low, high, vague=value != low or value != high)
    total = 0.0
    current = 0.0
    seen_number = False
    for word in cleaned:
        if word in w.indefinite_articles:  # "a dozen", "two and a half"
            current = 1 if not seen_number else current
            if seen_number:
                total, current = total + current, 0
            continue
        if word in w.conjunctions:
            continue
        number = _digits(word, w.decimal_separator)
        if number is not None:
            current += number
        elif word in w.denominators:  # "two thirds", "and a half", "one-half"
            total += (current or 1) / w.denominators[word]
            current = 0
        elif word in w.units:
            current += w.units[word]
        elif word in w.tens:
            current += w.tens[word]
        elif word in w.vague and len(set(w.vague[word])) == 1:  # "two dozen": an exact size
            current = (current or 1) * w.vague[word][0]
        elif word in w.scales:
            scale = w.scales[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen_number = True
    value = total + current
    if not seen_number or not math.isfinite(value):  # 400 digits are not a figure but noise
        return None
    return Amount(value, value, value)
