"""The ``sitroom_places`` component: toponyms found, resolved to the gazetteer, and grouped.

Detection (:func:`detect`) collects candidate spans from five sources, earlier ones winning
where spans overlap:

1. region phrases: "the Kursk region", "Kursk Oblast", "Donetsk province", "the region of
   Kherson" name a first-level region, even where NER missed or mislabelled the name;
2. the NER's GPE / LOC / FAC entities (already corrected by the entity component), and NORP
   entities that are gazetteer names but no demonym ("bombardment on Aleppo");
3. capitalised proper-noun runs that are gazetteer names, accepted only with support: a
   locative preposition before them ("in Sudzha"), or a big or high-level place (country,
   region, city of 100,000+), and never inside a person or organisation name;
4. an all-caps dateline place ("RALEIGH, N.C. (AP) -", taken before the NER's entities),
   and a well-known place opening or closing an organisation's name ("the California
   Department of Public Health", "University of Michigan"; not a newspaper's or an armed
   group's);
5. demonyms and country adjectives ("Russian territory", "Ukrainian soil") when the noun they
   modify is a place noun; with ``demonyms="all"`` every adjectival use counts (GeoWebNews and
   TR-News annotate "Turkish" in "a Turkish policeman" as a toponym).

Resolution (:func:`resolve`) scores each candidate's gazetteer entries by population, feature
kind (countries and named regions first; a bare name means the city, a region phrase the
admin1) and the document's other places: a second pass favours entries in the countries and
regions that unambiguous mentions established ("Kursk" in a story about Sudzha and Belgorod
stays in Russia). An unknown name is looked up again without a qualifying word ("Latakia
Mountains", "Reef Hama", "Eastern Daraa"), then with another Arabic article ("al-Raqqah" -> Ar
Raqqah) or as a transliteration variant ("Deir Ezzor" -> Deir ez-Zor) in Arabic-speaking
countries; such a variant must fit the countries the other places could lie in. "<place>, <region>"
puts the place in the region ("Tacoma, Washington") and keeps that sense for the name's other
mentions, a sea's name means the sea, and "state", "governor" after a name want the state.
Names support each other's entries in a region they could share and towns within 50 km of
each other; a name's own mentions are no context for it. A name listed beside first-level
regions is one ("Oregon, California and Washington"), and a county name found in many states
means the one in a state the story names. A facility name falls back to the place inside
it ("Delhi High Court").
Mentions of one entry become one :class:`sitroom.model.Place`, with an ACLED style precision
code: "1" a town or city, "2" near one ("outside Bakhmut"), "3" a region, "country" a country
or larger.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.folding import latin_script
from sitroom.gazetteer.places import Gazetteer, GazetteerEntry, flat_km, gazetteer, key
from sitroom.model import Mention, Place
from sitroom.nlp.doctext import doc_text
from sitroom.nlp.lang import lexicon
from sitroom.nlp.name_forms import name_form
from sitroom.nlp.names import words as name_words
from sitroom.nlp.numbers import words as number_words
from sitroom.nlp.syntax import DEP

if not Doc.has_extension("sitroom_places"):
    Doc.set_extension("sitroom_places", default=None)


@dataclass(frozen=True)
class Words:
    """This component's word lists in one language (lang/<code>/places.toml)."""

    #: Words after a name that make it a first-level region ("Kursk region").
    region_words: frozenset[str]
    #: Words first-level regions are named with, in the order tried by :func:`_region_key`.
    region_name_words: tuple[str, ...]
    #: Folded endings of the adjective a language names a region with ("Курская область":
    #: "kurskiy" -> kursk), in the order tried; none in English ("Kursk region").
    region_adjective_endings: tuple[str, ...]
    #: Words after a name that make it a state or province rather than its namesake city.
    admin_cues: frozenset[str]
    #: Nouns that make a demonym a place reference ("Russian territory").
    place_nouns: frozenset[str]
    #: Words before a name that support it as a place ("in Sudzha").
    locative_prepositions: frozenset[str]
    #: Compass words: "eastern Aleppo" is Aleppo; "Eastern" alone before an unknown name
    #: ("the Eastern Ghouta") is not Ghana's Eastern Region.
    direction_words: frozenset[str]
    #: Words between a locative preposition and the name it governs ("in the eastern al-Bab").
    skipped_before_name: frozenset[str]
    #: Names of the Earth and its neighbours, which news uses for them, not for the small towns
    #: named after them (Earth, Texas; Venus, Florida; Mars, Pennsylvania).
    celestial_bodies: frozenset[str]
    #: Institutions named by their seat or body ("in Congress"), not the towns that share the
    #: name.
    institutions: frozenset[str]
    #: Last words of newspapers' names ("The Washington Post"): the place there is no mention.
    media_words: frozenset[str]
    #: Words of armed groups' names; a place in such a name is the group's, not a location.
    force_words: frozenset[str]
    #: What joins the items of a list of places ("Ontario, Manitoba and New Brunswick").
    list_joiners: frozenset[str]
    #: Words after a name that place something in or by it ("Latakia Mountains", "Homs
    #: countryside", "Salinas Valley"): an otherwise unknown compound resolves to the name.
    part_suffixes: frozenset[str]
    #: Words before a name that do the same: compass words ("Eastern Daraa"), "Reef" / "Rif"
    #: (Arabic for countryside: "Reef Hama"), "Greater", "Upper", "Lower".
    part_prefixes: frozenset[str]
    #: Head nouns of facilities and institutions that often carry the name of their place
    #: ("Delhi High Court", "University of Alberta", "Da Nang International Airport").
    facility_words: frozenset[str]
    #: Words of such names that alone name no place ("City Hall", "European Central Bank",
    #: "Supreme People's Court", "Seoul Central District Court" -> Seoul).
    not_place_words: frozenset[str]
    #: Arabic-speaking countries: where "al-Raqqah" is "Ar Raqqah" and "Qamishli" "Al
    #: Qamishli".
    arabic_countries: frozenset[str]
    #: Forms of the Arabic article at the start of a folded name, in the order tried.
    arabic_articles: tuple[str, ...]
    #: Consonants the article assimilates to ("al-Shaddadi" is written "Ash Shaddadi").
    sun_letters: tuple[str, ...]
    #: Words before a place that put something near it ("near", "on the outskirts of", "close
    #: to", "10 km from").
    near_words: frozenset[str]
    near_context_words: frozenset[str]
    close_words: frozenset[str]
    close_prepositions: frozenset[str]
    distance_units: frozenset[str]
    distance_prepositions: frozenset[str]
    #: Nouns that, before a genitive preposition, make the next name a region ("the state of").
    admin_of_nouns: frozenset[str]
    #: Lower-case words that may stand inside a place name ("Bay of Biscay").
    name_connectors: frozenset[str]
    #: The start of a country's formal name, folded ("Republic of Armenia" is Armenia).
    country_prefixes: tuple[str, ...]


@cache
def words(lang: str) -> Words:
    """The word lists of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "places")
    direction_words = frozenset(lists["direction_words"])
    return Words(
        region_words=frozenset(lists["region_words"]),
        region_name_words=tuple(lists["region_name_words"]),
        region_adjective_endings=tuple(lists["region_adjective_endings"]),
        admin_cues=frozenset(lists["admin_cues"]),
        place_nouns=frozenset(lists["place_nouns"]),
        locative_prepositions=frozenset(lists["locative_prepositions"]),
        direction_words=direction_words,
        skipped_before_name=direction_words | set(lists["skipped_before_name"]),
        celestial_bodies=frozenset(lists["celestial_bodies"]),
        institutions=frozenset(lists["institutions"]),
        media_words=frozenset(lists["media_words"]),
        force_words=frozenset(lists["force_words"]),
        list_joiners=frozenset(lists["list_joiners"]),
        part_suffixes=frozenset(lists["part_suffixes"]),
        part_prefixes=direction_words | set(lists["part_prefixes"]),
        facility_words=frozenset(lists["facility_words"]),
        not_place_words=direction_words | frozenset(lists["not_place_words"]),
        arabic_countries=frozenset(lists["arabic_countries"]),
        arabic_articles=tuple(lists["arabic_articles"]),
        sun_letters=tuple(lists["sun_letters"]),
        near_words=frozenset(lists["near_words"]),
        near_context_words=frozenset(lists["near_context_words"]),
        close_words=frozenset(lists["close_words"]),
        close_prepositions=frozenset(lists["close_prepositions"]),
        distance_units=frozenset(lists["distance_units"]),
        distance_prepositions=frozenset(lists["distance_prepositions"]),
        admin_of_nouns=frozenset(lists["admin_of_nouns"]),
        name_connectors=frozenset(lists["name_connectors"]),
        country_prefixes=tuple(lists["country_prefixes"]),
    )


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
BLOCKING_LABELS = frozenset(
    {"PERSON", "ORG", "FORCE", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "DATE", "TIME"}
)
#: A place without context support must be this big to be taken from a bare capitalised word.
MIN_UNSUPPORTED_POPULATION = 100_000
MAX_NAME_TOKENS = 4
#: How a demonym modifies the noun it qualifies ("Russian territory").
_DEMONYM_DEPS = DEP.adjective_modifier | DEP.compound | DEP.noun_modifier
#: Population-free scores of feature kinds (added to log10 population).
FEATURE_BONUS = {
    "continent": 3.0,
    "country": 3.5,
    "region": 2.5,
    "sea": 2.5,
    "admin1": 0.5,
    "admin2": 0.0,
    "capital": 1.5,
    "city": 0.0,
}
#: Context bonuses, per log2(1 + n) of the n other mentions in the same country / admin1:
#: one Ontario town does not move "London" to Canada, but a story naming several places
#: around Cairns picks Edmonton, Queensland over Edmonton, Alberta (1.0 per factor 10 of
#: population; the weights, and the log2 grading, were chosen on GeoWebNews/TR-News).
COUNTRY_CONTEXT_BONUS = 1.0
ADMIN1_CONTEXT_BONUS = 0.75
EXACT_NAME_BONUS = 0.75
#: Weight of the regions the other names could lie in (see :func:`_shared_regions`), in
#: mentions of the admin1 context (0.5 and 1-2 measured the same on the three corpora).
SHARED_REGION_WEIGHT = 0.5
#: Features that lie inside a first-level region.
LOCAL = frozenset({"city", "capital", "admin2", "admin1"})
TOWNS = frozenset({"city", "capital", "admin2"})
#: Towns of two names this close support each other (:func:`_near_support`), per log2(1 +
#: support); only a name's first ``MAX_NEAR_OPTIONS`` entries are compared. 50 km and 1.0
#: were the plainest of the settings tried (50 / 150 km, 1-4), not the best on one corpus.
NEAR_KM = 50.0
NEAR_BONUS = 1.0
MAX_NEAR_OPTIONS = 30


@dataclass
class Candidate:
    """A toponym mention: its character span, lookup key and what its context says."""

    start: int
    end: int
    text: str
    key: str
    region: bool = False  # "the Kursk region": wants a first-level region
    demonym: bool = False  # "Russian territory": the key is a demonym
    near: bool = False  # "outside Bakhmut"
    admin: bool = False  # "Washington state", "the New York governor": wants an admin1
    follows: bool = False  # right after the previous candidate and a comma ("Tacoma, Washington")
    listed: bool = False  # joined to the previous candidate as a list ("Oregon and Washington")
    #: resolved by a looser rule (another Arabic article, a transliteration skeleton): stands
    #: only in a country the other mentions name
    loose: bool = False
    #: a small place inside a facility name ("Cavan Town Hall"; "Rogers Centre" is named
    #: after a person): stands only in a first-level region the other mentions name
    local: bool = False


# ------------------------------------------------------------------------------- detection


def _strip(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article and a trailing possessive or punctuation."""
    articles = name_words(doc.lang_).articles
    while start < end and doc[start].lower_ in articles:
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _is_near(doc: Doc, start: int) -> bool:
    """Whether a "near"-type word stands just before the mention ("near", "outside of", "on the
    outskirts of", "10 km from")."""
    window = [t.lower_ for t in doc[max(0, start - 4) : start]]
    if not window:
        return False
    w = words(doc.lang_)
    if window[-1] in w.near_words or w.near_context_words.intersection(window):
        return True
    if w.close_words.intersection(window) and window[-1] in w.close_prepositions:
        return True
    return (
        window[-1] in w.distance_prepositions
        and len(window) >= 2
        and window[-2] in w.distance_units
    )


def _admin_cue(doc: Doc, start: int, end: int) -> bool:
    """ "Washington state", "New York Gov. Andrew Cuomo", "the state of Washington"."""
    if end < len(doc) and doc[end].lower_.rstrip(".") in words(doc.lang_).admin_cues:
        return True
    return (
        start >= 2
        and doc[start - 1].lower_ in number_words(doc.lang_).genitive_prepositions
        and doc[start - 2].lower_ in words(doc.lang_).admin_of_nouns
    )


def _candidate(doc: Doc, start: int, end: int, **flags: bool) -> Candidate | None:
    start, end = _strip(doc, start, end)
    if end <= start:
        return None
    span = doc[start:end]
    return Candidate(
        span.start_char,
        span.end_char,
        span.text,
        key(name_form(span)),
        near=_is_near(doc, start),
        admin=_admin_cue(doc, start, end),
        **flags,
    )


def _region_candidate(doc: Doc, start: int, end: int, region_key: str) -> list[Candidate]:
    """The words ``start:end`` as a candidate for the first-level region ``region_key`` names
    (none if nothing is left of them once stripped)."""
    cand = _candidate(doc, start, end, region=True)
    if cand is None:
        return []
    cand.key = region_key
    return [cand]


def _region_phrases(doc: Doc, gaz: Gazetteer) -> list[Candidate]:
    """'Kursk region', 'Kursk Oblast', 'the region of Kherson' -> admin1 candidates."""
    lang = doc.lang_
    region_words = words(lang).region_words
    genitive = number_words(lang).genitive_prepositions
    found = []
    for token in doc:
        if token.lower_ not in region_words:
            continue
        # "<Name> region": up to three capitalised tokens before the region word
        i = token.i
        start = i
        while (
            start > 0
            and i - start < 3
            and doc[start - 1].is_title
            and not doc[start - 1].is_sent_start
        ):
            start -= 1
        if start == i and i > 0 and doc[i - 1].is_title:
            start = i - 1
        region_key = (
            _region_key(gaz, key(doc[start:i].text), token.lower_, lang=lang)
            or _adjective_region(gaz, doc[i - 1])
            if start < i
            else None
        )
        if region_key:
            found += _region_candidate(doc, start, i + 1, region_key)
            found += _conjoined_regions(gaz, doc[i - 1])
            continue
        # "the region of <Name>"
        if i + 2 < len(doc) and doc[i + 1].lower_ in genitive and doc[i + 2].is_title:
            end = i + 3
            while end < len(doc) and end - i - 2 < 3 and doc[end].is_title:
                end += 1
            region_key = _region_key(gaz, key(doc[i + 2 : end].text), token.lower_, lang=lang)
            if region_key:
                found += _region_candidate(doc, i + 2, end, region_key)
    return found


def _region_key(
    gaz: Gazetteer, folded: str, used: str = "region", *, lang: str = "en"
) -> str | None:
    """The key of the first-level region "<folded> region" names, or None: a region named
    "<folded> Oblast" (or Region, Province...) first, so "Moscow region" is Moscow Oblast and
    not the city's own federal subject; else one named ``folded``; else the region named
    after its largest town, called so ("Odesa region" is the region GeoNames calls Odessa;
    "the Houston region" is not Texas). The word
    ``used`` in the text is tried first ("Eastern Province" before "Eastern Region"). ``lang``
    is the language of the text."""
    for word in dict.fromkeys((used.rstrip("s"), *words(lang).region_name_words)):
        if _admin1s(gaz, f"{folded} {word}"):
            return f"{folded} {word}"
    if _admin1s(gaz, folded):
        return folded
    for town in gaz.lookup_key(folded):
        seat = gaz.largest_town(town.country_code, town.admin1)
        region = key(town.admin1 or "")
        if (
            town.feature in TOWNS
            and seat is not None
            and seat.id == town.id
            and region[:NAME_STEM] == folded[:NAME_STEM]
        ):
            return next((key(a.name) for a in _admin1s(gaz, region)), None)
    return None


def _adjective_region(gaz: Gazetteer, adjective: Token) -> str | None:
    """The key of the first-level region an adjective before the region word names, in a
    language that names regions so ("Белгородская область" -> Belgorod Oblast): the
    adjective's lemma, folded, without one of the language's adjective endings is the town the
    region is named after, or the start of its name ("Запорожская" -> Zaporozhye)."""
    endings = words(adjective.doc.lang_).region_adjective_endings
    folded = key(adjective.lemma_)
    for ending in endings:
        if not folded.endswith(ending) or len(folded) - len(ending) < NAME_STEM:
            continue
        stem = folded.removesuffix(ending)
        found = _region_key(gaz, stem)
        if found:
            return found
        towns = [
            (name, town)
            for name, town in gaz.lookup_stem(stem, ADJECTIVE_STEM_LETTERS)
            if town.feature in TOWNS
        ]
        for name, _ in sorted(towns, key=lambda pair: -pair[1].population):
            found = _region_key(gaz, name)
            if found:
                return found
    return None


def _conjoined_regions(gaz: Gazetteer, adjective: Token) -> list[Candidate]:
    """The regions of adjectives joined to the one before a plural region word ("Курская,
    Белгородская и Запорожская области"): each names a region of its own."""
    found = []
    for other in adjective.conjuncts:
        region_key = _adjective_region(gaz, other) if other.i < adjective.i else None
        if region_key:
            found += _region_candidate(other.doc, other.i, other.i + 1, region_key)
    return found


#: How many letters a town's name may have beyond the stem of its adjective ("Запорож|ье").
ADJECTIVE_STEM_LETTERS = 2
#: Letters a region named after its centre shares with it ("Odesa" / "Odessa").
NAME_STEM = 4


def _admin1s(gaz: Gazetteer, folded: str) -> list[GazetteerEntry]:
    return [e for e in gaz.lookup_key(folded) if e.feature == "admin1"]


def _entity_candidates(doc: Doc, gaz: Gazetteer) -> list[Candidate]:
    found = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS and not _norp_place(ent, gaz):
            continue
        region_key = (
            _adjective_region(gaz, ent[0]) if len(ent) == 1 and ent[0].pos_ == "ADJ" else None
        )
        if region_key:  # "7 - над Белгородской": the region word said once for a list
            found += _region_candidate(doc, ent.start, ent.end, region_key)
            continue
        cand = _candidate(doc, ent.start, ent.end)
        if cand is not None:
            found.append(cand)
    return found


def _norp_place(ent: Span, gaz: Gazetteer) -> bool:
    """A NORP entity that is a place name, not a demonym: the NER often tags a Syrian city
    after "on" or "of" as NORP ("bombardment on Aleppo")."""
    folded = key(ent.text)
    return (
        ent.label_ == "NORP"
        and not gaz.demonym(ent.text)
        and _known(folded, gaz, lang=ent.doc.lang_)
        and _accept(ent.doc, ent.start, ent.end, folded, gaz)
    )


def _supported(doc: Doc, start: int) -> bool:
    """A locative preposition (or a list of places) before the name."""
    w = words(doc.lang_)
    j = start - 1
    while j >= 0 and doc[j].lower_ in w.skipped_before_name:
        j -= 1
    return j >= 0 and (doc[j].lower_ in w.locative_prepositions or doc[j].text == ",")


def _gazetteer_candidates(doc: Doc, gaz: Gazetteer, taken: set[int]) -> list[Candidate]:
    """Capitalised proper-noun runs that are gazetteer names (longest match first)."""
    lang = doc.lang_
    w = words(lang)
    found = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if i in taken or not _name_token(token):
            i += 1
            continue
        matched = 0
        for length in range(min(MAX_NAME_TOKENS, n - i), 0, -1):
            end = i + length
            if any(j in taken for j in range(i, end)):
                continue
            if not all(
                _name_token(t) or (0 < k < length - 1 and t.lower_ in w.name_connectors)
                for k, t in enumerate(doc[i:end])
            ):
                continue
            folded = key(doc[i:end].text)
            if not _known(folded, gaz, lang=lang) or _direction_before_name(doc, i, end):
                continue
            if _starts_longer_name(doc, end, folded, gaz):
                break
            if _accept(doc, i, end, folded, gaz):
                cand = _candidate(doc, i, end)
                if cand is not None:
                    found.append(cand)
                matched = length
            break
        i += matched or 1
    return found


#: Punctuation after an all-caps dateline place ("WINNIPEG —", "HELENA, Mont. (AP)").
DATELINE_ENDS = frozenset({",", "—", "–", "-", "--", "("})


def _dateline_candidates(doc: Doc, gaz: Gazetteer) -> list[Candidate]:
    """An all-caps place opening a sentence before a comma, dash or bracket: the dateline of
    an agency story ("RALEIGH, N.C. (AP) -", "OTTAWA –"), which the NER often tags ORG or
    misses."""
    found = []
    for token in doc:
        if not (token.is_sent_start or (token.i and "\n" in doc[token.i - 1].text)):
            continue
        end = token.i
        while end < len(doc) and end - token.i < 3 and doc[end].is_upper and doc[end].is_alpha:
            end += 1
        name = doc[token.i : end].text
        if (
            end < len(doc)
            and doc[end].text in DATELINE_ENDS
            and len(name) >= 4
            and not gaz.demonym(name)
            and gaz.has_key(key(name))
        ):
            found.append(_candidate(doc, token.i, end))
    return [c for c in found if c is not None]


def _embedded_candidates(doc: Doc, gaz: Gazetteer) -> list[Candidate]:
    """A well-known place that opens an organisation's name or closes it after "of" ("the
    U.S. Centers for Disease Control", "California Department of Public Health", "Children's
    Hospital of Manitoba"): it names where the body is, and news corpora annotate it as a
    toponym. Only countries, first-level regions and cities of 100,000+ people count, as
    smaller towns are named after people and firms too ("Ford Motor", "Morgan Stanley")."""
    w = words(doc.lang_)
    genitive = number_words(doc.lang_).genitive_prepositions
    found = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or doc[ent.end - 1].lower_ in w.media_words:
            continue  # "the Washington Post reported" says nothing of Washington
        if any(t.lower_ in w.force_words for t in ent):
            continue  # "Syria Democratic Forces" is an actor, not where the fighting is
        start, end = _strip(doc, ent.start, ent.end)
        spans = [(start, start + n) for n in range(min(3, end - start - 1), 0, -1)]
        spans += [(i + 1, end) for i in range(start + 1, end - 1) if doc[i].lower_ in genitive]
        for s, e in spans:
            if _embedded_name(doc, s, e, gaz):
                cand = _candidate(doc, s, e)
                if cand is not None:
                    found.append(cand)
                break
    return found


def _embedded_name(doc: Doc, start: int, end: int, gaz: Gazetteer) -> bool:
    """Words of an organisation's name that are a well-known place under its own name (or a
    country's alias: "U.S."), not a demonym nor the start of a hyphenated word ("Ann-Christin",
    "D-CA")."""
    span = doc[start:end]
    if len(span.text) < 2 or gaz.demonym(span.text):
        return False
    if end < len(doc) and doc[end].text in ("-", "–"):
        return False
    if not all(t.is_title or t.is_upper for t in span):
        return False
    folded = key(span.text)
    return any(
        e.feature == "country" or (key(e.name) == folded and _well_known(e))
        for e in gaz.lookup_key(folded)
    )


def _well_known(entry: GazetteerEntry) -> bool:
    """A first-level region, a continent or a city of 100,000+ people."""
    if entry.feature in ("city", "capital"):
        return entry.population >= MIN_UNSUPPORTED_POPULATION
    return entry.feature in ("admin1", "continent")


def _known(folded: str, gaz: Gazetteer, *, lang: str = "en") -> bool:
    """Whether a folded name names a place, as written or with another Arabic article."""
    return gaz.has_key(folded) or bool(_arabic_variant(folded, gaz, lang=lang))


def place_entries(
    name: str, gaz: Gazetteer | None = None, *, lang: str = "en"
) -> list[GazetteerEntry]:
    """The gazetteer places a name can mean, as written, with another Arabic article or as a
    transliteration variant in an Arabic-speaking country (for the entity component's label
    repair, which also needs place context: "around al-Tabaqa" though tagged ORG). ``lang`` is
    the language of the text the name is from."""
    gaz = gaz or gazetteer()
    folded = key(name)
    return (
        gaz.lookup_key(folded)
        or _arabic_variant(folded, gaz, lang=lang)
        or gaz.lookup_skeleton(folded, words(lang).arabic_countries)
    )


def _direction_before_name(doc: Doc, start: int, end: int) -> bool:
    """A lone compass word that starts a longer, unknown name ("Eastern Ghouta")."""
    return (
        end == start + 1
        and doc[start].lower_ in words(doc.lang_).direction_words
        and end < len(doc)
        and _name_token(doc[end])
    )


def _starts_longer_name(doc: Doc, end: int, folded: str, gaz: Gazetteer) -> bool:
    """A small place followed by more capitalised words is the start of another name
    ("Police Officers' Club" is no Polish town); a big place so used is still taken
    ("Aleppo Citadel"), as is a name before a word that qualifies it ("Homs Countryside")."""
    if end >= len(doc) or not _name_token(doc[end]):
        return False
    w = words(doc.lang_)
    if doc[end].lower_ in w.region_words | w.part_suffixes | w.place_nouns:
        return False
    return not any(
        _big(e) for e in gaz.lookup_key(folded) or _arabic_variant(folded, gaz, lang=doc.lang_)
    )


def _name_token(token: Token) -> bool:
    return (
        (token.is_title or (token.is_upper and len(token) >= 2 and token.is_alpha))
        and token.pos_ in ("PROPN", "NOUN", "ADJ")
        and token.ent_type_ not in BLOCKING_LABELS
    )


def _accept(doc: Doc, start: int, end: int, folded: str, gaz: Gazetteer) -> bool:
    if doc[start].is_sent_start and doc[start].pos_ != "PROPN":
        return False
    if all(doc[k].pos_ != "PROPN" for k in range(start, end)):
        return False
    if end == start + 1 and gaz.demonym(doc[start].text):
        return False  # "in English": an adjective, left to the demonym rules
    # an acronym ("CIS") is a place only when it names a big one ("UK", "UAE")
    if _supported(doc, start) and not doc[start:end].text.isupper():
        return True
    return any(
        e.feature in ("country", "continent", "region", "sea", "admin1")
        or e.population >= MIN_UNSUPPORTED_POPULATION
        for e in gaz.lookup_key(folded) or _arabic_variant(folded, gaz, lang=doc.lang_)
    )


def _demonym_candidates(doc: Doc, gaz: Gazetteer, taken: set[int], mode: str) -> list[Candidate]:
    place_nouns = words(doc.lang_).place_nouns
    found = []
    for token in doc:
        if token.i in taken or not token.is_title or not gaz.demonym(token.text):
            continue
        head = token.head if token.dep_ in _DEMONYM_DEPS else None
        if mode == "place":
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is None or nxt.lower_ not in place_nouns:
                continue
        elif head is None and token.tag_ not in ("JJ", "NNP"):
            continue  # "Nigerians" as people, not a place
        if token.tag_ in ("NNS", "NNPS"):
            continue
        found.append(
            Candidate(token.idx, token.idx + len(token), token.text, key(token.text), demonym=True)
        )
    return found


def detect(doc: Doc, gaz: Gazetteer | None = None, demonyms: str = "place") -> list[Candidate]:
    """Toponym candidates in text order (see the module docstring)."""
    gaz = gaz or gazetteer()
    chosen: list[Candidate] = []
    taken: set[int] = set()

    def add(cands: list[Candidate]) -> None:
        for c in cands:
            span = doc.char_span(c.start, c.end, alignment_mode="expand")
            if span is None:
                continue
            ids = set(range(span.start, span.end))
            if ids & taken:
                continue
            taken.update(ids)
            chosen.append(c)

    add(_region_phrases(doc, gaz))
    add(_dateline_candidates(doc, gaz))
    add(_entity_candidates(doc, gaz))
    add(_gazetteer_candidates(doc, gaz, taken))
    add(_embedded_candidates(doc, gaz))
    if demonyms != "none":
        add(_demonym_candidates(doc, gaz, taken, demonyms))
    w = words(doc.lang_)
    not_towns = w.celestial_bodies | w.institutions
    chosen = sorted((c for c in chosen if c.key not in not_towns), key=lambda c: c.start)
    chosen = _compass_ellipsis(chosen, doc_text(doc), lang=doc.lang_)
    _mark_following(chosen, doc_text(doc), lang=doc.lang_)
    return chosen


def _compass_ellipsis(
    candidates: list[Candidate], text: str, *, lang: str = "en"
) -> list[Candidate]:
    """A lone compass word is no place by itself: in "the Eastern and Western Ghouta" it
    shares the next name ("Eastern" -> Eastern Ghouta); elsewhere it is dropped ("Eastern"
    is not Saudi Arabia's Eastern Province). ``lang`` is the language of ``text``."""
    direction_words = words(lang).direction_words
    joiners = words(lang).list_joiners
    kept = []
    for i, cand in enumerate(candidates):
        if cand.key not in direction_words:
            kept.append(cand)
            continue
        nxt = candidates[i + 1] if i + 1 < len(candidates) else None
        parts = nxt.key.split() if nxt is not None else []
        between = text[cand.end : nxt.start].strip().lower() if nxt is not None else ""
        joined = between in joiners and not between.startswith(",")  # "North and South"
        if len(parts) > 1 and parts[0] in direction_words and joined:
            cand.key = " ".join([cand.key, *parts[1:]])
            kept.append(cand)
    return kept


def _mark_following(candidates: list[Candidate], text: str, *, lang: str = "en") -> None:
    """Flag candidates that follow the previous one after a bare comma ("Tacoma, Washington")
    or as the next item of a list (``lang`` is the language of ``text``)."""
    list_joiners = words(lang).list_joiners
    for previous, cand in pairwise(candidates):
        between = " ".join(text[previous.end : cand.start].split())
        cand.follows = between == ","
        cand.listed = between in list_joiners


# ------------------------------------------------------------------------------ resolution


def _entries(cand: Candidate, gaz: Gazetteer, *, lang: str = "en") -> list[GazetteerEntry]:
    """The entries a candidate can name: its key, else (in this order) the key without the
    words that qualify a place ("Kursk Oblast", "Gaza City", "Mariupol's", "Latakia
    Mountains", "Reef Hama"), another Arabic article, a transliteration variant. ``lang`` is
    the language of the candidate's text."""
    if cand.demonym:
        return gaz.demonym(cand.text)
    if not cand.key:
        return []
    w = words(lang)
    variants = _variants(cand.key, lang=lang)
    for variant, big_only in variants:
        entries = gaz.lookup_key(variant)
        if entries and (not big_only or any(_big(e) for e in entries)):
            if variant != cand.key and cand.key.split()[-1] in w.region_words:
                cand.region = True
            return entries
    for variant, big_only in variants:
        entries = _arabic_variant(variant, gaz, lang=lang) or gaz.lookup_skeleton(
            variant, w.arabic_countries
        )
        cand.loose = bool(entries)
        if entries and (not big_only or any(_big(e) for e in entries)):
            return entries
    cand.loose = False
    entries = _facility_place(cand.key, gaz, lang=lang)
    cand.local = bool(entries) and not any(_big(e) for e in entries)
    return entries


def _facility_place(folded: str, gaz: Gazetteer, *, lang: str = "en") -> list[GazetteerEntry]:
    """The place inside an unknown facility or institution name: the longest run of words,
    none of them a facility word and not all of them generic, that names a place ("Cavan
    County Council" -> Cavan, "Bank of England" -> England). A name without a facility word
    gets nothing. A small place found so is marked ``local`` (see :class:`Candidate`).
    ``lang`` is the language of the name."""
    w = words(lang)
    parts = folded.split()
    if not w.facility_words & set(parts):
        return []
    for length in range(len(parts) - 1, 0, -1):
        for start in range(len(parts) - length + 1):
            run = parts[start : start + length]
            if w.facility_words & set(run) or set(run) <= w.not_place_words:
                continue
            entries = gaz.lookup_key(" ".join(run))
            if entries:
                return entries
    return []


def _variants(folded: str, *, lang: str = "en") -> list[tuple[str, bool]]:
    """A key, then the key without a qualifying word at its end or start; the second item
    says whether the name must be a big place (a region or 100,000+ people): a place with
    parts ("Eastern Daraa", "Greater Mumbai"), not "West Wing" -> Wing, a village. ``lang``
    is the language of the name."""
    w = words(lang)
    parts = folded.split()
    variants = [(folded, False), (folded.removesuffix(" s"), False)]
    if len(folded) <= 4 and folded.isalpha():
        variants.append((folded + ".", False))  # "Ky" for the AP abbreviation "Ky."
    if len(parts) > 1 and parts[-1] in w.region_words | w.part_suffixes:
        variants.append((" ".join(parts[:-1]), False))
    if len(parts) > 1 and parts[0] in w.part_prefixes:
        variants.append((" ".join(parts[1:]), True))
    for prefix in w.country_prefixes:  # "Republic of Armenia": the country
        if folded.startswith(prefix):
            variants.append((folded.removeprefix(prefix), True))
    return list(dict.fromkeys(variants))


def _big(entry: GazetteerEntry) -> bool:
    return (
        entry.feature not in ("city", "capital") or entry.population >= MIN_UNSUPPORTED_POPULATION
    )


def _arabic_variant(folded: str, gaz: Gazetteer, *, lang: str = "en") -> list[GazetteerEntry]:
    """Places in Arabic-speaking countries under another form of the article: "al-Raqqah"
    -> "Ar Raqqah", "al-Dumayr" -> "Ad Dumayr", "Qamishli" -> "Al Qamishli", "al-Bab" -> "Bab"
    (as ``lang`` transliterates them)."""
    w = words(lang)
    bare = next((folded[len(a) :] for a in w.arabic_articles if folded.startswith(a)), folded)
    forms = [bare, "al " + bare]
    sun = next((c for c in w.sun_letters if bare.startswith(c)), None)
    if sun:
        forms.append(f"a{sun} {bare}")
    for form in forms:
        if form != folded:
            entries = [e for e in gaz.lookup_key(form) if e.country_code in w.arabic_countries]
            if entries:
                return entries
    return []


#: The population assumed for a town of unknown population: GeoNames lists a town under
#: 1,000 people only as an administrative seat, and a district seat is usually a town of
#: several thousand, so its own name beats a foreign town of that size known under it only
#: as an alternate name ("Ariha", Syria over Jericho; 1,000 and 5,000 measured the same on
#: GeoWebNews / TR-News / GeoVirus).
UNKNOWN_TOWN_POPULATION = 5000


def _population(entry: GazetteerEntry) -> int:
    if entry.population == 0 and entry.feature in ("city", "capital"):
        return UNKNOWN_TOWN_POPULATION
    return entry.population


def _score(
    entry: GazetteerEntry,
    cand: Candidate,
    countries: Counter[str],
    regions: Counter[tuple[str | None, str | None]],
) -> float:
    score = math.log10(_population(entry) + 1) + FEATURE_BONUS.get(entry.feature, 0.0)
    if cand.region:
        score += 10.0 if entry.feature == "admin1" else 0.0
    if entry.country_code and countries[entry.country_code] > 0:
        score += COUNTRY_CONTEXT_BONUS * math.log2(1 + countries[entry.country_code])
    if entry.admin1 and regions[(entry.country_code, entry.admin1)] > 0:
        score += ADMIN1_CONTEXT_BONUS * math.log2(1 + regions[(entry.country_code, entry.admin1)])
    if key(entry.name) == cand.key and latin_script(cand.text):
        score += EXACT_NAME_BONUS  # written as the place is named, not transliterated to it
    return score


def _without_namesake_towns(entries: list[GazetteerEntry], cand: Candidate) -> list[GazetteerEntry]:
    """A country's own name means the country, not a town named after it ("Greece", not
    Greece, New York): towns named after countries cluster in one region (New York has
    Greece, Poland, Peru and Mexico), so a story's other names would otherwise drag one another
    there. A "<name>, <state>" mention is settled before this (see :func:`_contain`)."""
    if any(e.feature == "country" and key(e.name) == cand.key for e in entries):
        return [e for e in entries if e.feature not in TOWNS]
    return entries


def _prune(entries: list[GazetteerEntry], cand: Candidate) -> list[GazetteerEntry]:
    """A bare name means the city, not the region named after it ("Kursk", not Kursk Oblast):
    an admin1 entry is dropped where a sizeable city of the same name lies in its country,
    unless a word after it says it is a state ("Washington state"). A sea's name means the
    sea."""
    seas = [e for e in entries if e.feature == "sea"]
    if seas:
        return seas  # "the tropical Atlantic" is the ocean, not Atlantic, Iowa
    entries = _without_namesake_towns(entries, cand)
    if cand.admin and any(e.feature == "admin1" for e in entries):
        return [e for e in entries if e.feature not in ("city", "capital")]
    if cand.region:
        return entries
    kept = []
    for e in entries:
        if e.feature == "admin1" and any(
            c.feature in ("city", "capital")
            and c.country_code == e.country_code
            and (c.admin1 == e.name or c.population * 10 >= e.population)
            for c in entries
        ):
            continue
        kept.append(e)
    return kept or entries


def resolve(
    candidates: list[Candidate], gaz: Gazetteer | None = None, *, lang: str = "en"
) -> list[GazetteerEntry | None]:
    """The gazetteer entry of each candidate (None where the name is unknown); ``lang`` is the
    language of the text they were found in."""
    gaz = gaz or gazetteer()
    found = [_entries(c, gaz, lang=lang) for c in candidates]
    _regions_listed(candidates, found)
    options = [_prune(entries, c) for entries, c in zip(found, candidates, strict=True)]
    empty: Counter = Counter()
    first = [
        max(opts, key=lambda e, c=c: _score(e, c, empty, empty)) if opts else None
        for c, opts in zip(candidates, options, strict=True)
    ]
    _settle(candidates, found, first)
    # context: countries and regions of first-pass choices, unambiguous ones count double;
    # a transliteration match counts only in a country the other mentions already name, or
    # where it lies in one country the other places allow; a small place inside a facility
    # name not at all
    anchors = _loose_anchors(candidates, options)
    countries: Counter[str] = Counter()
    regions: Counter[tuple[str | None, str | None]] = Counter()
    # what each name's own mentions added: "London" ten times is no evidence for its sense
    by_name: dict[str, tuple[Counter, Counter]] = {}
    for i in sorted(range(len(candidates)), key=lambda i: candidates[i].loose):
        entry, opts = first[i], options[i]
        if entry is None or not entry.country_code or candidates[i].local:
            continue
        if candidates[i].loose and countries[entry.country_code] <= 0:
            alone = {e.country_code for e in opts} == {entry.country_code}
            if not alone or (anchors[i] and entry.country_code not in anchors[i]):
                continue
        weight = 2 if len({e.country_code for e in opts}) == 1 else 1
        own = by_name.setdefault(candidates[i].key, (Counter(), Counter()))
        countries[entry.country_code] += weight
        own[0][entry.country_code] += weight
        if entry.feature in ("admin1", "admin2", "city") and entry.admin1:
            regions[(entry.country_code, entry.admin1)] += weight
            own[1][(entry.country_code, entry.admin1)] += weight
    shared = _shared_regions(candidates, options)
    near_support = _near_support(candidates, options)
    named_states = {
        (e.country_code, e.name) for e in first if e is not None and e.feature == "admin1"
    }
    result = []
    for i, (c, opts, entry) in enumerate(zip(candidates, options, first, strict=True)):
        if entry is None:
            result.append(None)
            continue
        own_country, own_regions = Counter(countries), Counter(regions)
        if c.key in by_name:  # a name is no context for itself
            own_country.subtract(by_name[c.key][0])
            own_regions.subtract(by_name[c.key][1])
        own_regions.update(shared.get(c.key, Counter()))
        near = near_support.get(c.key, {})
        if c.loose:
            opts = _in_context(opts, own_country, anchors[i])
        if c.local:
            opts = [e for e in opts if regions[(e.country_code, e.admin1)] > 0]
        opts = _counties_in_named_states(opts, named_states)
        if (c.loose or c.local) and not opts:
            result.append(None)
            continue
        result.append(
            max(
                opts,
                key=lambda e, c=c, near=near: (
                    _score(e, c, own_country, own_regions)
                    + NEAR_BONUS * math.log2(1 + near.get(e.id, 0.0))
                ),
            )
        )
    _settle(candidates, found, result)
    return result


def _counties_in_named_states(
    entries: list[GazetteerEntry], named: set[tuple[str | None, str]]
) -> list[GazetteerEntry]:
    """A county name borne by units in many states ("Montgomery County", "Dallas County")
    means the one in a state the story names ("Iowa ... Dallas County"), whatever the
    population of the others; other names are left alone."""
    if len(entries) < 2 or any(e.feature != "admin2" for e in entries):
        return entries
    return [e for e in entries if (e.country_code, e.admin1) in named] or entries


def _regions_listed(candidates: list[Candidate], found: list[list[GazetteerEntry]]) -> None:
    """A name listed beside a first-level region is one too ("California or Washington",
    "Manitoba, Ontario and New Brunswick"): it is marked ``admin`` where it can be one. A
    neighbour counts as a region when its best entry by itself is an admin1."""
    empty: Counter = Counter()
    regional = [
        any(e.feature == "admin1" for e in entries)
        and max(_prune(entries, c), key=lambda e, c=c: _score(e, c, empty, empty)).feature
        == "admin1"
        for c, entries in zip(candidates, found, strict=True)
    ]
    for i, cand in enumerate(candidates):
        before = i > 0 and cand.listed and regional[i - 1]
        after = i + 1 < len(candidates) and candidates[i + 1].listed and regional[i + 1]
        if (before or after) and any(e.feature == "admin1" for e in found[i]):
            cand.admin = True


def _near_support(
    candidates: list[Candidate], options: list[list[GazetteerEntry]]
) -> dict[str, dict[str, float]]:
    """For each name, how strongly the document's *other* names sit near each of its towns:
    a name with k towns, one of them within ``NEAR_KM`` of the town, adds 1 / k. "Edmonton"
    and "Enfield" each have a town in north London, 4 km apart, and in Alberta and
    Connecticut none near the other's."""
    towns: dict[str, list[GazetteerEntry]] = {}
    for cand, opts in zip(candidates, options, strict=True):
        if not cand.demonym:
            found = towns.setdefault(cand.key, [])
            found.extend(e for e in opts if e.feature in TOWNS and e not in found)
    named = {name: found[:MAX_NEAR_OPTIONS] for name, found in towns.items() if found}
    support: dict[str, dict[str, float]] = {}
    for name, found in named.items():
        support[name] = {}
        for town in found:
            total = sum(
                1 / len(others)
                for other, others in named.items()
                if other != name and any(_near(town, e) for e in others)
            )
            if total:
                support[name][town.id] = total
    return support


def _near(a: GazetteerEntry, b: GazetteerEntry) -> bool:
    return abs(a.lat - b.lat) < 1.0 and flat_km(a.lat, a.lon, b.lat, b.lon) <= NEAR_KM


def _shared_regions(
    candidates: list[Candidate], options: list[list[GazetteerEntry]]
) -> dict[str, Counter[tuple[str | None, str | None]]]:
    """For each name, the first-level regions where the document's *other* names could lie,
    whichever entry they end up with: a name with entries in k regions adds
    ``SHARED_REGION_WEIGHT / k`` to each. "Russell Springs" lies only in Kentucky, so it
    supports the Kentucky "Adair County"; a name found in every state supports little."""
    areas: dict[str, set[tuple[str | None, str | None]]] = {}
    for cand, opts in zip(candidates, options, strict=True):
        if not cand.demonym:
            areas.setdefault(cand.key, set()).update(
                (e.country_code, e.admin1) for e in opts if e.admin1 and e.feature in LOCAL
            )
    total: Counter[tuple[str | None, str | None]] = Counter()
    for regions in areas.values():
        for area in regions:
            total[area] += SHARED_REGION_WEIGHT / len(regions)
    shared = {}
    for name, regions in areas.items():
        own = SHARED_REGION_WEIGHT / len(regions) if regions else 0.0
        others = {a: n - (own if a in regions else 0.0) for a, n in total.items()}
        shared[name] = Counter({a: n for a, n in others.items() if n > 1e-9})
    return shared


def _settle(
    candidates: list[Candidate],
    options: list[list[GazetteerEntry]],
    result: list[GazetteerEntry | None],
) -> None:
    """Apply "<place>, <region>" (:func:`_contain`), then give every other mention of a name
    placed that way the same place (one sense per document: "GLASGOW, Ky." and later
    "Glasgow"). ``result`` is changed in place."""
    for i in _contain(candidates, options, result):
        for j, cand in enumerate(candidates):
            if cand.key == candidates[i].key and result[i] in options[j]:
                result[j] = result[i]


def _contain(
    candidates: list[Candidate],
    options: list[list[GazetteerEntry]],
    result: list[GazetteerEntry | None],
) -> list[int]:
    """Put "<place>, <region or country>" inside that region: "Tacoma, Washington" is the
    state and a Tacoma in it, "Paris, Texas" a Paris in Texas. ``options`` are all the entries
    of each name (before :func:`_prune`); ``result`` is changed in place. Returns the
    indices of the inner places."""
    empty: Counter = Counter()
    placed = []
    for i in range(1, len(candidates)):
        previous, cand = result[i - 1], candidates[i - 1]
        if not candidates[i].follows or previous is None or previous.feature == "country":
            continue  # "Niger, Nigeria" in a list of countries
        if cand.admin and cand.listed:
            continue  # "Virginia, Washington, West Virginia": a list of states
        for outer in options[i]:
            # another place than the one chosen must bear the name itself ("Washington, New
            # York" is a list, not Watervliet, New York, once called Washington)
            inner = [
                e
                for e in options[i - 1]
                if _inside(e, outer) and (e is previous or key(e.name) == cand.key)
            ]
            if inner:
                result[i] = outer
                if previous not in inner:
                    result[i - 1] = max(inner, key=lambda e: _score(e, cand, empty, empty))
                placed.append(i - 1)
                break
    return placed


def _inside(entry: GazetteerEntry, outer: GazetteerEntry) -> bool:
    """Whether a town or county lies in a first-level region, or a region in a country."""
    if entry.country_code != outer.country_code:
        return False
    if outer.feature == "country":
        return entry.feature in ("city", "capital", "admin2", "admin1")
    return (
        outer.feature == "admin1"
        and entry.feature in ("city", "capital", "admin2")
        and entry.admin1 == outer.name
    )


def _in_context(
    entries: list[GazetteerEntry], countries: Counter[str], anchors: set[str]
) -> list[GazetteerEntry]:
    """Transliteration matches that fit the document: in a country the other places could
    lie in (any where they give none: "Deir Ezzor" alone in a headline, or beside only
    "Iraq" or "Turkish"; not "Rügen" -> Reggane, Algeria in a story about German towns),
    those in a country of the document's context first."""
    allowed = [e for e in entries if not anchors or e.country_code in anchors]
    return [e for e in allowed if countries[e.country_code or ""] > 0] or allowed


def _loose_anchors(
    candidates: list[Candidate], options: list[list[GazetteerEntry]]
) -> list[set[str]]:
    """For each candidate, the countries the document's *other* names of places below the
    country could lie in: their entries' countries, where a name found only by a loose rule
    counts when it lies in one country. A named country or a demonym is no anchor ("Iraq" or
    "Turkish" beside a Syrian town); a loose match must fall in an anchor country, so a
    fallback guess never blocks a place found by its own name."""
    everywhere: Counter[str] = Counter()  # country -> candidates that could lie in it
    by_name: dict[str, Counter[str]] = {}  # the same, among the candidates of one name
    for cand, opts in zip(candidates, options, strict=True):
        found = {
            e.country_code
            for e in opts
            if e.country_code and e.feature not in ("country", "continent", "sea")
        }
        if cand.demonym or cand.local or (cand.loose and len(found) > 1):
            found = set()
        everywhere.update(found)
        by_name.setdefault(cand.key, Counter()).update(found)
    # a country some candidate of another name could lie in (counted, not compared pairwise:
    # a long article names hundreds of places)
    return [
        {code for code, n in everywhere.items() if n > by_name[cand.key][code]}
        for cand in candidates
    ]


def _precision(entry: GazetteerEntry, near: bool) -> str:
    if entry.feature in ("country", "continent"):
        return "country"
    if entry.feature in ("city", "capital"):
        return "2" if near else "1"
    return "3"


def to_places(candidates: list[Candidate], entries: list[GazetteerEntry | None]) -> list[Place]:
    """Group mentions by gazetteer entry (unresolved names by their key) into Places."""
    groups: dict[str, tuple[GazetteerEntry | None, list[Candidate]]] = {}
    for cand, entry in zip(candidates, entries, strict=True):
        group = entry.id if entry is not None else "?" + cand.key
        groups.setdefault(group, (entry, []))[1].append(cand)
    places = []
    for number, (entry, cands) in enumerate(groups.values(), start=1):
        first = cands[0]
        names = [c.text for c in cands if not c.demonym]
        place = Place(
            id=f"p{number}",
            name=entry.name if entry is not None else (names[0] if names else first.text),
            span=(first.start, first.end),
            mentions=[Mention(c.text, (c.start, c.end)) for c in cands],
        )
        if entry is not None:
            place.gazetteer_id = entry.id
            place.feature = entry.feature
            place.country_code = entry.country_code
            place.admin1 = entry.admin1
            place.lat, place.lon = entry.lat, entry.lon
            place.precision = _precision(entry, all(c.near for c in cands))
        places.append(place)
    return places


def _alias_places_as_resolved(doc: Doc) -> None:
    """A place entity named in another script ("Курская область") also goes by the name of the
    place it resolved to ("Kursk Oblast"), so that reports in two languages link it as one
    entity. Entities named in Latin script are left as they are."""
    places = [p for p in doc._.sitroom_places or [] if p.gazetteer_id]
    for entity in doc._.sitroom_entities or []:
        if entity.kind not in ("GPE", "LOC") or latin_script(entity.name):
            continue
        spans = {m.span for m in entity.mentions}
        place = next((p for p in places if spans & {m.span for m in p.mentions}), None)
        if place is not None and place.name not in entity.aliases:
            entity.aliases.append(place.name)


class PlaceResolver:
    """spaCy component: ``doc._.sitroom_places`` = resolved places in order of first mention."""

    def __init__(self, demonyms: str = "place") -> None:
        if demonyms not in ("none", "place", "all"):
            raise ValueError("demonyms must be 'none', 'place' or 'all'")
        self.demonyms = demonyms
        self.gazetteer = gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        candidates = detect(doc, self.gazetteer, self.demonyms)
        doc._.sitroom_places = to_places(
            candidates, resolve(candidates, self.gazetteer, lang=doc.lang_)
        )
        _alias_places_as_resolved(doc)
        return doc

    def resolve_spans(self, doc: Doc, spans: list[tuple[int, int]]) -> list[GazetteerEntry | None]:
        """Resolve given character spans (gold toponyms) with each other as context."""
        region_words = words(doc.lang_).region_words
        candidates = []
        for start, end in spans:
            text = doc_text(doc)[start:end]
            span: Span | None = doc.char_span(start, end, alignment_mode="expand")
            parts = key(text).split()
            region = bool(parts) and parts[-1] in region_words
            nxt = doc[span.end] if span is not None and span.end < len(doc) else None
            if nxt is not None and nxt.lower_ in region_words:
                region = True
            cand = Candidate(
                start,
                end,
                text,
                key(text),
                region=region,
                near=span is not None and _is_near(doc, span.start),
                admin=span is not None and _admin_cue(doc, span.start, span.end),
            )
            if region and parts and parts[-1] in region_words:
                name = " ".join(parts[:-1])
                cand.key = _region_key(self.gazetteer, name, parts[-1], lang=doc.lang_) or name
            if self.gazetteer.demonym(text):
                cand.demonym = True
            candidates.append(cand)
        _mark_following(candidates, doc_text(doc), lang=doc.lang_)
        return resolve(candidates, self.gazetteer, lang=doc.lang_)


@Language.factory("sitroom_places", default_config={"demonyms": "place"})
def make_place_resolver(nlp: Language, name: str, demonyms: str) -> PlaceResolver:
    return PlaceResolver(demonyms)
