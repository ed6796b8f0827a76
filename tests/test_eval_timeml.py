"""TimeML / MEANTIME readers and the TempEval-3 style scorer, on tiny hand-written samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.errors import InputError
from sitroom.evaluate.timeml import (
    GoldDocument,
    GoldTimex,
    SystemTimex,
    TimexScores,
    evaluate,
    read_cat,
    read_corpus,
    read_tml,
    score_document,
)

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>SAMPLE1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-08-13"
 functionInDocument="CREATION_TIME">2024-08-13</TIMEX3></DCT>
<TEXT>
Shelling hit the town <TIMEX3 tid="t1" type="DATE" value="2024-08-12">on Monday</TIMEX3> &amp; again
<TIMEX3 tid="t2" type="DATE" value="2024-08-13TMO">this morning</TIMEX3>, after
<EVENT eid="e1">talks</EVENT> that lasted
<TIMEX3 tid="t3" type="DURATION" value="P29M">more than 29 months</TIMEX3>.
</TEXT>
</TimeML>
"""

CAT = """<?xml version="1.0" ?><Document doc_id="42" doc_name="sample">
<token number="0" sentence="0" t_id="1">Ceasefire</token>
<token number="1" sentence="0" t_id="2">talks</token>
<token number="2" sentence="1" t_id="3">August</token>
<token number="3" sentence="1" t_id="4">13</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2024</token>
<token number="6" sentence="2" t_id="7">Talks</token>
<token number="7" sentence="2" t_id="8">resumed</token>
<token number="8" sentence="2" t_id="9">on</token>
<token number="9" sentence="2" t_id="10">Monday</token>
<token number="10" sentence="2" t_id="11">.</token>
<Markables>
<TIMEX3 m_id="1" type="DATE" value="2024-08-13" functionInDocument="CREATION_TIME">
<token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/>
</TIMEX3>
<TIMEX3 m_id="2" type="DATE" value="2024-08-12" functionInDocument="NONE">
<token_anchor t_id="10"/>
</TIMEX3>
<TIMEX3 m_id="3" type="DATE" value="2024-08-11" functionInDocument="NONE"/>
</Markables>
</Document>
"""


@pytest.fixture
def tml_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.tml"
    path.write_text(TML, encoding="utf-8")
    return path


@pytest.fixture
def cat_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.xml"
    path.write_text(CAT, encoding="utf-8")
    return path


def test_read_tml_spans_values_and_dct(tml_file: Path) -> None:
    doc = read_tml(tml_file)
    assert doc.dct == "2024-08-13"
    assert [t.text for t in doc.timexes] == ["on Monday", "this morning", "more than 29 months"]
    assert [t.value for t in doc.timexes] == ["2024-08-12", "2024-08-13TMO", "P29M"]
    for t in doc.timexes:
        assert doc.text[t.span[0] : t.span[1]] == t.text
    assert "& again" in doc.text  # entities unescaped, offsets still right


def test_read_cat_rebuilds_text_and_ignores_dct(cat_file: Path) -> None:
    doc = read_cat(cat_file)
    assert doc.text == "Ceasefire talks\nAugust 13, 2024\nTalks resumed on Monday."
    assert doc.dct == "2024-08-13"
    assert [(t.text, t.value) for t in doc.timexes] == [("Monday", "2024-08-12")]
    assert doc.ignored == [(16, 31)]  # the dateline; the token-less TIMEX3 is skipped


def test_read_corpus_reads_both_formats_and_limits(tml_file: Path, cat_file: Path) -> None:
    docs = read_corpus(tml_file.parent)
    assert sorted(d.id for d in docs) == ["42", "sample"]
    assert len(read_corpus(tml_file.parent, limit=1)) == 1
    with pytest.raises(InputError):
        read_corpus(tml_file.parent / "missing")


def _doc() -> GoldDocument:
    return GoldDocument(
        id="d",
        text="x" * 100,
        dct="2024-08-13",
        timexes=[
            GoldTimex((10, 20), "", "DATE", "2024-08-12"),
            GoldTimex((30, 40), "", "DATE", "2024-W33"),
            GoldTimex((50, 60), "", "DURATION", "P29M"),
        ],
        ignored=[(90, 100)],
    )


def test_score_strict_relaxed_and_values() -> None:
    system = [
        SystemTimex((10, 20), "2024-08-12"),  # exact, right value
        SystemTimex((28, 40), "2024-W32"),  # overlap, wrong value
        SystemTimex((70, 75), "2024"),  # spurious
        SystemTimex((92, 95), "2024"),  # in an ignored region: not counted
    ]
    s = score_document(_doc(), system)
    assert (s.gold, s.system, s.strict, s.relaxed, s.value_correct) == (3, 3, 1, 2, 1)
    assert s.relaxed_prf == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert s.value_accuracy == pytest.approx(0.5)
    assert s.value_prf[2] == pytest.approx(1 / 3)


def test_alignment_is_one_to_one() -> None:
    system = [SystemTimex((10, 15), "2024-08-12"), SystemTimex((15, 20), "2024-08-12")]
    s = score_document(_doc(), system)
    assert (s.relaxed, s.system) == (1, 2)


def test_evaluate_sums_documents() -> None:
    docs = [_doc(), _doc()]

    def extractor(documents: list[GoldDocument]):  # type: ignore[no-untyped-def]
        for _ in documents:
            yield [SystemTimex((50, 60), "P29M")]

    total = evaluate(docs, extractor)
    assert total == TimexScores(gold=6, system=2, strict=2, relaxed=2, value_correct=2)
