"""Whole articles: the example articles shipped with sitroom, end to end through the pipeline."""

import re

import pytest

from sitroom.examples import example_documents
from sitroom.model import Entity, Extraction
from sitroom.nlp.pipeline import Pipeline


@pytest.fixture(scope="module")
def extractions(pipeline: Pipeline) -> dict[str, Extraction]:
    documents = example_documents()
    names = [d.source.removeprefix("examples/").removesuffix(".txt") for d in documents]
    return dict(zip(names, pipeline.extract_many(documents), strict=True))


def spans(text: str, word: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(word)}\b", text)]


def named(extraction: Extraction, name: str) -> Entity:
    [entity] = [e for e in extraction.entities if e.name == name]
    return entity


def test_every_example_is_extracted_with_metadata(extractions: dict[str, Extraction]) -> None:
    assert len(extractions) == 16
    kursk = extractions["kursk_incursion"].document
    assert (kursk.published, kursk.outlet) == ("2024-08-13", "Invented Wire")
    for extraction in extractions.values():
        text = extraction.document.text
        for entity in extraction.entities:
            assert entity.span == entity.mentions[0].span
            for mention in entity.mentions:
                assert text[mention.span[0] : mention.span[1]] == mention.text


def test_kursk_incursion_people(extractions: dict[str, Extraction]) -> None:
    ex = extractions["kursk_incursion"]
    text = ex.document.text
    syrskyi = named(ex, "Oleksandr Syrskyi")
    assert [m.span for m in syrskyi.mentions] == spans(text, "Oleksandr Syrskyi") + [
        s for s in spans(text, "Syrskyi") if text[s[0] - 10 : s[0]] != "Oleksandr "
    ]
    assert (syrskyi.titles, syrskyi.affiliation) == (["top commander"], "Ukraine")
    smirnov = named(ex, "Alexei Smirnov")
    assert (smirnov.titles, smirnov.affiliation, smirnov.place) == (
        ["acting regional governor"],
        "Russia",
        "Kursk",
    )
    putin = named(ex, "Vladimir Putin")
    assert (putin.titles, putin.affiliation) == (["President"], "Russia")


def test_spelling_variants_and_typo(extractions: dict[str, Extraction]) -> None:
    ex = extractions["spelling_variants"]
    text = ex.document.text
    people = [e for e in ex.entities if e.kind == "PERSON"]
    zelensky = [e for e in people if "Zelensk" in e.name]
    assert len(zelensky) == 1
    expected = sorted(
        spans(text, "Volodymyr Zelenskiy")
        + [s for s in spans(text, "Zelenskiy") if text[s[0] - 10 : s[0]] != "Volodymyr "]
        + spans(text, "Zelenskyy")
        + spans(text, "Zelensky")
    )
    assert [m.span for m in zelensky[0].mentions] == expected
    syrskyi = named(ex, "Oleksandr Syrskyi")
    assert syrskyi.aliases == ["Syrkyi"]


def test_shared_surname_is_resolved_by_context(extractions: dict[str, Extraction]) -> None:
    ex = extractions["shared_surname"]
    text = ex.document.text
    minister = named(ex, "Andriy Kovalenko")
    head = named(ex, "Olena Kovalenko")
    led_the_village = text.index("Kovalenko, who has led the village")
    the_deputy_minister = text.index("Kovalenko, the deputy minister")
    assert (led_the_village, led_the_village + 9) in [m.span for m in head.mentions]
    assert (the_deputy_minister, the_deputy_minister + 9) in [m.span for m in minister.mentions]
    assert minister.titles[0] == "Deputy Defence Minister"
    assert head.titles == ["head of the village council"]


def test_named_forces_and_acronyms(extractions: dict[str, Extraction]) -> None:
    sudan = extractions["sudan_el_fasher"]
    rsf = named(sudan, "Rapid Support Forces")
    assert (rsf.kind, rsf.affiliation, rsf.aliases) == ("FORCE", "Sudan", ["RSF"])
    assert len(rsf.mentions) == len(spans(sudan.document.text, "Rapid Support Forces")) + len(
        spans(sudan.document.text, "RSF")
    )
    saf = named(sudan, "Sudanese Armed Forces")
    assert saf.aliases == ["Sudan's army"]

    syria = extractions["syria_hts"]
    hts = named(syria, "Hayat Tahrir al-Sham")
    assert hts.aliases == ["HTS"]
    jolani = named(syria, "Abu Mohammed al-Jolani")
    assert jolani.aliases == ["Jolani"]
    assert jolani.titles == ["leader"]
