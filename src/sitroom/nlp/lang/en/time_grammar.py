"""The English time grammar: one regular expression per class of time expression.

Each rule names its parts (``mon``, ``day``, ``rel``, ``unit``, ...) and the shared normalisers
of :mod:`sitroom.nlp.timex_rules` turn a match into a TimeML value by the rule's name; the words
come from ``times.toml``, the patterns that join them are English word order ("the week of
June 3", "two days ago", "last Tuesday night"). A language with its own time grammar has a
``time_grammar.py`` of its own with a ``rules(words)`` of the same rule names.
"""

from __future__ import annotations

import re

from sitroom.nlp.timex_rules import Rule, Words, alternation, capitalised, rule

I = re.IGNORECASE  # noqa: E741

#: A word some rules match before the time expression that belongs to the clause: the "in" of
#: "in recent years", "in the past".
CLAUSE_LEAD = re.compile(r"in\s+", I)

#: Refuses "a quarter of", "three-quarters of": fractions, not periods.
NOT_FRACTION = r"(?!(?<=a quarter),?\s+of\b)(?!(?<=three.quarters),?\s+of\b)"
#: Words between a number and its unit that keep the duration: "six straight days".
UNIT_ADJ = r"(?:(?:consecutive|straight|successive|trading|business|working)\s+)?"
MOD = (
    r"(?:(?:more than|less than|fewer than|nearly|almost|about|around|roughly|approximately|"
    r"at least|at most|over|under|up to|just|only|barely|some|within)\s+)?"
)
EDGE = r"(?:(?P<edge>early|late|mid|the end of|the beginning of|the start of|the middle of|"
EDGE += r"the first half of|the second half of|the latter part of)[\s-]+)?"
YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)"
ORD = r"(?P<ord>first|second|third|fourth|final|last|latest|current|1st|2nd|3rd|4th)"
B = r"(?<![\w-])"  # left word boundary that also refuses a hyphen ("2-year" is one token)


def rules(w: Words) -> list[Rule]:
    """The grammar: one rule per expression class, built from the time words ``w``
    (times.toml)."""
    month = rf"(?P<mon>(?:{capitalised(m for m in w.months if len(m) > 3)})\b|(?:{capitalised(m for m in w.months if len(m) <= 4 and m != 'may')})\.)"  # noqa: E501
    month_dayform = (
        month[:-1] + rf"|(?:{capitalised(m for m in w.months if len(m) <= 4 and m != 'may')})\b)"
    )
    month_or_may = month_dayform.replace("(?P<mon>", "(?P<mon>May\\b|", 1)
    weekday = rf"(?P<wd>(?:{capitalised(d for d in w.weekdays if len(d) > 4)})\b|(?:{capitalised(d for d in w.weekdays if len(d) <= 5 and d not in ('sun', 'sat', 'wed', 'mon'))})\.(?!\w))"  # noqa: E501
    numword = rf"(?:\d+(?:\.\d+)?|(?:{alternation(w.tens)})(?:[- ](?:{alternation(w.ones)}))?|(?:{alternation(k for k in w.numbers if k not in ('half', *w.tens))}))"  # noqa: E501
    num = rf"(?P<num>{numword}(?:\s+and\s+a\s+half)?|{alternation(w.vague_numbers)}|a\s+half)"
    units = ["centuries", "century"] + [u + "s" for u in w.units] + list(w.units)
    unit = rf"(?P<unit>{alternation(units)})"
    daypart = rf"(?:\s+(?P<part>{alternation(w.day_parts)}))?"
    # The day after a clock time, with its separator: "5 p.m. Tuesday", "noon, today", "5 p.m.
    # Nov. 9". After a comma a date is a separate expression ("at 16:15 UTC, June 1, he said").
    when = (
        rf",?\s+(?:on\s+)?(?:today|tomorrow|yesterday|{weekday.replace('?P<wd>', '')})|"
        rf"\s+{month_dayform.replace('?P<mon>', '')}\s+[0-3]?\d(?:st|nd|rd|th)?\b"
    )
    return [
        rule("iso", rf"{B}{YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<hh>\d\d):(?P<mm>\d\d))?\b"),
        rule(
            "month_day",
            rf"{B}(?:(?P<wdp>{weekday.replace('?P<wd>', '')}),?\s+)?{EDGE}{month_or_may}\s+"
            rf"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{YEAR}\b)?",
        ),
        rule(
            "day_month",
            rf"{B}(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{month_or_may}"
            rf"(?:,?\s+{YEAR}\b)?",
        ),
        rule("month_year", rf"{B}{EDGE}{month_or_may},?\s+(?:of\s+)?{YEAR}\b"),
        rule(
            "month_relyear",
            rf"{B}{EDGE}{month_or_may},?\s+(?:of\s+)?(?P<yrel>last|next|this)\s+year\b(?!')",
        ),
        rule(
            "month",
            rf"{B}(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|(?:[Ee]arly|[Ll]ate|[Mm]id)[\s-]+|the end of|"
            rf"the beginning of|the middle of|the start of)\s*)?{month}(?!\s*\d)",
            0,
        ),
        rule(
            "month_may",
            r"(?=May\b)(?:(?<=\b[Ii]n\s)|(?<=\b[Ss]ince\s)|(?<=\b[Uu]ntil\s)|(?<=\b[Bb]y\s)|"
            r"(?<=\bof\s))(?P<mon>May)\b(?!\s*\d)|"
            r"(?P<rel>(?:last|next|this|early|late|mid)[\s-]+)(?P<mon2>May)\b",
        ),
        rule(
            "decade",
            rf"{B}(?:the\s+)?{EDGE}(?:(?:(?P<dec>(?:1[6-9]|20)\d0)|'?(?P<dec2>\d0))'?s\b|"
            rf"(?<=the\s)(?:nineteen[\s-]+)?(?P<decword>{alternation(w.decade_words)})\b)",
        ),
        rule(
            "century",
            rf"{B}(?:the\s+)?{EDGE}(?:(?P<cnum>1?\d|2[01])(?:st|nd|rd|th)|"
            rf"(?P<cword>{alternation(w.century_words)}))[\s-]+century\b",
            I,
        ),
        rule("year_end", rf"{B}year(?:'s)?[\s-]end\b(?!-)", I),
        rule(
            "fiscal_year",
            rf"{B}(?:(?:the\s+)?(?P<fy>fiscal|calendar|financial|budget|tax|school|model)\s+(?:year\s+)?)"
            rf"{YEAR}\b",
            I,
        ),
        rule(
            "spelt_year",
            rf"{B}(?:(?P<season>spring|summer|autumn|fall|winter)\s+of\s+|(?:the\s+)?year\s+)?"
            rf"(?P<cent>nineteen|twenty)[\s-]+(?P<yy>(?:{alternation(w.tens)})(?:[\s-]+(?:{alternation(w.ones)}))?)\b|"
            rf"{B}(?:the\s+)?year\s+two[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?P<y2k>{alternation(w.ones)}))?\b",
            I,
        ),
        rule(
            "year",
            rf"{B}{EDGE}{YEAR}(?![\w,.-]?\d)(?!\s*(?:%|percent|people|troops|soldiers|[a-z]+s\b))",
        ),
        rule(
            "quarter",
            rf"{B}(?:the\s+)?(?:(?P<yr>year-(?:earlier|ago)|same)\s+)?(?:(?P<ly>(?:19|20)\d\d)\s+)?"
            rf"(?:(?P<qy2>last|this|next)\s+year's\s+)?{ORD}[\s-]+(?P<what>quarter|half)"
            rf"(?:\s+of\s+(?:(?P<qy>last|this|next)\s+year|{YEAR}))?\b",
            I,
        ),
        rule(
            "the_quarter",
            rf"{B}the\s+(?:(?P<yr>year-(?:earlier|ago)|latest|(?P<qyear>(?:19|20)\d\d))\s+)?quarter\b|"
            rf"{B}the\s+(?:(?P<yr3>year-(?:earlier|ago)|latest)|(?P<qyear2>(?:19|20)\d\d))\s+period\b|"
            rf"{B}(?P<yr2>year-(?:earlier|ago))\b|{B}(?P<this>this|that)\s+quarter\b",
            I,
        ),
        rule(
            "same_period",
            r"(?:\bthe\s+(?:same|corresponding|comparable)\s+(?P<unit>period|quarter|month|week)|"
            r"\bthe\s+(?P<unit2>quarter|period))\s+(?:of\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier|"
            r"before)|the\s+(?:previous|prior|last)\s+year|the\s+year\s+before)\b|"
            r"\b(?:last|the\s+previous)\s+year's\s+(?P<unit3>quarter|period)\b",
            I,
        ),
        rule("the_weekend", rf"{B}the\s+weekend\b", I),
        rule(
            "the_year",
            rf"{B}the\s+(?:current\s+)?(?:fiscal\s+|full\s+|calendar\s+)?year\b(?!-)"
            r"(?P<ended>(?=\s+(?:ended|ending|that\s+ended|to\s+date)\b))?",
            I,
        ),
        rule(
            "season",
            rf"{B}(?:(?P<rel>last|this|next|early|late|the(?!\s+fall)|(?:the\s+)?(?:past|coming))\s+)"
            rf"(?P<season>spring|summer|fall|autumn|winter)\b|{B}(?P<season2>spring|summer|autumn|"
            rf"winter|fall)(?:\s+of)?\s+{YEAR}\b",
            I,
        ),
        rule(
            "weekday",
            rf"{B}(?:(?P<rel>last|next|this|past|early|late)\s+)?{weekday}{daypart}",
            0,
        ),
        rule(
            "weekday_lc",
            rf"{B}(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Ee]arly|[Ll]ate)\s+){weekday}{daypart}",
        ),
        rule(
            "deictic",
            rf"{B}(?:(?P<pre>earlier|later|early|late)\s+|mid[\s-]?(?P<mid>morning|afternoon)\s+)?"
            r"(?P<d>the day before yesterday|"
            rf"the day after tomorrow|today|yesterday|tomorrow|tonight|overnight){daypart}\b",
            I,
        ),
        rule("mid_part", rf"{B}mid[\s-]?(?P<part>morning|afternoon)\b", I),
        rule(
            "this_part",
            rf"{B}(?:(?P<pre>early|late|earlier|later)\s+)?(?P<rel>this|last|that|the)\s+"
            r"(?P<part>morning|afternoon|evening|night)\b(?!\s+of\b)",
            I,
        ),
        rule(
            "relative_unit",
            rf"{B}(?:(?P<pre>earlier|later|early|late|the end of|the beginning of|the start of|"
            r"the middle of|the rest of|the remainder of)\s+)?(?P<rel>this|last|next|the past|"
            r"the previous|the coming|the current|the following|the same|the prior|that|"
            r"the last|the next|the latest)\s+(?P<unit>week|weekend|month|year|decade|century)\b",
            I,
        ),
        rule(
            "anaphoric_day",
            rf"{B}(?:the\s+(?P<rel>day|night|week|month|year)\s+(?P<dir>before|after|"
            r"earlier|later|previous)|(?:the\s+)?(?P<rel2>next|following|previous|same|prior)\s+(?P<unit>day|"
            r"morning|night|week|month|year))\b|(?P<that>that|the same|the)\s+day\b(?!-)",
            I,
        ),
        rule(
            "in_the_unit",
            rf"{B}(?:early|late|earlier|later)\s+in\s+the\s+(?P<unit>day|week|month|year)\b(?!-)",
            I,
        ),
        rule(
            "offset",
            rf"{B}{MOD}{num}[\s-]+{unit}\s+(?P<dir>ago|earlier|later|before|after|from now|"
            r"previously|hence|back)\b(?!(?<=after)\s+[\w'\"`])(?!(?<=before)\s+[\w'\"`])",
            I,
        ),
        rule(
            "span_of",
            rf"{B}{MOD}(?P<the>the\s+)(?P<rel>past|last|next|previous|coming|first|final|"
            rf"following|preceding|latest|remaining)\s+(?:{num}\s+)?{UNIT_ADJ}{unit}\b",
            I,
        ),
        rule(
            "duration",
            rf"{B}{MOD}(?:another\s+|the\s+)?{num}(?:\s+more)?[\s-]+{UNIT_ADJ}{unit}(?:[\s-]+long)?\b"
            rf"(?![\s-]+old\b){NOT_FRACTION}",
            I,
        ),
        rule(
            "bare_units",
            # the lookahead first: the lookbehinds are tried only where a unit word starts
            r"(?=(?:years|months|weeks|days|decades|hours|minutes)\b)"
            r"(?:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bwithin\s)|(?<=\bover\s)|(?<=\bfor\sthe\spast\s)|"
            r"(?<=\bsome\s))(?P<unit>years|months|weeks|days|decades|hours|minutes)\b"
            r"|\b(?P<recent>recent|coming)\s+(?P<unit2>years|months|weeks|days|decades)\b",
            I,
        ),
        rule(
            "set",
            rf"{B}(?:(?P<word>{alternation(w.sets)})|(?:every|each|per|a)\s+(?:(?P<num>{numword}|other)\s+)?"
            rf"(?P<unit>day|week|month|year|hour|minute|morning|night|evening|weekend|quarter)s?)\b"
            rf"{NOT_FRACTION}",
            I,
        ),
        rule(
            "set_named",
            rf"{B}(?:[Ee]very|[Ee]ach)\s+(?:{weekday}|{month_dayform})(?:\s+(?P<part>{alternation(w.day_parts)}))?",
        ),
        rule(
            "week_of",
            rf"{B}the\s+week\s+of\s+{month_or_may}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
            rf"(?:,?\s+{YEAR}\b)?",
        ),
        rule(
            "clock",
            rf"{B}(?P<h>[012]?\d)(?::(?P<m>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b|"
            r"o'clock)(?:\s+(?P<tz>[A-Z]{2,4}T|GMT|UTC|local time))?"
            rf"(?P<when1>{when})?|"
            rf"{B}(?P<h2>[012]?\d):(?P<m2>[0-5]\d)(?:\s+(?P<tz2>[A-Z]{{2,4}}T|GMT|UTC|local time))?"
            rf"(?P<when>{when})?",
        ),
        rule(
            "named_time",
            rf"{B}(?P<nt>[Nn]oon|[Mm]idday|[Mm]idnight)\b(?P<when>{when})?",
        ),
        rule(
            "holiday",
            rf"{B}(?P<hol>Christmas|New Year's Day|New Year's Eve|Thanksgiving)"
            r"(?:\s+Day)?\b",
        ),
        rule(
            "ref",
            rf"{B}(?:in\s+)?(?P<ref>{alternation(k for k in w.refs if k != 'in the past')})\b"
            r"(?!-)",
            I,
        ),
    ]
