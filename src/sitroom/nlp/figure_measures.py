"""The ``sitroom_measures`` component: which amounts are figures of a measure, and what they count.

For every quantity from ``sitroom_quantities`` (and every lone person, "a child was killed") it
decides the **measure** (killed, injured, displaced, territory_area, ...:
:mod:`sitroom.nlp.measures`) and what is counted: the noun phrase, or for a bare figure
coordinated with a counted one ("12 civilians killed and 121 injured") that one's noun; for
territory the **subject** is the force that holds it. Each figure becomes a span of
``doc.spans["sitroom_figures"]`` labelled with its measure (:mod:`sitroom.nlp.figures`).

Amounts with no measure (distances, percentages, plain numbers, populations) are no figures;
neither are amounts in sentences the relevance step finds are not conflict news, nor those in
the caption of an archive photo.
"""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.gazetteer.actors import country_of
from sitroom.model import Entity
from sitroom.nlp.figures import FIGURES, Reading, upstream
from sitroom.nlp.measures import (
    MAX_PATH,
    PEOPLE_MEASURES,
    classify,
    killed_and_wounded,
    singular_measure,
    singular_people,
    unit_kind,
)
from sitroom.nlp.measures import words as measure_words
from sitroom.nlp.numbers import words as number_words
from sitroom.nlp.quantities import Quantity, interval
from sitroom.nlp.syntax import DEP

#: How far above a bare figure its coordination with a counted one may be ("and 121 injured").
MAX_COORDINATION_PATH = 3
#: How a side hangs from "control" ("Ukrainian control", "Russia's control").
_SIDE_DEPS = DEP.adjective_modifier | DEP.possessive
#: The caption of an archive photo ("FILE - ..."): page furniture about another day. (A
#: current photo's caption reports like the article and keeps its figures.)
_ARCHIVE_CAPTION = re.compile(r"^\W*FILE\s+[-–—]\s")


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
    w = measure_words(quantity.span.doc.lang_)
    for token in quantity.span.sent:
        if token.lemma_.lower() in w.control_nouns:
            for child in token.children:
                country = country_of(child.text) if child.dep_ in _SIDE_DEPS else None
                if country is not None:
                    forces = [e for e in entities if e.kind == "FORCE" and e.affiliation == country]
                    return forces[0].name if forces else w.side_forces.format(side=child.text)
    return None


def _entity_over(entities: list[Entity], span: Span) -> Entity | None:
    for entity in entities:
        for mention in entity.mentions:
            if mention.span[0] < span.end_char and span.start_char < mention.span[1]:
                return entity
    return None


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
        genitive = number_words(fraction.span.doc.lang_).genitive_prepositions
        of = next((c for c in fraction.number.root.children if c.lower_ in genitive), None)
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


def read_figures(doc: Doc) -> list[Span]:
    """The figures of ``doc``: spans labelled with their measure, each with its Reading."""
    quantities = with_fractions_resolved(doc._.sitroom_quantities or [])
    entities: list[Entity] = upstream(doc, "sitroom_entities") or []
    relevance = upstream(doc, "sitroom_relevance")  # None: not in the pipeline
    articles = number_words(doc.lang_).indefinite_articles
    singles = singular_people(doc, {q.noun.i for q in quantities if q.noun is not None})
    single_ids = {id(q) for q in singles}
    found: list[Span] = []
    previous: tuple[Quantity, str | None] | None = None  # last counted figure in sentence
    for quantity in sorted([*quantities, *singles], key=lambda q: q.span.start):
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
            article = quantity.span[0].lower_ in articles
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
        figure = Span(doc, quantity.span.start, quantity.span.end, label=measure)
        figure._.sitroom_reading = Reading(quantity, sentence, unit, measured, subject, single)
        found.append(figure)
    return found


class MeasureReader:
    """Writes ``doc.spans["sitroom_figures"]`` (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[FIGURES] = read_figures(doc)
        return doc


@Language.factory(
    "sitroom_measures",
    requires=["doc._.sitroom_quantities"],
    assigns=["doc.spans", "span._.sitroom_reading"],
)
def make_measure_reader(nlp: Language, name: str) -> MeasureReader:
    return MeasureReader()
