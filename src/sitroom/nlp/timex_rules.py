"""Rules that find temporal expressions in text and normalise them to TimeML-like values.

Everything here is a pure function of strings and dates so that it can be tested without spaCy.
:func:`find_candidates` scans the text with the language's grammar of patterns (one per
expression class, ``nlp/lang/<code>/time_grammar.py``); :func:`normalise` turns one candidate
into a :class:`Norm` given a :class:`Context` (the publication date, the last date the text
referred to, and the tense of the clause). The normalisers go by a rule's name and read what
its groups captured as English keywords ("last", "before", "yesterday"): a grammar of another
language captures its own words under the same names and maps them to these keywords. The
languages other than English read their dates with :mod:`sitroom.nlp.dates` instead.

Values follow TimeML: ``2024-08-13``, ``2024-W33``, ``2024-08``, ``2024-Q3``, ``2024-SU``,
``2024``, ``202`` (a decade), ``2024-08-13TMO`` (a part of the day), ``2024-08-13T15:30``,
durations ``P29M`` / ``PT3H`` / ``PXY``, sets ``P1D`` (kind "set"), and the vague references
``PAST_REF``, ``PRESENT_REF``, ``FUTURE_REF``. Modifiers ("early", "more than") are part of the
span, as in TimeML, but do not change the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from types import ModuleType

from sitroom.errors import ConfigError
from sitroom.nlp.lang import language_module, lexicon

# ------------------------------------------------------------------------------ vocabulary


@dataclass(frozen=True)
class Words:
    """The time vocabulary of one language (lang/<code>/times.toml, one field per list, of the
    same name); what each list is for is documented there. The tense cues (``future_aux`` to
    ``not_durations``) are read by :mod:`sitroom.nlp.timex`, the others by the grammar here."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    vague_numbers: tuple[str, ...]
    tens: tuple[str, ...]
    ones: tuple[str, ...]
    seasons: dict[str, str]
    day_parts: dict[str, str]
    refs: dict[str, str]
    #: unit -> (ISO letter, multiplier, needs the "T" time designator)
    units: dict[str, tuple[str, int, bool]]
    sets: dict[str, str]
    precision_of_unit: dict[str, str]
    decade_words: dict[str, int]
    century_words: dict[str, int]
    future_aux: frozenset[str]
    future_verbs: frozenset[str]
    plan_verbs: frozenset[str]
    forward_bounds: tuple[str, ...]
    future_copulas: frozenset[str]
    future_phrases: tuple[tuple[str, str], ...]
    not_durations: frozenset[str]


@cache
def words(lang: str) -> Words:
    """The time words of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "times")
    return Words(
        months=dict(lists["months"]),
        weekdays=dict(lists["weekdays"]),
        numbers=dict(lists["numbers"]),
        vague_numbers=tuple(lists["vague_numbers"]),
        tens=tuple(lists["tens"]),
        ones=tuple(lists["ones"]),
        seasons=dict(lists["seasons"]),
        day_parts=dict(lists["day_parts"]),
        refs=dict(lists["refs"]),
        units={
            unit: (spec["letter"], spec["multiplier"], spec["time"])
            for unit, spec in lists["units"].items()
        },
        sets=dict(lists["sets"]),
        precision_of_unit=dict(lists["precision_of_unit"]),
        decade_words=dict(lists["decade_words"]),
        century_words=dict(lists["century_words"]),
        future_aux=frozenset(lists["future_aux"]),
        future_verbs=frozenset(lists["future_verbs"]),
        plan_verbs=frozenset(lists["plan_verbs"]),
        forward_bounds=tuple(lists["forward_bounds"]),
        future_copulas=frozenset(lists["future_copulas"]),
        future_phrases=tuple(tuple(phrase.split()) for phrase in lists["future_phrases"]),
        not_durations=frozenset(lists["not_durations"]),
    )


# ------------------------------------------------------------------------------ grammar


def alternation(words: object) -> str:
    """A regex alternation of words, longest first (so "sept" wins over "sep")."""
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


def capitalised(words: object) -> str:
    """Alternation of capitalised or upper-case words (names of months and days)."""
    forms = set()
    for w in words:  # type: ignore[attr-defined]
        forms |= {w.capitalize(), w.upper()}
    return alternation(forms)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]


def rule(name: str, pattern: str, flags: int = 0) -> Rule:
    """A rule of a time grammar: its name (the normaliser it goes to) and pattern."""
    return Rule(name, re.compile(pattern, flags))


@cache
def grammar(lang: str) -> ModuleType:
    """The time grammar of ``lang``: its module ``nlp/lang/<code>/time_grammar.py``."""
    module = language_module(lang, "time_grammar")
    if module is None:
        raise ConfigError(f"no time grammar for language {lang!r} (lang/{lang}/time_grammar.py)")
    return module


@cache
def rules(lang: str) -> list[Rule]:
    """The rules of ``lang``'s time grammar, built from its time words."""
    return grammar(lang).rules(words(lang))


@dataclass(frozen=True)
class Candidate:
    """A span of text matched by one rule."""

    start: int
    end: int
    rule: str
    match: re.Match[str]


def find_candidates(text: str, lang: str = "en") -> list[Candidate]:
    """Every rule's matches, overlaps resolved: longest first, then earliest rule; ``lang`` is
    the language of the text (its grammar, :func:`rules`)."""
    found: list[tuple[int, int, int, Candidate]] = []
    for order, rule in enumerate(rules(lang)):
        for m in rule.pattern.finditer(text):
            start, end = m.span()
            if end > start:
                found.append((-(end - start), order, start, Candidate(start, end, rule.name, m)))
    found.sort(key=lambda item: (item[0], item[1], item[2]))
    taken: list[Candidate] = []
    for _, _, _, cand in found:
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    taken.sort(key=lambda c: c.start)
    return _strip_clause_lead(taken, grammar(lang).CLAUSE_LEAD)


def _strip_clause_lead(cands: list[Candidate], lead: re.Pattern[str]) -> list[Candidate]:
    """The word a rule matched before the time expression that belongs to the clause (the
    "in" of "in recent years") is left out of its span."""
    out = []
    for c in cands:
        found = lead.match(c.match.group(0))
        out.append(replace(c, start=c.start + found.end()) if found else c)
    return out


# ------------------------------------------------------------------------------ normalising


@dataclass(frozen=True)
class Norm:
    """A normalised value: TimeML value, precision, kind, and whether the anchor was used."""

    value: str
    precision: str | None
    kind: str
    anchored: bool = False


@dataclass(frozen=True)
class Context:
    """What a relative expression is resolved against.

    ``anchor`` is the publication date; ``reference`` the last time the text itself referred
    to (value and precision), for anaphoric expressions ("the day before", "a year earlier"),
    and ``last_of_grain`` the last one at each precision ("day", "quarter", ...);
    ``future`` is True when the clause is in the future tense ("will meet on Tuesday");
    ``lang`` is the language of the text (``doc.lang_``), whose time words the handlers read.
    """

    anchor: date | None
    reference: Norm | None = None
    future: bool = False
    last_of_grain: dict[str, Norm] = field(default_factory=dict)
    lang: str = "en"


def normalise(cand: Candidate, ctx: Context) -> Norm | None:
    """Normalise a candidate; None if it cannot be (e.g. relative with no anchor)."""
    handler = _HANDLERS.get(cand.rule.removesuffix("_lc").removesuffix("_may"))
    if cand.rule == "month_may":
        handler = _month_may
    try:
        return handler(cand.match, ctx) if handler else None
    except (ValueError, OverflowError):
        return None


# -- helpers


def _g(m: re.Match[str], *names: str) -> str | None:
    """The first named group that matched (groups may be missing from a pattern)."""
    for name in names:
        try:
            value = m.group(name)
        except IndexError:
            continue
        if value:
            return value
    return None


def _num(word: str | None, lang: str) -> float | None:
    """A number word (of ``lang``) or numeral; None for vague quantities ("several")."""
    if word is None:
        return 1
    word = word.lower().strip()
    half = 0.0
    if word.endswith("and a half"):
        half, word = 0.5, word[: -len("and a half")].strip()
    if word == "a half":
        return 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word) + half
    numbers = words(lang).numbers
    total = 0.0
    for part in re.split(r"[\s-]+", word):
        if part not in numbers:
            return None
        total = total * 100 if part == "hundred" and total else total + numbers[part]
    return total + half


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _unit(word: str, lang: str) -> str:
    word = word.lower()
    if word == "centuries":
        return "century"
    return word[:-1] if word.endswith("s") and word[:-1] in words(lang).units else word


def duration_value(n: float | None, unit: str, lang: str = "en") -> str:
    """ISO 8601 / TimeML duration: P29M, PT3H, P10Y (a decade), PXY (vague); ``unit`` is a
    unit of ``lang``."""
    letter, mult, is_time = words(lang).units[unit]
    amount = "X" if n is None else _fmt(n * mult)
    return f"P{'T' if is_time else ''}{amount}{letter}"


def _add_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def shift(d: date, n: int, unit: str) -> date:
    """``d`` moved by n units (negative = back)."""
    if unit in ("day", "night"):
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    if unit == "fortnight":
        return d + timedelta(weeks=2 * n)
    if unit == "month":
        return _add_months(d, n).replace(day=1)
    if unit == "quarter":
        return _add_months(d, 3 * n)
    if unit == "year":
        return d.replace(year=d.year + n, day=min(d.day, 28))
    if unit == "decade":
        return date(d.year + 10 * n, 1, 1)
    if unit == "century":
        return date(d.year + 100 * n, 1, 1)
    raise ValueError(unit)


def at_precision(d: date, precision: str) -> str:
    """A date written at a precision: day 2024-08-13, week 2024-W33, month 2024-08, ..."""
    if precision == "day":
        return d.isoformat()
    if precision == "week":
        return _week(d)
    if precision == "weekend":
        return _week(d) + "-WE"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "quarter":
        return f"{d.year:04d}-Q{_quarter(d)}"
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "decade":
        return f"{d.year // 10:03d}"
    if precision == "century":
        return f"{d.year // 100:02d}"
    raise ValueError(precision)


def parse_value(value: str) -> tuple[date, str] | None:
    """The start date and precision of a calendar value (used for anaphoric references)."""
    patterns: list[tuple[str, Callable[[re.Match[str]], tuple[date, str]]]] = [
        (r"(\d{4})-(\d\d)-(\d\d)", lambda m: (date(*map(int, m.groups())), "day")),
        (
            r"(\d{4})-W(\d\d)(?:-WE)?",
            lambda m: (date.fromisocalendar(int(m[1]), int(m[2]), 1), "week"),
        ),
        (r"(\d{4})-(\d\d)", lambda m: (date(int(m[1]), int(m[2]), 1), "month")),
        (r"(\d{4})-Q(\d)", lambda m: (date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter")),
        (r"(\d{4})", lambda m: (date(int(m[1]), 1, 1), "year")),
    ]
    head = value.split("T")[0]
    for pattern, build in patterns:
        m = re.fullmatch(pattern, head)
        if m:
            return build(m)
    return None


#: Days after publication a month/day without a year may still lie in a present-tense clause
#: ("the vote is on Dec. 15"); further ahead, news refers back to last year's date.
LOOKAHEAD_DAYS = 92


def _closest_year(month: int, day: int, ctx: Context) -> int:
    """The year of a month/day written without one: news looks back (the most recent such
    date) unless the clause is in the future tense or the date is only a few weeks ahead
    (also across New Year: "payable Jan. 2" in December)."""
    anchor = ctx.anchor
    if anchor is None:
        raise ValueError("no anchor")
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    ahead = {y: (date(y, month, min(day, 28)) - anchor).days for y in years}
    if ctx.future:
        return next(y for y in years if ahead[y] >= -LOOKAHEAD_DAYS)
    return [y for y in years if ahead[y] <= LOOKAHEAD_DAYS][-1]


def _relative_sign(rel: str | None) -> int:
    rel = (rel or "").lower()
    if rel in ("last", "past", "previous", "the past", "the previous", "the prior", "the last"):
        return -1
    if rel in ("next", "coming", "following", "the coming", "the following", "the next"):
        return 1
    return 0


# -- handlers (one per rule)


def _iso(m: re.Match[str], ctx: Context) -> Norm:
    d = date(int(m["year"]), int(m["m"]), int(m["d"]))
    if m["hh"]:
        return Norm(f"{d.isoformat()}T{m['hh']}:{m['mm']}", "time", "time")
    return Norm(d.isoformat(), "day", "date")


def _month_num(word: str, lang: str) -> int:
    return words(lang).months[word.lower().rstrip(".")]


def _month_day(m: re.Match[str], ctx: Context) -> Norm:
    month, day = _month_num(m["mon"], ctx.lang), int(m["day"])
    if not 1 <= day <= 31:
        raise ValueError(day)
    if m["year"]:
        return Norm(date(int(m["year"]), month, day).isoformat(), "day", "date")
    year = _closest_year(month, day, ctx)
    return Norm(date(year, month, day).isoformat(), "day", "date", anchored=True)


def _month_relyear(m: re.Match[str], ctx: Context) -> Norm:
    """ "June last year", "October of next year": the month in the year before / after."""
    if ctx.anchor is None:
        raise ValueError("no anchor")
    year = ctx.anchor.year + _relative_sign(m["yrel"])
    return Norm(
        f"{year:04d}-{_month_num(m['mon'], ctx.lang):02d}", "month", "relative", anchored=True
    )


def _month_year(m: re.Match[str], ctx: Context) -> Norm:
    return Norm(f"{int(m['year']):04d}-{_month_num(m['mon'], ctx.lang):02d}", "month", "date")


def _month(m: re.Match[str], ctx: Context) -> Norm:
    month = _month_num(_g(m, "mon", "mon2") or "", ctx.lang)
    rel = (_g(m, "rel") or "").strip().lower()
    if ctx.anchor is None:
        raise ValueError("no anchor")
    year = ctx.anchor.year
    if rel == "last":
        year -= 1 if month >= ctx.anchor.month else 0
    elif rel == "next":
        year += 1 if month <= ctx.anchor.month else 0
    elif rel != "this":
        year = _closest_year(month, 1, ctx)
    return Norm(f"{year:04d}-{month:02d}", "month", "relative", anchored=True)


def _month_may(m: re.Match[str], ctx: Context) -> Norm:
    return _month(m, ctx)


def _decade(m: re.Match[str], ctx: Context) -> Norm:
    if m["decword"]:  # "the nineties": of the 20th century
        return Norm(f"19{words(ctx.lang).decade_words[m['decword'].lower()]}", "decade", "date")
    if m["dec"]:
        return Norm(m["dec"][:3], "decade", "date")
    yy = int(m["dec2"])
    century = "19" if ctx.anchor is None or yy > ctx.anchor.year % 100 else "20"
    return Norm(f"{century}{yy // 10}", "decade", "date")


def _century(m: re.Match[str], ctx: Context) -> Norm:
    """ "the 20th century" is 19 in TimeML (the first two digits of its years)."""
    century_words = words(ctx.lang).century_words
    n = int(m["cnum"]) if m["cnum"] else century_words[re.sub(r"\s+", " ", m["cword"].lower())]
    return Norm(f"{n - 1:02d}", "century", "date")


def _year_end(m: re.Match[str], ctx: Context) -> Norm:
    """ "by year-end", "by year's end": the end of the current year."""
    if ctx.anchor is None:
        raise ValueError("no anchor")
    return Norm(f"{ctx.anchor.year:04d}", "year", "relative", anchored=True)


def _fiscal_year(m: re.Match[str], ctx: Context) -> Norm:
    return Norm(m["year"], "year", "date")


def _year(m: re.Match[str], ctx: Context) -> Norm:
    return Norm(m["year"], "year", "date")


def _spelt_year(m: re.Match[str], ctx: Context) -> Norm:
    """ "nineteen ninety-six", "the year two thousand", "the winter of nineteen ninety-four"."""
    if m["cent"]:
        year = (19 if m["cent"].lower() == "nineteen" else 20) * 100 + int(
            _num(m["yy"], ctx.lang) or 0
        )
    else:
        year = 2000 + int(_num(m["y2k"], ctx.lang) or 0) if m["y2k"] else 2000
    if m["season"]:
        return Norm(f"{year}-{words(ctx.lang).seasons[m['season'].lower()]}", "season", "date")
    return Norm(f"{year}", "year", "date")


def _quarter_rule(m: re.Match[str], ctx: Context) -> Norm:
    word = m["ord"].lower()
    stated = m["year"] or m["ly"]  # "the second quarter of 1988", "the 1988 second quarter"
    if m["what"].lower() == "half":
        half = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "last": 2, "final": 2}.get(word)
        if half is None or (ctx.anchor is None and not stated):
            raise ValueError(word)
        year = int(stated) if stated else ctx.anchor.year  # type: ignore[union-attr]
        return Norm(f"{year}-H{half}", "half", "date", anchored=not stated)
    if ctx.anchor is None and not stated:
        raise ValueError("no anchor")
    current = ctx.anchor or date(int(stated), 1, 1)
    if word in ("last", "latest", "final") and not (stated or m["qy"]):
        q_start = _add_months(date(current.year, 3 * _quarter(current) - 2, 1), -3)
        q = _quarter(q_start)
        year = q_start.year
        if word == "final":
            q, year = 4, current.year
    elif word == "current":
        q, year = _quarter(current), current.year
    else:
        q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "final": 4, "last": 4, "latest": 4}[word]  # fmt: skip
        year = current.year
        if stated:
            year = int(stated)
        elif _g(m, "qy", "qy2"):
            year += _relative_sign(_g(m, "qy", "qy2"))
        elif q > _quarter(current):
            year -= 1
    if m["yr"] and m["yr"].lower().startswith("year-"):
        year -= 1
    return Norm(f"{year:04d}-Q{q}", "quarter", "relative", anchored=not stated)


def _the_quarter(m: re.Match[str], ctx: Context) -> Norm:
    """ "the quarter" / "this quarter" in business news: the last quarter mentioned, else the
    last complete one (the current one for "this quarter"); "year-earlier" / "the year-ago
    period": the same a year before; "the 1988 quarter/period": the same one in 1988."""
    ref = ctx.reference
    if ref is None or ref.precision != "quarter":
        ref = ctx.last_of_grain.get("quarter")  # "the quarter" after "in September"
    if ref is not None and ref.value[:4].isdigit():
        value = ref.value
    elif ctx.anchor is not None:
        this = (_g(m, "this") or "").lower() == "this"
        value = at_precision(_add_months(ctx.anchor, 0 if this else -3), "quarter")
    else:
        raise ValueError("no anchor")
    stated = _g(m, "qyear", "qyear2")
    if stated:
        value = f"{stated}{value[4:]}"
    if (_g(m, "yr", "yr2", "yr3") or "").lower().startswith("year-"):
        value = f"{int(value[:4]) - 1:04d}{value[4:]}"
    precision = "quarter" if "-Q" in value else "year"
    return Norm(value, precision, "relative", anchored=True)


def _same_period(m: re.Match[str], ctx: Context) -> Norm:
    """ "the same period last year", "the quarter a year ago", "last year's quarter": the
    period the text is reporting on (the last time it referred to, else the last complete
    quarter or the current month/week), one year earlier."""
    unit = (_g(m, "unit", "unit2", "unit3") or "").lower()
    ref = parse_value(ctx.reference.value) if ctx.reference is not None else None
    wanted = {"quarter": "quarter", "month": "month", "week": "week"}.get(unit)
    allowed = (wanted,) if wanted else ("month", "quarter", "year")  # a "period" is no day
    if ref is not None and ref[1] in allowed:
        base, precision = ref
    elif ctx.anchor is None:
        raise ValueError("no anchor")
    elif wanted in (None, "quarter"):
        base, precision = _add_months(ctx.anchor, -3), "quarter"
    else:
        base, precision = ctx.anchor, wanted
    return Norm(at_precision(shift(base, -1, "year"), precision), precision, "relative", True)


def _the_weekend(m: re.Match[str], ctx: Context) -> Norm:
    """The weekend just past (or the coming one, in the future tense)."""
    if ctx.anchor is None:
        raise ValueError("no anchor")
    d = ctx.anchor
    if d.weekday() < 5 and not ctx.future:
        d -= timedelta(days=7)
    return Norm(at_precision(d, "weekend"), "week", "relative", anchored=True)


def _the_year(m: re.Match[str], ctx: Context) -> Norm:
    """ "the year" is the current one ("by the end of the year", "a high for the year"),
    except in "the year ended June 30", a twelve-month period ending on a date."""
    if m["ended"] is not None or ctx.anchor is None:
        return Norm("P1Y", None, "duration")
    return Norm(f"{ctx.anchor.year:04d}", "year", "relative", anchored=True)


def _season(m: re.Match[str], ctx: Context) -> Norm:
    season = words(ctx.lang).seasons[_g(m, "season", "season2").lower()]  # type: ignore[union-attr]
    if m["year"]:
        return Norm(f"{m['year']}-{season}", "season", "date")
    if ctx.anchor is None:
        raise ValueError("no anchor")
    rel = (m["rel"] or "").lower()
    season_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    year = ctx.anchor.year
    if rel.endswith("past") or rel == "last":
        year -= 1 if season_month >= ctx.anchor.month else 0
    elif rel.endswith("coming") or rel == "next":
        year += 1 if season_month <= ctx.anchor.month else 0
    return Norm(f"{year:04d}-{season}", "season", "relative", anchored=True)


def weekday_date(anchor: date, weekday: int, rel: str | None, future: bool) -> date:
    """Resolve a weekday name. News style: a bare weekday is the last one on or before the
    publication date, or the next one after it when the clause is in the future tense."""
    rel = (rel or "").lower()
    back = (anchor.weekday() - weekday) % 7
    if rel in ("last", "past"):
        return anchor - timedelta(days=back or 7)
    if rel == "next":
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    if rel == "this" or future:
        ahead = (weekday - anchor.weekday()) % 7
        return (
            anchor + timedelta(days=ahead)
            if (future or ahead <= back)
            else (anchor - timedelta(days=back))
        )
    return anchor - timedelta(days=back)


def _with_part(d: date, part: str | None, lang: str) -> Norm:
    if part:
        day_part = words(lang).day_parts[part.lower()]
        return Norm(f"{d.isoformat()}T{day_part}", "part_of_day", "time", True)
    return Norm(d.isoformat(), "day", "relative", anchored=True)


def _weekday(m: re.Match[str], ctx: Context) -> Norm:
    if ctx.anchor is None:
        raise ValueError("no anchor")
    wd = words(ctx.lang).weekdays[m["wd"].lower().rstrip(".")]
    rel = (m["rel"] or "").strip()
    if rel.lower() in ("early", "late"):
        rel = ""
    return _with_part(weekday_date(ctx.anchor, wd, rel, ctx.future), m["part"], ctx.lang)


def _deictic(m: re.Match[str], ctx: Context) -> Norm:
    if ctx.anchor is None:
        raise ValueError("no anchor")
    word = m["d"].lower()
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "overnight": -1,
               "the day before yesterday": -2, "the day after tomorrow": 2}  # fmt: skip
    d = ctx.anchor + timedelta(days=offsets[word])
    part = m["part"] or m["mid"] or (word if word in ("tonight", "overnight") else None)
    return _with_part(d, part, ctx.lang)


def _mid_part(m: re.Match[str], ctx: Context) -> Norm:
    """ "by mid-afternoon": that part of the day the text is about."""
    return _with_part(_reference_date(ctx, "day")[0], m["part"], ctx.lang)


def _this_part(m: re.Match[str], ctx: Context) -> Norm:
    rel = m["rel"].lower()
    base = ctx.anchor
    if rel in ("that", "the") and ctx.reference is not None:
        parsed = parse_value(ctx.reference.value)
        if parsed and parsed[1] == "day":
            base = parsed[0]
    if base is None:
        raise ValueError("no anchor")
    if rel == "last":
        base = base - timedelta(days=1) if m["part"].lower() == "night" else base
    return _with_part(base, m["part"], ctx.lang)


def _relative_unit(m: re.Match[str], ctx: Context) -> Norm:
    unit = m["unit"].lower()
    rel = m["rel"].lower()
    pre = (m["pre"] or "").lower()
    if rel in ("that", "the same", "the following", "the previous", "the prior") and (
        ctx.reference is not None and parse_value(ctx.reference.value)
    ):
        base, _ = parse_value(ctx.reference.value)  # type: ignore[misc]
    elif ctx.anchor is None:
        raise ValueError("no anchor")
    else:
        base = ctx.anchor
    sign = _relative_sign(rel)
    if rel in ("the past", "the last", "the next", "the coming") and unit in (
        "week",
        "month",
        "year",
        "decade",
    ):
        # "the past year" / "the next month" are periods running up to / from now
        return Norm(duration_value(1, unit, ctx.lang), None, "duration", anchored=False)
    d = shift(base, sign, unit)
    if rel == "the latest":
        d = shift(base, -1, unit)
    precision_of_unit = words(ctx.lang).precision_of_unit
    precision = "weekend" if unit == "weekend" else precision_of_unit[unit]
    if pre == "the rest of":
        return Norm(at_precision(d, precision), precision, "relative", anchored=True)
    return Norm(at_precision(d, precision), precision_of_unit[unit], "relative", anchored=True)


#: Order of calendar precisions, finest first.
GRAIN = ("day", "week", "month", "quarter", "year")


def _reference_date(ctx: Context, unit: str = "day") -> tuple[date, str]:
    """The base of an anaphoric expression: the last date the text referred to when it is at
    least as fine as ``unit`` ("the day before" needs a day, not "late July"), else the last
    day it named ("On Friday ... jobs were shed in March ... ending the day"), else the
    publication date."""
    grain = words(ctx.lang).precision_of_unit.get(unit, "day")
    for ref in (ctx.reference, ctx.last_of_grain.get("day")):
        parsed = parse_value(ref.value) if ref is not None else None
        if parsed and grain in GRAIN and GRAIN.index(parsed[1]) <= GRAIN.index(grain):
            return parsed
    if ctx.anchor is None:
        raise ValueError("no anchor")
    return ctx.anchor, "day"


def _anaphoric_day(m: re.Match[str], ctx: Context) -> Norm:
    if m["that"]:
        base, _ = _reference_date(ctx, "day")
        return Norm(base.isoformat(), "day", "relative", anchored=True)
    unit = (_g(m, "rel", "unit") or "day").lower()
    direction = (_g(m, "dir", "rel2") or "").lower()
    sign = (
        -1
        if direction in ("before", "earlier", "previous", "prior")
        else (0 if direction == "same" else 1)
    )
    part = None
    if unit in ("morning", "night"):
        part, unit = unit, "day"
    base, _ = _reference_date(ctx, unit)
    d = shift(base, sign, unit)
    if part:
        return _with_part(d, part, ctx.lang)
    precision = words(ctx.lang).precision_of_unit[unit]
    return Norm(at_precision(d, precision), precision, "relative", anchored=True)


def _in_the_unit(m: re.Match[str], ctx: Context) -> Norm:
    """ "late in the day", "earlier in the year": the day (year) the text is talking about."""
    unit = m["unit"].lower()
    base, _ = _reference_date(ctx, unit)
    precision = words(ctx.lang).precision_of_unit[unit]
    return Norm(at_precision(base, precision), precision, "relative", anchored=True)


def _offset(m: re.Match[str], ctx: Context) -> Norm:
    """ "three days ago", "a week later", "two years earlier": a date n units from a base.

    "ago" / "from now" count from publication; "earlier" / "later" / "before" / "after" from
    the last time the text referred to, keeping its granularity when that is coarser
    ("the third quarter ... a year earlier" = the same quarter a year before). "before" /
    "after" followed by a word ("three years after the war") is not matched: TimeML keeps
    that a duration ("three years", P3Y), which the duration rule finds."""
    unit = _unit(m["unit"], ctx.lang)
    n = _num(m["num"], ctx.lang)
    direction = m["dir"].lower()
    sign = -1 if direction in ("ago", "earlier", "before", "previously", "back") else 1
    if n is None or not float(n).is_integer():
        if ctx.anchor is None:
            raise ValueError("no anchor")
        return Norm("PAST_REF" if sign < 0 else "FUTURE_REF", None, "relative", anchored=True)
    precision = words(ctx.lang).precision_of_unit[unit]
    base = ctx.anchor
    ref = parse_value(ctx.reference.value) if ctx.reference is not None else None
    if direction in ("earlier", "later", "before", "after") and ref and ctx.anchor is not None:
        base = _reference_date(ctx, unit)[0]
    if ref and ref[1] == "quarter" and unit == "year":
        base, precision = ref[0], "quarter"
    if base is None:
        raise ValueError("no anchor")
    if unit in ("second", "minute", "hour"):
        return Norm(f"{base.isoformat()}TXX:XX", "time", "relative", anchored=True)
    d = shift(base, sign * int(n), unit)
    return Norm(at_precision(d, precision), precision, "relative", anchored=True)


def _span_of(m: re.Match[str], ctx: Context) -> Norm:
    """ "the past three months" = P3M, "the past month" = P1M, "the coming weeks" = PXW."""
    unit = _unit(m["unit"], ctx.lang)
    plural = m["unit"].lower() != unit
    n = _num(m["num"], ctx.lang) if m["num"] else (None if plural else 1)
    return Norm(duration_value(n, unit, ctx.lang), None, "duration")


def _duration(m: re.Match[str], ctx: Context) -> Norm:
    unit = _unit(m["unit"], ctx.lang)
    return Norm(duration_value(_num(m["num"], ctx.lang), unit, ctx.lang), None, "duration")


def _bare_units(m: re.Match[str], ctx: Context) -> Norm:
    """ "for years", "in recent months", "the coming weeks": a duration of unknown length
    (TimeML writes "recent years" as ``PXY``, not as a past reference)."""
    unit = _unit(_g(m, "unit", "unit2") or "", ctx.lang)
    return Norm(duration_value(None, unit, ctx.lang), None, "duration")


def _set(m: re.Match[str], ctx: Context) -> Norm:
    w = words(ctx.lang)
    if m["word"]:
        return Norm(w.sets[m["word"].lower()], None, "set")
    unit = m["unit"].lower()
    if unit in ("morning", "night", "evening"):
        return Norm(f"XXXX-XX-XXT{w.day_parts[unit]}", None, "set")
    n = 2 if (m["num"] or "").lower() == "other" else _num(m["num"], ctx.lang)
    return Norm(duration_value(n, unit, ctx.lang), None, "set")


def _set_named(m: re.Match[str], ctx: Context) -> Norm:
    """ "every Thursday" = XXXX-WXX-4, "each July" = XXXX-07 (TimeML sets)."""
    if m["wd"]:
        w = words(ctx.lang)
        part = f"T{w.day_parts[m['part'].lower()]}" if m["part"] else ""
        return Norm(f"XXXX-WXX-{w.weekdays[m['wd'].lower().rstrip('.')] + 1}{part}", None, "set")
    return Norm(f"XXXX-{_month_num(m['mon'], ctx.lang):02d}", None, "set")


def _week_of(m: re.Match[str], ctx: Context) -> Norm:
    """ "the week of March 6": the ISO week of that date."""
    day = _month_day(m, ctx)
    return Norm(at_precision(date.fromisoformat(day.value), "week"), "week", day.kind, day.anchored)


def _clock(m: re.Match[str], ctx: Context) -> Norm:
    hour = int(_g(m, "h", "h2") or 0)
    minute = int(_g(m, "m", "m2") or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 24:
        raise ValueError(hour)
    tz = _g(m, "tz", "tz2")
    zone = "Z" if tz in ("UTC", "GMT") else ""
    when = _g(m, "when", "when1")
    day = _day_of(when, ctx) if when else ctx.anchor
    if not when and ctx.reference is not None and ctx.reference.precision == "day":
        day = date.fromisoformat(ctx.reference.value[:10])  # "On Aug. 7 ... at 3 p.m."
    prefix = day.isoformat() if day else "XXXX-XX-XX"
    return Norm(f"{prefix}T{hour:02d}:{minute:02d}{zone}", "time", "time", day is not None)


def _day_of(when: str, ctx: Context) -> date | None:
    """The date of a phrase after a clock time (``when`` in :func:`rules`), None without a
    publication date."""
    if ctx.anchor is None:
        return None
    word, *rest = when.lower().strip(", ").removeprefix("on ").split()
    if word in ("today", "tomorrow", "yesterday"):
        return ctx.anchor + timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[word])
    weekdays = words(ctx.lang).weekdays
    if word.rstrip(".") in weekdays:
        return weekday_date(ctx.anchor, weekdays[word.rstrip(".")], None, ctx.future)
    month, day = _month_num(word, ctx.lang), int(re.sub(r"\D", "", rest[0]))
    return date(_closest_year(month, day, ctx), month, day)


def _named_time(m: re.Match[str], ctx: Context) -> Norm:
    clock = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[m["nt"].lower()]
    day = _day_of(m["when"], ctx) if m["when"] else ctx.anchor
    prefix = day.isoformat() if day else "XXXX-XX-XX"
    return Norm(f"{prefix}T{clock}", "time", "time", day is not None)


def _holiday(m: re.Match[str], ctx: Context) -> Norm:
    if ctx.anchor is None:
        raise ValueError("no anchor")
    name = m["hol"].lower()
    year = ctx.anchor.year
    if ctx.anchor.month < 11 and not ctx.future and not name.startswith("new year"):
        year -= 1
    if name.startswith("christmas"):
        d = date(year, 12, 25)
    elif name == "new year's eve":
        d = date(year, 12, 31)
    elif name.startswith("new year"):
        d = date(year + (ctx.anchor.month > 6), 1, 1)
    else:  # fourth Thursday of November
        first = date(year, 11, 1)
        d = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return Norm(d.isoformat(), "day", "relative", anchored=True)


def _ref(m: re.Match[str], ctx: Context) -> Norm:
    return Norm(words(ctx.lang).refs[re.sub(r"\s+", " ", m["ref"].lower())], None, "relative")


_HANDLERS: dict[str, Callable[[re.Match[str], Context], Norm]] = {
    "iso": _iso,
    "month_day": _month_day,
    "day_month": _month_day,
    "month_year": _month_year,
    "month_relyear": _month_relyear,
    "month": _month,
    "decade": _decade,
    "century": _century,
    "year_end": _year_end,
    "fiscal_year": _fiscal_year,
    "year": _year,
    "spelt_year": _spelt_year,
    "quarter": _quarter_rule,
    "the_quarter": _the_quarter,
    "same_period": _same_period,
    "the_weekend": _the_weekend,
    "the_year": _the_year,
    "season": _season,
    "weekday": _weekday,
    "deictic": _deictic,
    "this_part": _this_part,
    "mid_part": _mid_part,
    "relative_unit": _relative_unit,
    "anaphoric_day": _anaphoric_day,
    "in_the_unit": _in_the_unit,
    "offset": _offset,
    "span_of": _span_of,
    "duration": _duration,
    "bare_units": _bare_units,
    "set": _set,
    "set_named": _set_named,
    "week_of": _week_of,
    "clock": _clock,
    "named_time": _named_time,
    "holiday": _holiday,
    "ref": _ref,
}
