"""Conflict relevance: sport, entertainment, business, health and accident news make no claims,
no events and no ACLED / GKG rows; conflict news keeps them; a mixed story keeps only its
conflict sentences."""

from __future__ import annotations

import io
from importlib import resources

import pytest
from rich.console import Console

from sitroom.cli.panels import extraction_panel
from sitroom.export.acled import write_acled
from sitroom.export.gkg import write_gkg
from sitroom.model import Document, Extraction
from sitroom.nlp import topics
from sitroom.nlp.pipeline import Pipeline, to_extraction
from sitroom.nlp.relevance import Relevance

FOOTBALL = (
    "Rovers beat City 3-1 at a packed stadium on Saturday to go top of the league. Their "
    "striker shot twice and killed the game off before half-time, and the manager said his "
    "side had won the battle for the title. City's defence was under attack all afternoon, and "
    "a killer blow in the 80th minute sent 30,000 fans home early."
)
FILM = (
    "The film's budget of $75m made it the studio's most expensive movie of the year. The "
    "actress, nominated for an Oscar, said the director shot 300 scenes in 40 days, and the "
    "premiere drew 2,000 fans to the cinema."
)
BUSINESS = (
    "Shares in the carmaker fell 5% after it announced 2,000 job cuts on Tuesday. Analysts "
    "said profits would fall further, and investors fear that sales will slump."
)
FLU = (
    "Flu killed 300 people last winter, health officials said on Monday. The vaccine will be "
    "offered to 2 million patients, and doctors warned of a new outbreak of the disease."
)
CRASH = (
    "Three people died when a lorry crashed into a car on the motorway on Tuesday, police said. "
    "The accident closed the road for six hours."
)
SHELLING = (
    "Russian forces shelled Kharkiv overnight, killing 12 civilians and wounding 40, the "
    "regional governor said. Ukrainian troops repelled an assault near Kupiansk."
)
#: Conflict news with one sentence about a disease toll.
WAR_WITH_COVID = (
    "Russian troops shelled the town of Vovchansk on Sunday, killing 4 soldiers, the army said. "
    "Separately, covid killed 30 people in the region last month, according to health officials "
    "who blamed the new variant of the virus."
)
#: Business news with a conflict sentence: only that sentence's figures count.
OIL = (
    "Oil prices rose 3% on Monday, and shares in energy companies climbed as investors bet on "
    "higher profits. Analysts said the market expected demand to grow, with retail sales and "
    "consumer spending strong and the stock market at a record. Militants ambushed a convoy of "
    "soldiers guarding a pipeline near Kirkuk, killing 4 soldiers, officials said. The central "
    "bank is expected to keep interest rates on hold, economists said, and the currency firmed."
)


def extract(pipeline: Pipeline, text: str) -> Extraction:
    return pipeline.extract(Document(text=text, published="2024-05-14", outlet="Some Wire"))


def relevance(pipeline: Pipeline, text: str) -> Relevance:
    doc = pipeline.nlp(pipeline.make_doc(Document(text=text)))
    return doc._.sitroom_relevance


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (FOOTBALL, "sport"),
        (FILM, "entertainment"),
        (BUSINESS, "business"),
        (FLU, "health"),
        (CRASH, "accident"),
    ],
    ids=["football", "film", "business", "flu", "crash"],
)
def test_other_news_makes_no_claims_or_events(pipeline: Pipeline, text: str, topic: str) -> None:
    judged = relevance(pipeline, text)
    assert (judged.conflict, judged.topic, judged.sentences) == (False, topic, frozenset())
    extraction = extract(pipeline, text)
    assert (extraction.claims, extraction.events) == ([], [])
    assert extraction.entities or extraction.times  # the rest is still extracted


def test_conflict_news_keeps_its_claims_and_events(pipeline: Pipeline) -> None:
    judged = relevance(pipeline, SHELLING)
    assert (judged.conflict, judged.topic) == (True, None)
    extraction = extract(pipeline, SHELLING)
    assert [(c.measure, c.value) for c in extraction.claims] == [("killed", 12), ("injured", 40)]
    assert {"strike", "offensive"} <= {e.type for e in extraction.events}


def test_a_disease_toll_in_war_news_is_no_claim(pipeline: Pipeline) -> None:
    extraction = extract(pipeline, WAR_WITH_COVID)
    assert [(c.measure, c.value) for c in extraction.claims] == [("killed", 4)]
    assert all(e.span[0] < WAR_WITH_COVID.index("Separately") for e in extraction.events)


def test_business_news_keeps_only_its_conflict_sentence(pipeline: Pipeline) -> None:
    judged = relevance(pipeline, OIL)
    assert (judged.conflict, judged.topic) == (False, "business")
    extraction = extract(pipeline, OIL)
    militants = OIL.index("Militants")
    assert [(c.measure, c.value) for c in extraction.claims] == [("killed", 4)]
    assert extraction.events and all(
        militants <= e.span[0] < OIL.index("The central") for e in extraction.events
    )


def test_without_the_component_everything_is_extracted(pipeline: Pipeline) -> None:
    with pipeline.nlp.select_pipes(disable=["sitroom_relevance"]):
        doc = pipeline.nlp(pipeline.make_doc(Document(text=FLU)))
    assert doc._.sitroom_relevance is None
    assert next((c.measure, c.value) for c in to_extraction(doc).claims) == ("killed", 300)


def test_exports_make_no_rows_from_other_news(pipeline: Pipeline) -> None:
    """Judged again from the text: an extraction made without the component (as documents
    stored before it were) makes no ACLED or GKG row either."""
    with pipeline.nlp.select_pipes(disable=["sitroom_relevance"]):
        unjudged = [to_extraction(pipeline.nlp(pipeline.make_doc(Document(text=FOOTBALL))))]
    assert unjudged[0].events  # the "battle" and the "attack" of the old behaviour
    extractions = [extract(pipeline, t) for t in (FOOTBALL, FLU, SHELLING)] + unjudged
    acled, gkg = io.StringIO(), io.StringIO()
    assert write_gkg(extractions, gkg) == 1
    assert write_acled(extractions, acled) >= 1
    shelling_id = extractions[2].document.id
    assert all(shelling_id in line for line in acled.getvalue().splitlines()[1:])
    assert gkg.getvalue().count(shelling_id) == 1


def test_gkg_counts_only_the_conflict_sentence_of_other_news(pipeline: Pipeline) -> None:
    out = io.StringIO()
    assert write_gkg([extract(pipeline, OIL)], out) == 1
    counts = out.getvalue().split("\t")[5]
    assert counts.startswith("KILL#4#soldiers")


def test_table_summary_says_not_conflict_news(pipeline: Pipeline) -> None:
    console = Console(file=io.StringIO(), width=120)
    console.print(extraction_panel(extract(pipeline, FOOTBALL)))
    assert "sport news, not conflict news: no claims or events" in console.file.getvalue()


# ------------------------------------------------------------------- the text-only decision


def test_phrases_win_over_their_words() -> None:
    assert topics.cues("a price war") == {"business": 2.0}
    assert topics.cues("he died of a heart attack") == {"casualty": 0.25, "health": 2.0}
    assert topics.cues("the fire brigade") == {"accident": 2.0}
    assert topics.cues("a war of words") == {}


def test_inflections_and_named_forces() -> None:
    assert topics.cues("troops shelled the town")["conflict"] == 3.0  # troop 2, shell (V) 1
    assert "conflict" not in topics.cues("Shell sold its stake")  # a noun too: no evidence
    assert topics.cues("the IDF said")["conflict"] == topics.FORCE_WEIGHT
    assert "conflict" not in topics.cues("idf")  # acronyms only as written


def test_a_short_text_with_no_evidence_stays_conflict_news() -> None:
    assert topics.document_verdict("Three people were killed in Homs.").conflict
    long_and_quiet = "The council met on Tuesday to discuss the new library. " * 10
    assert topics.document_verdict(long_and_quiet) == topics.Verdict(False, None, False)


def test_casualty_words_alone_never_rescue_a_sentence() -> None:
    scores = topics.cues("The striker killed the game off with a killer shot.")
    assert not topics.sentence_counts(topics.Verdict(False, "sport"), scores)
    assert topics.sentence_counts(topics.Verdict(True), topics.cues("Three people were killed."))


def test_lexicons_are_well_formed() -> None:
    data = resources.files("sitroom.nlp.lang").joinpath("en")
    allowed = {topics.CONFLICT, *topics.OTHER_TOPICS}
    for line in data.joinpath("topics.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, pos, topic, weight = line.split("\t")
            assert pos in ("N", "V", "*", "=") and topic in allowed, line
            assert 0 <= float(weight) <= 2 and word == word.lower(), line
    for line in data.joinpath("event_triggers.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            assert 0 <= float(line.split("\t")[5]) <= 2, line


def test_a_mixed_document_keeps_the_sentences_about_conflict() -> None:
    """Other news as dense in conflict words as war reporting (doctors in a war zone during a
    pandemic) is mixed: a sentence whose conflict words outweigh its others counts there."""
    scores = topics.cues("At least 18 civilian medical staff were killed, he said.")
    assert topics.sentence_counts(topics.Verdict(False, "health", mixed=True), scores)
    assert not topics.sentence_counts(topics.Verdict(False, "health", mixed=False), scores)
