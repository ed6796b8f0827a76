"""The PolNeAR brat reader and the quote scorer, on a tiny brat sample written here."""

from sitroom.evaluate.polnear import (
    gold_items,
    is_direct,
    overlap,
    parse_ann,
    predicted_items,
    read_polnear,
    score,
)
from sitroom.model import Document, Entity, Extraction, Mention, Quote

TEXT = (
    "“The dam will hold,” engineer Anna Lis said.\n\n"
    "Officials said that repairs would take a week.\n"
)
ANN = "\n".join(
    [
        "T1\tContent 0 20\t“The dam will hold,”",
        "T2\tSource 21 38\tengineer Anna Lis",
        "T3\tCue 39 43\tsaid",
        "T4\tAttribution 39 43\tsaid",
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
        "T5\tSource 46 55\tOfficials",
        "T6\tCue 56 60\tsaid",
        "T7\tContent 61 91;61 65\tthat repairs would take a week",
        "T8\tAttribution-no-source 56 60\tsaid",
        "E2\tAttribution-no-source:T8 Content:T7 Cue:T6",
        "",
    ]
)


def write_sample(root):
    split = root / "data" / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir(parents=True)
    (split / "text" / "article-one.txt").write_text(TEXT, encoding="utf-8")
    (split / "attributions" / "article-one_b2.ann").write_text(ANN, encoding="utf-8")
    (split / "attributions" / "article-one_a1.ann").write_text(ANN, encoding="utf-8")


def test_parse_ann_reads_relations_and_discontinuous_spans():
    first, second = parse_ann(ANN)
    assert first.content == ((0, 20),) and first.source == ((21, 38),) and first.cue == ((39, 43),)
    assert second.content == ((61, 91), (61, 65)) and second.source == ()


def test_read_polnear_keeps_the_first_annotator(tmp_path):
    write_sample(tmp_path)
    (document,) = read_polnear(tmp_path)
    assert document.name == "article-one"
    assert len(document.attributions) == 2


def test_is_direct_and_overlap():
    assert is_direct(TEXT, [(0, 20)])
    assert not is_direct(TEXT, [(61, 91)])
    assert overlap(frozenset(range(10)), frozenset(range(5, 25))) == 0.25


def test_score_content_and_speaker(tmp_path):
    write_sample(tmp_path)
    (document,) = read_polnear(tmp_path)
    entity = Entity("e1", "Anna Lis", "PERSON", (30, 38), mentions=[Mention("Anna Lis", (30, 38))])
    extraction = Extraction(
        Document(TEXT),
        entities=[entity],
        quotes=[
            Quote("q1", "“The dam will hold,”", (0, 20), "direct", "e1", (30, 38), "said", 0.95),
            Quote("q2", "repairs would take a week", (66, 91), "indirect", None, (46, 55)),
            Quote("q3", "Officials", (46, 55), "indirect"),
        ],
    )
    assert [p.direct for p in predicted_items(TEXT, extraction)] == [True, False, False]
    assert [g.direct for g in gold_items(document)] == [True, False]
    rows = {(r.subset, r.threshold): r for r in score([document], [extraction])}
    direct = rows[("direct", 0.3)]
    assert (direct.gold, direct.predicted, direct.matched) == (1, 1, 1)
    assert direct.speaker_accuracy == 1.0
    everything = rows[("all", 0.8)]
    assert (everything.gold, everything.predicted, everything.matched) == (2, 3, 2)
    assert everything.speaker_total == 1  # the second relation has no source
    assert round(everything.precision, 3) == 0.667 and everything.recall == 1.0
