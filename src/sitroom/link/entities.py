"""Cross-document entity resolution: is this document's entity one we already know?

Pure functions over :class:`~sitroom.model.Entity` and :class:`Profile` (what the documents
linked to a canonical entity say about it); the store loads profiles and records the links.

- Entities are compared within a kind family (GPE and LOC are one family: spaCy labels the same
  place either way). A new entity is compared only with candidates sharing a blocking key.
- People: surnames must be spelling variants (:func:`sitroom.nlp.names.same_name_token`); if
  both sides know first names they must be compatible, so two people who share a surname stay
  apart. A bare surname needs evidence: a shared title or affiliation.
- Places: transliteration families (Kiev / Kyiv, Zaporozhye / Zaporizhzhia, Lugansk / Luhansk)
  share a consonant skeleton; a few exonyms that no rule covers are listed.
- Everything else (organisations, armed forces): the same normalised name or alias, and no
  conflicting affiliation; generic forces ("Russian troops", "Russian forces") join per country.
- When the best candidates tie, nothing is linked: a missed merge is cheaper than a false one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from sitroom.model import Entity
from sitroom.nlp.names import (
    HONORIFICS,
    ascii_fold,
    compatible_first_names,
    consonant_skeleton,
    is_gender_pair,
    same_name_token,
    spelling_key,
)

#: Russian-era or English exonyms whose current spelling no transliteration rule reaches.
EXONYMS = {
    "nikolaev": "mykolaiv",
    "nikolayev": "mykolaiv",
    "artemovsk": "bakhmut",
    "artyomovsk": "bakhmut",
    "dnepropetrovsk": "dnipro",
    "kirovograd": "kropyvnytskyi",
    "kirovohrad": "kropyvnytskyi",
}
_GENERIC_FORCE_WORDS = frozenset(
    {"forces", "troops", "units", "military", "army", "soldiers", "servicemen"}
)
_ADMIN_WORDS = frozenset({"region", "oblast", "province", "governorate", "district", "krai"})
_TITLE_STOPWORDS = frozenset({"the", "of", "a", "an", "for", "and", "s"})
_VOWELS = re.compile(r"[aeiouy]")
_REPEATED_DIGRAPH = re.compile(r"(zh|sh|ch|ts)\1+")


@dataclass
class Profile:
    """What the documents linked to one canonical entity say about it."""

    kind: str
    names: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)

    def add(self, entity: Entity) -> None:
        self.names.extend([entity.name, *entity.aliases])
        self.titles.extend(entity.titles)
        if entity.affiliation:
            self.affiliations.append(entity.affiliation)


@dataclass(frozen=True)
class Match:
    """A candidate accepted for an entity, with how strongly and why."""

    score: float
    reason: str


def kind_family(kind: str) -> str:
    return "PLACE" if kind in ("GPE", "LOC") else kind


def blocking_keys(entity: Entity) -> set[str]:
    """Keys under which an entity's possible matches are looked up."""
    family = kind_family(entity.kind)
    names = _names(entity)
    if family == "PERSON":
        keys = set()
        for surname in {_tokens(name)[-1] for name in names if _tokens(name)}:
            keys.add(f"PERSON:{spelling_key(surname)[:3]}")
            keys.add(f"PERSON~{consonant_skeleton(surname)}")
        return keys
    if family == "PLACE":
        return {f"PLACE:{place_key(name)}" for name in names if place_key(name)}
    keys = {f"{family}:{name_key(name)}" for name in names if name_key(name)}
    generic = _generic_force_key(entity)
    if generic:
        keys.add(generic)
    return keys


def match(entity: Entity, profile: Profile) -> Match | None:
    """Whether ``entity`` names the same thing as the canonical entity with ``profile``."""
    if kind_family(entity.kind) != kind_family(profile.kind):
        return None
    if _affiliations_conflict(entity, profile):
        return None
    family = kind_family(entity.kind)
    if family == "PERSON":
        return _match_person(entity, profile)
    key = place_key if family == "PLACE" else name_key
    if _keys(profile.names, key) & _keys(_names(entity), key):
        return Match(1.0, "place spelling" if family == "PLACE" else "name")
    if (
        _generic_force_key(entity)
        and profile.affiliations
        and any(_is_generic_force_name(name) for name in profile.names)
    ):
        return Match(0.5, "generic force")
    return None


def best_match(entity: Entity, candidates: Mapping[int, Profile]) -> tuple[int, Match] | None:
    """The single best candidate, or None if none matches or the best ones tie."""
    scored = sorted(
        ((found, cid) for cid, profile in candidates.items() if (found := match(entity, profile))),
        key=lambda item: (-item[0].score, item[1]),
    )
    if not scored or (len(scored) > 1 and scored[0][0].score == scored[1][0].score):
        return None
    found, cid = scored[0]
    return cid, found


def name_matches(query: str, names: Iterable[str]) -> bool:
    """Whether a name someone searches for is a spelling variant of one of ``names``
    (looser than :func:`match`: a bare surname finds every person of that surname)."""
    query_tokens = _tokens(query)
    if not query_tokens:
        return False
    for name in names:
        tokens = _tokens(name)
        if not tokens:
            continue
        if place_key(name) == place_key(query) or name_key(name) == name_key(query):
            return True
        if same_name_token(tokens[-1], query_tokens[-1]) and (
            len(query_tokens) == 1
            or len(tokens) == 1
            or first_names_compatible(tokens[0], query_tokens[0])
        ):
            return True
    return False


def preferred_name(names: Iterable[str], *, prefer_longer: bool = False) -> str:
    """The name a canonical entity goes by: the most frequent; on ties the shorter ("Kursk"
    over "Kursk Region") or, with ``prefer_longer``, the longer (a person's full name)."""
    counts = Counter(names)
    sign = 1 if prefer_longer else -1
    return max(sorted(counts), key=lambda name: (counts[name], sign * len(name)))


def place_key(name: str) -> str:
    """A key shared by transliterations of a place name (Kiev / Kyiv, Kharkov / Kharkiv).

    Per word: first letter plus consonant skeleton (Russian g read as Ukrainian h, repeated
    zh/sh/ch/ts collapsed), plus whether the word ends in a vowel, so that Niger and Nigeria,
    which share a skeleton, stay apart.
    """
    words = ascii_fold(name).split()
    if len(words) > 1 and words[-1] in _ADMIN_WORDS:  # "Zaporozhye Region" is Zaporizhzhia
        words = words[:-1]
    parts = []
    for word in words:
        word = EXONYMS.get(word, word)
        key = spelling_key(word).replace("g", "h")
        key = _REPEATED_DIGRAPH.sub(r"\1", key)
        if not key:
            continue
        ending = "v" if key[-1] in "aeiouy" else "c"
        parts.append(key[0] + _VOWELS.sub("", key[1:]) + ending)
    return " ".join(parts)


def name_key(name: str) -> str:
    """Organisation and force names compared word by word, spelling-normalised."""
    words = ascii_fold(name).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(spelling_key(word) for word in words)


def first_names_compatible(a: str, b: str) -> bool:
    """First names agree as :func:`~sitroom.nlp.names.compatible_first_names` says, or as
    Russian and Ukrainian renderings of one name: Vladimir / Volodymyr, Aleksandr / Oleksandr,
    Sergei / Serhiy, Alexei / Oleksiy (same consonants, g read as h; an initial vowel may
    differ). Aleksandr / Aleksandra stay apart: one ends in a vowel."""
    if compatible_first_names(a, b):
        return True
    ka, kb = (_first_name_key(name) for name in (a, b))
    return len(ka) >= 4 and ka == kb


def _first_name_key(name: str) -> str:
    key = place_key(ascii_fold(name).replace("x", "ks"))
    return "V" + key[1:] if key[:1] in ("a", "e", "i", "o", "u") else key


def titles_compatible(a: str, b: str) -> bool:
    """One title's words contain the other's ("deputy minister" / "Deputy Defence Minister")."""
    wa, wb = _title_words(a), _title_words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _match_person(entity: Entity, profile: Profile) -> Match | None:
    ours, theirs = _split_names(_names(entity)), _split_names(profile.names)
    if not any(
        same_name_token(a, b) and not is_gender_pair(a, b)
        for a in ours.surnames
        for b in theirs.surnames
    ):
        return None
    shared_title = any(titles_compatible(a, b) for a in entity.titles for b in profile.titles)
    same_affiliation = bool(
        entity.affiliation and _folded(profile.affiliations) & {ascii_fold(entity.affiliation)}
    )
    bonus = 0.5 * shared_title + 0.25 * same_affiliation
    if ours.first_names and theirs.first_names:
        if any(first_names_compatible(a, b) for a in ours.first_names for b in theirs.first_names):
            return Match(2.0 + bonus, "full name")
        return None
    if shared_title:
        return Match(1.0 + bonus, "surname and title")
    if same_affiliation:
        return Match(0.75, "surname and affiliation")
    return None


@dataclass
class _Names:
    surnames: set[str]
    first_names: set[str]


def _split_names(names: Iterable[str]) -> _Names:
    """Surnames and first names. A one-word name that is the first name of one of the full
    names ("Vladimir" beside "Vladimir Kondrashov") is a first name, not a surname, so that it
    cannot join another Vladimir's entity."""
    split = _Names(set(), set())
    tokenised = [tokens for name in names if (tokens := _tokens(name))]
    for tokens in tokenised:
        if len(tokens) > 1:
            split.first_names.add(tokens[0])
    for tokens in tokenised:
        if len(tokens) > 1 or tokens[0] not in split.first_names:
            split.surnames.add(tokens[-1])
    return split


def _tokens(name: str) -> list[str]:
    words = [w for w in name.replace(",", " ").split() if w.strip(".").casefold() not in HONORIFICS]
    return [w for w in words if any(c.isalpha() for c in w)]


def _names(entity: Entity) -> list[str]:
    return [entity.name, *entity.aliases]


def _title_words(title: str) -> frozenset[str]:
    return frozenset(ascii_fold(title).split()) - _TITLE_STOPWORDS


def _folded(values: Iterable[str]) -> set[str]:
    return {ascii_fold(value) for value in values}


def _affiliations_conflict(entity: Entity, profile: Profile) -> bool:
    if not entity.affiliation or not profile.affiliations:
        return False
    return ascii_fold(entity.affiliation) not in _folded(profile.affiliations)


def _keys(names: Iterable[str], key: Callable[[str], str]) -> set[str]:
    return {k for k in map(key, names) if k}


def _is_generic_force_name(name: str) -> bool:
    """A demonym and a generic noun: "Russian troops", "Ukrainian forces"."""
    words = ascii_fold(name).split()
    return len(words) == 2 and words[1] in _GENERIC_FORCE_WORDS


def _generic_force_key(entity: Entity) -> str | None:
    """Generic forces ("Russian troops") are one force per country, whatever the noun."""
    if entity.kind != "FORCE" or not entity.affiliation or not _is_generic_force_name(entity.name):
        return None
    return f"FORCE#{ascii_fold(entity.affiliation)}"
