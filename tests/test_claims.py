"""Attributed claims: measure, subject, claimant, place and time of each figure."""

import pytest

from sitroom.model import Claim, Document, Extraction
from sitroom.nlp.pipeline import Pipeline

KURSK = (
    "Ukraine's top commander, Oleksandr Syrskyi, said on Monday that his troops control about "
    "1,000 square kilometres of Russia's Kursk region.\n\n"
    "Russia's acting regional governor of Kursk, Alexei Smirnov, said 28 communities were "
    "under Ukrainian control. He said about 121,000 people had fled, and that at least 12 "
    "civilians had been killed and 121 injured.\n\n"
    "The Russian Defence Ministry said its air defences shot down 14 drones over the Belgorod "
    "region overnight."
)


def extract(pipeline: Pipeline, text: str, outlet: str = "Some Wire") -> Extraction:
    return pipeline.extract(Document(text=text, published="2024-08-13", outlet=outlet))


def claim_for(extraction: Extraction, text: str) -> Claim:
    [claim] = [c for c in extraction.claims if c.text == text]
    return claim


@pytest.fixture(scope="module")
def kursk(pipeline: Pipeline) -> Extraction:
    return extract(pipeline, KURSK)


def test_territory_claim_of_the_commander(kursk: Extraction) -> None:
    claim = claim_for(kursk, "about 1,000 square kilometres")
    start = KURSK.index("about 1,000")
    assert claim.span == (start, start + len("about 1,000 square kilometres"))
    assert (claim.measure, claim.value, claim.low, claim.high) == (
        "territory_area",
        1000,
        900,
        1100,
    )
    assert (claim.unit, claim.hedge, claim.place) == ("km2", "approximately", "Kursk Oblast")
    assert kursk.entity(claim.claimant).name == "Oleksandr Syrskyi"
    assert claim.claimant_name == "Oleksandr Syrskyi"
    assert claim.subject == "his troops"
    assert claim.as_of == "2024-08-12"  # "on Monday" before publication on Tuesday 13th
    sentence = KURSK[claim.sentence_span[0] : claim.sentence_span[1]]
    assert sentence.startswith("Ukraine's top commander") and sentence.endswith("region.")


def test_settlements_conceded_by_the_governor(kursk: Extraction) -> None:
    claim = claim_for(kursk, "28 communities")
    assert (claim.measure, claim.value, claim.unit) == ("settlements", 28, "settlements")
    assert claim.claimant_name == "Alexei Smirnov"
    assert claim.subject == "Ukrainian forces"  # "under Ukrainian control"


def test_casualties_and_displacement_through_a_pronoun(kursk: Extraction) -> None:
    fled = claim_for(kursk, "about 121,000 people")
    assert (fled.measure, fled.hedge, fled.low, fled.high) == (
        "displaced",
        "approximately",
        108_900,
        133_100,
    )
    killed = claim_for(kursk, "at least 12 civilians")
    injured = claim_for(kursk, "121")
    assert (killed.measure, killed.low, killed.high, killed.subject) == (
        "killed",
        12,
        None,
        "civilians",
    )
    # "121 injured" has no noun of its own: it counts the same civilians
    assert (injured.measure, injured.value, injured.subject, injured.unit) == (
        "injured",
        121,
        "civilians",
        "people",
    )
    for claim in (fled, killed, injured):
        assert claim.claimant_name == "Alexei Smirnov"  # "He said" after Smirnov's paragraph
        assert claim.quote is not None


def test_intercepted_drones_claimed_by_a_ministry(kursk: Extraction) -> None:
    claim = claim_for(kursk, "14 drones")
    assert claim.measure == "projectiles_intercepted"
    assert claim.claimant_name == "Russian Defence Ministry"
    assert claim.place == "Belgorod Oblast"


def test_outlet_is_the_claimant_when_no_one_is_quoted(pipeline: Pipeline) -> None:
    text = "Shelling killed four people in Kherson on Sunday."
    claim = claim_for(extract(pipeline, text, outlet="Harbor Ledger"), "four people")
    assert (claim.measure, claim.claimant, claim.claimant_name) == ("killed", None, "Harbor Ledger")
    assert (claim.place, claim.as_of) == ("Kherson", "2024-08-11")


def test_according_to(pipeline: Pipeline) -> None:
    text = "More than 40,000 people have fled El Fasher, according to the United Nations."
    ex = extract(pipeline, text)
    claim = claim_for(ex, "More than 40,000 people")
    assert (claim.measure, claim.hedge) == ("displaced", "more_than")
    assert claim.claimant_name == "United Nations"
    assert ex.entity(claim.claimant).name == "United Nations"


@pytest.mark.parametrize(
    ("text", "figure", "measure"),
    [
        ("Police detained 25 protesters in the capital.", "25 protesters", "detained"),
        ("The army evacuated 300 residents from the town.", "300 residents", "evacuated"),
        ("The two sides exchanged 88 prisoners on Friday.", "88 prisoners", "prisoners_exchanged"),
        ("Russia launched 40 missiles at Kyiv overnight.", "40 missiles", "projectiles_launched"),
        ("Gunners destroyed 12 tanks near the river.", "12 tanks", "equipment_destroyed"),
        ("Moscow deployed some 3,000 troops to the border.", "some 3,000 troops", "troops"),
        ("Donors pledged $500 million in aid for the region.", "$500 million", "aid_amount"),
        ("Eleven people are still missing after the blast.", "Eleven people", "missing"),
        ("The death toll rose to 40 people on Sunday.", "40 people", "killed"),
        ("The strike left 17 casualties among rescuers.", "17 casualties", "casualties"),
        ("Airstrikes kill and wound dozens of civilians.", "dozens of civilians", "casualties"),
        ("14 rebels killed in clashes near the dam", "14 rebels", "killed"),
        ("11 members of the militia killed in an ambush", "11 members", "killed"),
        ("Shelling raised the death toll to 12 people on Monday.", "12 people", "killed"),
        ("The battle left 59 civilians dead this week.", "59 civilians", "killed"),
        ("26 martyrs were buried in the town on Friday.", "26 martyrs", "killed"),
    ],
)
def test_measures(pipeline: Pipeline, text: str, figure: str, measure: str) -> None:
    assert claim_for(extract(pipeline, text), figure).measure == measure


@pytest.mark.parametrize(
    "text",
    [
        "The convoy travelled 300 kilometres in 2023.",
        "Turnout was 64 percent, the commission said.",
        "The front line is 40 kilometres long.",
        "One of the officials said the plan had been approved in 2024.",
    ],
)
def test_figures_that_are_not_claims(pipeline: Pipeline, text: str) -> None:
    assert extract(pipeline, text).claims == []


def test_every_claim_points_at_its_figure_and_sentence(kursk: Extraction) -> None:
    assert [c.id for c in kursk.claims] == [f"c{i}" for i in range(1, len(kursk.claims) + 1)]
    for claim in kursk.claims:
        assert KURSK[claim.span[0] : claim.span[1]] == claim.text
        assert claim.sentence_span[0] <= claim.span[0] < claim.span[1] <= claim.sentence_span[1]
