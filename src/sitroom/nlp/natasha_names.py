"""Names natasha's model found, mended where it errs on the news sitroom reads.

* In Ukrainian text (read by a model trained on Russian), :func:`ukrainian_name` drops lone
  function words ("Він", "Бо"), makes a "person" that cannot be one a place the gazetteer knows
  or an organisation, and gives each name its Ukrainian dictionary form.
* In both languages, :func:`mend_names` drops weapons' abbreviations ("ATACMS", "БПЛА"), adds the
  organisations' abbreviations the model left out ("ЗСУ", "ОДА"), takes an organisation's quoted
  name in ("ТОВ «Грімальді»") and a place in the genitive after it ("Міністерство оборони
  України").
"""

from __future__ import annotations

from functools import cache
from typing import Any

from spacy.tokens import Doc, Span

from sitroom.gazetteer.places import gazetteer
from sitroom.nlp import ukrainian
from sitroom.nlp.entities import words as entity_words
from sitroom.nlp.lang import lexicon
from sitroom.nlp.quotemarks import words as quote_marks

#: A town a "person" in Ukrainian text may be instead ("Львові" read as the surname Львов).
KNOWN_TOWN_POPULATION = 10_000
#: How long an abbreviation taken for an organisation may be, in letters.
MIN_ACRONYM, MAX_ACRONYM = 2, 6
#: How many words a name in quotation marks after an organisation may have.
MAX_QUOTED_NAME = 6


def mend_names(doc: Doc, ents: list[Span], forms: dict[tuple[int, int], str]) -> list[Span]:
    """The Doc's names mended (see the module docstring); ``forms`` (character span ->
    dictionary form) follows the merges."""
    equipment = _equipment(doc.lang_)
    ents = [ent for ent in ents if ent.text not in equipment]  # "ATACMS" is no organisation
    ents = _with_quoted_names(doc, ents + _acronyms(doc, ents))
    return _with_genitive_places(doc, ents, forms)


def ukrainian_name(span: Any, text: str) -> bool:
    """Check and mend a name natasha's Russian model found in Ukrainian text (in place): a
    lone function word is no name ("Він", "Бо"); a "person" none of whose words can be a person
    is a place when a word's inanimate reading is one the gazetteer knows ("Львові" ->
    Львів), an organisation when it has several words ("Автономної Республіки Крим"), else no
    name ("Стаття"). Sets the span's dictionary form."""
    words = [text[t.start : t.stop] for t in span.tokens]
    span.text = text[span.start : span.stop]
    if len(words) == 1 and ukrainian.is_function_word(words[0]):
        return False
    organisation_words = entity_words("uk").organisation_words
    if span.type == "PER" and any(
        w.lower() in organisation_words or ukrainian.lemma(w) in organisation_words for w in words
    ):
        span.type = "ORG"  # "Верховної Ради", "Кабінетом Міністрів"
    if (
        span.type == "LOC"
        and len(words) == 1
        and not _known_place(words[0])
        and ukrainian.is_person_name(words[0])
        and not ukrainian.inanimate_forms(words[0])
    ):
        span.type = "PER"  # "Марина", "Сава"
    if span.type == "PER" and not any(ukrainian.can_be_person(w) for w in words):
        if len(words) > 1:
            span.type = "ORG"
        else:
            place = next((f for f in ukrainian.inanimate_forms(words[0]) if _known_place(f)), None)
            if place is None:
                return False
            span.type, span.normal = "LOC", place
            return True
    elif span.type == "PER" and len(words) <= 2:
        # "Львові" (not the surname Львов); "Влада Харкова" (Kharkiv's authorities)
        place = next((f for f in ukrainian.inanimate_forms(words[-1]) if _known_place(f)), None)
        if place is not None and (len(words) == 1 or ukrainian.inanimate_forms(words[0])):
            last = span.tokens[-1]
            span.start, span.tokens, span.text = last.start, [last], words[-1]
            span.type, span.normal = "LOC", place
            return True
    span.normal = ukrainian.name_form(words, span.type)
    return True


@cache
def _equipment(lang: str) -> frozenset[str]:
    """Abbreviations of weapons and equipment (``lang/<code>/entities.toml``)."""
    return frozenset(lexicon(lang, "entities")["entities"]["equipment_abbreviations"])


def _known_place(name: str) -> bool:
    """A country, region or town of some size in the gazetteer."""
    return any(
        entry.feature != "city" or entry.population >= KNOWN_TOWN_POPULATION
        for entry in gazetteer().lookup(name)
    )


def _with_genitive_places(
    doc: Doc, ents: list[Span], forms: dict[tuple[int, int], str]
) -> list[Span]:
    """An organisation followed by a place in the genitive is one name with it ("Міністерство
    оборони України", "мэрия Москвы"), its dictionary form the organisation's with the place as
    written."""
    result: list[Span] = []
    for ent in ents:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.label_ == "ORG"
            and ent.label_ == "GPE"
            and previous.end == ent.start
            and ent[0].morph.get("Case") == ["Gen"]
        ):
            merged = Span(doc, previous.start, ent.end, label="ORG")
            head = forms.pop((previous.start_char, previous.end_char), previous.text)
            forms[merged.start_char, merged.end_char] = f"{head} {ent.text}"
            result[-1] = merged
        else:
            result.append(ent)
    return result


def _acronyms(doc: Doc, ents: list[Span]) -> list[Span]:
    """Capitalised abbreviations the model left out, each an organisation unless the
    gazetteer knows it as a place or it names a weapon ("ЗСУ", "СБУ", "ОДА", "ООН"; not "США",
    "БПЛА")."""
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    equipment = _equipment(doc.lang_)
    return [
        Span(doc, t.i, t.i + 1, label="ORG")
        for t in doc
        if t.i not in taken
        and t.text not in equipment
        and MIN_ACRONYM <= len(t) <= MAX_ACRONYM
        and t.is_upper
        and t.is_alpha
        and not gazetteer().lookup(t.text)
    ]


def _with_quoted_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """An organisation followed by its name in quotation marks takes the name in ("ТОВ
    «Грімальді»", "газета «Вести»" when the model found the noun)."""
    marks = quote_marks(doc.lang_)  # the curly ones: a straight mark says neither open nor close
    ents = sorted(ents, key=lambda ent: ent.start)
    starts = {ent.start for ent in ents}
    result = []
    for ent in ents:
        end = ent.end
        if ent.label_ == "ORG" and end < len(doc) and doc[end].text in marks.opening:
            window = doc[end + 1 : end + 1 + MAX_QUOTED_NAME]
            closing = next((t.i for t in window if t.text in marks.closing), None)
            inside = set(range(end, (closing or end) + 1))
            if (
                closing is not None
                and not inside & starts
                and not inside & {i for other in result for i in range(other.start, other.end)}
            ):
                end = closing + 1
        result.append(ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_))
    return result
