"""`sitroom export`: every format from a store holding the example articles, on SQLite and
PostgreSQL, with exact fields, and written document by document (streamed)."""

from __future__ import annotations

import csv
import dataclasses
import inspect
import io
import json
import re
from collections.abc import Iterable, Iterator

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.examples import example_documents
from sitroom.export import FORMATS, export, gkg, write_acled, write_csv, write_geojson, write_gkg
from sitroom.export.gkg import COLUMNS as GKG_COLUMNS
from sitroom.export.jsonl import write_jsonl
from sitroom.export.tables import EVENT_COLUMNS
from sitroom.model import Extraction
from sitroom.store import open_store


@pytest.fixture(scope="module")
def extractions(pipeline) -> list[Extraction]:
    """The example articles, extracted once (stores ingest these ready-made extractions)."""
    return list(pipeline.extract_many(example_documents()))


@pytest.fixture
def store(db_url: str, extractions: list[Extraction]):
    store = open_store(db_url)
    store.ingest(extractions)
    yield store
    store.close()


def by_source(extractions: list[Extraction], name: str) -> Extraction:
    return next(e for e in extractions if name in (e.document.source or ""))


def exported(store, fmt: str, **options) -> str:
    out = io.StringIO()
    export(store, fmt, out, **options)
    return out.getvalue()


def lines(text: str) -> list[str]:
    """Lines split on "\\n" only: texts may hold U+2028 and the like, which JSON leaves as is."""
    return text.rstrip("\n").split("\n")


def test_jsonl_is_the_stored_extractions_oldest_first(store, extractions) -> None:
    read = [Extraction.from_json(line) for line in lines(exported(store, "jsonl"))]
    assert len(read) == len(extractions)
    assert [e.document.published for e in read] == sorted(e.document.published for e in read)
    kursk = by_source(extractions, "kursk_incursion")
    assert next(e for e in read if e.document.id == kursk.document.id) == kursk


def test_jsonl_claims_carry_their_group_and_verdicts(store, extractions) -> None:
    kursk = by_source(extractions, "kursk_incursion")
    read = [json.loads(x) for x in lines(exported(store, "jsonl"))]
    data = next(d for d in read if d["document"]["id"] == kursk.document.id)
    claims = {c["text"]: c for c in data["claims"]}
    area = claims["about 1,000 square kilometres"]["group"]
    assert isinstance(area["group_id"], int) and area["contested"] is True
    # Syrskyi's later 1,150 km² updates his 1,000
    assert {v["verdict"] for v in area["verdicts"]} == {"update"}
    assert all(v["with"].count("#") == 1 for v in area["verdicts"])
    rows = list(csv.DictReader(io.StringIO(exported(store, "csv"))))
    row = next(r for r in rows if r["doc_id"] == kursk.document.id and r["claim_id"] == "c1")
    assert row["verdicts"] == "; ".join(f"update with {v['with']}" for v in area["verdicts"])


def test_filters_select_documents(store) -> None:
    found = lines(exported(store, "jsonl", since="2024-08-13", until="2024-08-15"))
    outlets = sorted(Extraction.from_json(line).document.outlet for line in found)
    assert outlets == ["Invented Wire", "Northern Courier"]  # the two Kursk reports of the 13th
    assert exported(store, "jsonl", outlet="harbor ledger").count("\n") == 1


def test_csv_claims_row(store, extractions) -> None:
    rows = list(csv.DictReader(io.StringIO(exported(store, "csv"))))
    kursk = by_source(extractions, "kursk_incursion")
    area = next(r for r in rows if r["doc_id"] == kursk.document.id and r["claim_id"] == "c1")
    claim = kursk.claims[0]
    quote = next(q for q in kursk.quotes if q.id == claim.quote)
    start, end = claim.sentence_span
    assert {k: v for k, v in area.items() if k not in ("group_id", "claimant_canonical_id")} == {
        "doc_id": kursk.document.id,
        "claim_id": "c1",
        "outlet": "Invented Wire",
        "published": "2024-08-13",
        "url": "",
        "measure": "territory_area",
        "text": "about 1,000 square kilometres",
        "value": "1000",
        "low": "900",
        "high": "1100",
        "hedge": "approximately",
        "unit": "km2",
        "measured": area["measured"],
        "subject": "his troops",
        "place": "Kursk Oblast",
        "admin1": "Kursk Oblast",
        "country_code": "RU",
        "lat": "51.7309",
        "lon": "36.1923",
        "claimant": "Oleksandr Syrskyi",
        "claimant_kind": area["claimant_kind"],
        "relay": "",
        "claimant_canonical": "Oleksandr Syrskyi",
        "quote_id": quote.id,
        "quote": " ".join(quote.text.split()),
        "as_of": "2024-08-12",
        "repeat_of": "",
        "verdict": "agree",
        "contested": "True",
        "verdicts": area["verdicts"],
        "sentence": " ".join(kursk.document.text[start:end].split()),
    }
    assert area["group_id"].isdigit() and area["claimant_canonical_id"].isdigit()
    assert area["claimant_kind"] == "person"
    # "At least 12 civilians": an interval unbounded above; it holds every figure of its
    # running total (killed since the incursion began), which two later sources contest
    killed = next(r for r in rows if r["doc_id"] == kursk.document.id and r["measure"] == "killed")
    assert (killed["low"], killed["high"], killed["hedge"]) == ("12", "", "at_least")
    assert killed["verdict"] == "agree" and killed["contested"] == "True"


def test_csv_and_jsonl_say_who_relayed_a_claim_and_what_it_repeats(
    db_url: str, relayed_claims: Extraction
) -> None:
    with open_store(db_url) as store:
        store.ingest([relayed_claims])
        rows = list(csv.DictReader(io.StringIO(exported(store, "csv"))))
        [line] = lines(exported(store, "jsonl"))
    attribution = [
        (r["claim_id"], r["claimant"], r["claimant_kind"], r["relay"], r["repeat_of"]) for r in rows
    ]
    assert attribution == [
        ("c1", "Belgorod regional administration", "organisation", "TASS", ""),
        ("c2", "Belgorod regional administration", "organisation", "TASS", ""),
        ("c3", "Vyacheslav Gladkov", "person", "", ""),
        ("c4", "Vyacheslav Gladkov", "person", "", "c3"),
        ("c5", "Northern Courier", "outlet", "", ""),
    ]
    claims = json.loads(line)["claims"]
    assert [(c["claimant_kind"], c["relay"], c["repeat_of"]) for c in claims] == [
        ("organisation", "TASS", None),
        ("organisation", "TASS", None),
        ("person", None, None),
        ("person", None, "c3"),
        ("outlet", None, None),
    ]
    assert Extraction.from_json(line) == relayed_claims


def test_csv_tables_link_entities_across_documents(store, extractions) -> None:
    rows = list(csv.DictReader(io.StringIO(exported(store, "csv", table="entities"))))
    syrskyi = {r["canonical_id"] for r in rows if r["canonical_name"] == "Oleksandr Syrskyi"}
    assert len(syrskyi) == 1  # one cross-document entity, in every article that names him
    assert len({r["doc_id"] for r in rows if r["canonical_id"] in syrskyi}) >= 2

    quotes = list(csv.DictReader(io.StringIO(exported(store, "csv", table="quotes"))))
    assert len(quotes) == sum(len(e.quotes) for e in extractions)
    kursk = by_source(extractions, "kursk_incursion")
    first = next(r for r in quotes if r["doc_id"] == kursk.document.id and r["quote_id"] == "q1")
    assert (first["speaker"], first["cue"], first["kind"]) == (
        "Oleksandr Syrskyi",
        "said",
        "indirect",
    )

    events = list(csv.DictReader(io.StringIO(exported(store, "csv", table="events"))))
    assert len(events) == sum(len(e.events) for e in extractions)
    assert tuple(events[0]) == EVENT_COLUMNS


def kursk_strike(extractions: list[Extraction]):
    """The Russian Defence Ministry's strike on Ukrainian reserves in the Sumy region."""
    kursk = by_source(extractions, "kursk_incursion")
    event = next(e for e in kursk.events if e.type == "strike")
    assert event.place_name == "Sumy"
    return kursk, event


def test_acled_row_of_the_kursk_strike(store, extractions) -> None:
    rows = list(csv.DictReader(io.StringIO(exported(store, "acled"))))
    kursk, event = kursk_strike(extractions)
    row = next(
        r
        for r in rows
        if r["sitroom_doc_id"] == kursk.document.id and r["sitroom_event_id"] == event.id
    )
    start, end = event.span
    assert row == {
        "event_id_cnty": f"UA-{kursk.document.id}-{event.id}",
        "event_date": "2024-08-12",
        "year": "2024",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "",
        "assoc_actor_1": "",
        "inter1": "",
        "actor2": "",
        "assoc_actor_2": "",
        "inter2": "",
        "interaction": "",
        "civilian_targeting": "",
        "iso": "",
        "region": "",
        "country": "Ukraine",
        "admin1": "Sumy",
        "admin2": "",
        "admin3": "",
        "location": "Sumy",
        "latitude": "51.0949",
        "longitude": "34.276",
        "geo_precision": "3",
        "source": "Invented Wire",
        "source_scale": "",
        "notes": " ".join(kursk.document.text[start:end].split()),
        "fatalities": "0",
        "tags": "",
        "timestamp": "",
        "sitroom_fatalities_low": "",
        "sitroom_fatalities_high": "",
        "sitroom_fatalities_hedge": "",
        "sitroom_fatalities_claimants": "",
        "sitroom_doc_id": kursk.document.id,
        "sitroom_event_id": event.id,
        "sitroom_event_type": "strike",
        "sitroom_confidence": str(event.confidence),
    }
    assert all(r["event_type"] for r in rows)  # statements and threats have no ACLED type
    gaza = next(r for r in rows if r["location"] == "Gaza Strip")
    assert (
        gaza["fatalities"],
        gaza["sitroom_fatalities_low"],
        gaza["sitroom_fatalities_high"],
    ) == ("27", "27", "")
    assert (gaza["sitroom_fatalities_hedge"], gaza["sitroom_fatalities_claimants"]) == (
        "at_least",
        "Gaza's Health Ministry",
    )


def test_geojson_events_and_places(store, extractions) -> None:
    collection = json.loads(exported(store, "geojson"))
    assert collection["type"] == "FeatureCollection"
    kursk, event = kursk_strike(extractions)
    feature = next(
        f for f in collection["features"] if f["id"] == f"{kursk.document.id}/{event.id}"
    )
    assert feature["geometry"] == {"type": "Point", "coordinates": [34.276, 51.0949]}
    properties = feature["properties"]
    assert (properties["type"], properties["place"], properties["date"]) == (
        "strike",
        "Sumy",
        "2024-08-12",
    )
    assert properties["acled_sub_event_type"] == "Shelling/artillery/missile attack"
    assert all(f["geometry"]["coordinates"][1] is not None for f in collection["features"])

    places = json.loads(exported(store, "geojson", table="places"))["features"]
    located = sum(1 for e in extractions for p in e.places if p.lat is not None)
    assert len(places) == located
    kursk_oblast = next(p for p in places if p["id"] == f"{kursk.document.id}/p3")
    assert kursk_oblast["geometry"]["coordinates"] == [36.1923, 51.7309]
    assert kursk_oblast["properties"]["name"] == "Kursk Oblast"


def gkg_row(text: str, doc_id: str) -> dict[str, str]:
    line = next(line for line in lines(text) if f"-{doc_id}\t" in line)
    fields = line.split("\t")
    assert len(fields) == len(GKG_COLUMNS) == 27
    return dict(zip(GKG_COLUMNS, fields, strict=True))


def test_gkg_row_quotations_carry_the_speaker(store, extractions) -> None:
    kursk = by_source(extractions, "kursk_incursion")
    row = gkg_row(exported(store, "gkg"), kursk.document.id)
    assert row["GKGRECORDID"] == f"20240813000000-{kursk.document.id}"
    assert row["V2.1DATE"] == "20240813000000"
    # no URL: collection 2 (CITATIONONLY), whose identifier is a textual citation
    assert row["V2SOURCECOLLECTIONIDENTIFIER"] == "2"
    assert row["V2SOURCECOMMONNAME"] == "Invented Wire"
    assert row["V2DOCUMENTIDENTIFIER"] == 'Invented Wire, "kursk incursion", 2024-08-13'

    direct = [quote for quote in kursk.quotes if quote.kind == "direct"]
    assert direct and len(direct) < len(kursk.quotes)  # reported speech is left out
    blocks = row["V2.1QUOTATIONS"].split("#")
    assert len(blocks) == len(direct)
    speakers = {entity.id: entity.name for entity in kursk.entities}
    for block, quote in zip(blocks, direct, strict=True):
        start, end = quote.span
        text = " ".join(quote.text.split())
        assert block == f"{start}|{end - start}|{quote.cue}|{text}|{speakers[quote.speaker]}"

    killed = next(c for c in kursk.claims if c.measure == "killed")
    assert f"KILL#12#civilians########{killed.span[0]}" in row["V2.1COUNTS"].split(";")
    area = row["V1COUNTS"].split(";")[0]
    assert area == (
        "SITROOM_TERRITORY_AREA#1000#square kilometres#"
        "5#Kursk Oblast, Russia#RU##51.7309#36.1923#adm1:RU:Kursk Oblast"
    )
    assert "Oleksandr Syrskyi" in row["V1PERSONS"].split(";")
    assert "Russian Defence Ministry" in row["V1ORGANIZATIONS"].split(";")
    syrskyi = next(e for e in kursk.entities if e.name == "Oleksandr Syrskyi")
    persons = row["V2ENHANCEDPERSONS"].split(";")
    assert [f"Oleksandr Syrskyi,{m.span[0]}" for m in syrskyi.mentions] == [
        p for p in persons if p.startswith("Oleksandr Syrskyi,")
    ]
    locations = row["V2ENHANCEDLOCATIONS"].split(";")
    assert "4#Kursk, Kursk Oblast, Russia#RU###51.7269#36.1846#538560#" in [
        loc[: loc.rindex("#") + 1] for loc in locations
    ]
    russia = next(p for p in kursk.places if p.name == "Russia")
    # a country match carries its textual country code as FeatureID, not a numeric id
    assert "1#Russia#RU##60.0000#100.0000#RU" in row["V1LOCATIONS"].split(";")
    assert [f"1#Russia#RU###60.0000#100.0000#RU#{m.span[0]}" for m in russia.mentions] == [
        loc for loc in locations if loc.startswith("1#Russia#")
    ]
    monday = next(t for t in kursk.times if t.value == "2024-08-12")
    assert f"3,8,12,2024,{monday.span[0]}" in row["V2.1ENHANCEDDATES"].split(";")
    assert f"12,civilians,{killed.span[0]}" in row["V2.1AMOUNTS"].split(";")
    assert row["V1.5TONE"] == row["V2GCAM"] == row["V1THEMES"] == ""


#: One block of each GKG 2.1 field sitroom fills, as the codebook defines it: a location is
#: Type (1-5)#FullName#CountryCode#ADM1Code#Lat#Long#FeatureID (V2: ADM2Code before Lat, always
#: empty here); a count is Type#Count (an integer)#ObjectType#<location, or 7 empty fields>;
#: "V2" blocks end with the character offset (quotations start with it).
_PLACE = r"[1-5]#[^#;]+#(?:[A-Z]{2})?#[^#;]*#-?\d+\.\d{4}#-?\d+\.\d{4}#[^#;]+"
_V2_PLACE = _PLACE.replace(r"#-?\d+\.\d{4}#", r"##-?\d+\.\d{4}#", 1)
_COUNT = rf"[A-Z_]+#\d+#[^#;]*#(?:{_PLACE}|######)"
_DATE = r"(?:1,0,0|2,(?:[1-9]|1[0-2]),0|3,(?:[1-9]|1[0-2]),(?:[1-9]|[12]\d|3[01])),\d{4}"
GKG_BLOCKS = {
    "V1COUNTS": (";", _COUNT),
    "V2.1COUNTS": (";", rf"{_COUNT}#\d+"),
    "V1LOCATIONS": (";", _PLACE),
    "V2ENHANCEDLOCATIONS": (";", rf"{_V2_PLACE}#\d+"),
    "V1PERSONS": (";", r"[^;]+"),
    "V2ENHANCEDPERSONS": (";", r"[^,;]+,\d+"),
    "V1ORGANIZATIONS": (";", r"[^;]+"),
    "V2ENHANCEDORGANIZATIONS": (";", r"[^,;]+,\d+"),
    "V2.1ENHANCEDDATES": (";", rf"{_DATE},\d+"),
    # Offset|Length|Verb|Quote, and sitroom's fifth field, the speaker
    "V2.1QUOTATIONS": ("#", r"\d+\|\d+\|[^#|]*\|[^#|]+\|[^#|]*"),
    "V2.1AMOUNTS": (";", r"\d+(?:\.\d+)?,[^,;]*,\d+"),
}


def gkg_offset(column: str, block: str) -> int | None:
    """The character offset a block of a "V2" field carries (None for V1 fields)."""
    if column.startswith("V1"):
        return None
    if column == "V2.1QUOTATIONS":
        return int(block.split("|")[0])
    return int(re.split("[#,]", block)[-1])


def test_gkg_rows_split_as_the_codebook_says(extractions) -> None:
    """Every row from the example articles: 27 tab-separated fields, each block of each filled
    field in the codebook's shape, offsets inside the text, the unfilled fields empty."""
    filled = {
        "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
        "V2DOCUMENTIDENTIFIER", *GKG_BLOCKS,
    }  # fmt: skip
    out = io.StringIO()
    assert gkg.write_gkg(extractions, out) == len(extractions)
    rows = lines(out.getvalue())
    for line, extraction in zip(rows, extractions, strict=True):
        fields = line.split("\t")
        assert len(fields) == 27
        row = dict(zip(GKG_COLUMNS, fields, strict=True))
        assert re.fullmatch(r"\d{14}-doc-[0-9a-f]{16}", row["GKGRECORDID"])
        assert row["V2.1DATE"] == row["GKGRECORDID"][:14]
        assert row["V2SOURCECOLLECTIONIDENTIFIER"] == "2"  # the examples have no URL
        assert all(row[column] == "" for column in GKG_COLUMNS if column not in filled)
        for column, (separator, pattern) in GKG_BLOCKS.items():
            for block in filter(None, row[column].split(separator)):
                assert re.fullmatch(pattern, block), (column, block)
                offset = gkg_offset(column, block)
                assert offset is None or 0 <= offset < len(extraction.document.text)
    every = "\t".join(rows)
    for count_type in ("KILL", "WOUND", "AFFECT"):
        assert re.search(rf"(?:^|[\t;]){count_type}#\d+#", every)


def test_gkg_row_of_a_web_document_and_an_undated_one(extractions) -> None:
    """A URL makes the document collection 1 (WEB) with the URL as its identifier and the domain
    as its source name; an unknown publication date is written 0."""
    kursk = by_source(extractions, "kursk_incursion")
    url = "https://www.invented-wire.example/2024/08/13/kursk?ref=rss"
    web = dataclasses.replace(kursk, document=dataclasses.replace(kursk.document, url=url))
    row = dict(zip(GKG_COLUMNS, gkg.gkg_row(web), strict=True))
    assert row["V2SOURCECOLLECTIONIDENTIFIER"] == "1"
    assert row["V2SOURCECOMMONNAME"] == "invented-wire.example"
    assert row["V2DOCUMENTIDENTIFIER"] == url

    document = dataclasses.replace(kursk.document, published=None, title=None)
    undated = dict(
        zip(GKG_COLUMNS, gkg.gkg_row(dataclasses.replace(kursk, document=document)), strict=True)
    )
    assert undated["V2.1DATE"] == "0"
    assert undated["GKGRECORDID"] == f"00000000000000-{kursk.document.id}"
    assert undated["V2DOCUMENTIDENTIFIER"] == "Invented Wire"


def pulled_while_writing(
    items: Iterable[Extraction], out: io.StringIO, log: list[int]
) -> Iterator[Extraction]:
    """Yield the items, noting how much had been written each time the next one was asked for."""
    for item in items:
        log.append(len(out.getvalue()))
        yield item


@pytest.mark.parametrize(
    "write", [write_jsonl, write_csv, write_geojson, write_gkg, write_acled], ids=FORMATS
)
def test_writers_stream_document_by_document(write, extractions) -> None:
    out, log = io.StringIO(), []
    write(pulled_while_writing(extractions, out, log), out)
    assert len(log) == len(extractions)
    assert log[-1] > log[1] > 0  # written before the last documents were even read


def test_store_streams_extractions(store) -> None:
    found = store.iter_extractions(batch_size=2)
    assert inspect.isgenerator(found)
    first = next(found)
    assert first.document.published == "2023-07-12"
    assert len(list(found)) == 15
    assert store.document_links("doc-missing").claims == {}


def test_cli_export_to_a_file(store, db_url, tmp_path) -> None:
    target = tmp_path / "claims.csv"
    result = CliRunner().invoke(
        app, ["export", "--format", "csv", "--db", db_url, "--out", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("doc_id,claim_id,outlet,published,")
    wrong = CliRunner().invoke(app, ["export", "-f", "gkg", "--table", "quotes", "--db", db_url])
    assert wrong.exit_code == 2
    assert "--table applies to csv and geojson" in wrong.output
