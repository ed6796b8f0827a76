"""The events evaluation: UCDP GED headlines and MEANTIME event mentions, on tiny samples."""

from pathlib import Path

from sitroom.evaluate import events as ev
from sitroom.model import Document
from sitroom.nlp.pipeline import Pipeline

HEADER = (
    "id,source_headline,where_coordinates,latitude,longitude,date_start,date_end,best,low,high\n"
)
ROWS = (
    '1,"Airstrikes on Kharkiv kill 12 civilians",Kharkiv city,49.98,36.25,'
    "2024-05-14,2024-05-14,12,12,14\n"
    '2,"Daily report 14/05/2024",Kyiv city,50.45,30.52,2024-05-14,2024-05-15,3,3,3\n'
)
CAT = """<?xml version="1.0" ?>
<Document doc_id="7" doc_name="sample">
<token number="0" sentence="0" t_id="1">Rebels</token>
<token number="1" sentence="0" t_id="2">attack</token>
<token number="2" sentence="0" t_id="3">town</token>
<token number="3" sentence="1" t_id="4">Rebels</token>
<token number="4" sentence="1" t_id="5">attacked</token>
<token number="5" sentence="1" t_id="6">the</token>
<token number="6" sentence="1" t_id="7">town</token>
<token number="7" sentence="1" t_id="8">and</token>
<token number="8" sentence="1" t_id="9">left</token>
<token number="9" sentence="1" t_id="10">.</token>
<Markables>
<EVENT_MENTION m_id="1"><token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="2"><token_anchor t_id="5"/></EVENT_MENTION>
<EVENT_MENTION m_id="3"><token_anchor t_id="9"/></EVENT_MENTION>
<TIMEX3 m_id="9" functionInDocument="CREATION_TIME" type="DATE" value="2024-05-14"/>
</Markables>
</Document>
"""


def test_read_coded_and_place_names(tmp_path: Path) -> None:
    path = tmp_path / "ged.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    coded = ev.read_coded(path)
    assert [c.event.id for c in coded] == ["1", "2"]
    assert (coded[0].place, coded[0].lat, coded[1].date_end) == (
        "Kharkiv city",
        49.98,
        "2024-05-15",
    )
    assert ev.names_place(coded[0].event.headline, coded[0].place)
    assert not ev.names_place(coded[1].event.headline, coded[1].place)
    assert ev.violent(coded[0].event.headline) and not ev.violent(coded[1].event.headline)
    assert round(ev.km(49.98, 36.25, 50.45, 30.52)) == 411


def test_score_ucdp(tmp_path: Path, pipeline: Pipeline) -> None:
    path = tmp_path / "ged.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    scores = ev.score_ucdp(ev.read_coded(path), pipeline.extract_many)
    assert scores.headlines == 2
    assert (scores.violent.qualifying, scores.violent.hits) == (1, 1)
    assert (scores.deaths.qualifying, scores.deaths.hits) == (1, 1)
    assert (scores.deaths_unique.qualifying, scores.deaths_unique.hits) == (1, 1)
    assert (scores.within_50.qualifying, scores.within_50.hits) == (1, 1)
    assert (scores.date.qualifying, scores.date.hits) == (1, 1)


def test_meantime_reader_and_trigger_scores(tmp_path: Path, pipeline: Pipeline) -> None:
    path = tmp_path / "sample.xml"
    path.write_text(CAT, encoding="utf-8")
    [doc] = ev.read_meantime(tmp_path)
    assert doc.text == "Rebels attack town\nRebels attacked the town and left."
    assert [m.text for m in doc.mentions] == ["attack", "attacked", "left"]
    assert doc.dct == "2024-05-14"
    processed = pipeline.nlp(pipeline.make_doc(Document(text=doc.text, published=doc.dct)))
    typed, baseline = ev.score_meantime([doc], iter([processed]))
    assert (typed.gold, typed.matched) == (3, typed.system)
    assert typed.matched >= 1
    assert baseline.matched >= typed.matched
