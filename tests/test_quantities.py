"""Numbers as news writes them, and the numbers that are not quantities."""

import pytest

from sitroom.model import Document
from sitroom.nlp.numbers import parse_number
from sitroom.nlp.pipeline import Pipeline
from sitroom.nlp.quantities import Quantity


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["121,000"], 121_000),
        (["1,000"], 1_000),
        (["1.2", "million"], 1_200_000),
        (["twenty", "-", "eight"], 28),
        (["twenty-eight"], 28),
        (["a", "dozen"], 12),
        (["one", "hundred", "and", "twenty"], 120),
        (["3.7", "million"], 3_700_000),
        (["two", "million"], 2_000_000),
        (["nine"], 9),
        (["two", "thirds"], 2 / 3),
        (["two", "and", "a", "half"], 2.5),
        (["1/40"], 0.025),
        (["10", "000"], 10_000),
        (["2.174", "T"], 2.174e12),
    ],
)
def test_parse_number(words: list[str], value: float) -> None:
    amount = parse_number(words)
    assert amount is not None
    assert amount.value == pytest.approx(value)
    assert (amount.low, amount.high) == (amount.value, amount.value)


@pytest.mark.parametrize(
    ("words", "low", "high"),
    [
        (["dozens"], 12, 99),
        (["hundreds", "of", "thousands"], 100_000, 999_999),
        (["thousands"], 1_000, 9_999),
        (["billions"], 1_000_000_000, 9_999_999_999),
    ],
)
def test_vague_amounts_are_intervals(words: list[str], low: float, high: float) -> None:
    amount = parse_number(words)
    assert amount is not None and amount.vague
    assert (amount.low, amount.high) == (low, high)


def test_words_that_are_not_numbers() -> None:
    assert parse_number(["soldiers"]) is None
    assert parse_number([]) is None


def quantities(pipeline: Pipeline, text: str) -> list[Quantity]:
    document = Document(text=text, published="2024-08-13", outlet="Some Wire")
    return pipeline.nlp(pipeline.make_doc(document))._.sitroom_quantities


def as_tuples(found: list[Quantity]) -> list[tuple]:
    return [(q.span.text, q.value, q.low, q.high, q.hedge, q.unit) for q in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least 12 civilians were killed.",
            [("At least 12 civilians", 12, 12, None, "at_least", "people")],
        ),
        (
            "No fewer than 40 people were hurt.",
            [("No fewer than 40 people", 40, 40, None, "at_least", "people")],
        ),
        (
            "Up to 85 servicemen were lost.",
            [("Up to 85 servicemen", 85, None, 85, "at_most", "people")],
        ),
        (
            "As many as 300 residents fled.",
            [("As many as 300 residents", 300, None, 300, "at_most", "people")],
        ),
        (
            "More than 14,000 people have left.",
            [("More than 14,000 people", 14_000, 14_000, None, "more_than", "people")],
        ),
        (
            "Fewer than 20 families stayed.",
            [("Fewer than 20 families", 20, None, 20, "less_than", "people")],
        ),
        (
            "Forces control about 1,000 square kilometres.",
            [("about 1,000 square kilometres", 1_000, 900, 1_100, "approximately", "km2")],
        ),
        (
            "Nearly 3,000 people were evacuated.",
            [("Nearly 3,000 people", 3_000, 2_700, 3_000, "nearly", "people")],
        ),
        (
            "Exactly 88 prisoners came home.",
            [("Exactly 88 prisoners", 88, 88, 88, "exactly", "people")],
        ),
        (
            "Between 10 and 15 missiles were fired.",
            [("Between 10 and 15 missiles", 10, 10, 15, "range", "missile")],
        ),
        (
            "Twenty-eight villages lost power.",
            [("Twenty-eight villages", 28, 28, 28, "exactly", "settlements")],
        ),
        (
            "Dozens of people were wounded.",
            [("Dozens of people", 24, 12, 99, "approximately", "people")],
        ),
        (
            "More than half of the residents fled.",
            [("More than half", 0.5, 0.5, None, "more_than", None)],
        ),
        (
            "About a third of the villages lost power.",
            [("About a third", 0.3333, 0.3, 0.3667, "approximately", None)],
        ),
        (
            "The EU pledged $500 million in aid.",
            [("$500 million", 500_000_000, 500_000_000, 500_000_000, "exactly", "USD")],
        ),
    ],
)
def test_hedges_units_and_intervals(pipeline: Pipeline, text: str, expected: list) -> None:
    assert as_tuples(quantities(pipeline, text)) == expected


def test_area_written_as_km_squared(pipeline: Pipeline) -> None:
    [q] = quantities(pipeline, "The lake covers 4 km squared of the valley.")
    assert (q.span.text, q.value, q.unit) == ("4 km", 4, "km2")


def test_years_and_durations_are_left_to_the_times_component(pipeline: Pipeline) -> None:
    # spaCy labels "42" DATE here; the times component does not, so it stays a number
    [q] = quantities(pipeline, "The answer is 42, the spokesman said.")
    assert (q.span.text, q.value) == ("42", 42)


def test_square_miles_are_converted_and_the_original_kept(pipeline: Pipeline) -> None:
    [q] = quantities(pipeline, "Troops seized 400 square miles of farmland.")
    assert (q.span.text, q.unit, q.value) == ("400 square miles", "km2", 1035.9952)
    assert (q.original_value, q.original_unit) == (400, "square mile")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Engineers built a 3- to 5-metre wall.",
            [("3- to 5-metre", 3, 3, 5, "range", "metre")],
        ),
        ("Troops seized 12km2 near the river.", [("12km2", 12, 12, 12, "exactly", "km2")]),
        ("The army took 4km^2 of farmland.", [("4km^2", 4, 4, 4, "exactly", "km2")]),
        ("The army took 30 sq km of farmland.", [("30 sq km", 30, 30, 30, "exactly", "km2")]),
        (
            "The first 7 victims were named on Monday.",
            [("7 victims", 7, 7, 7, "exactly", "people")],
        ),
        (
            "Some 10-15 guards were wounded at the gate.",
            [("Some 10-15 guards", 10, 9, 16.5, "range", "people")],
        ),
        ("Prices rose by 28 per cent in a year.", [("28 per cent", 28, 28, 28, "exactly", "%")]),
        (
            "The brigade numbers 30-40,000 troops.",
            [("30-40,000 troops", 30_000, 30_000, 40_000, "range", "people")],
        ),
        (
            "Officials estimate thirteen to fifteen thousand deaths.",
            [("thirteen to fifteen thousand deaths", 13_000, 13_000, 15_000, "range", "death")],
        ),
        (
            "The ship was hit by one or two missiles.",
            [("one or two missiles", 1, 1, 2, "range", "missile")],
        ),
        (
            "Hundreds or thousands of people sheltered in the metro.",
            [("Hundreds or thousands of people", 200, 100, 9_999, "range", "people")],
        ),
        (
            "Just under 400 families were moved out.",
            [("Just under 400 families", 400, 360, 400, "nearly", "people")],
        ),
    ],
)
def test_written_forms(pipeline: Pipeline, text: str, expected: list[tuple]) -> None:
    assert as_tuples(quantities(pipeline, text)) == expected


def test_a_suspended_hyphen_without_its_partner_is_no_quantity(pipeline: Pipeline) -> None:
    assert quantities(pipeline, "Recruits were 18- to 25-year-olds.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2022 and the offensive in August 2024.",
        "Fighting has gone on for more than 29 months.",
        "A 44-year-old pilot flew an F-16 from the base.",
        "One of the officials said the talks were over.",
        "Call the hotline on +380 44 123 4567 for help.",
        "It was the first time the town had been shelled.",
        "It was the sixth night of shelling.",
        "Resolution 2334 was cited by the envoy.",
        "Several of the men had served before.",
        "Marta Kovalenko, 34, was arrested at the station.",
        "The mayor, Ivan Petrenko, 61 who ran the town, resigned.",
        "The home side won the final 6-4, 7-5 on Sunday.",
        "The poet died in exile at the age of 58.",
        "No one was hurt in the blast.",
        "Not one shop on the square was left standing.",  # none, as the language's negations say
        "Several villages and a few farms were shelled; a handful of people stayed.",
    ],
)
def test_not_quantities(pipeline: Pipeline, text: str) -> None:
    assert quantities(pipeline, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Less than 2000 persons were killed in the month.", [("Less than 2000 persons", 2000)]),
        ("In 2000 soldiers' families left the valley.", []),
        ("The 2016 soldiers' march drew crowds.", []),
    ],
)
def test_a_year_shaped_number_counts_people_only_when_it_modifies_them(
    pipeline: Pipeline, text: str, expected: list
) -> None:
    found = [(q.span.text, q.value) for q in quantities(pipeline, text)]
    assert found == expected


def test_a_number_coordinated_with_a_noun_phrase_counts_none_of_it(pipeline: Pipeline) -> None:
    [q] = quantities(
        pipeline, "The death toll in Harvik rises to 5 and artillery shelling targets the port."
    )
    assert (q.span.text, q.noun) == ("5", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Norland has sent 18 155mm howitzers to the front.", [("18 155mm howitzers", 18)]),
        ("It pledged 18 155 mm howitzers.", [("18 155 mm howitzers", 18)]),
        ("It pledged six 105mm guns.", [("six 105mm guns", 6)]),
    ],
)
def test_a_calibre_after_a_count_is_no_number_of_its_own(
    pipeline: Pipeline, text: str, expected: list
) -> None:
    assert [(q.span.text, q.value) for q in quantities(pipeline, text)] == expected


def test_a_duration_with_a_half_is_no_count(pipeline: Pipeline) -> None:
    assert quantities(pipeline, "He was killed after more than 5 and half years in hiding.") == []


def test_a_day_and_month_in_brackets_is_a_date(pipeline: Pipeline) -> None:
    text = "On Saturday evening (27.04) the police detained 3 suspects in Harvik."
    assert [q.span.text for q in quantities(pipeline, text)] == ["3 suspects"]


def test_a_number_with_and_a_half_keeps_its_noun(pipeline: Pipeline) -> None:
    [found] = quantities(pipeline, "The convoy stopped two and a half miles from the border.")
    assert (found.span.text, found.value, found.unit) == ("two and a half miles", 2.5, "mile")


def test_a_calibre_is_no_figure_but_a_length_in_millimetres_is(pipeline: Pipeline) -> None:
    assert quantities(pipeline, "Gunners fired 155 mm shells at the bridge.") == []
    [rain] = quantities(pipeline, "The valley had 898 mm of rain that season.")
    assert rain.span.text.startswith("898 mm") and rain.value == 898
