"""French reports read in French: spaCy's French model, its tree in the components' scheme,
and French word lists. Every text here is written for these tests in the style of Sahel and
Great Lakes news."""

from __future__ import annotations

import pytest

from sitroom.model import Document, Extraction
from sitroom.nlp.pipeline import pipeline_for
from sitroom.nlp.pipeline_config import language_config

REPORT = (
    "Au moins 12 civils ont été tués lundi dans une attaque contre un village de la région de "
    "Mopti, a déclaré le ministre de la Défense, Sadio Camara. « Les assaillants sont arrivés "
    "à moto », a raconté un habitant.\n"
    "Selon l'armée malienne, une vingtaine de personnes ont été blessées et près de 2 000 "
    "habitants ont fui vers Douentza. Le 16 février, trois soldats avaient péri près de Gao."
)


@pytest.fixture(scope="module")
def report() -> Extraction:
    return pipeline_for(language_config("fr")).extract(
        Document(text=REPORT, lang="fr", published="2024-08-15")
    )


def test_french_claims_with_hedges_claimants_and_dates(report: Extraction) -> None:
    claims = [(c.measure, c.value, c.low, c.high, c.claimant_name, c.as_of) for c in report.claims]
    assert claims == [
        # the inverted subject of the aside; natasha hangs the name from the verb
        ("killed", 12.0, 12.0, None, "ministre de la Défense", "2024-08-12"),  # lundi
        ("injured", 20.0, 18.0, 22.0, "l'armée malienne", "2024-08-15"),  # "une vingtaine"
        ("displaced", 2000.0, 1800.0, 2200.0, "l'armée malienne", "2024-08-15"),  # "2 000"
        ("killed", 3.0, 3.0, 3.0, None, "2024-02-16"),
    ]


def test_french_article_un_is_no_number(report: Extraction) -> None:
    assert not any(c.text.lower().startswith(("un ", "une ")) for c in report.claims)


def test_a_french_source_named_without_its_article_a_description_with_it() -> None:
    text = (
        "Le ministère russe de la Défense a affirmé que 40 drones ukrainiens avaient été abattus "
        "dans la nuit. Le gouverneur régional a indiqué que trois civils avaient été tués."
    )
    extraction = pipeline_for(language_config("fr")).extract(Document(text=text, lang="fr"))
    assert [c.claimant_name for c in extraction.claims] == [
        "ministère russe de la Défense",  # as "the Russian Defence Ministry" is in English
        "le gouverneur régional",
    ]


def test_french_places_people_and_quotes(report: Extraction) -> None:
    places = {p.name for p in report.places if p.gazetteer_id}
    assert {"Mopti", "Douentza", "Gao"} <= places
    people = {e.name for e in report.entities if e.kind == "PERSON"}
    assert "Sadio Camara" in people
    direct, reported = report.quotes
    assert (direct.kind, direct.text) == ("direct", "« Les assaillants sont arrivés à moto »")
    start, end = direct.span
    assert REPORT[start:end] == direct.text
    # "Selon l'armée malienne, ...": the rest of the sentence is the army's reported speech
    assert (reported.kind, reported.cue) == ("indirect", "selon")
    assert reported.text.startswith("une vingtaine de personnes ont été blessées")


def test_a_ud_tree_is_handed_on_with_prepositions_heading_their_nouns() -> None:
    doc = pipeline_for(language_config("fr")).nlp("Les combats ont repris dans la ville de Goma.")
    town = next(t for t in doc if t.text == "ville")
    assert (town.dep_, town.head.text, town.head.dep_) == ("pobj", "dans", "prep")
    assert [e.label_ for e in doc.ents] == ["GPE"]  # LOC in the French model's labels


def test_a_french_event_with_its_victims_place_and_day() -> None:
    extraction = pipeline_for(language_config("fr")).extract(
        Document(
            text="Au moins 12 civils ont été tués lundi dans une attaque contre un village de la "
            "région de Mopti.",
            lang="fr",
            published="2024-08-15",
        )
    )
    [event] = extraction.events
    assert (event.type, event.place_name, event.date) == (
        "attack_on_civilians",
        "Mopti",
        "2024-08-12",
    )
    assert event.fatalities is not None and event.fatalities.low == 12.0
    assert event.acled_event_type == "Violence against civilians"


def test_a_french_range_and_the_region_of_a_town() -> None:
    text = (
        "Entre 10 et 15 civils ont été tués lundi dans des frappes sur la région de Kherson, "
        "selon les autorités."
    )
    extraction = pipeline_for(language_config("fr")).extract(Document(text=text, lang="fr"))
    [claim] = extraction.claims
    assert (claim.measure, claim.low, claim.high, claim.text) == (
        "killed", 10, 15, "Entre 10 et 15 civils"
    )  # fmt: skip
    assert [(p.name, p.feature) for p in extraction.places] == [("Kherson", "admin1")]
