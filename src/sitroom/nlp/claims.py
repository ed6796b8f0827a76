"""The ``sitroom_claims`` component: who claims which figure, of what, about whom, where, when.

For every quantity from ``sitroom_quantities`` it decides

* the **measure** (killed, injured, displaced, territory_area, ...): :mod:`sitroom.nlp.measures`;
* the **subject**: the people counted ("civilians"), or for territory the force that holds it;
  a bare figure coordinated with a counted one ("12 civilians killed and 121 injured") shares
  its noun;
* the **claimant**: the speaker of the quote or reported speech the figure stands in, the
  source in "according to X", otherwise the outlet;
* the **place** and **time** the sentence ties it to (as_of falls back to publication).

Figures with no measure (distances, percentages, plain numbers, populations) are not claims.
A lone person written with an article ("a child was killed") is no claim either ("a" is no
number); it goes to ``doc._.sitroom_lone_victims`` for the events component to count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.gazetteer.actors import country_of
from sitroom.model import Claim, Entity, Quote, TimeRef
from sitroom.nlp.claimants import Attributor
from sitroom.nlp.doctext import doc_text
from sitroom.nlp.lang import lexicon
from sitroom.nlp.measures import (
    MAX_PATH,
    PEOPLE_MEASURES,
    classify,
    killed_and_wounded,
    singular_measure,
    singular_people,
    unit_kind,
)
from sitroom.nlp.quantities import Quantity, interval
from sitroom.nlp.syntax import DEP

if not Doc.has_extension("sitroom_claims"):
    Doc.set_extension("sitroom_claims", default=None)
if not Doc.has_extension("sitroom_lone_victims"):
    Doc.set_extension("sitroom_lone_victims", default=None)

#: Id prefix of a lone victim's figure ("a child was killed"): no claim under the claims
#: conventions ("a" is no number), but a victim the events component counts.
LONE_PREFIX = "v"
#: How far above a bare figure its coordination with a counted one may be ("and 121 injured").
MAX_COORDINATION_PATH = 3
#: Where a speaker stands in a sentence: "the governor of Kursk said" names an office, not
#: where the figure happened.
SPEAKER_DEPS = frozenset(DEP.subject | DEP.passive_subject | DEP.appositive)
#: How many words a place name may stand below the word its preposition governs.
MAX_PLACE_PATH = 4
#: How a side hangs from "control" ("Ukrainian control", "Russia's control").
_SIDE_DEPS = DEP.adjective_modifier | DEP.possessive
#: Links a place name may climb up to the word its preposition governs.
_PLACE_PATH_DEPS = (
    DEP.compound
    | DEP.adjective_modifier
    | DEP.noun_modifier
    | DEP.appositive
    | DEP.conjunct
    | DEP.prep_object
)
#: The caption of an archive photo ("FILE - ..."): page furniture about another day. (A
#: current photo's caption reports like the article and keeps its figures.)
_ARCHIVE_CAPTION = re.compile(r"^\W*FILE\s+[-–—]\s")
#: What stands between a figure and its conversion: "$61bn (£49bn)".
_CONVERSION = re.compile(r"\s*[(\[]\s*")


@dataclass(frozen=True)
class Words:
    """This module's word lists in one language (lang/<code>/attribution.toml, ``[claims]``)."""

    #: Prepositions whose object is where something happened ("in", "near", "fled to").
    locative_prepositions: frozenset[str]


@cache
def words(lang: str) -> Words:
    """The word lists of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "attribution")["claims"]
    return Words(locative_prepositions=frozenset(lists["locative_prepositions"]))


def _noun_phrase(noun: Token) -> str:
    """The counted noun with its adjectives and compounds: 'Ukrainian soldiers'."""
    left = [
        c
        for c in noun.children
        if c.i < noun.i and c.dep_ in DEP.attributive and not (c.like_num or c.is_punct)
    ]
    start = min([noun.i, *(c.i for c in left)])
    return noun.doc[start : noun.i + 1].text


def _agent(quantity: Quantity) -> Span | None:
    """For territory: who controls or took it (the subject of the governing verb)."""
    token = quantity.noun if quantity.noun is not None else quantity.number.root
    for _ in range(MAX_PATH):
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            subject = next((c for c in token.children if c.dep_ in DEP.subject), None)
            if subject is None and token.dep_ in DEP.conjunct:
                subject = next((c for c in token.head.children if c.dep_ in DEP.subject), None)
            if subject is not None:
                return subject.doc[subject.left_edge.i : subject.i + 1]
            return None
    return None


def _controller(quantity: Quantity, entities: list[Entity]) -> str | None:
    """Who holds the territory: the subject of "control/take", or the side in "under
    Ukrainian control"; a FORCE entity's name when one is meant."""
    agent = _agent(quantity)
    if agent is not None and not (agent.start <= quantity.number.start < agent.end):
        force = _entity_over(entities, agent)
        return force.name if force is not None and force.kind == "FORCE" else agent.text
    for token in quantity.span.sent:
        if token.lemma_.lower() == "control":
            for child in token.children:
                country = country_of(child.text) if child.dep_ in _SIDE_DEPS else None
                if country is not None:
                    forces = [e for e in entities if e.kind == "FORCE" and e.affiliation == country]
                    return forces[0].name if forces else f"{child.text} forces"
    return None


def _entity_over(entities: list[Entity], span: Span) -> Entity | None:
    for entity in entities:
        for mention in entity.mentions:
            if mention.span[0] < span.end_char and span.start_char < mention.span[1]:
                return entity
    return None


def _extension(doc: Doc, name: str):
    """What an upstream component stored on the Doc; None when it is not in this pipeline
    (components can be disabled or replaced)."""
    return getattr(doc._, name) if Doc.has_extension(name) else None


def _place_mentions(doc: Doc, entities: list[Entity]) -> list[tuple[int, str, bool]]:
    """(start char, name, is a country) of every place mention: resolved places from the
    places component when it ran, and GPE/LOC entities; possessors are left out."""
    found = []
    for place in _extension(doc, "sitroom_places") or []:
        for mention in place.mentions:
            found.append((*mention.span, place.name, place.feature == "country"))
    for entity in entities:
        if entity.kind in ("GPE", "LOC"):
            for mention in entity.mentions:
                found.append((*mention.span, entity.name, country_of(entity.name) is not None))
    # "Russia's Health Ministry", "Ukraine's top commander": a possessor, not where it happened
    return [
        (start, name, country)
        for start, end, name, country in found
        if doc_text(doc)[end : end + 2] not in ("'s", "’s")
    ]


def _locative(doc: Doc, start: int) -> bool:
    """Whether the place mention starting at ``start`` says where something happened: the
    object of a preposition of place ("in Kramatorsk", "fled to Poland"), or a word naming
    such a place ("at the Kramatorsk railway station", "in the Kherson region"). A place that
    acts or speaks ("Moscow might attempt", "the U.K. defence ministry said") is not."""
    w = words(doc.lang_)
    token = next((t for t in doc if t.idx == start), None)
    for _ in range(MAX_PLACE_PATH):
        if token is None:
            return False
        if token.dep_ in DEP.prep_object:
            preposition = token.head
            if preposition.lower_ == "of":  # "1,000 km² of the Kursk region", not "the
                owner = preposition.head  # governor of Kursk said": the speaker's office
                return owner.dep_ not in SPEAKER_DEPS and owner.ent_type_ not in ("PERSON", "ORG")
            return preposition.lower_ in w.locative_prepositions
        if token.dep_ not in _PLACE_PATH_DEPS:
            return False
        token = token.head
    return False


def _place(quantity: Quantity, sentence: Span, places: list[tuple[int, str, bool]]) -> str | None:
    """Where the figure's sentence says it happened: the most specific place named after a
    preposition of place, the closest to the figure first."""
    anchor = quantity.span.start_char
    in_sentence = [
        p
        for p in places
        if sentence.start_char <= p[0] < sentence.end_char and _locative(sentence.doc, p[0])
    ]
    if not in_sentence:
        return None
    in_sentence.sort(key=lambda p: (p[2], abs(p[0] - anchor)))
    return in_sentence[0][1]


def _as_of(sentence: Span, times: list[TimeRef], published: str | None) -> str | None:
    for time in times:
        in_sentence = sentence.start_char <= time.span[0] < sentence.end_char
        dated = bool(time.value) and time.value[:1].isdigit()  # not PRESENT_REF, PAST_REF
        if in_sentence and dated and time.kind not in ("duration", "set"):
            return time.value
    return published


def _trimmed(sentence: Span) -> Span:
    """The sentence without the paragraph break spaCy attaches to its end."""
    end = sentence.end
    while end > sentence.start + 1 and sentence.doc[end - 1].is_space:
        end -= 1
    return sentence.doc[sentence.start : end]


def _coordinated(counted: Quantity, bare: Quantity) -> bool:
    """Whether a bare figure is coordinated with an earlier counted one, so it counts the
    same noun ("12 civilians were killed and 121 injured", "5 tanks and 12 more"), not a
    figure of another clause ("70 airstrikes hit the town and the death toll rises to 6")."""
    above_counted = {t.i for t in (counted.number.root, *counted.number.root.ancestors)}
    for token in (bare.number.root, *list(bare.number.root.ancestors)[:MAX_COORDINATION_PATH]):
        subjects = (c for c in token.children if c.dep_ in DEP.any_subject)
        if any(c.i < token.i and c.i != bare.number.root.i for c in subjects):
            return False  # a clause with its own subject: "and the death toll rose to 9"
        if token.dep_ in DEP.conjunct and token.head.i in above_counted:
            return True
    return False


def with_fractions_resolved(quantities: list[Quantity]) -> list[Quantity]:
    """A fraction counts in the number it is a fraction of: "about half of its 80,000
    residents" is about 40,000 residents (the 80,000, a base, is no figure of its own); a
    fraction of no stated number ("a third of Ukrainians") is no figure at all."""
    bases: set[int] = set()
    derived: dict[int, Quantity | None] = {}
    for fraction in quantities:
        if fraction.noun is not None or fraction.unit is not None or fraction.value is None:
            continue
        if not 0 < fraction.value < 1:
            continue
        of = next((c for c in fraction.number.root.children if c.lower_ == "of"), None)
        words = range(of.i, of.right_edge.i + 1) if of is not None else range(0)
        base = next((q for q in quantities if q.number.start in words), None)
        if base is None or base.value is None:
            derived[id(fraction)] = None
            continue
        bases.add(id(base))
        share = Fraction(fraction.value).limit_denominator(16)  # 0.6667 read as two thirds
        value = round(float(share * Fraction(base.value)), 4)
        low, high = interval(value, fraction.hedge)
        derived[id(fraction)] = replace(
            fraction, value=value, low=low, high=high, unit=base.unit, noun=base.noun
        )
    resolved = [derived.get(id(q), q) for q in quantities if id(q) not in bases]
    return [q for q in resolved if q is not None]


def mark_repeats(claims: list[Claim], text: str) -> list[Claim]:
    """Point each claim that repeats an earlier one of its document (the same figure of the
    same measure by the same claimant, or the same figure converted in brackets right after
    it: "$61bn (£49bn)", "12 square kilometres (4.6 square miles)") at that first mention."""
    first: dict[tuple, str] = {}
    for previous, claim in zip([None, *claims], claims, strict=False):
        if (
            previous is not None
            and previous.measure == claim.measure
            and _CONVERSION.fullmatch(text[previous.span[1] : claim.span[0]])
        ):
            claim.repeat_of = previous.repeat_of or previous.id
            continue
        key = (
            claim.measure,
            claim.value,
            None if claim.unit == "people" else claim.unit,  # "22 people" and a bare "22"
            claim.claimant_kind,
            (claim.claimant_name or "").casefold(),
        )
        if key in first:
            claim.repeat_of = first[key]
        else:
            first[key] = claim.id
    return claims


class ClaimExtractor:
    """Turns the quantities of a Doc into Claims (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        quantities = with_fractions_resolved(doc._.sitroom_quantities or [])
        entities: list[Entity] = _extension(doc, "sitroom_entities") or []
        quotes: list[Quote] = _extension(doc, "sitroom_quotes") or []
        times: list[TimeRef] = _extension(doc, "sitroom_times") or []
        document = _extension(doc, "sitroom_document")
        outlet = document.outlet if document is not None else None
        # a reposted post (a Telegram forward): every claim in it came via its origin
        forwarded_from = document.forwarded_from if document is not None else None
        published = document.published if document is not None else None

        places = _place_mentions(doc, entities)
        attributor = Attributor(doc, quotes, entities, outlet)
        singles = singular_people(doc, {q.noun.i for q in quantities if q.noun is not None})
        single_ids = {id(q) for q in singles}
        claims: list[Claim] = []
        lone: list[Claim] = []  # "a child was killed": an event's victim, no claim
        previous: tuple[Quantity, str | None] | None = None  # last counted figure in sentence
        for quantity in sorted([*quantities, *singles], key=lambda q: q.span.start):
            relevance = _extension(doc, "sitroom_relevance")  # None: not in the pipeline
            if relevance is not None and not relevance.covers(quantity.span):
                continue  # not a sentence of conflict news (nlp/relevance.py): no claim
            sentence = _trimmed(quantity.span.sent)
            if _ARCHIVE_CAPTION.match(sentence.text):
                continue  # "FILE - A woman stands next to three people killed ...": an old picture
            if previous is not None and previous[0].span.sent.start != sentence.start:
                previous = None
            kind = unit_kind(quantity)
            unit = quantity.unit  # the claim's unit; the Quantity itself stays as read
            measured = _noun_phrase(quantity.noun) if quantity.noun is not None else None
            if kind == "none" and previous is not None and _coordinated(previous[0], quantity):
                # "12 civilians were killed and 121 injured": the bare figure shares the noun
                kind, measured, unit = unit_kind(previous[0]), previous[1], previous[0].unit
            single = id(quantity) in single_ids
            if single:
                measure = singular_measure(quantity)
                article = quantity.span[0].lower_ in ("a", "an")
                measured = (quantity.span[1:] if article else quantity.span).text
            else:
                measure = classify(quantity, kind)
            if measure in PEOPLE_MEASURES and kind in ("other", "none"):
                unit = "people"  # "14 rebels killed", "30 were wounded": they are people
            if measure in ("killed", "injured", "detained") and killed_and_wounded(quantity):
                measure = "casualties"
            if quantity.noun is not None and not single:  # "a child killed and 3 injured"
                previous = (quantity, measured)
            if measure is None:
                continue
            subject = measured
            if measure in ("territory_area", "settlements"):
                subject = _controller(quantity, entities) or subject
            source = attributor.attribute(quantity.number.root, sentence)
            found = lone if single else claims
            found.append(
                Claim(
                    id=f"{LONE_PREFIX if single else 'c'}{len(found) + 1}",
                    measure=measure,
                    text=quantity.span.text,
                    span=(quantity.span.start_char, quantity.span.end_char),
                    sentence_span=(sentence.start_char, sentence.end_char),
                    value=quantity.value,
                    low=quantity.low,
                    high=quantity.high,
                    unit=unit,
                    hedge=quantity.hedge,
                    measured=measured,
                    subject=subject,
                    place=_place(quantity, sentence, places),
                    claimant=source.entity,
                    claimant_name=source.name,
                    claimant_kind=source.kind,
                    relay=source.relay or forwarded_from,
                    quote=source.quote,
                    as_of=_as_of(sentence, times, published),
                    original_value=quantity.original_value,
                    original_unit=quantity.original_unit,
                )
            )
        doc._.sitroom_claims = mark_repeats(claims, doc_text(doc))
        doc._.sitroom_lone_victims = lone
        return doc


@Language.factory("sitroom_claims")
def make_claim_extractor(nlp: Language, name: str) -> ClaimExtractor:
    return ClaimExtractor()
