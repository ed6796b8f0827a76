"""Resolving the speaker of a quotation to an entity of the ``sitroom_entities`` component.

A speaker phrase is resolved, in order, through: an entity mention inside it or in its
apposition ("Smith", "the governor, Olena Kovalenko"); a personal title ("the governor" -> the
entity whose titles include "governor"); a third-person pronoun ("he said") -> the person the
text was last about, looking back no further than the previous paragraph, skipping people of
the other gender ("she said" is not about Mr. Smith; gender comes from honorifics, gendered
titles and a small list of first names, ``data/first_names.tsv``). Anything else stays
unresolved (``None``) rather than guessed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from sitroom.model import Entity
from sitroom.nlp.actors import role_nouns
from sitroom.nlp.doctext import doc_text
from sitroom.nlp.lang import lexicon
from sitroom.nlp.syntax import DEP


@dataclass(frozen=True)
class Words:
    """This module's word lists in one language (lang/<code>/attribution.toml, ``[speakers]``)."""

    #: Pronouns that refer back to the person the text was last about.
    person_pronouns: frozenset[str]
    #: Pronouns that refer back to a body ("the ministry said ... it said").
    thing_pronouns: frozenset[str]
    #: The gender ("m" / "f") a pronoun refers to, and the one an honorific before a name gives.
    pronoun_gender: dict[str, str]
    honorific_gender: dict[str, str]
    #: Title words that mark gender ("spokeswoman", "the widow").
    title_gender: dict[str, str]
    #: An honorific just before a name ("Mrs. "), of honorific_gender's keys.
    honorific_before: re.Pattern[str]


@cache
def words(lang: str) -> Words:
    """The word lists of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "attribution")["speakers"]
    feminine_titles = " ".join(lists["feminine_titles"])
    masculine_titles = " ".join(lists["masculine_titles"])
    honorifics = "|".join(re.escape(h) for h in sorted(lists["honorific_gender"], key=len)[::-1])
    return Words(
        person_pronouns=frozenset(lists["person_pronouns"]),
        thing_pronouns=frozenset(lists["thing_pronouns"]),
        pronoun_gender=dict(lists["pronoun_gender"]),
        honorific_gender=dict(lists["honorific_gender"]),
        title_gender={
            **dict.fromkeys(feminine_titles.split(), "f"),
            **dict.fromkeys(masculine_titles.split(), "m"),
        },
        honorific_before=re.compile(rf"\b({honorifics})\.?\s*$", re.IGNORECASE),
    )


_PARAGRAPH_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True)
class _Ref:
    start: int
    end: int
    entity: str
    kind: str
    is_subject: bool


@dataclass(frozen=True)
class Resolution:
    entity: str | None
    confidence: float


class SpeakerResolver:
    """Entity lookups for one document (mentions indexed by character offset)."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        self.doc = doc
        refs = []
        for entity in entities:
            for mention in entity.mentions:
                start, end = mention.span
                span = doc.char_span(start, end, alignment_mode="expand")
                subject = span is not None and _is_subject(span.root)
                refs.append(_Ref(start, end, entity.id, entity.kind, subject))
        refs.sort(key=lambda r: (r.start, r.end))
        self.refs = refs
        self.starts = [r.start for r in refs]
        self.titles = {e.id: {w.casefold() for t in e.titles for w in t.split()} for e in entities}
        self.paragraph_starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(doc_text(doc))]
        self.genders = {
            e.id: g for e in entities if (g := entity_gender(e, doc_text(doc), lang=doc.lang_))
        }

    def mention_in(self, start: int, end: int, head: int | None = None) -> _Ref | None:
        """The entity mention overlapping [start, end): the one holding character ``head``
        (the phrase's head word) if any, else the last one ("Kremlin spokesman Dmitry
        Peskov" is Peskov, not the Kremlin)."""
        lo = max(bisect.bisect_left(self.starts, start) - 1, 0)
        hi = bisect.bisect_left(self.starts, end)
        found = [r for r in self.refs[lo:hi] if r.start < end and start < r.end]
        holding = [r for r in found if head is not None and r.start <= head < r.end]
        return (holding or found or [None])[-1]

    def resolve(self, phrase: Span) -> Resolution:
        w = words(phrase.doc.lang_)
        head = phrase.root
        ref = self.mention_in(phrase.start_char, phrase.end_char, head.idx)
        if ref is not None and (ref.kind == "PERSON" or not _is_role(head)):
            return Resolution(ref.entity, 0.95)
        for child in head.children:
            if child.dep_ in DEP.appositive:
                ref = self.mention_in(child.left_edge.idx, _end_char(child.right_edge))
                if ref is not None:
                    return Resolution(ref.entity, 0.9)
        if ref is not None:
            # "Ukraine's top commander": the person holding the title, not the country
            titled = self._title(head)
            return titled if titled.entity is not None else Resolution(ref.entity, 0.7)
        if head.lower_ in w.person_pronouns:
            return self._pronoun(head, ("PERSON",))
        if head.lower_ in w.thing_pronouns:  # "the ministry said ... it said" -> the ministry
            return self._pronoun(head, ("ORG", "FORCE"))
        if _is_role(head):
            return self._title(head)
        # "a statement from the Red Cross", "a spokesman for the ministry"
        ref = self.mention_in(head.idx, _end_char(head.right_edge))
        if ref is not None:
            return Resolution(ref.entity, 0.7)
        return Resolution(None, 0.5)

    def _window_start(self, char: int) -> int:
        """Start of the paragraph before the one containing ``char``."""
        i = bisect.bisect_right(self.paragraph_starts, char) - 1
        return self.paragraph_starts[max(i - 1, 0)]

    def _before(self, char: int, kinds: tuple[str, ...]) -> list[_Ref]:
        lo = bisect.bisect_left(self.starts, self._window_start(char))
        hi = bisect.bisect_left(self.starts, char)
        return [r for r in self.refs[lo:hi] if r.kind in kinds]

    def _pronoun(self, token: Token, kinds: tuple[str, ...]) -> Resolution:
        people = self._before(token.idx, kinds)
        gender = words(token.doc.lang_).pronoun_gender.get(token.lower_)
        if gender is not None:
            people = [r for r in people if self.genders.get(r.entity, gender) == gender]
        if not people:
            return Resolution(None, 0.3)
        distinct = {r.entity for r in people}
        subjects = [r for r in people if r.is_subject]
        chosen = (subjects or people)[-1]
        return Resolution(chosen.entity, 0.8 if len(distinct) == 1 else 0.6)

    def _title(self, token: Token) -> Resolution:
        word = token.lower_
        holders = [e for e, words in self.titles.items() if word in words]
        if not holders:
            return Resolution(None, 0.4)
        if len(holders) == 1:
            return Resolution(holders[0], 0.8)
        recent = [r for r in self.refs if r.entity in holders and r.start < token.idx]
        if recent:
            return Resolution(recent[-1].entity, 0.6)
        return Resolution(None, 0.4)


@cache
def first_name_genders() -> dict[str, str]:
    """Lowercase first name -> "m" or "f" (``data/first_names.tsv``)."""
    text = resources.files("sitroom.data").joinpath("first_names.tsv").read_text("utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {name: gender for name, gender in pairs}


def entity_gender(entity: Entity, text: str, *, lang: str = "en") -> str | None:
    """ "m", "f" or None for a person: from an honorific before one of its mentions ("Mr.
    Clarke"), a gendered title ("spokeswoman"), else its first name. Conflicting evidence
    gives None. ``lang`` is the language of ``text``."""
    if entity.kind != "PERSON":
        return None
    w = words(lang)
    found = set()
    for mention in entity.mentions:
        honorific = w.honorific_before.search(text, max(mention.span[0] - 6, 0), mention.span[0])
        if honorific is not None:
            found.add(w.honorific_gender[honorific.group(1).lower()])
    for title in entity.titles:
        for word in title.casefold().split():
            if word in w.title_gender:
                found.add(w.title_gender[word])
    if not found:
        gender = first_name_genders().get(entity.name.split()[0].casefold())
        found = {gender} if gender else set()
    return found.pop() if len(found) == 1 else None


def _is_subject(token: Token) -> bool:
    """A subject, or the name in apposition to one ("The governor, Alexei Smirnov, said")."""
    if token.dep_ in DEP.any_subject:
        return True
    return token.dep_ in DEP.appositive and token.head.dep_ in DEP.any_subject


def _is_role(token: Token) -> bool:
    roles = role_nouns(token.doc.lang_)
    return token.lower_ in roles or token.lemma_.lower() in roles


def _end_char(token: Token) -> int:
    return token.idx + len(token.text)
