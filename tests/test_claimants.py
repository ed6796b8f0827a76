"""Who claims a figure: the strict rule of the claims conventions, on sentences written for
these tests."""

import pytest

from sitroom.model import Claim, Document, Extraction
from sitroom.nlp.pipeline import Pipeline

OUTLET = "Some Wire"


def extract(pipeline: Pipeline, text: str) -> Extraction:
    return pipeline.extract(Document(text=text, published="2024-08-13", outlet=OUTLET))


def claim_for(extraction: Extraction, text: str) -> Claim:
    [claim] = [c for c in extraction.claims if c.text == text]
    return claim


def source(claim: Claim) -> tuple:
    return claim.claimant_name, claim.claimant_kind, claim.relay


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        # the whole complement of the reporting verb, later clauses and lists included
        (
            "The regional administration said two people were killed and five injured in the "
            "village, which was shelled again.",
            "five",
            ("the regional administration", "organisation", None),
        ),
        # an organisation keeps its country
        (
            "Russia's Defence Ministry said its forces had destroyed 12 tanks near the river.",
            "12 tanks",
            ("Russia's Defence Ministry", "organisation", None),
        ),
        (
            "Ukraine's General Staff said 30 Russian soldiers were killed overnight.",
            "30 Russian soldiers",
            ("Ukraine's General Staff", "organisation", None),
        ),
        # a name's "of" phrase belongs to it; an unnamed official keeps the description
        (
            "The governor of the border region said 40 homes were damaged by drones.",
            "40 homes",
            ("the governor of the border region", "person", None),
        ),
        (
            "Twelve civilians were wounded, officials from the occupation authorities said.",
            "Twelve civilians",
            ("officials from the occupation authorities", "organisation", None),
        ),
        # a communication act makes its agent the claimant
        (
            "The defence minister unveiled a £75m package of military aid for Kyiv.",
            "£75m package",
            ("the defence minister", "person", None),
        ),
        (
            "Officials put the death toll at 40 on Tuesday evening.",
            "40",
            ("Officials", "organisation", None),
        ),
        (
            "Reporters counted 11 bodies in the courtyard of the school.",
            "11 bodies",
            ("Reporters", "organisation", None),
        ),
        # a relay names the source it cites, unless that is only data
        (
            "Tass reported, citing the regional administration, that 14 people were evacuated.",
            "14 people",
            ("the regional administration", "organisation", "Tass"),
        ),
        (
            "British intelligence, citing Ukrainian data, said 400 soldiers were lost daily.",
            "400 soldiers",
            ("British intelligence", "organisation", None),
        ),
        # a possessive speech act
        (
            "The governor's statement that 14 civilians died was disputed by the army.",
            "14 civilians",
            ("the governor", "person", None),
        ),
    ],
)
def test_the_figures_own_sentence_attributes_it(
    pipeline: Pipeline, text: str, figure: str, expected: tuple
) -> None:
    assert source(claim_for(extract(pipeline, text), figure)) == expected


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        # the agent of an act is not its claimant
        ("Germany will send 20 tanks to Ukraine next month.", "20 tanks"),
        ("Russia fired two dozen missiles at the city overnight.", "two dozen missiles"),
        # impersonal attribution names no one
        ("It is said that 500 fighters surrendered at the plant.", "500 fighters"),
        # where something was said is not what was said
        (
            "Speaking at a centre that houses 300 refugees, the mayor said the city needed help.",
            "300 refugees",
        ),
    ],
)
def test_the_outlets_own_voice(pipeline: Pipeline, text: str, figure: str) -> None:
    assert source(claim_for(extract(pipeline, text), figure)) == (OUTLET, "outlet", None)


def test_a_pronoun_and_a_short_description_refer_back_to_the_source(pipeline: Pipeline) -> None:
    extraction = extract(
        pipeline,
        "According to the local health authority, 13 people were injured in the strike. "
        "They also reported that three people died in hospital.\n\n"
        "The U.N. refugee agency said 5 million people had fled the country. According to the "
        "agency, 13 million people are trapped in the east.",
    )
    assert source(claim_for(extraction, "three people")) == (
        "the local health authority",
        "organisation",
        None,
    )
    assert claim_for(extraction, "13 million people").claimant_name == "U.N. refugee agency"


def test_a_named_person_is_named_in_full_without_titles(pipeline: Pipeline) -> None:
    extraction = extract(
        pipeline,
        "Regional governor Andriy Kovalenko said 8 people were wounded in the shelling. "
        "Later Mr Kovalenko said two of them had died.",
    )
    for figure in ("8 people", "two"):
        assert source(claim_for(extraction, figure)) == ("Andriy Kovalenko", "person", None)


def test_it_refers_back_to_the_body_named_before(pipeline: Pipeline) -> None:
    extraction = extract(
        pipeline,
        "The Russian Defence Ministry last gave figures in March, when it said 1,200 soldiers "
        "had been killed.",
    )
    assert source(claim_for(extraction, "1,200 soldiers")) == (
        "Russian Defence Ministry",
        "organisation",
        None,
    )
