"""The data model: stable ids and a lossless JSON round trip."""

import json

import pytest

from sitroom.model import SCHEMA, Document, Entity, Extraction, Mention, document_id


def test_document_id_ignores_case_and_whitespace_but_not_url() -> None:
    a = document_id("Shelling hit the  town.\n", "https://example.org/a")
    assert a == document_id("shelling hit the town.", "https://example.org/a")
    assert a != document_id("shelling hit the town.", "https://example.org/b")
    assert a.startswith("doc-") and len(a) == 20


def test_document_gets_an_id_unless_given() -> None:
    assert Document(text="x").id == document_id("x")
    assert Document(text="x", id="wire-17").id == "wire-17"


def test_extraction_round_trips_through_json() -> None:
    doc = Document(text="Smirnov said so.", outlet="Some Wire", published="2024-08-13")
    entity = Entity(
        id="e1",
        name="Alexei Smirnov",
        kind="PERSON",
        span=(0, 7),
        mentions=[Mention("Smirnov", (0, 7))],
        titles=["acting regional governor"],
        affiliation="Russia",
        place="Kursk",
    )
    extraction = Extraction(document=doc, entities=[entity])
    data = json.loads(extraction.to_json())
    assert data["schema"] == SCHEMA
    assert data["entities"][0]["span"] == [0, 7]
    assert data["entities"][0]["mentions"] == [{"text": "Smirnov", "span": [0, 7]}]
    back = Extraction.from_json(extraction.to_json())
    assert back == extraction
    assert back.entities[0].span == (0, 7)
    assert back.entity("e1").name == "Alexei Smirnov"


def test_unknown_schema_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported schema"):
        Extraction.from_dict({"schema": "sitroom/0", "document": {"text": "x"}})
