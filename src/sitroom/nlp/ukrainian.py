"""Ukrainian lemmas and the dictionary forms of names, from pymorphy3's Ukrainian dictionary.

natasha reads Ukrainian text with its Russian models (sentences, parts of speech, syntax and
names carry over between the two languages well enough); its lemmas and name forms come from
a Russian dictionary and do not. These come from pymorphy3 with ``pymorphy3-dicts-uk``
(installed from PyPI, offline): "заявив" -> "заявити", "Харкові" -> "Харків", "Херсонської
області" -> "Херсонська область", "Олександра Сирського" -> "Олександр Сирський".
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from sitroom.folding import with_capitals

#: pymorphy3 grammemes of a person's names.
PERSON_NAMES = frozenset({"Name", "Surn", "Patr"})
#: Parts of speech whose case a name's form changes to the nominative.
INFLECTED = frozenset({"NOUN", "ADJF", "PRTF", "NUMR"})


@cache
def _analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The most likely dictionary form of a word, lower case."""
    return _analyzer().parse(word)[0].normal_form


#: Grammatical cases, the nominative first: the case a name's words agree in is looked for in
#: this order.
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")


def name_form(words: list[str], kind: str) -> str:
    """The nominative of a name of ``kind`` (PER, LOC or ORG): a person's every word; a place's
    or organisation's words up to its first noun ("Збройних Сил України" -> "Збройні Сили
    України": the rest is a genitive that stays). The words are read in one case they can all
    be in ("Петро Порошенко" is a nominative, not the vocative of Петра)."""
    inflected = []
    for word in words:
        if not word[:1].isalpha():
            break
        inflected.append(word)
        if kind != "PER" and any(p.tag.POS == "NOUN" for p in _readings(word, kind)):
            break
    case = _shared_case(inflected, kind)
    forms = []
    for n, word in enumerate(words):
        if n >= len(inflected):
            forms.append(word)
            continue
        parse = _reading(word, kind, case)
        nominative = parse.inflect({"nomn"}) if parse.tag.POS in INFLECTED else None
        forms.append(with_capitals(nominative.word if nominative else word, word))
    return " ".join(forms)


def _readings(word: str, kind: str) -> list[Any]:
    """The readings of a word that suit a name of ``kind``: a person's name or surname for
    people, else not a person's name ("Харкові" is the town, not the surname Харко); all of
    them if none does; singular ones if any (a name is one person, place or body)."""
    parses = _analyzer().parse(word)
    suited = [p for p in parses if bool(PERSON_NAMES & p.tag.grammemes) == (kind == "PER")]
    suited = suited or parses
    singular = [p for p in suited if p.tag.number != "plur"]  # "України": not Україні's plural
    return singular or suited


def _shared_case(words: list[str], kind: str) -> str | None:
    """The first case (in :data:`CASES` order) every word has a suitable reading in."""
    shared = set(CASES)
    for word in words:
        shared &= {p.tag.case for p in _readings(word, kind)}
    return next((case for case in CASES if case in shared), None)


def _reading(word: str, kind: str, case: str | None) -> Any:
    readings = _readings(word, kind)
    return next((p for p in readings if p.tag.case == case), readings[0])


#: Ukrainian letters written as the Russian letters natasha's models know, one for one, so that
#: offsets stay those of the original text ("Ірма" reads as "Ирма", "Європа" as "Европа").
RUSSIAN_LETTERS = str.maketrans("иИіїєґІЇЄҐ", "ыЫииегИИЕГ")
#: pymorphy3 parts of speech that are never a name on their own ("Він", "Бо", "Або", "Потім"),
#: with the universal part of speech each is.
FUNCTION_WORDS = {
    "NPRO": "PRON",
    "CONJ": "CCONJ",
    "PRCL": "PART",
    "PREP": "ADP",
    "ADVB": "ADV",
    "PRED": "ADV",
    "INTJ": "INTJ",
    "COMP": "ADV",
}


def as_russian_letters(text: str) -> str:
    """The text with Ukrainian-only letters replaced (see :data:`RUSSIAN_LETTERS`)."""
    return text.translate(RUSSIAN_LETTERS)


def is_function_word(word: str) -> bool:
    """A pronoun, conjunction, particle or adverb in every reading: no name."""
    return function_pos(word) is not None


@lru_cache(maxsize=65536)
def function_pos(word: str) -> str | None:
    """The universal part of speech of a word with a function-word reading (a pronoun,
    conjunction, particle, preposition...) and no first-name reading ("Він", "Вона", "Мені" ->
    PRON: natasha's Russian tagger may take them for names; the dictionary's rare surnames Вон
    or Мень do not count), else None."""
    parses = _analyzer().parse(word)
    function = next((p for p in parses if p.tag.POS in FUNCTION_WORDS), None)
    if function is None or any("Name" in p.tag.grammemes for p in parses):
        return None
    return FUNCTION_WORDS[function.tag.POS]


#: pymorphy3's verb forms: finite, infinitive, gerund.
VERB_FORMS = frozenset({"VERB", "INFN", "GRND"})


@lru_cache(maxsize=65536)
def verb_pos(word: str) -> str | None:
    """VERB for a word that is a verb in every reading ("відповів", "заявив": natasha's
    Russian tagger, not knowing the Ukrainian form, may take it for a noun), else None."""
    parses = _analyzer().parse(word)
    return "VERB" if all(parse.tag.POS in VERB_FORMS for parse in parses) else None


def is_person_name(word: str) -> bool:
    """Whether some reading of a word is a first name, surname or patronymic ("Марина")."""
    return any(PERSON_NAMES & parse.tag.grammemes for parse in _analyzer().parse(word))


def can_be_person(word: str) -> bool:
    """Whether some reading of a word is animate (a person's name, a role, a noun for people)."""
    return any("anim" in parse.tag.grammemes for parse in _analyzer().parse(word))


def inanimate_forms(word: str) -> list[str]:
    """The dictionary forms of a word's inanimate noun readings ("Львові" -> "Львів"), with the
    word's capitals."""
    return [
        with_capitals(parse.normal_form, word)
        for parse in _analyzer().parse(word)
        if parse.tag.POS == "NOUN" and "inan" in parse.tag.grammemes
    ]
