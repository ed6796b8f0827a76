"""Conflict relevance of a text, from its words alone: the scores and rules behind the
``sitroom_relevance`` component (nlp/relevance.py), kept free of spaCy so that the exports can
take the same decision again from a stored document.

Words are matched as written, lower-cased, with the inflections the lexicon's part of speech
allows ("troop" matches "troops", "shell" (verb) "shelled"); a phrase wins over its words
("price war", "heart attack", "fire brigade"). The vocabulary: ``nlp/lang/en/topics.tsv``, the
``conflict`` column of ``nlp/lang/en/event_triggers.tsv`` (casualty words apart) and the named armed
groups of ``nlp/lang/en/forces.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from sitroom.errors import ConfigError
from sitroom.nlp.actors import named_forces
from sitroom.nlp.lang import language_file, language_module
from sitroom.nlp.lang import lexicon as language_lexicon

CONFLICT, CASUALTY = "conflict", "casualty"
#: Topics that are not conflict news (nlp/lang/en/topics.tsv).
OTHER_TOPICS = ("sport", "entertainment", "business", "tech", "health", "disaster", "accident")
#: Weight of one mention of a named armed group ("Hamas", "IDF").
FORCE_WEIGHT = 1.0
#: A document is other news when its other topics weigh at least this much ...
MIN_OTHER = 2.0
#: ... and more than this many times its conflict words (casualty words included).
RATIO = 1.0
#: A document of at least ``LONG`` words is other news when its conflict words (casualty words
#: included) weigh less than ``MIN_DENSITY`` per 100 words: the absence of conflict words from a
#: whole article is evidence too (war reporting has a median of 2.5 per 100 words).
LONG = 60
MIN_DENSITY = 0.3
#: A sentence of conflict news is left out when its other topics weigh at least this much and
#: it has no conflict word besides casualty words.
SENTENCE_OTHER = 2.0
#: A sentence of other news counts when its conflict words (casualty words not included) weigh
#: at least this much (two strong words, or three), and more than twice its other topics: one
#: strong word is as often a figure of speech or fiction ("bombarded with requests", "he played
#: a soldier").
SENTENCE_CONFLICT = 3.0
#: Other news whose conflict words (casualty words not included) still weigh this much per 100
#: words, the median of war reporting, is *mixed*: a report on doctors in a war zone that says as
#: much about a pandemic. There a sentence counts when its conflict words outweigh its others.
MIXED_DENSITY = 2.0

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Words:
    """This module's word lists in one language (lang/<code>/attribution.toml, [topics])."""

    #: Irregular verb forms of lexicon verbs (the regular ones are made by the language's
    #: inflection rules).
    irregular: dict[str, tuple[str, ...]]
    #: How the language's inflections are matched: "" (English: the lexicon's forms are made
    #: by rule), a Snowball stemmer's language ("russian", "french": text and lexicon words are
    #: compared by stem) or "ukrainian" (by pymorphy3's lemma; Snowball has no Ukrainian).
    stems: str


@cache
def words(lang: str) -> Words:
    """The word lists of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = language_lexicon(lang, "attribution")["topics"]
    return Words(
        irregular={verb: tuple(forms) for verb, forms in lists["irregular"].items()},
        stems=lists["stems"],
    )


@cache
def _normaliser(lang: str) -> Callable[[str], str] | None:
    """What a word of ``lang`` is compared by (its stem or lemma), or None where the lexicon
    lists the forms (English)."""
    stems = words(lang).stems
    if not stems:
        return None
    if stems == "ukrainian":
        from sitroom.nlp.ukrainian import lemma

        return lemma
    import snowballstemmer

    stemmer = snowballstemmer.stemmer(stems)
    return lru_cache(maxsize=65536)(stemmer.stemWord)


@dataclass(frozen=True)
class _Entry:
    topic: str
    weight: float
    exact: str | None = None  # an acronym matched only as written ("IDF", not "idf")


# ------------------------------------------------------------------------------- lexicon


def _forms(lang: str) -> Callable[[tuple[str, ...], str], set[tuple[str, ...]]]:
    """How ``lang`` inflects a lexicon word or phrase of a part of speech, where its lexicon
    lists forms (``nlp/lang/<code>/inflection.py``, English)."""
    inflection = language_module(lang, "inflection")
    if inflection is None:
        raise ConfigError(f"lang/{lang}: [topics] stems names no stemmer and no inflection.py")
    irregular = words(lang).irregular
    return lambda phrase, pos: inflection.phrase_forms(phrase, pos, irregular)


def _split(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(text))


@cache
def lexicon(lang: str = "en") -> dict[tuple[str, ...], _Entry]:
    """Lower-cased word sequences -> topic and weight, from nlp/lang/<lang>/topics.tsv, the
    conflict column of nlp/lang/<lang>/event_triggers.tsv and nlp/lang/<lang>/forces.txt. Where
    several rows give one form, a row whose word is that form wins over an inflection of
    another; among equals the lesser weight wins: an ambiguous form says less ("shell" is a verb
    of war and an oil company, "bombs" a weapon and a flop)."""
    ranked: dict[tuple[str, ...], tuple[int, float, int, _Entry]] = {}
    order = 0

    normalise = _normaliser(lang)
    inflect = _forms(lang) if normalise is None else lambda phrase, pos: {phrase}

    def add(word: str, pos: str, entry: _Entry) -> None:
        nonlocal order
        order += 1
        words = _split(word)
        if not words:
            return
        if normalise is not None:  # compared by stem or lemma: one form says it all
            words = tuple(normalise(w) for w in words)
            forms = {words}
        else:
            forms = inflect(words, pos)
        for form in forms:
            rank = (0 if form == words else 1, entry.weight, order, entry)
            if form not in ranked or rank[:3] < ranked[form][:3]:
                ranked[form] = rank

    for line in language_file(lang, "topics.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, pos, topic, weight = line.split("\t")
            add(word, pos, _Entry(topic, float(weight)))
    for line in language_file(lang, "event_triggers.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            lemma, pos, type_, _, _, conflict = line.split("\t")
            add(lemma, pos, _Entry(CASUALTY if type_ == "casualty" else CONFLICT, float(conflict)))
    for force in named_forces(lang):
        for name in (force.name, *force.aliases):
            exact = name if name.isupper() or any(c.isdigit() for c in name) else None
            add(name, "=", _Entry(CONFLICT, FORCE_WEIGHT, exact))
    return {form: entry for form, (*_, entry) in ranked.items()}


# ------------------------------------------------------------------------------- scoring


def cues(text: str, *, lang: str = "en") -> dict[str, float]:
    """topic -> weight of its words in ``text`` (topics with no word left out)."""
    return _cues(text, lang=lang)[0]


@cache
def _sizes(lang: str = "en") -> dict[str, tuple[int, ...]]:
    """first word -> the lengths of the lexicon's forms starting with it, longest first."""
    sizes: dict[str, set[int]] = {}
    for form in lexicon(lang):
        sizes.setdefault(form[0], set()).add(len(form))
    return {word: tuple(sorted(found, reverse=True)) for word, found in sizes.items()}


def _cues(text: str, *, lang: str = "en") -> tuple[dict[str, float], int]:
    """(topic -> weight of its words, number of words) of ``text``."""
    table, sizes = lexicon(lang), _sizes(lang)
    matches = list(_WORD.finditer(text))
    words = [m.group().lower() for m in matches]
    normalise = _normaliser(lang)
    if normalise is not None:
        words = [normalise(w) for w in words]
    scores: dict[str, float] = {}
    i = 0
    while i < len(words):
        for size in sizes.get(words[i], ()):
            entry = table.get(tuple(words[i : i + size])) if i + size <= len(words) else None
            if entry is None:
                continue
            written = text[matches[i].start() : matches[i + size - 1].end()]
            if entry.exact is not None and written != entry.exact:
                continue
            if entry.weight:
                scores[entry.topic] = scores.get(entry.topic, 0.0) + entry.weight
            i += size
            break
        else:
            i += 1
    return scores, len(words)


def _conflict(scores: dict[str, float]) -> float:
    return scores.get(CONFLICT, 0.0) + scores.get(CASUALTY, 0.0)


def _other(scores: dict[str, float]) -> float:
    return sum(scores.get(topic, 0.0) for topic in OTHER_TOPICS)


@dataclass(frozen=True)
class Verdict:
    """A document's verdict: conflict news or not; otherwise the other topic it is mostly about
    (None when it has no word of any topic) and whether it is mixed (``MIXED_DENSITY``)."""

    conflict: bool
    topic: str | None = None
    mixed: bool = False


def verdict(scores: dict[str, float], words: int) -> Verdict:
    """The verdict on a document from its scores and its length in words."""
    other, conflict = _other(scores), _conflict(scores)
    if (other >= MIN_OTHER and other > RATIO * conflict) or (
        words >= LONG and 100 * conflict / words < MIN_DENSITY
    ):
        topics = [t for t in OTHER_TOPICS if scores.get(t, 0.0) > 0]
        topic = max(topics, key=lambda t: scores[t]) if topics else None
        mixed = 100 * scores.get(CONFLICT, 0.0) / max(words, 1) >= MIXED_DENSITY
        return Verdict(False, topic, mixed)
    return Verdict(True)


def sentence_counts(document: Verdict, scores: dict[str, float]) -> bool:
    """Whether a sentence with these scores counts in a document with this verdict."""
    own, other = scores.get(CONFLICT, 0.0), _other(scores)
    if document.conflict:
        return own > 0 or other < SENTENCE_OTHER
    if document.mixed and own > other:
        return True
    return own >= SENTENCE_CONFLICT and own > 2 * other


def sentences_counted(
    text: str, sentences: list[tuple[int, int]], *, lang: str = "en"
) -> tuple[Verdict, dict[str, float], frozenset[int]]:
    """(the document's verdict, the scores of the whole text, the start characters of the
    sentences that count) for a text split into sentences (character spans)."""
    scores, words = _cues(text, lang=lang)
    document = verdict(scores, words)
    kept = frozenset(
        start
        for start, end in sentences
        if sentence_counts(document, cues(text[start:end], lang=lang))
    )
    return document, scores, kept


def judges(lang: str) -> bool:
    """Whether sitroom judges the conflict relevance of texts in ``lang``: the language has a
    topic vocabulary (``lang/<code>/topics.tsv``). Texts in other languages are taken whole,
    as when the relevance component is not in their pipeline."""
    return language_file(lang, "topics.tsv").is_file()


def document_verdict(text: str, *, lang: str = "en") -> Verdict:
    """The component's verdict on a document."""
    return verdict(*_cues(text, lang=lang))


def relevant_sentence(
    text: str, sentence: tuple[int, int], document: Verdict, *, lang: str = "en"
) -> bool:
    """Whether the sentence at ``sentence`` of a document counts (the component's test)."""
    return sentence_counts(document, cues(text[sentence[0] : sentence[1]], lang=lang))
