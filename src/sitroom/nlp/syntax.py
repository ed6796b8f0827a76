"""Grammatical roles over a language's dependency labels (``lang/<code>/syntax.toml``).

Components ask for a role (``DEP.subject``, ``DEP.prep_object``) instead of naming a parser's
label ("nsubj", "pobj"), so that a language whose parser labels differently brings its own
mapping. Each role is a frozenset of labels: ``token.dep_ in DEP.subject | DEP.agent``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache, cached_property

from spacy.tokens import Token

from sitroom.nlp.lang import lexicon


@dataclass(frozen=True)
class Labels:
    """The dependency labels of each grammatical role, in one language."""

    subject: frozenset[str]
    passive_subject: frozenset[str]
    agent: frozenset[str]
    object: frozenset[str]
    dative: frozenset[str]
    preposition: frozenset[str]
    prep_object: frozenset[str]
    prep_complement: frozenset[str]
    attribute: frozenset[str]
    adjective_complement: frozenset[str]
    open_complement: frozenset[str]
    clausal_complement: frozenset[str]
    adverbial_clause: frozenset[str]
    relative_clause: frozenset[str]
    clausal_modifier: frozenset[str]
    adjective_modifier: frozenset[str]
    compound: frozenset[str]
    possessive: frozenset[str]
    noun_modifier: frozenset[str]
    numeric_modifier: frozenset[str]
    quantifier_modifier: frozenset[str]
    noun_adverbial: frozenset[str]
    adverb_modifier: frozenset[str]
    appositive: frozenset[str]
    conjunct: frozenset[str]
    coordinator: frozenset[str]
    auxiliary: frozenset[str]
    passive_auxiliary: frozenset[str]
    negation: frozenset[str]
    particle: frozenset[str]
    object_predicate: frozenset[str]
    determiner: frozenset[str]
    predeterminer: frozenset[str]
    marker: frozenset[str]
    case: frozenset[str]
    punctuation: frozenset[str]
    parataxis: frozenset[str]
    root: frozenset[str]

    # Unions several components ask for, computed once.

    @cached_property
    def any_subject(self) -> frozenset[str]:
        """A subject, active or passive."""
        return self.subject | self.passive_subject

    @cached_property
    def attributive(self) -> frozenset[str]:
        """An adjective or a compound before a noun ("Ukrainian soldiers", "missile strike")."""
        return self.adjective_modifier | self.compound

    @cached_property
    def noun_piece(self) -> frozenset[str]:
        """A noun inside a longer noun phrase (a compound or a noun modifier)."""
        return self.compound | self.noun_modifier


@cache
def labels(lang: str) -> Labels:
    """The roles' labels of a language; ValueError names a role its file lacks."""
    roles = lexicon(lang, "syntax")
    missing = [f.name for f in fields(Labels) if f.name not in roles]
    if missing:
        raise ValueError(f"lang/{lang}/syntax.toml has no role {missing[0]!r}")
    return Labels(**{f.name: frozenset(roles[f.name]) for f in fields(Labels)})


#: English, the language the components are written for so far.
DEP = labels("en")


def singular_noun(token: Token) -> bool:
    """A common noun in the singular: "NN" in the English models' tags, Number=Sing in the
    morphology of the others (whose tags are the universal parts of speech)."""
    return token.tag_ == "NN" or (token.pos_ == "NOUN" and token.morph.get("Number") == ["Sing"])
