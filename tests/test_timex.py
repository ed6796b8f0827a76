"""The times component: spans and TimeML-like values of news-style temporal expressions."""

from __future__ import annotations

from datetime import date

import pytest

from sitroom.nlp.pipeline import Pipeline
from sitroom.nlp.timex_rules import duration_value, weekday_date

PUBLISHED = "2024-08-13"  # a Tuesday


def _times(pipeline: Pipeline, text: str, published: str | None = PUBLISHED) -> list:
    return pipeline.extract(text, published=published).times


def _found(pipeline: Pipeline, text: str) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in _times(pipeline, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # absolute dates
        ("The convoy left on Aug. 7, 2024, officials said.", [("Aug. 7, 2024", "2024-08-07")]),
        ("The siege began in March 2022.", [("March 2022", "2022-03")]),
        ("Fighting resumed on 5 August.", [("5 August", "2024-08-05")]),
        ("The offensive started in 2023.", [("2023", "2023")]),
        # weekdays: the last one on or before publication, the next one in the future tense
        ("Drones struck the port on Sunday.", [("Sunday", "2024-08-11")]),
        ("The envoys will meet on Friday.", [("Friday", "2024-08-16")]),
        # relative to publication
        ("Talks stalled earlier this month.", [("earlier this month", "2024-08")]),
        ("Troops crossed the border in mid-August.", [("mid-August", "2024-08")]),
        ("The front was quiet in late July.", [("late July", "2024-07")]),
        ("Shelling continued overnight.", [("overnight", "2024-08-12TNI")]),
        ("Sirens sounded this morning.", [("this morning", "2024-08-13TMO")]),
        ("The bridge was destroyed last year.", [("last year", "2023")]),
        ("The ministry reported the losses last week.", [("last week", "2024-W32")]),
        ("The town fell three days ago.", [("three days ago", "2024-08-10")]),
        # durations are kept as durations
        ("The blockade has lasted more than 29 months.", [("more than 29 months", "P29M")]),
        ("A three-hour barrage hit the city.", [("three-hour", "PT3H")]),
        # vague references and sets
        ("The army recently moved reserves.", [("recently", "PAST_REF")]),
        ("The village has been contested for years.", [("years", "PXY")]),
        ("Patrols are now under way.", [("now", "PRESENT_REF")]),
        ("Aid convoys arrive daily.", [("daily", "P1D")]),
        # times of day
        ("The curfew starts at 10 p.m. local time.", [("10 p.m. local time", "2024-08-13T22:00")]),
    ],
)
def test_expression_classes(pipeline: Pipeline, text: str, expected: list) -> None:
    assert _found(pipeline, text) == expected


def test_anaphoric_expressions_follow_the_story(pipeline: Pipeline) -> None:
    text = (
        "Russian forces entered the town on Aug. 6. The day before, drones had struck its "
        "power plant, and two days earlier the governor ordered an evacuation. A week later "
        "the army claimed full control."
    )
    assert _found(pipeline, text) == [
        ("Aug. 6", "2024-08-06"),
        ("The day before", "2024-08-05"),
        ("two days earlier", "2024-08-03"),  # counted from "the day before"
        ("A week later", "2024-W33"),
    ]


def test_timeref_fields_ids_and_spans(pipeline: Pipeline) -> None:
    text = "On Monday the talks ended; they had lasted 18 months."
    times = _times(pipeline, text)
    assert [t.id for t in times] == ["t1", "t2"]
    monday, months = times
    assert text[monday.span[0] : monday.span[1]] == "Monday"
    assert (monday.value, monday.precision, monday.anchor, monday.kind) == (
        "2024-08-12",
        "day",
        PUBLISHED,
        "relative",
    )
    assert (months.value, months.precision, months.anchor, months.kind) == (
        "P18M",
        None,
        None,
        "duration",
    )


def test_no_weekday_from_we_or_month_from_may(pipeline: Pipeline) -> None:
    text = "We may see more strikes, Sun Tzu's admirers said. Mar a Lago was quiet."
    assert _found(pipeline, text) == []


def test_ages_are_not_durations(pipeline: Pipeline) -> None:
    assert _found(pipeline, "A 44-year-old soldier was wounded.") == []


def test_without_publication_date_relative_values_are_unknown(pipeline: Pipeline) -> None:
    times = _times(pipeline, "Strikes hit the city on Tuesday and on Aug. 7, 2024.", None)
    assert [(t.text, t.value, t.anchor) for t in times] == [
        ("Tuesday", None, None),
        ("Aug. 7, 2024", "2024-08-07", None),
    ]


def test_publication_datetime_is_accepted(pipeline: Pipeline) -> None:
    times = _times(pipeline, "The strike came yesterday.", "2024-08-13T09:30:00Z")
    assert [(t.value, t.anchor) for t in times] == [("2024-08-12", "2024-08-13")]


def test_weekday_date_rules() -> None:
    tuesday = date(2024, 8, 13)
    assert weekday_date(tuesday, 1, None, future=False) == tuesday
    assert weekday_date(tuesday, 1, "last", future=False) == date(2024, 8, 6)
    assert weekday_date(tuesday, 0, "next", future=False) == date(2024, 8, 19)


def test_duration_values() -> None:
    assert duration_value(29, "month") == "P29M"
    assert duration_value(2, "decade") == "P20Y"
    assert duration_value(None, "year") == "PXY"
    assert duration_value(3, "hour") == "PT3H"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spelt-out years, as in broadcast transcripts
        ("The first bomb went off in nineteen ninety-six.", [("nineteen ninety-six", "1996")]),
        ("Planners feared the year two thousand.", [("the year two thousand", "2000")]),
        # "N units after X" is a duration (TimeML); "later" at the end of a clause a date
        (
            "The rebels returned twenty years after the war.",
            [("twenty years", "P20Y")],
        ),
        ("The town fell. Three days later, aid arrived.", [("Three days later", "2024-08-16")]),
        # month with a relative year
        ("The truce collapsed in June last year.", [("June last year", "2023-06")]),
        ("The vote is set for October of next year.", [("October of next year", "2025-10")]),
        # a month or date within about three months of publication lies ahead
        ("The dividend is payable Oct. 15.", [("Oct. 15", "2024-10-15")]),
        # vague plural units are durations of unknown length
        ("Attacks have grown in recent years.", [("recent years", "PXY")]),
        ("Prices will rise in the coming weeks.", [("the coming weeks", "PXW")]),
        # quarters and halves with the year before the ordinal
        (
            "Profit rose from the 1988 second quarter.",
            [("the 1988 second quarter", "1988-Q2")],
        ),
        ("Sales slowed in the last half of 2023.", [("the last half of 2023", "2023-H2")]),
        # forward-looking clauses without "will"
        ("Envoys could arrive as soon as Friday.", [("Friday", "2024-08-16")]),
        ("Protesters planned a large march on Saturday.", [("Saturday", "2024-08-17")]),
        ("Trading is to resume Thursday.", [("Thursday", "2024-08-15")]),
        ("Officials said talks would resume Thursday.", [("Thursday", "2024-08-15")]),
        ("The vote should take place in December.", [("December", "2024-12")]),
        # "the year" is the current one, except a twelve-month period ending on a date
        ("Repairs may take until the end of the year.", [("the year", "2024")]),
        (
            "Losses for the year ended June 30 doubled.",
            [("the year", "P1Y"), ("June 30", "2024-06-30")],
        ),
        ("The mission should end by year-end.", [("year-end", "2024")]),
        # capitalised "Last" before a month
        ("Last April the rebels seized the dam.", [("Last April", "2024-04")]),
        # "a day after X" is a duration, not "the day after"
        ("The envoy arrived a day after the strike.", [("a day", "P1D")]),
        # a clock time with its day
        ("The ceasefire expires at 5 p.m. Aug. 20.", [("5 p.m. Aug. 20", "2024-08-20T17:00")]),
        ("The deadline passed at noon Sunday.", [("noon Sunday", "2024-08-11T12:00")]),
        ("Sirens sounded again by mid-afternoon.", [("mid-afternoon", "2024-08-13TAF")]),
        # the same period a year before the one being reported
        (
            "In the second quarter of 2024, exports fell 5% from the same period last year.",
            [("the second quarter of 2024", "2024-Q2"), ("the same period last year", "2023-Q2")],
        ),
        # durations with a word between number and unit; fractions are not periods
        ("The army has lost ground for six straight days.", [("six straight days", "P6D")]),
        ("About a quarter of the villages were shelled.", []),
        # centuries, spelt-out decades, named sets, "the week of"
        ("Militias held the valley in the 19th century.", [("the 19th century", "18")]),
        ("Shelling was common in the nineties.", [("the nineties", "199")]),
        ("Convoys leave every Thursday.", [("every Thursday", "XXXX-WXX-4")]),
        ("Talks are planned for the week of Aug. 26.", [("the week of Aug. 26", "2024-W35")]),
        ("Prices will stay high in the short term.", [("the short term", "FUTURE_REF")]),
    ],
)
def test_normalisation_rules(pipeline: Pipeline, text: str, expected: list) -> None:
    assert _found(pipeline, text) == expected


def test_month_day_ahead_across_new_year(pipeline: Pipeline) -> None:
    times = _times(pipeline, "The next aid payment is due Jan. 2.", "2024-12-10")
    assert [(t.text, t.value) for t in times] == [("Jan. 2", "2025-01-02")]


def test_the_day_is_the_last_day_named(pipeline: Pipeline) -> None:
    text = (
        "Rebels attacked the base on Friday. Losses were the worst since March, and the "
        "fighting only stopped late in the day."
    )
    assert _found(pipeline, text) == [
        ("Friday", "2024-08-09"),
        ("March", "2024-03"),
        ("late in the day", "2024-08-09"),
    ]
