"""The ``sitroom_quantities`` component: counted and measured amounts with hedges and units.

Each :class:`Quantity` is one amount as news writes it ("at least 12 civilians", "about 1,000
square kilometres", "between 10 and 15 missiles", "dozens of people"), with its interval, its
normalised unit and the noun it counts. Years, dates, durations, ages, ordinals, phone numbers,
numbers inside names ("F-16", "Resolution 2334") and "one of the" are not quantities. The claims
component turns quantities into attributed claims.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.nlp.lang import lexicon
from sitroom.nlp.numbers import Amount, is_ordinal, parse_number
from sitroom.nlp.numbers import words as number_words
from sitroom.nlp.syntax import DEP

if not Doc.has_extension("sitroom_quantities"):
    Doc.set_extension("sitroom_quantities", default=None)


@dataclass(frozen=True)
class Words:
    """The words of quantities in one language (lang/<code>/figures.toml [quantities])."""

    #: Hedge phrases (lowercase token sequences) and the hedge each expresses.
    hedges: dict[tuple[str, ...], str]
    #: The length of the longest hedge phrase.
    max_hedge: int
    #: Spellings and abbreviations of units -> one name.
    unit_names: dict[str, str]
    #: Units of a gun's calibre, written after its number ("155 mm"), and the nouns of what
    #: has a calibre ([measures] projectiles and equipment: "155 mm shells").
    calibre_units: frozenset[str]
    weapon_nouns: frozenset[str]
    people_nouns: frozenset[str]
    settlement_nouns: frozenset[str]
    #: Currency signs and names -> ISO 4217 code.
    currencies: dict[str, str]
    time_units: frozenset[str]
    #: Words that make a unit of length one of area ("square kilometres", "km squared").
    square_words: frozenset[str]
    #: Numbers that may follow an indefinite article ("a dozen", "a hundred").
    article_numbers: frozenset[str]
    #: Words before a fraction that make it one ("a third", "more than half").
    fraction_leads: frozenset[str]
    #: Words joining a range's two numbers ("10 to 15"); a conjunction joins them only after a
    #: word of ``between_words``; ``range_openers`` belong to the figure ("from 10 to 15").
    range_joiners: frozenset[str]
    between_words: frozenset[str]
    range_openers: frozenset[str]
    #: Words right before a figure that deny it ("no one was hurt").
    negations: frozenset[str]
    #: Signs of "number" before digits that name, not count ("No. 3").
    number_signs: frozenset[str]
    #: Phrases right before a number that make it an age ("aged", "age of"), as word tuples.
    age_phrases: tuple[tuple[str, ...], ...]
    #: Units a hyphen joins to a number for an age or a length of time ("44-year-old").
    hyphenated_units: frozenset[str]
    #: A word after "<name>, <number>" that makes the number an age ("Roizman, 59 who").
    age_followers: frozenset[str]
    #: Rough sizes that count part of a group before a partitive preposition and one of
    #: ``group_part_determiners`` ("dozens of the men").
    group_part_sizes: frozenset[str]
    group_part_determiners: frozenset[str]
    #: Per cent after a number, as word tuples ("percent", "per cent", "%").
    percent_words: tuple[tuple[str, ...], ...]
    #: Scale letters glued to digits that are scales only after a currency sign ("$10m").
    currency_scale_letters: frozenset[str]


@cache
def words(lang: str) -> Words:
    """The words of quantities in ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "figures")["quantities"]
    measures = lexicon(lang, "figures")["measures"]
    hedges = {tuple(phrase.split()): hedge for phrase, hedge in lists["hedges"].items()}
    return Words(
        hedges=hedges,
        max_hedge=max(len(k) for k in hedges),
        unit_names=dict(lists["unit_names"]),
        calibre_units=frozenset(lists["calibre_units"]),
        weapon_nouns=frozenset(measures["projectiles"]) | frozenset(measures["equipment"]),
        people_nouns=frozenset(lists["people_nouns"]),
        settlement_nouns=frozenset(lists["settlement_nouns"]),
        currencies=dict(lists["currencies"]),
        time_units=frozenset(lists["time_units"]),
        square_words=frozenset(lists["square_words"]),
        article_numbers=frozenset(lists["article_numbers"]),
        fraction_leads=frozenset(lists["fraction_leads"]),
        range_joiners=frozenset(lists["range_joiners"]),
        between_words=frozenset(lists["between_words"]),
        range_openers=frozenset(lists["range_openers"]),
        negations=frozenset(lists["negations"]),
        number_signs=frozenset(lists["number_signs"]),
        age_phrases=tuple(tuple(phrase.split()) for phrase in lists["age_phrases"]),
        hyphenated_units=frozenset(lists["hyphenated_units"]),
        age_followers=frozenset(lists["age_followers"]),
        group_part_sizes=frozenset(lists["group_part_sizes"]),
        group_part_determiners=frozenset(lists["group_part_determiners"]),
        percent_words=tuple(tuple(phrase.split()) for phrase in lists["percent_words"]),
        currency_scale_letters=frozenset(lists["currency_scale_letters"]),
    )


#: Apostrophes that group a number's thousands where the tokenizer splits them off ("31’000",
#: "48'830": Russian and Ukrainian posts write them so).
DIGIT_GROUP_MARKS = ("’", "'")
#: "approximately" is read as +/-10%; "nearly" as up to 10% below.
APPROXIMATION = 0.1

#: Square units (sitroom's unit names) -> km² factor.
TO_KM2 = {"km": 1.0, "mile": 2.589988, "hectare": 0.01, "acre": 0.004046856, "metre": 1e-6}
NAME_LABELS = frozenset({"ORG", "PRODUCT", "LAW", "FAC", "WORK_OF_ART", "PERSON", "EVENT", "GPE"})
#: Dates and times are left to the times component (its spans are excluded below), whose
#: judgement is measured; spaCy's DATE label also covers "two and a half" or "42".
SKIPPED_LABELS = NAME_LABELS | {"ORDINAL"}
#: What may stand between a number and its noun: "12 Syrian and non-Syrian militants".
MODIFIER_POS = frozenset({"ADJ", "PROPN", "CCONJ", "PUNCT", "NOUN"})
#: Above this, "<name>, <number>," is not read as an age.
MAX_AGE = 110
_PHONE = re.compile(r"^\+?\d[\d\-\s().]{7,}\d$")
#: "8-" in "8- to 16-metre": a range's first number whose unit is written once, after the second.
_SUSPENDED = re.compile(r"^\d[\d,.]*[-‑]$")
#: Unions of grammatical roles the functions below compare a token's label with.
_ONE_DEPS = DEP.numeric_modifier | DEP.object | DEP.subject | DEP.passive_subject | DEP.prep_object
_NUMBER_DEPS = (
    DEP.numeric_modifier | DEP.quantifier_modifier | DEP.compound | DEP.adjective_modifier
)


@dataclass
class Quantity:
    """One amount in the text (see the module docstring)."""

    span: Span  # hedge + number + unit noun, as written
    number: Span  # the number words alone
    value: float | None
    low: float | None
    high: float | None
    hedge: str
    unit: str | None
    noun: Token | None  # the counted or measured noun, if the number has one
    original_value: float | None = None  # before unit conversion (square miles -> km²)
    original_unit: str | None = None


#: Digits glued to a square unit: "12km2", "4km^2", "5km²".
_GLUED_AREA = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(km|mi|m)(?:2|²|\^2)$", re.IGNORECASE)
_GLUED_SCALE = re.compile(
    r"^(\d[\d,]*(?:\.\d+)?)(k|m|b|bn|t|tn|mn|mln|thousand|million|billion|trillion)\.?$",
    re.IGNORECASE,
)


def _glued_scale(token: Token) -> re.Match[str] | None:
    """'2.174T', '0.5k', '10M': digits with a scale letter. 'm' and 't' are millions and
    trillions only after a currency sign (otherwise metres and tonnes)."""
    match = _GLUED_SCALE.match(token.text)
    if match is None:
        return None
    w = words(token.doc.lang_)
    after_currency = token.i > 0 and token.nbor(-1).text in w.currencies
    if match.group(2).lower() in w.currency_scale_letters and not after_currency:
        return None
    return match


def _words(tokens: Span) -> list[str]:
    """The words parse_number reads, glued scales split off ('2.174T' -> '2.174', 'T')."""
    words = []
    for token in tokens:
        if area := _GLUED_AREA.match(token.text):
            words.append(area.group(1))
        elif scale := _glued_scale(token):
            words.extend(scale.groups())
        else:
            words.append(token.text)
    return words


def _suspended(token: Token) -> bool:
    """'8-' followed by 'to 16-metre' (see _SUSPENDED)."""
    doc = token.doc
    return (
        _SUSPENDED.match(token.text) is not None
        and token.i + 2 < len(doc)
        and doc[token.i + 1].lower_ in words(doc.lang_).range_joiners
        and doc[token.i + 2].like_num
    )


def _is_number_word(token: Token) -> bool:
    lower = token.lower_
    if _glued_scale(token) or _GLUED_AREA.match(token.text) or _suspended(token):
        return True
    lang = token.doc.lang_
    if is_ordinal(lower, lang=lang):
        return False  # "the first 7 victims": a rank, not part of the number after it
    n = number_words(lang)
    article = token.pos_ == "DET" and token.is_alpha  # "une vingtaine": "une" is no number
    return (
        (token.like_num and not token.is_currency and not article)
        or lower in n.vague
        # the language's own number words ("двоє"), whatever like_num says
        or (lower in n.units and not article)
        or lower in n.tens
        or lower in n.partitive_rough_sizes  # "tens of thousands"
    )


def _number_runs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of numbers: '121,000', 'twenty - eight', '1.2 million', 'hundreds of
    thousands', 'a dozen'."""
    n = number_words(doc.lang_)
    w = words(doc.lang_)
    runs = []
    i = 0
    while i < len(doc):
        if not (_is_number_word(doc[i]) or _is_fraction(doc, i)):
            i += 1
            continue
        start = i
        if (
            start > 0
            and doc[start - 1].lower_ in n.indefinite_articles
            and (doc[start].lower_ in w.article_numbers or doc[start].lower_ in n.denominators)
        ):
            start -= 1  # "a dozen", "a third"
        end = i + 1
        while end < len(doc):
            token = doc[end]
            previous = doc[end - 1]
            if (
                _is_number_word(token) and not _is_separate_number(previous, token)
            ) or _continues_number(previous, token):
                end += 1
            elif (
                token.lower_ in n.conjunctions
                and end + 2 < len(doc)
                and doc[end + 1].lower_ in n.indefinite_articles
                and doc[end + 2].lower_ in n.denominators
            ):
                end += 3  # "two and a half"
            elif (
                (token.text in ("-", "‑", *DIGIT_GROUP_MARKS) or _number_glue(token))
                and end + 1 < len(doc)
                and (_is_number_word(doc[end + 1]) or doc[end + 1].lower_ in n.denominators)
                and _joins(doc[end - 1], token, doc[end + 1])
            ):
                end += 2
            else:
                break
        runs.append((start, end))
        i = end
    return runs


def _is_fraction(doc: Doc, i: int) -> bool:
    """'more than half', 'a third of the residents', 'half of them'."""
    n = number_words(doc.lang_)
    if doc[i].lower_ not in n.denominators:
        return False
    before = doc[i - 1].lower_ if i > 0 else ""
    after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    return after in n.genitive_prepositions or before in words(doc.lang_).fraction_leads


def _is_separate_number(previous: Token, token: Token) -> bool:
    """'12 15' are two numbers; '1.2 million', 'twenty eight' and '10 000' are one."""
    if re.fullmatch(r"\d{1,3}", previous.text) and re.fullmatch(r"\d{3}", token.text):
        if _calibre(token):
            return True  # "18 155 mm howitzers": a count, then a calibre
        return previous.whitespace_ != " "  # "10 000": thousands written with a space
    if previous.is_alpha and token.text[:1].isdigit():
        return True  # "six 105mm guns": a number word never goes on in digits
    return bool(re.match(r"^\d", previous.text)) and bool(re.match(r"^\d", token.text))


def _continues_number(previous: Token, token: Token) -> bool:
    """A scale glued to the digits ('10M', '0.5k') or a fraction word after a number ('two
    thirds', 'and a half' is handled by _joins)."""
    n = number_words(token.doc.lang_)
    if not previous.whitespace_ and previous.text[-1:].isdigit():
        return token.lower_ in n.suffix_scales
    if token.text.isalpha() and token.lower_ in n.scales and len(token) > 1:
        return previous.like_num or previous.lower_ in n.units or previous.lower_ in n.tens
    return token.lower_ in n.denominators and (
        previous.like_num or previous.lower_ in n.indefinite_articles or _one(previous)
    )


def _one(token: Token) -> bool:
    """'one' or '1': a number word of value 1."""
    return token.text == "1" or number_words(token.doc.lang_).units.get(token.lower_) == 1


def _number_glue(token: Token) -> bool:
    """A word that may join two parts of one number ("hundreds of thousands", "a hundred and
    five"): a partitive preposition or a conjunction of numbers (_joins decides)."""
    n = number_words(token.doc.lang_)
    return token.lower_ in n.genitive_prepositions or token.lower_ in n.conjunctions


def _joins(left: Token, glue: Token, right: Token) -> bool:
    if glue.text in DIGIT_GROUP_MARKS:  # "31’000": thousands marked with an apostrophe
        return (
            re.fullmatch(r"\d{1,3}", left.text) is not None
            and re.fullmatch(r"\d{3}", right.text) is not None
            and not left.whitespace_
            and not glue.whitespace_
        )
    n = number_words(glue.doc.lang_)
    if glue.text in n.genitive_prepositions:
        return left.lower_ in n.partitive_rough_sizes and right.lower_ in n.partitive_scales
    if glue.text in n.conjunctions:
        return left.lower_ in n.conjoined_scales and not right.text[:1].isdigit()
    return not left.text[:1].isdigit() and not right.text[:1].isdigit()  # twenty-eight


def _is_denominator(token: Token) -> bool:
    """'sixth' in 'one sixth' is a fraction, though spaCy tags it ORDINAL."""
    denominators = number_words(token.doc.lang_).denominators
    return token.lower_ in denominators and token.i > 0 and token.nbor(-1).like_num


def _excluded(doc: Doc, start: int, end: int, time_chars: set[int]) -> bool:
    w = words(doc.lang_)
    tokens = doc[start:end]
    first, last = doc[start], doc[end - 1]
    if any(t.ent_type_ in SKIPPED_LABELS and not _is_denominator(t) for t in tokens):
        return True
    if any(t.idx in time_chars for t in tokens):
        return True
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if end - start == 1 and _bracketed_day(first, before, after):
        return True  # "On Saturday evening (27.04) the police detained ...": a date
    if end - start == 1 and _calibre(first) and _before_weapon(first):
        return True  # the calibre of "18 155 mm howitzers" counts nothing ("898 mm" of rain does)
    if _PHONE.match(tokens.text) or any(
        t is not None and (t.text[:1].isdigit() or t.text == "+") and not _calibre(t)
        for t in (before, after)
    ):
        return True  # phone numbers and codes: "+380 44 123 4567"
    if (
        before is not None
        and (before.text in ("-", "‑") or before.text in w.number_signs)
        and start > 1
        and not doc[start - 2].like_num  # "10-15": a range, read with its first number
    ):
        return True  # "F-16", "Su-34", "#3"
    if _after_phrase(doc, start, w.age_phrases):
        return True  # "aged 65", "died at the age of 28"
    if _age_after_name(doc, start, end):
        return True
    if after is not None and after.text in ("-", "‑") and end + 1 < len(doc):
        nxt = doc[end + 1]
        if nxt.lower_ in w.hyphenated_units or nxt.text[:1].isupper():
            return True  # "44-year-old", "S-300"-like
    unit_after = _past_half(doc, end)
    if unit_after is not None and unit_after.lower_ in w.time_units:
        return True  # "29 months", "5 and half years": a duration, not a count
    n = number_words(doc.lang_)
    if last.lower_ in w.group_part_sizes and (
        after is not None
        and after.lower_ in n.genitive_prepositions
        and end + 1 < len(doc)
        and doc[end + 1].lower_ in w.group_part_determiners
    ):
        return True  # "dozens of the men": a part of a group, not a count
    if _one(first) and end - start == 1:
        if after is not None and after.lower_ in n.genitive_prepositions:
            return True  # "one of the"
        if before is not None and before.lower_ in w.negations:
            return True  # "no one was hurt": nobody
        if first.dep_ not in _ONE_DEPS:
            return True
    if re.fullmatch(r"(1[89]|20)\d\d", first.text) and end - start == 1:
        # a bare year that NER did not tag as DATE, unless it counts people ("less than 2000
        # persons killed"): a year never has people
        head = first.head
        return not (
            first.dep_ in DEP.numeric_modifier
            and head.lower_ in w.people_nouns
            and head.dep_ not in DEP.possessive
        )
    ordinal = last.tag_ == "JJ" and last.lower_.endswith(n.ordinal_suffixes)
    return ordinal and not _is_denominator(last)


def _bracketed_day(token: Token, before: Token | None, after: Token | None) -> bool:
    """'(27.04)': a day and month in brackets, as European news dates a weekday."""
    found = re.fullmatch(r"(\d{1,2})\.(\d{2})", token.text)
    bracketed = before is not None and after is not None and (before.text, after.text) == ("(", ")")
    return bool(found and bracketed and 1 <= int(found[1]) <= 31 and 1 <= int(found[2]) <= 12)


def _past_half(doc: Doc, end: int) -> Token | None:
    """The word after a number, past "and (a) half" ("5 and half years")."""
    n = number_words(doc.lang_)
    after = [t.lower_ for t in doc[end : end + 3]]
    skip = 0
    if after[:1] and after[0] in n.conjunctions:
        article = len(after) > 2 and after[1] in n.indefinite_articles
        half = after[1 + article] if len(after) > 1 + article else ""
        skip = 2 + article if n.denominators.get(half) == 2 else 0
    return doc[end + skip] if end + skip < len(doc) else None


def _written_at(doc: Doc, start: int, phrase: tuple[str, ...]) -> bool:
    """Whether the words from token ``start`` on are ``phrase`` (lower case)."""
    return start >= 0 and tuple(t.lower_ for t in doc[start : start + len(phrase)]) == phrase


def _after_phrase(doc: Doc, start: int, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether one of ``phrases`` (word tuples) ends right before token ``start``."""
    return any(_written_at(doc, start - len(phrase), phrase) for phrase in phrases)


def _age_after_name(doc: Doc, start: int, end: int) -> bool:
    """'Elena Belova, 65, was arrested', 'his daughter, 29, was killed', 'Roizman, 59 who
    served': a small whole number set off by a comma after a name or a noun is an age. A
    figure that starts a clause ('In Homs, 12 were killed') is followed by its verb instead."""
    if end - start != 1 or start < 2 or end >= len(doc):
        return False
    number, comma, name = doc[start], doc[start - 1], doc[start - 2]
    return (
        re.fullmatch(r"\d{1,3}", number.text) is not None
        and int(number.text) <= MAX_AGE
        and comma.text == ","
        and name.pos_ in ("PROPN", "NOUN")
        and (doc[end].text in (",", ")", ".") or doc[end].lower_ in words(doc.lang_).age_followers)
    )


def _hedge_before(doc: Doc, start: int) -> tuple[str, int]:
    w = words(doc.lang_)
    for length in range(w.max_hedge, 0, -1):
        if start - length < 0:
            continue
        phrase = tuple(t.lower_ for t in doc[start - length : start])
        if phrase in w.hedges:
            return w.hedges[phrase], start - length
    return "exactly", start


def interval(value: float, hedge: str) -> tuple[float | None, float | None]:
    if hedge == "approximately":
        return value * (1 - APPROXIMATION), value * (1 + APPROXIMATION)
    if hedge == "nearly":
        return value * (1 - APPROXIMATION), value
    if hedge in ("at_least", "more_than"):
        return value, None
    if hedge in ("at_most", "less_than"):
        return None, value
    return value, value


def _counted_noun(doc: Doc, start: int, end: int) -> Token | None:
    """The noun the number counts: '12 civilians', 'dozens of people', '1,000 square km'."""
    w = words(doc.lang_)
    last = doc[end - 1]
    for token in (last, doc[start]):  # the first number carries it in "between 10 and 15 X"
        if token.dep_ in _NUMBER_DEPS and token.head.i >= end:
            head = token.head
            between = doc[end : head.i]
            apart = [t for t in between if not _within_compound(t)]
            # "12 civils": a people noun the tagger took for the adjective it also is
            noun_like = head.pos_ in ("NOUN", "PROPN") or (
                head.pos_ == "ADJ" and head.lower_ in w.people_nouns
            )
            if (
                noun_like
                and (len(apart) <= 3 or all(t.pos_ in MODIFIER_POS for t in apart))
                and not any(t.like_num and not _calibre(t) for t in between)  # "45 and 50 cases"
                # "raises the toll to 18 and air strikes continue": a number coordinated with a
                # noun phrase counts none of it
                and not any(
                    c.dep_ in DEP.conjunct
                    and not c.like_num
                    and c.i < head.i
                    and not start <= c.i < end  # "two and a half miles": the number's own part
                    for c in token.children
                )
            ):
                while (  # "15 battalion tactical groups": the noun the first one qualifies
                    head.dep_ in DEP.noun_piece
                    and head.head.pos_ == "NOUN"
                    and (
                        # a calibre qualifies the noun after it: "six M777 155mm howitzers"
                        (head.lower_ in w.calibre_units and head.head.i > head.i)
                        or (
                            not _within_compound(head)  # not "a 5-metre wall"
                            and unit_name(head) not in TO_KM2
                            and 0 < head.head.i - head.i <= 2
                        )
                    )
                ):
                    head = head.head
                return _past_square(head)
    n = number_words(doc.lang_)
    if last.lower_ in n.vague:
        for child in last.children:
            if child.dep_ in DEP.preposition and child.lower_ in n.genitive_prepositions:
                objects = [c for c in child.children if c.dep_ in DEP.prep_object]
                if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                    return objects[0]
            if child.dep_ in DEP.noun_modifier and child.pos_ == "NOUN" and child.i > last.i:
                return child  # "десятки людей": the noun in the genitive
    return None


def _calibre(token: Token) -> bool:
    """'155' in '18 155 mm howitzers'."""
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return after is not None and after.lower_ in words(token.doc.lang_).calibre_units


def _before_weapon(number: Token) -> bool:
    """Whether the calibre after ``number`` is a weapon's: a noun of weapons or munitions
    among the few words after its unit ("155 mm howitzers", "152-mm artillery shells")."""
    doc = number.doc
    weapons = words(doc.lang_).weapon_nouns
    after = doc[number.i + 2 : number.i + 5]
    return any(t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in weapons for t in after)


def _within_compound(token: Token) -> bool:
    """A piece of a hyphenated modifier or a quotation mark around a name, which do not put
    a number further from its noun ("2,000 state-of-the-art drones", "850 'Black Hornet'
    drones")."""
    doc = token.doc
    if token.is_quote or token.text in ("-", "‐", "‑"):
        return True
    glued_before = token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
    glued_after = token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    return glued_before or glued_after


def _past_square(noun: Token) -> Token:
    """'30 sq km' parsed with 'sq' as the head: the unit is the word after it."""
    doc = noun.doc
    after = noun.i + 1 + (noun.i + 1 < len(doc) and doc[noun.i + 1].text == ".")
    square = noun.lower_ in words(doc.lang_).square_words
    if square and after < len(doc) and unit_name(doc[after]) in TO_KM2:
        return doc[after]
    return noun


def unit_name(noun: Token) -> str:
    """One name per unit: 'kilometres' / 'kilometers' -> 'km', 'mi' -> 'mile'."""
    lemma = noun.lemma_.lower()
    return words(noun.doc.lang_).unit_names.get(lemma, lemma)


def _unit(doc: Doc, noun: Token | None, start: int) -> tuple[str | None, str | None]:
    """The normalised unit, and for an area the square unit as written ('mile' in '400 square
    miles', converted to km² by TO_KM2)."""
    w = words(doc.lang_)
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.text in w.currencies:
        return w.currencies[before.text], None
    if glued := _GLUED_AREA.match(doc[start].text):
        return "km2", w.unit_names.get(glued.group(2).lower(), glued.group(2).lower())
    if noun is None:
        return None, None
    lemma = unit_name(noun)
    if noun.lower_ in ("km2", "km²"):
        return "km2", "km"
    if lemma in TO_KM2:
        square = any(t.lower_ in w.square_words for t in doc[start : noun.i]) or (
            noun.i + 1 < len(doc) and doc[noun.i + 1].lower_ in w.square_words  # "km squared"
        )
        if square or lemma in ("hectare", "acre"):
            return "km2", lemma
        return lemma, None
    if noun.lower_ in w.currencies:
        return w.currencies[noun.lower_], None
    if noun.lower_ in w.people_nouns or lemma in w.people_nouns or noun.ent_type_ == "NORP":
        return "people", None  # "15 million Ukrainians"
    if noun.lower_ in w.settlement_nouns:
        return "settlements", None
    if _percent_noun(noun):
        return "%", None
    return lemma, None


def _score(doc: Doc, end: int, value: float) -> bool:
    """'7-5': digits joined by a hyphen to a number no larger (a range goes up: '10-15')."""
    if end + 1 >= len(doc) or doc[end].text not in ("-", "‑", "–"):
        return False
    second = doc[end + 1].text
    return re.fullmatch(r"\d{1,3}", second) is not None and int(second) <= value


def _percent_noun(noun: Token) -> bool:
    """A figure's noun that says per cent: the first word of a way of writing it ("5 percent",
    "28 per cent" parsed with "per" as the noun), or the last with the rest before it ("cent")."""
    return any(
        noun.lower_ == phrase[0]
        or (len(phrase) > 1 and _written_at(noun.doc, noun.i - len(phrase) + 1, phrase))
        for phrase in words(noun.doc.lang_).percent_words
    )


def _per_cent(doc: Doc, end: int) -> bool:
    """'28 per cent', '5 percent', '5 %' from token ``end`` on."""
    return any(_written_at(doc, end, phrase) for phrase in words(doc.lang_).percent_words)


def _shared_scale(first: Amount, second: Amount | None) -> Amount:
    """The first number of a range that shares the second's scale: "30-40,000" and "thirteen
    to fifteen thousand" start at 30,000 and 13,000."""
    if second is None or first.vague or first.value >= 1_000 or second.value < 1_000:
        return first
    for scale in (1_000, 1_000_000, 1_000_000_000):
        if first.value * scale <= second.value < first.value * scale * 10:
            scaled = first.value * scale
            return Amount(scaled, scaled, scaled)
    return first


def _range_end(doc: Doc, end: int, runs_by_start: dict[int, int]) -> int | None:
    """'10 to 15', '10-15', 'between 10 and 15', 'one or two': the end of the second number,
    if any."""
    if end + 1 >= len(doc) or end + 1 not in runs_by_start:
        return None
    joiner = doc[end].lower_
    if joiner in ("-", "–") or joiner in words(doc.lang_).range_joiners:
        return runs_by_start[end + 1]
    if joiner in number_words(doc.lang_).conjunctions and _between(doc, end):
        return runs_by_start[end + 1]
    return None


def _between(doc: Doc, conjunction: int) -> bool:
    """'between 10 and 15' is a range; '45 and 50 cases' are two figures."""
    window = doc[max(0, conjunction - 5) : conjunction]
    return any(t.lower_ in words(doc.lang_).between_words for t in window)


def find_quantities(doc: Doc) -> list[Quantity]:
    lang = doc.lang_
    currencies = words(lang).currencies
    time_chars = {
        i
        for t in (doc._.sitroom_times if Doc.has_extension("sitroom_times") else None) or []
        for i in range(t.span[0], t.span[1])
    }
    runs = [r for r in _number_runs(doc) if not _excluded(doc, *r, time_chars)]
    runs_by_start = dict(runs)
    consumed: set[int] = set()
    quantities = []
    for start, end in runs:
        if start in consumed:
            continue
        amount = parse_number(_words(doc[start:end]), lang=lang)
        if amount is None:
            continue
        currency = start > 0 and doc[start - 1].text in currencies
        hedge, span_start = _hedge_before(doc, start - currency)  # "nearly $3bn"
        value: float | None = amount.value
        low, high = interval(amount.value, hedge)
        if amount.vague and hedge == "exactly":
            hedge, low, high = "approximately", amount.low, amount.high
        number_end = end
        if _score(doc, end, amount.value):
            consumed.add(end + 1)
            continue  # "won 7-5": a score or a code, not an amount
        second_end = _range_end(doc, end, runs_by_start)
        if second_end is None and _suspended(doc[end - 1]):
            continue  # "20- to 30-year-olds": the second number is no quantity, nor the first
        if second_end is not None:
            second = parse_number(_words(doc[end + 1 : second_end]), lang=lang)
            first = _shared_scale(amount, second)
            if second is not None and second.value > first.value:
                consumed.add(end + 1)
                opener = doc[span_start - 1].lower_ if span_start > 0 else ""
                if opener in words(lang).range_openers:
                    span_start -= 1
                value, low, high = first.value, first.low, second.high
                written = span_start < start  # "around 30-40,000": widened, as approximate
                if written and hedge in ("approximately", "nearly"):
                    low, high = low * (1 - APPROXIMATION), high * (1 + APPROXIMATION)
                hedge = "range"
                number_end = second_end
        noun = _counted_noun(doc, start, number_end)
        unit, square = _unit(doc, noun, start)
        if noun is None and _per_cent(doc, number_end):
            unit = "%"
        original_value = original_unit = None
        if square is not None and square != "km":
            original_value, original_unit = value, f"square {square}"
            factor = TO_KM2[square]
            value, low, high = (None if x is None else x * factor for x in (value, low, high))
        if doc[start - 1 : start].text in currencies and span_start == start:
            span_start -= 1
        span_end = noun.i + 1 if noun is not None and noun.i >= number_end else number_end
        quantities.append(
            Quantity(
                span=doc[span_start:span_end],
                number=doc[start:number_end],
                value=_clean(value),
                low=_clean(low),
                high=_clean(high),
                hedge=hedge,
                unit=unit,
                noun=noun,
                original_value=original_value,
                original_unit=original_unit,
            )
        )
    return quantities


def _clean(x: float | None) -> float | None:
    """Round away float noise from unit conversion (2.589988 * 400 = 1035.9952)."""
    if x is None or math.isinf(x):
        return None
    return round(x, 4)


@Language.component("sitroom_quantities")
def quantities_component(doc: Doc) -> Doc:
    doc._.sitroom_quantities = find_quantities(doc)
    return doc
