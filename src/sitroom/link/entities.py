"""Cross-document entity resolution: is this document's entity one we already know?

Pure functions over :class:`~sitroom.model.Entity` and :class:`Profile` (what the documents
linked to a canonical entity say about it); the store loads profiles and records the links.

- Entities are compared within a kind family (GPE and LOC are one family: spaCy labels the same
  place either way). A new entity is compared only with candidates sharing a blocking key.
- People: surnames must be spelling variants (:func:`sitroom.nlp.names.same_name_token`); if
  both sides know first names they must be compatible, so two people who share a surname stay
  apart. A bare surname needs evidence: a shared title or affiliation.
- Places: transliteration families (Kiev / Kyiv, Zaporozhye / Zaporizhzhia, Lugansk / Luhansk)
  share a consonant skeleton; a few exonyms that no rule covers are listed. The skeleton is
  loose (Surrey / Syria, Dubai / Dabaa share one), so the gazetteer has a veto: two names it
  knows as different places stay apart, and so does a spelling it does not know from a place
  it knows all the spellings of (:func:`same_place`).
- Everything else (organisations, armed forces): the same normalised name or alias, and no
  conflicting affiliation; generic forces ("Russian troops", "Russian forces") join per country.
  Acronyms compare letter for letter (BBC is not BCC).
- Aliases come from the in-document clustering, which can be wrong ("Pentagon" as another name
  of "Kremlin", "RT" of "Russian troops", "Tories" of "Liz Truss"); only aliases that are
  plainly forms of the entity's name are used to link (:func:`linking_names`). Names that are
  two things joined (photo credits "Justin Tallis/Pool", captions "FILE - Ukrainian") link to
  nothing.
- When the best candidates tie, nothing is linked: a missed merge is cheaper than a false one.
  Only copies of one entity (the same names, no conflicting affiliation) are told apart by age.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from sitroom.gazetteer.actors import country_of
from sitroom.gazetteer.places import gazetteer
from sitroom.model import Entity
from sitroom.nlp.names import (
    HONORIFICS,
    ascii_fold,
    compatible_first_names,
    consonant_skeleton,
    initials,
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
#: A slash or a spaced dash joins two things: "Justin Tallis/Pool", "FILE - Ukrainian".
_JOINED = re.compile(r"/|\s[-–—]\s")
_POSSESSIVE = re.compile(r"['’´`]s?$")
#: Places whose every usual spelling the gazetteer lists: countries and cities of a million
#: people or more (GeoNames keeps their alternate names: Kiev, Kharkov, Odessa). Another
#: spelling of one of them that the gazetteer does not know is at most a typo.
DOCUMENTED_POPULATION = 1_000_000


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
    names = linking_names(entity)
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
    names = linking_names(entity)
    if family == "PLACE":
        if any(
            place_key(a) and place_key(a) == place_key(b) and same_place(a, b)
            for a in names
            for b in map(country_name, profile.names)
        ):
            return Match(1.0, "place spelling")
    elif any(same_name(a, b) for a in names for b in profile.names):
        return Match(1.0, "name")
    if (
        _generic_force_key(entity)
        and profile.affiliations
        and any(_is_generic_force_name(name) for name in profile.names)
    ):
        return Match(0.5, "generic force")
    return None


def best_match(entity: Entity, candidates: Mapping[int, Profile]) -> tuple[int, Match] | None:
    """The single best candidate, or None if none matches or the best ones tie.

    Tied people are namesakes, and tied organisations may share an acronym (FSB: the Russian
    security service and the Federation of Small Businesses): nothing is linked. But candidates
    that go by the same names (up to the key) and no conflicting affiliation are copies of one
    entity that a document split ("MoD" and "MoD."; Moscow and Moscow Region): the oldest is
    taken, since a new copy would tie with them again on every later mention."""
    scored = sorted(
        ((found, cid) for cid, profile in candidates.items() if (found := match(entity, profile))),
        key=lambda item: (-item[0].score, item[1]),
    )
    if not scored:
        return None
    found, cid = scored[0]
    tied = [candidates[other] for score, other in scored if score.score == found.score]
    if len(tied) > 1 and (kind_family(entity.kind) == "PERSON" or not _copies(tied)):
        return None
    return cid, found


def matchable(entity: Entity) -> bool:
    """Whether any later entity could match a canonical entity made of this one alone. A person
    known only by a bare surname, with no title and no affiliation, cannot (:func:`_match_person`
    needs first names on both sides, a shared title or an affiliation), so such an entity need
    not be offered as a candidate: in a large corpus thousands of them share a surname key."""
    if kind_family(entity.kind) != "PERSON" or entity.titles or entity.affiliation:
        return True
    return bool(_split_names([entity.name, *entity.aliases]).first_names)


def _copies(profiles: list[Profile]) -> bool:
    """Whether the profiles go by the same names and no two belong to different countries or
    bodies."""
    keys = {_name_keys(profile) for profile in profiles}
    known = [_folded(p.affiliations) for p in profiles if p.affiliations]
    return len(keys) == 1 and all(a & b for i, a in enumerate(known) for b in known[i + 1 :])


def _name_keys(profile: Profile) -> frozenset[str]:
    key = place_key if kind_family(profile.kind) == "PLACE" else name_key
    return frozenset(key(name) for name in profile.names)


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


def linking_names(entity: Entity) -> list[str]:
    """The entity's names that may link it: its name and the aliases that are plainly forms of
    it. Empty when the name is two things joined (a photo credit, a caption prefix)."""
    if _JOINED.search(entity.name):
        return []
    family = kind_family(entity.kind)
    if family == "PERSON":
        plausible = _person_alias
    elif family == "ORG":
        plausible = _organisation_alias
    else:
        return [country_name(name) for name in _names(entity)]
    return [entity.name, *(a for a in entity.aliases if plausible(a, entity.name))]


def country_name(name: str) -> str:
    """A country's short form or long form as its name ("U.S.", "USA", "United States of
    America" are "United States"; "UK" is "United Kingdom"); any other name as it is. Capitals
    and metonyms ("Washington", "Kremlin") stay themselves: they are places of their own."""
    country = country_of(name)
    if country is None:
        return name
    letters = name.replace(".", "").replace(" ", "")
    abbreviation = letters.isalpha() and letters.isupper() and len(letters) <= 4
    if abbreviation or name.casefold().startswith(country.casefold()):
        return country
    return name


def _person_alias(alias: str, name: str) -> bool:
    """A person's alias shares a name token with the name, up to spelling, a possessive or a
    typo ("Zelenskiy's", "Aslop" / "Alsop"): "Tories" is not another name of "Liz Truss"."""
    return any(_close_tokens(a, b) for a in _tokens(alias) for b in _tokens(name))


def _close_tokens(a: str, b: str) -> bool:
    ka, kb = (spelling_key(_POSSESSIVE.sub("", token)) for token in (a, b))
    return ka == kb or (ka[:1] == kb[:1] and SequenceMatcher(None, ka, kb).ratio() >= 0.8)


def _organisation_alias(alias: str, name: str) -> bool:
    """An organisation's alias is its acronym (either way round), or says at least what the
    name says in other words ("Ministry of Defence" / "Defence Ministry"). A shorter name is
    ambiguous ("Treasury" of "Turkish Treasury") and does not link."""
    if is_acronym_of(alias, name) or is_acronym_of(name, alias):
        return True
    return _org_words(alias) >= _org_words(name)


def is_acronym_of(short: str, long: str) -> bool:
    """``short`` is written in capitals and its letters are, in order, the initials of the
    capitalised words of ``long`` (NATO / North Atlantic Treaty Organization; BCC / British
    Chambers of Commerce), or of all but a leading acronym (OCHA / UN Office for the
    Coordination of Humanitarian Affairs). "Russian troops" has no acronym: it is no name."""
    letters = short.replace(".", "")
    words = long.split()
    if not _is_acronym(letters) or len(words) < 2:
        return False
    found = {initials(words)}
    if words[0].isupper():
        found.add(initials(words[1:]))
    significant = [w for w in words if initials([w])]
    return all(w[0].isupper() for w in significant) and letters in found


def _org_words(name: str) -> frozenset[str]:
    return frozenset(_word_keys(name)) - _TITLE_STOPWORDS


@lru_cache(maxsize=65536)
def same_place(a: str, b: str) -> bool:
    """Whether two place names that share a :func:`place_key` can name one place, as far as the
    gazetteer knows: not if it knows both and never as one place (Surrey / Syria, Romania /
    Rimini), nor if it knows one as a country or a city of a million and not the other, unless
    that is a one-letter typo (Dubai / Dabaa apart, St Petersburg / St Petersberg together).
    Lesser places and names it does not know are left to the spelling key (Chaplyne / Chaplino).
    """
    found_a, found_b = _gazetteer_ids(a), _gazetteer_ids(b)
    if found_a and found_b:
        return bool(found_a & found_b)
    if found_a or found_b:
        known, unknown = (a, b) if found_a else (b, a)
        return not _documented(known) or _one_edit_apart(
            " ".join(_place_words(known)), " ".join(_place_words(unknown))
        )
    return True


def _gazetteer_ids(name: str) -> frozenset[str]:
    return frozenset(entry.id for entry in gazetteer().lookup(" ".join(_place_words(name))))


def _documented(name: str) -> bool:
    return any(
        entry.feature == "country" or entry.population >= DOCUMENTED_POPULATION
        for entry in gazetteer().lookup(" ".join(_place_words(name)))
    )


def _one_edit_apart(a: str, b: str) -> bool:
    """Equal, or one letter substituted, added, dropped or swapped with its neighbour."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]


def _place_words(name: str) -> list[str]:
    words = ascii_fold(name).split()
    if len(words) > 1 and words[-1] in _ADMIN_WORDS:  # "Zaporozhye Region" is Zaporizhzhia
        words = words[:-1]
    return words


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """A key shared by transliterations of a place name (Kiev / Kyiv, Kharkov / Kharkiv).

    Per word: first letter plus consonant skeleton (Russian g read as Ukrainian h, repeated
    zh/sh/ch/ts collapsed), plus whether the word ends in a vowel, so that Niger and Nigeria,
    which share a skeleton, stay apart.
    """
    parts = []
    for word in _place_words(name):
        word = EXONYMS.get(word, word)
        key = spelling_key(word).replace("g", "h")
        key = _REPEATED_DIGRAPH.sub(r"\1", key)
        if not key:
            continue
        ending = "v" if key[-1] in "aeiouy" else "c"
        parts.append(key[0] + _VOWELS.sub("", key[1:]) + ending)
    return " ".join(parts)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Organisation and force names compared word by word, spelling-normalised, dots dropped
    (U.N. / UN)."""
    words = _word_keys(name)
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _word_keys(name: str) -> list[str]:
    return [spelling_key(word) for word in ascii_fold(name.replace(".", "")).split()]


def same_name(a: str, b: str) -> bool:
    """Organisation names with one :func:`name_key`, except two acronyms that differ in a
    letter the key drops (BBC / BCC: doubled letters are one in the key)."""
    if name_key(a) != name_key(b):
        return False
    letters_a, letters_b = (name.replace(".", "") for name in (a, b))
    if _is_acronym(letters_a) and _is_acronym(letters_b):
        return letters_a.casefold() == letters_b.casefold()
    return True


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isalpha() and word.isupper()


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
    ours, theirs = _split_names(linking_names(entity)), _split_names(profile.names)
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


def _is_generic_force_name(name: str) -> bool:
    """A demonym and a generic noun: "Russian troops", "Ukrainian forces"."""
    words = ascii_fold(name).split()
    return len(words) == 2 and words[1] in _GENERIC_FORCE_WORDS


def _generic_force_key(entity: Entity) -> str | None:
    """Generic forces ("Russian troops") are one force per country, whatever the noun."""
    if entity.kind != "FORCE" or not entity.affiliation or not _is_generic_force_name(entity.name):
        return None
    return f"FORCE#{ascii_fold(entity.affiliation)}"
