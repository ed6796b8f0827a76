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

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.gazetteer.actors import countries, country_of, named_forces
from sitroom.gazetteer.places import gazetteer, key

#: Nouns that, right after a proper name, make it a place: "the Kursk region", "Donetsk oblast".
PLACE_NOUNS = frozenset(
    {
        "region",
        "regions",
        "oblast",
        "oblasts",
        "province",
        "provinces",
        "district",
        "districts",
        "governorate",
        "governorates",
        "county",
        "state",
        "city",
        "town",
        "village",
        "villages",
        "settlement",
        "border",
        "area",
        "front",
        "frontline",
        "raion",
        "krai",
        "republic",
        "municipality",
        "camp",
        "strip",
    }
)
#: Prepositions after which a one- or two-word proper name mislabelled PERSON/ORG/PRODUCT is a
#: place ("fighting near Pokrovsk", "a strike in Khan Younis").
LOCATIVE_PREPOSITIONS = frozenset({"in", "near", "outside", "around", "towards", "toward", "into"})
#: Nouns before "of" that make the next name a place ("the cities of", "the vicinity of").
AREA_NOUNS = frozenset(
    {"cities", "towns", "countryside", "vicinity", "outskirts", "areas", "suburbs", "provinces"}
)
REPAIRABLE_LABELS = frozenset({"PRODUCT", "ORG", "PERSON", "NORP", "FAC", "WORK_OF_ART", "LAW"})
ENTITY_LABELS = ("PERSON", "ORG", "FORCE", "GPE", "LOC", "NORP")
PLACES = ("GPE", "LOC")

MINISTRY_FIELDS = (
    "defence",
    "defense",
    "foreign",
    "health",
    "interior",
    "justice",
    "emergencies",
    "emergency",
    "finance",
    "economy",
    "energy",
    "agriculture",
    "education",
    "information",
    "internal",
    "home",
    "veterans",
    "reintegration",
    "culture",
    "social",
)


def _demonyms_lower() -> list[str]:
    return sorted({d.casefold() for c in countries() for d in c.demonyms})


def entity_ruler_patterns() -> list[dict]:
    """Patterns for spaCy's EntityRuler: named forces (FORCE) and ministries (ORG)."""
    patterns: list[dict] = []
    for force in named_forces():
        for name in (force.name, *force.aliases):
            patterns.append({"label": "FORCE", "pattern": name, "id": force.name})
    demonym = {"LOWER": {"IN": _demonyms_lower()}, "OP": "?"}
    field = {"LOWER": {"IN": list(MINISTRY_FIELDS)}}
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
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.lower_ in PLACE_NOUNS:
        return True
    before = doc[span.start - 1] if span.start > 0 else None
    return (
        before is not None
        and (
            (before.lower_ in LOCATIVE_PREPOSITIONS and len(span) <= 2)
            or _known_place_after(span, before)
        )
        and span.label_ != "NORP"
        and not (after is not None and after.tag_ == "POS")
    )


def _name_length(span: Span) -> int:
    """Words of a name, not counting an Arabic article ("al-Mayadin" is one word)."""
    return sum(t.lower_ not in ("al", "el", "-") for t in span)


def _known_place_after(span: Span, before: Token) -> bool:
    """An ORG-tagged gazetteer place after a locative word ("in al-Mayadin", "barrel bombs on
    Darayya", "the cities of Darayya"): the name must be a known place, as "on", "at" and
    "of" also precede organisations."""
    doc = span.doc
    if span.label_ != "ORG" or _name_length(span) > 2:
        return False
    if before.lower_ == "of":
        if before.i == 0 or doc[before.i - 1].lower_ not in PLACE_NOUNS | AREA_NOUNS:
            return False
    elif before.lower_ not in LOCATIVE_PREPOSITIONS | {"on", "at"}:
        return False
    return gazetteer().has_key(key(span.text))


@Language.component("sitroom_entity_fixes")
def fix_entity_labels(doc: Doc) -> Doc:
    """Relabel toponyms the model missed and make each surface form's label consistent.

    A name with place evidence somewhere in the document ("the Kursk region") is a place
    everywhere in it; otherwise the majority label of a surface form wins, a place label winning
    ties ("Kherson" once PERSON, once GPE). A lone ministry field
    tagged ORG ("Defence" in "Defence Minister ...") is a title word, not an organisation.
    """
    ents = list(doc.ents)
    place_names = {
        ent.text
        for ent in ents
        if ent.label_ in REPAIRABLE_LABELS
        and _is_place_context(ent)
        and not (ent.label_ == "NORP" and country_of(ent.text))  # "the Russian border"
    }
    votes: dict[str, Counter] = {}
    for ent in ents:
        votes.setdefault(ent.text, Counter())[ent.label_] += 1
    fixed = []
    for ent in ents:
        if len(ent) == 1 and ent.label_ == "ORG" and ent[0].lower_ in MINISTRY_FIELDS:
            continue  # "Defence" in "Defence Minister Andriy Kovalenko" is part of a title
        label = ent.label_
        if ent.text in place_names and label in REPAIRABLE_LABELS:
            label = "GPE"
        elif label in ENTITY_LABELS or label in REPAIRABLE_LABELS:
            top, count = max(votes[ent.text].items(), key=lambda kv: (kv[1], kv[0] in PLACES))
            if top in ENTITY_LABELS and (count, top in PLACES) > (votes[ent.text][label], False):
                label = top
        fixed.append(ent if label == ent.label_ else Span(doc, ent.start, ent.end, label=label))
    doc.ents = _merge_adjacent_places(doc, fixed)
    return doc


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
