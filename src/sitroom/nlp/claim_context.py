"""The ``sitroom_claim_context`` component: where and as of when each figure is claimed.

* **Place** (``span._.sitroom_place``): the most specific place the figure's sentence names
  after a preposition of place ("in Kramatorsk", "fled to Poland"), the closest to the figure
  first; a place that acts or speaks ("Moscow might attempt", "the governor of Kursk said") is
  no place of the figure.
* **As of** (``span._.sitroom_as_of``): the first dated time expression of the sentence, else the
  document's publication date.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitroom.gazetteer.actors import country_of
from sitroom.model import Entity, TimeRef
from sitroom.nlp.doctext import doc_text
from sitroom.nlp.figures import figures, upstream
from sitroom.nlp.lang import lexicon
from sitroom.nlp.numbers import words as number_words
from sitroom.nlp.syntax import DEP

#: Where a speaker stands in a sentence: "the governor of Kursk said" names an office, not
#: where the figure happened.
SPEAKER_DEPS = frozenset(DEP.subject | DEP.passive_subject | DEP.appositive)
#: How many words a place name may stand below the word its preposition governs.
MAX_PLACE_PATH = 4
#: Links a place name may climb up to the word its preposition governs.
_PLACE_PATH_DEPS = (
    DEP.compound
    | DEP.adjective_modifier
    | DEP.noun_modifier
    | DEP.appositive
    | DEP.conjunct
    | DEP.prep_object
)


@dataclass(frozen=True)
class Words:
    """This module's word lists in one language (lang/<code>/attribution.toml, ``[claims]``)."""

    #: Prepositions whose object is where something happened ("in", "near", "fled to").
    locative_prepositions: frozenset[str]
    #: What ends a possessor's name ("Russia's"): no place of the figure.
    possessive_endings: frozenset[str]


@cache
def words(lang: str) -> Words:
    """The word lists of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "attribution")["claims"]
    return Words(
        locative_prepositions=frozenset(lists["locative_prepositions"]),
        possessive_endings=frozenset(lists["possessive_endings"]),
    )


def _place_mentions(doc: Doc, entities: list[Entity]) -> list[tuple[int, str, bool]]:
    """(start char, name, is a country) of every place mention: resolved places from the
    places component when it ran, and GPE/LOC entities; possessors are left out."""
    found = []
    for place in upstream(doc, "sitroom_places") or []:
        for mention in place.mentions:
            found.append((*mention.span, place.name, place.feature == "country"))
    for entity in entities:
        if entity.kind in ("GPE", "LOC"):
            for mention in entity.mentions:
                found.append((*mention.span, entity.name, country_of(entity.name) is not None))
    # "Russia's Health Ministry", "Ukraine's top commander": a possessor, not where it happened
    endings = tuple(words(doc.lang_).possessive_endings)
    text = doc_text(doc)
    return [
        (start, name, country)
        for start, end, name, country in found
        if not (endings and text.startswith(endings, end))
    ]


def _locative(doc: Doc, start: int) -> bool:
    """Whether the place mention starting at ``start`` says where something happened: the
    object of a preposition of place ("in Kramatorsk", "fled to Poland"), or a word naming
    such a place ("at the Kramatorsk railway station", "in the Kherson region"). A place that
    acts or speaks ("Moscow might attempt", "the U.K. defence ministry said") is not."""
    w = words(doc.lang_)
    genitive = number_words(doc.lang_).genitive_prepositions
    token = next((t for t in doc if t.idx == start), None)
    for _ in range(MAX_PLACE_PATH):
        if token is None:
            return False
        if token.dep_ in DEP.prep_object:
            preposition = token.head
            if preposition.lower_ in genitive:  # "1,000 km² of the Kursk region", not "the
                owner = preposition.head  # governor of Kursk said": the speaker's office
                return owner.dep_ not in SPEAKER_DEPS and owner.ent_type_ not in ("PERSON", "ORG")
            return preposition.lower_ in w.locative_prepositions
        if token.dep_ not in _PLACE_PATH_DEPS:
            return False
        token = token.head
    return False


def place_of(figure: Span, sentence: Span, places: list[tuple[int, str, bool]]) -> str | None:
    """Where the figure's sentence says it happened: the most specific place named after a
    preposition of place, the closest to the figure first."""
    anchor = figure.start_char
    in_sentence = [
        p
        for p in places
        if sentence.start_char <= p[0] < sentence.end_char and _locative(sentence.doc, p[0])
    ]
    if not in_sentence:
        return None
    in_sentence.sort(key=lambda p: (p[2], abs(p[0] - anchor)))
    return in_sentence[0][1]


def as_of(sentence: Span, times: list[TimeRef], published: str | None) -> str | None:
    """The first dated (not relative, not a duration) time of the sentence, else ``published``."""
    for time in times:
        in_sentence = sentence.start_char <= time.span[0] < sentence.end_char
        dated = bool(time.value) and time.value[:1].isdigit()  # not PRESENT_REF, PAST_REF
        if in_sentence and dated and time.kind not in ("duration", "set"):
            return time.value
    return published


class ClaimContext:
    """Writes each figure's place and date (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        entities: list[Entity] = upstream(doc, "sitroom_entities") or []
        times: list[TimeRef] = upstream(doc, "sitroom_times") or []
        document = upstream(doc, "sitroom_document")
        published = document.published if document is not None else None
        places = _place_mentions(doc, entities)
        for figure in figures(doc):
            sentence = figure._.sitroom_reading.sentence
            figure._.sitroom_place = place_of(figure, sentence, places)
            figure._.sitroom_as_of = as_of(sentence, times, published)
        return doc


@Language.factory(
    "sitroom_claim_context",
    requires=["span._.sitroom_reading"],
    assigns=["span._.sitroom_place", "span._.sitroom_as_of"],
)
def make_claim_context(nlp: Language, name: str) -> ClaimContext:
    return ClaimContext()
