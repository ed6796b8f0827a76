"""Rule-based corrections to spaCy's statistical NER for conflict news.

Two pipeline pieces:

* ``entity_ruler_patterns()`` feeds spaCy's own ``entity_ruler`` (placed after ``ner`` with
  ``overwrite_ents``): named armed forces become ``FORCE`` and ministries become ``ORG``.
* the ``sitroom_entity_fixes`` component repairs labels the small statistical models get wrong
  on this domain: toponyms tagged PRODUCT/ORG/PERSON ("the Kursk region" -> Kursk is PRODUCT in
  both en_core_web_sm and _md), and one surface form labelled differently across a document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.gazetteer.actors import countries, country_of
from sitroom.gazetteer.places import gazetteer
from sitroom.nlp.actors import named_forces
from sitroom.nlp.geo import MIN_UNSUPPORTED_POPULATION, place_entries
from sitroom.nlp.lang import lexicon
from sitroom.nlp.numbers import words as number_words
from sitroom.nlp.syntax import DEP


@dataclass(frozen=True)
class Words:
    """This module's word lists in one language (lang/<code>/entities.toml,
    ``[entity_rules]``)."""

    #: Nouns that, right after a proper name, make it a place: "the Kursk region", "Donetsk
    #: oblast". Not the place_nouns of :mod:`sitroom.nlp.geo`, a different list (nouns after
    #: demonyms).
    place_nouns: frozenset[str]
    #: Nouns that make a proper name before them a place, a NORP-tagged one only when the
    #: gazetteer knows it ("Aleppo neighbourhoods", not "Christian neighbourhoods").
    quarter_nouns: frozenset[str]
    #: Prepositions after which a one- or two-word proper name mislabelled PERSON/ORG/PRODUCT
    #: is a place ("fighting near Pokrovsk", "a strike in Khan Younis"). Not the
    #: locative_prepositions of :mod:`sitroom.nlp.geo`, a longer list.
    locative_prepositions: frozenset[str]
    #: Nouns before "of" that make the next name a place ("the cities of", "the vicinity of").
    area_nouns: frozenset[str]
    #: Words before "of" that make the next known name a place: area nouns, compass words
    #: ("east of Tal Abyad") and attack nouns ("the shelling of Zabadani").
    of_place_nouns: frozenset[str]
    #: Verbs whose object, when a known place name, is a place ("targets Aleppo").
    target_verbs: frozenset[str]
    #: What joins two names of a list ("Suba, Migori and Homa Bay").
    list_separators: frozenset[str]
    #: Fields of government ministries ("the Russian Defence Ministry"), in pattern order.
    ministry_fields: tuple[str, ...]
    #: Words photo captions add after the photographer's name ("(AP Photo/Efrem Lukatsky,
    #: File)"), which the NER takes into the name or for a name of its own.
    credit_tail_words: frozenset[str]
    #: Words inside a name not counted in its length ("al-Mayadin" is one word).
    name_particles: frozenset[str]
    #: A preposition of origin before a name ("from Salalah").
    origin_prepositions: frozenset[str]
    #: Prepositions of a point before a known place ("bombs on Darayya", "at Sayeda Zeinab").
    point_prepositions: frozenset[str]
    #: The last word of a caption's credit ("AP Photo").
    credit_words: frozenset[str]


@cache
def words(lang: str) -> Words:
    """The word lists of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "entities")["entity_rules"]
    place_nouns = frozenset(lists["place_nouns"])
    area_nouns = frozenset(lists["area_nouns"])
    return Words(
        place_nouns=place_nouns,
        quarter_nouns=frozenset(lists["quarter_nouns"]),
        locative_prepositions=frozenset(lists["locative_prepositions"]),
        area_nouns=area_nouns,
        of_place_nouns=place_nouns | area_nouns | frozenset(lists["of_place_nouns"]),
        target_verbs=frozenset(lists["target_verbs"]),
        list_separators=frozenset(lists["list_separators"]),
        ministry_fields=tuple(lists["ministry_fields"]),
        credit_tail_words=frozenset(lists["credit_tail_words"]),
        name_particles=frozenset(lists["name_particles"]),
        origin_prepositions=frozenset(lists["origin_prepositions"]),
        point_prepositions=frozenset(lists["point_prepositions"]),
        credit_words=frozenset(lists["credit_words"]),
    )


#: Longest name (Arabic article not counted) label repair takes from the gazetteer alone.
MAX_REPAIRED_WORDS = 3
REPAIRABLE_LABELS = frozenset({"PRODUCT", "ORG", "PERSON", "NORP", "FAC", "WORK_OF_ART", "LAW"})
#: Labels a known gazetteer name in place context is taken from ("the Bible", a work, is not).
GAZETTEER_REPAIRABLE = frozenset({"PRODUCT", "ORG", "PERSON", "NORP"})
ENTITY_LABELS = ("PERSON", "ORG", "FORCE", "GPE", "LOC", "NORP")
PLACES = ("GPE", "LOC")


def _demonyms_lower() -> list[str]:
    return sorted({d.casefold() for c in countries() for d in c.demonyms})


def entity_ruler_patterns(lang: str = "en") -> list[dict]:
    """Patterns for spaCy's EntityRuler in ``lang``: named forces (FORCE) and ministries
    (ORG)."""
    patterns: list[dict] = []
    for force in named_forces(lang):
        for name in (force.name, *force.aliases):
            patterns.append({"label": "FORCE", "pattern": name, "id": force.name})
    demonym = {"LOWER": {"IN": _demonyms_lower()}, "OP": "?"}
    field = {"LOWER": {"IN": list(words(lang).ministry_fields)}}
    patterns += [
        # "the Russian Defence Ministry", "Gaza's health ministry" (possessor kept outside)
        {"label": "ORG", "pattern": [demonym, field, {"LOWER": "ministry"}]},
        # "Ministry of Foreign Affairs", "Ministry of Emergency Situations"
        {
            "label": "ORG",
            "pattern": [
                demonym,
                {"LOWER": "ministry"},
                {"LOWER": "of"},
                {"IS_TITLE": True},
                {"LOWER": {"IN": ["and", "of"]}, "OP": "?"},
                {"IS_TITLE": True, "OP": "?"},
            ],
        },
    ]
    return patterns


def _is_place_context(span: Span) -> bool:
    """Place evidence strong enough to make the name a place everywhere in the document."""
    doc = span.doc
    w = words(doc.lang_)
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.lower_ in w.place_nouns:
        return True
    if after is not None and after.lower_ in w.quarter_nouns:
        return span.label_ != "NORP" or _known_place(span)
    before = doc[span.start - 1] if span.start > 0 else None
    return (
        before is not None
        and before.lower_ in w.locative_prepositions
        and len(span) <= 2
        and span.label_ != "NORP"
        and not (after is not None and after.tag_ == "POS")
    )


def _is_known_place_here(span: Span) -> bool:
    """Weaker evidence, for this mention only: a known place name after a locative word or
    as the object of an attack verb."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if span.label_ not in GAZETTEER_REPAIRABLE or (after is not None and after.tag_ == "POS"):
        return False
    before = doc[span.start - 1] if span.start > 0 else None
    return _known_place(span) and (_locative_cue(span, before) or _target_of_attack(span))


def _name_length(span: Span) -> int:
    """Words of a name, not counting an Arabic article ("al-Mayadin" is one word)."""
    particles = words(span.doc.lang_).name_particles
    return sum(t.text != "-" and t.lower_ not in particles for t in span)


def _known_place(span: Span) -> bool:
    """A short name the gazetteer knows (with another Arabic article: "al-Tabaqa"), not a
    demonym. On its own this is no evidence: many surnames and firms are also town names."""
    return (
        _name_length(span) <= MAX_REPAIRED_WORDS
        and not span.text.replace(".", "").isupper()  # "NATO", "E.U.": organisations
        and not gazetteer().demonym(span.text)
        and bool(place_entries(span.text, lang=span.doc.lang_))
    )


def _locative_cue(span: Span, before: Token | None) -> bool:
    """A known place after a locative word ("at Sayeda Zeinab", "barrel bombs on Darayya",
    "from Salalah", "the cities of Darayya", "east of Tal Abyad", "the shelling of Zabadani"):
    the name must be a known place, as these words also precede people and organisations."""
    if before is None:
        return False
    w = words(span.doc.lang_)
    if before.lower_ in number_words(span.doc.lang_).genitive_prepositions:
        return before.i > 0 and span.doc[before.i - 1].lower_ in w.of_place_nouns
    if before.lower_ in w.origin_prepositions:  # "a call from Lu": people come from places too
        return span.label_ != "PERSON"
    return before.lower_ in w.locative_prepositions or before.lower_ in w.point_prepositions


def _target_of_attack(span: Span) -> bool:
    """A known place as the object of an attack or control verb ("shelling targets Aleppo",
    "warplanes bombed Daraya")."""
    target_verbs = words(span.doc.lang_).target_verbs
    root = span.root
    before = span.doc[span.start - 1] if span.start > 0 else None
    return (root.dep_ in DEP.object and root.head.lemma_.lower() in target_verbs) or (
        before is not None and before.lemma_.lower() in target_verbs
    )


def _listed_with_places(ents: list[Span], places: set[int]) -> set[int]:
    """Entities (by index in ``ents``) that are known place names in a list with places
    ("Suba, Migori and Homa Bay", "around al-Tabaqa and Ayn Issa"); ``places`` are the
    indices already placed, and the set grows until no name is added. A name followed by a
    verb is a speaker or actor ("in Geneva, Jordan said")."""
    found = set(places)
    changed = True
    while changed:
        changed = False
        for i, ent in enumerate(ents):
            if i in found or ent.label_ not in GAZETTEER_REPAIRABLE:
                continue
            neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(ents)]
            if (
                any(_listed(ent, ents[j]) and j in found for j in neighbours)
                and _known_place(ent)
                and not _before_verb(ent)
            ):
                found.add(i)
                changed = True
    return found - places


def _listed(a: Span, b: Span) -> bool:
    """Two entities joined by one list separator ("Suba, Migori", "Maliuc and Caraorman")."""
    first, second = (a, b) if a.start < b.start else (b, a)
    return (
        second.start == first.end + 1
        and a.doc[first.end].lower_ in words(a.doc.lang_).list_separators
    )


def _before_verb(span: Span) -> bool:
    doc = span.doc
    return span.end < len(doc) and doc[span.end].pos_ in ("VERB", "AUX")


@Language.component("sitroom_entity_fixes")
def fix_entity_labels(doc: Doc) -> Doc:
    """Relabel toponyms the model missed and make each surface form's label consistent.

    A name with place evidence somewhere in the document ("the Kursk region") is a place
    everywhere in it; otherwise the majority label of a surface form wins, a place label winning
    ties ("Kherson" once PERSON, once GPE). A lone ministry field
    tagged ORG ("Defence" in "Defence Minister ...") is a title word, not an organisation.
    """
    w = words(doc.lang_)
    ents = list(doc.ents)
    place_names = {
        ent.text
        for ent in ents
        if ent.label_ in REPAIRABLE_LABELS
        and _is_place_context(ent)
        and not (ent.label_ == "NORP" and country_of(ent.text))  # "the Russian border"
    }
    placed = {
        i
        for i, ent in enumerate(ents)
        if ent.label_ in PLACES or ent.text in place_names or _is_known_place_here(ent)
    }
    placed |= _listed_with_places(ents, placed)
    votes: dict[str, Counter] = {}
    for ent in ents:
        votes.setdefault(ent.text, Counter())[ent.label_] += 1
    fixed = []
    for i, ent in enumerate(ents):
        if len(ent) == 1 and ent.label_ == "ORG" and ent[0].lower_ in w.ministry_fields:
            continue  # "Defence" in "Defence Minister Andriy Kovalenko" is part of a title
        label = ent.label_
        if _demonym_before_noun(ent):
            label = "NORP"
        elif _acronym_of_no_place(ent):
            label = "ORG" if label in PLACES else label  # and never repaired into a place
        elif i in placed and label in REPAIRABLE_LABELS:
            label = "GPE"
        elif label in ENTITY_LABELS or label in REPAIRABLE_LABELS:
            top, count = max(votes[ent.text].items(), key=lambda kv: (kv[1], kv[0] in PLACES))
            if top in ENTITY_LABELS and (count, top in PLACES) > (votes[ent.text][label], False):
                label = top
        end = _credit_end(ent)
        if (
            end > ent.start
            and not _is_web_address(ent)
            and not _is_photo_credit(doc[ent.start : end])
        ):
            same = label == ent.label_ and end == ent.end
            fixed.append(ent if same else Span(doc, ent.start, end, label=label))
    doc.ents = _merge_adjacent_places(doc, fixed)
    return doc


def _credit_end(span: Span) -> int:
    """Where a name ends without a caption's trailing "File" (and the comma before it)."""
    credit_tail_words = words(span.doc.lang_).credit_tail_words
    end = span.end
    while end > span.start and (
        span.doc[end - 1].lower_ in credit_tail_words or span.doc[end - 1].is_punct
    ):
        end -= 1
    return end


def _is_photo_credit(span: Span) -> bool:
    """A caption's credit ("AP Photo", "Kremlin Pool Photo"), which names who took a picture,
    not an actor of the story: the most frequent "organisation" of wire copy otherwise."""
    return span[-1].lower_ in words(span.doc.lang_).credit_words


def _is_web_address(span: Span) -> bool:
    """A link the NER took for a name ("https://twitter.com/AP_Sports")."""
    return "://" in span.text or span.text.lower().startswith("www.")


def _acronym_of_no_place(span: Span) -> bool:
    """An all-capitals word that names no country, region or city of note ("toward NATO
    membership": Nato is a Philippine town), outside a dateline ("KYIV, Ukraine" opens a line):
    an organisation's acronym, whatever the NER or the place context says."""
    text = span.text.replace(".", "")
    if len(span) != 1 or len(text) < 3 or not text.isupper():
        return False
    doc = span.doc
    if span.start == 0 or "\n" in doc[span.start - 1].whitespace_ + doc[span.start - 1].text:
        return False
    return not any(
        e.feature not in ("city", "admin2") or e.population >= MIN_UNSUPPORTED_POPULATION
        for e in place_entries(span.text, lang=span.doc.lang_)
    )


def _demonym_before_noun(span: Span) -> bool:
    """A demonym tagged as a place before a noun ("Ukrainian officials said"): a nationality,
    as "Russian officials" is tagged, not a toponym (nor a claimant named "Ukrainian")."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return (
        len(span) == 1
        and span.label_ in PLACES
        and after is not None
        and after.pos_ == "NOUN"
        and bool(gazetteer().demonym(span.text))
        and not place_entries(span.text, lang=span.doc.lang_)
    )


def _merge_adjacent_places(doc: Doc, ents: list[Span]) -> list[Span]:
    """Two place names with nothing between them are one: "Krasnaya" + "Yaruga"."""
    merged: list[Span] = []
    for ent in ents:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.end == ent.start
            and previous.label_ == ent.label_ == "GPE"
            and doc[previous.end - 1].whitespace_ == " "
        ):
            merged[-1] = Span(doc, previous.start, ent.end, label="GPE")
        else:
            merged.append(ent)
    return merged
