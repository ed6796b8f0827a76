"""The ``sitroom_dates`` component: the dates of a report in a language without sitroom's time
grammar (Russian, Ukrainian), normalised against the publication date.

The English grammar (:mod:`sitroom.nlp.timex_rules`) reads durations, sets, parts of days and
vague references. This component reads what claims and events need from other languages'
news: a day and month with or without a year ("16 февраля", "7 травня 2023 року"), a month and
year ("в феврале 2023 года"), a day named from the report's ("вчера", "сьогодні") and a weekday
("в понедельник": the last such day up to the report's). The phrases are found with the
language's words (``lang/<code>/dates.toml``) and read by dateparser, which knows each
language's calendar words; a date later than the report's without a year is last year's. The
results go where the English component puts its own (``doc._.sitroom_times``, as
:class:`sitroom.model.TimeRef`), so the numbers inside them are no figures and claims take
their dates from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from sitroom.model import TimeRef
from sitroom.nlp.doctext import doc_text
from sitroom.nlp.lang import lexicon
from sitroom.nlp.timex import parse_anchor
from sitroom.nlp.timex_rules import alternation

if not Doc.has_extension("sitroom_times"):
    Doc.set_extension("sitroom_times", default=None)

YEAR = r"(?P<year>(?:19|20)\d\d)"


@dataclass(frozen=True)
class Grammar:
    """One language's date patterns, built from its word lists."""

    day_month: re.Pattern[str]
    month_year: re.Pattern[str]
    relative_day: re.Pattern[str]
    weekday: re.Pattern[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative_days: dict[str, int]


@cache
def grammar(lang: str) -> Grammar:
    """The date patterns of ``lang`` (``lang/<code>/dates.toml``)."""
    lists = lexicon(lang, "dates")
    months = {name.casefold(): number for name, number in lists["months"].items()}
    weekdays = {name.casefold(): number for name, number in lists["weekdays"].items()}
    relative = {name.casefold(): offset for name, offset in lists["relative_days"].items()}
    year_words = alternation(lists["words"]["year_words"])
    prepositions = alternation(lists["words"]["weekday_prepositions"])
    month = rf"(?P<month>{alternation(months)})"
    after_year = rf"(?:\s+(?:{year_words})(?!\w))?" if year_words else ""
    before_weekday = rf"(?:{prepositions})\s+" if prepositions else ""
    flags = re.IGNORECASE
    return Grammar(
        day_month=re.compile(
            rf"(?<![\w.])(?P<day>[0-3]?\d)\s+{month}(?:\s+{YEAR}{after_year})?(?!\w)", flags
        ),
        month_year=re.compile(rf"(?<!\w){month}\s+{YEAR}{after_year}(?!\w)", flags),
        relative_day=re.compile(rf"(?<!\w)(?P<word>{alternation(relative)})(?!\w)", flags),
        weekday=re.compile(
            rf"(?<!\w){before_weekday}(?P<weekday>{alternation(weekdays)})(?!\w)", flags
        ),
        months=months,
        weekdays=weekdays,
        relative_days=relative,
    )


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: str
    precision: str
    anchored: bool = False  # read from the report's date ("вчера", "16 февраля")


def find_dates(text: str, lang: str, anchor: date | None) -> list[Found]:
    """The dates of a text in text order, each once (a longer phrase wins over one inside it)."""
    g = grammar(lang)
    found: list[Found] = []
    for match in g.day_month.finditer(text):
        value = _day(match.group(0), lang, anchor, has_year=bool(match.group("year")))
        if value is not None:
            found.append(Found(match.start(), match.end(), value, "day", not match.group("year")))
    for match in g.month_year.finditer(text):
        month = g.months[match.group("month").casefold()]
        found.append(
            Found(match.start(), match.end(), f"{match.group('year')}-{month:02d}", "month")
        )
    if anchor is not None:
        for match in g.relative_day.finditer(text):
            day = anchor + timedelta(days=g.relative_days[match.group("word").casefold()])
            found.append(Found(match.start(), match.end(), day.isoformat(), "day", True))
        for match in g.weekday.finditer(text):
            back = (anchor.weekday() - g.weekdays[match.group("weekday").casefold()]) % 7
            day = anchor - timedelta(days=back)
            found.append(Found(match.start(), match.end(), day.isoformat(), "day", True))
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def _day(phrase: str, lang: str, anchor: date | None, *, has_year: bool) -> str | None:
    """A day-and-month phrase as an ISO date (dateparser reads the language's month names);
    without a year, the latest such day up to the report's."""
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    parsed = dateparser.parse(phrase, languages=[lang], settings=settings)
    if parsed is None or (not has_year and anchor is None):
        return None
    return parsed.date().isoformat()


class DatesComponent:
    """spaCy component storing ``doc._.sitroom_times`` for a language without a time grammar."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        document = doc._.sitroom_document
        published = getattr(document, "published", None)
        anchor = parse_anchor(published)
        text = doc_text(doc)
        doc._.sitroom_times = [
            TimeRef(
                id=f"t{n}",
                text=text[item.start : item.end],
                span=(item.start, item.end),
                value=item.value,
                precision=item.precision,
                anchor=anchor.isoformat() if anchor and item.anchored else None,
                kind="date",
            )
            for n, item in enumerate(find_dates(text, doc.lang_, anchor), start=1)
        ]
        return doc


@Language.factory("sitroom_dates")
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent(nlp, name)
