"""The claim steps one at a time, each on a Doc built by hand (words, tree and what the steps
before it wrote), and a step taken over by a user's component from a pipeline file."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc, Span

from sitroom.model import Document, Entity, Mention, TimeRef
from sitroom.nlp.claim_context import ClaimContext
from sitroom.nlp.claimants import Attribution, ClaimantReader
from sitroom.nlp.claims import ClaimBuilder
from sitroom.nlp.figure_measures import MeasureReader
from sitroom.nlp.figures import FIGURES, Reading, figures
from sitroom.nlp.pipeline import Pipeline
from sitroom.nlp.pipeline_config import PipelineConfig
from sitroom.nlp.quantities import Quantity

# (text, lemma, pos, tag, dep, head) per word; every word followed by a space but the last two
SAID = [
    ("The", "the", "DET", "DT", "det", 1),
    ("mayor", "mayor", "NOUN", "NN", "nsubj", 2),
    ("said", "say", "VERB", "VBD", "ROOT", 2),
    ("9", "9", "NUM", "CD", "nummod", 4),
    ("residents", "resident", "NOUN", "NNS", "nsubjpass", 6),
    ("were", "be", "AUX", "VBD", "auxpass", 6),
    ("killed", "kill", "VERB", "VBN", "ccomp", 2),
    ("in", "in", "ADP", "IN", "prep", 6),
    ("Sumy", "Sumy", "PROPN", "NNP", "pobj", 7),
    ("on", "on", "ADP", "IN", "prep", 6),
    ("Friday", "Friday", "PROPN", "NNP", "pobj", 9),
    (".", ".", "PUNCT", ".", "punct", 2),
]
COORDINATED = [
    ("Artillery", "artillery", "NOUN", "NN", "nsubj", 1),
    ("killed", "kill", "VERB", "VBD", "ROOT", 1),
    ("6", "6", "NUM", "CD", "nummod", 3),
    ("farmers", "farmer", "NOUN", "NNS", "dobj", 1),
    ("and", "and", "CCONJ", "CC", "cc", 1),
    ("wounded", "wound", "VERB", "VBD", "conj", 1),
    ("15", "15", "NUM", "CD", "dobj", 5),
    (".", ".", "PUNCT", ".", "punct", 1),
]
DISTANCE = [
    ("The", "the", "DET", "DT", "det", 1),
    ("village", "village", "NOUN", "NN", "nsubj", 2),
    ("lies", "lie", "VERB", "VBZ", "ROOT", 2),
    ("15", "15", "NUM", "CD", "nummod", 4),
    ("kilometres", "kilometre", "NOUN", "NNS", "npadvmod", 2),
    ("from", "from", "ADP", "IN", "prep", 2),
    ("the", "the", "DET", "DT", "det", 7),
    ("front", "front", "NOUN", "NN", "pobj", 5),
    (".", ".", "PUNCT", ".", "punct", 2),
]


def hand_built(pipeline: Pipeline, words: list[tuple], **document: str | None) -> Doc:
    """A Doc of ``words`` with its tree, as a parser would leave it, carrying a Document."""
    texts, lemmas, pos, tags, deps, heads = zip(*words, strict=True)
    spaces = [True] * (len(texts) - 2) + [False, False]
    doc = Doc(
        pipeline.nlp.vocab,
        words=list(texts),
        spaces=spaces,
        lemmas=list(lemmas),
        pos=list(pos),
        tags=list(tags),
        deps=list(deps),
        heads=list(heads),
    )
    doc._.sitroom_document = Document(text=doc.text, **document)
    return doc


def counted(doc: Doc, start: int, end: int, noun: int | None, unit: str | None) -> Quantity:
    """The amount doc[start:end] as the quantities step writes it (the number its first word)."""
    value = float(doc[start].text)
    return Quantity(
        doc[start:end], doc[start : start + 1], value, value, value, "exactly", unit,
        doc[noun] if noun is not None else None,
    )  # fmt: skip


def figure(doc: Doc, quantity: Quantity, measure: str, *, lone: bool = False) -> Span:
    """A figure as the measure step writes it."""
    span = Span(doc, quantity.span.start, quantity.span.end, label=measure)
    sentence = doc[0 : len(doc)]
    measured = quantity.noun.text if quantity.noun is not None else None
    span._.sitroom_reading = Reading(quantity, sentence, "people", measured, measured, lone)
    return span


@pytest.fixture
def said(pipeline: Pipeline) -> Doc:
    return hand_built(pipeline, SAID, outlet="Sumy Post", published="2025-05-17")


def test_measure_step_labels_figures_and_shares_a_coordinated_noun(pipeline: Pipeline) -> None:
    doc = hand_built(pipeline, COORDINATED, outlet="Field Wire")
    doc._.sitroom_quantities = [counted(doc, 2, 4, 3, "people"), counted(doc, 6, 7, None, None)]
    MeasureReader()(doc)
    found = figures(doc)
    assert [(f.text, f.label_) for f in found] == [("6 farmers", "killed"), ("15", "injured")]
    wounded = found[1]._.sitroom_reading
    assert (wounded.measured, wounded.unit, wounded.lone) == ("farmers", "people", False)
    assert found[1]._.sitroom_source is None  # the claimant step has not run


def test_measure_step_leaves_an_amount_of_no_measure_out(pipeline: Pipeline) -> None:
    doc = hand_built(pipeline, DISTANCE)
    doc._.sitroom_quantities = [counted(doc, 3, 5, 4, "km")]  # a distance counts nobody
    MeasureReader()(doc)
    assert figures(doc) == []


def test_claimant_step_reads_the_reporting_verb(said: Doc) -> None:
    said.spans[FIGURES] = [figure(said, counted(said, 3, 5, 4, "people"), "killed")]
    ClaimantReader()(said)
    source = figures(said)[0]._.sitroom_source
    assert (source.name, source.kind, source.relay) == ("the mayor", "person", None)


def test_claimant_step_relays_a_forwarded_post(pipeline: Pipeline) -> None:
    doc = hand_built(pipeline, COORDINATED, outlet="Channel B", forwarded_from="Channel A")
    doc.spans[FIGURES] = [figure(doc, counted(doc, 2, 4, 3, "people"), "killed")]
    ClaimantReader()(doc)
    source = figures(doc)[0]._.sitroom_source
    assert (source.name, source.kind, source.relay) == ("Channel B", "outlet", "Channel A")


def test_context_step_places_and_dates_from_the_sentence(said: Doc) -> None:
    sumy = said.text.index("Sumy")
    friday = said.text.index("Friday")
    said._.sitroom_entities = [
        Entity("e1", "Sumy", "GPE", (sumy, sumy + 4), [Mention("Sumy", (sumy, sumy + 4))])
    ]
    said._.sitroom_times = [TimeRef("t1", "Friday", (friday, friday + 6), "2025-05-16")]
    said.spans[FIGURES] = [figure(said, counted(said, 3, 5, 4, "people"), "killed")]
    ClaimContext()(said)
    found = figures(said)[0]
    assert (found._.sitroom_place, found._.sitroom_as_of) == ("Sumy", "2025-05-16")


def test_context_step_falls_back_to_the_publication_date(said: Doc) -> None:
    said.spans[FIGURES] = [figure(said, counted(said, 3, 5, 4, "people"), "killed")]
    ClaimContext()(said)
    found = figures(said)[0]
    assert (found._.sitroom_place, found._.sitroom_as_of) == (None, "2025-05-17")


def test_claim_builder_numbers_claims_and_keeps_lone_victims_apart(said: Doc) -> None:
    residents = counted(said, 3, 5, 4, "people")
    mayor = said[0:2]  # "The mayor" as a lone person: a victim for the events step
    lone = Quantity(mayor, mayor[:1], 1.0, 1.0, 1.0, "exactly", "people", said[1])
    said.spans[FIGURES] = [
        figure(said, lone, "killed", lone=True),
        figure(said, residents, "killed"),
    ]
    figures(said)[1]._.sitroom_source = Attribution("the mayor", "person")
    figures(said)[1]._.sitroom_place = "Sumy"
    ClaimBuilder()(said)
    [claim] = said._.sitroom_claims
    assert (claim.id, claim.measure, claim.value, claim.text) == ("c1", "killed", 9, "9 residents")
    assert (claim.claimant_name, claim.claimant_kind) == ("the mayor", "person")
    assert claim.place == "Sumy"
    assert claim.span == (said.text.index("9"), said.text.index("9") + len("9 residents"))
    assert [(v.id, v.text) for v in said._.sitroom_lone_victims] == [("v1", "The mayor")]


def test_claim_builder_gives_an_unattributed_figure_to_the_outlet(said: Doc) -> None:
    said.spans[FIGURES] = [figure(said, counted(said, 3, 5, 4, "people"), "killed")]
    ClaimBuilder()(said)
    [claim] = said._.sitroom_claims
    assert (claim.claimant_name, claim.claimant_kind) == ("Sumy Post", "outlet")


#: A stand-in for a learned measure classifier: it relabels figures after the rule step, and
#: what the other steps write about each figure stays with it.
RELABEL = """
from spacy.language import Language
from spacy.tokens import Span

from sitroom.nlp.figures import FIGURES, figures


@Language.component("deaths_as_casualties")
def deaths_as_casualties(doc):
    doc.spans[FIGURES] = [
        Span(doc, f.start, f.end, label="casualties" if f.label_ == "killed" else f.label_)
        for f in figures(doc)
    ]
    return doc
"""


def test_a_users_component_takes_over_the_measure_of_figures(tmp_path: Path) -> None:
    (tmp_path / "relabel.py").write_text(RELABEL, encoding="utf-8")
    (tmp_path / "relabel.toml").write_text(
        'extends = "en"\nimports = ["relabel.py"]\n\n'
        '[[components]]\nname = "deaths_as_casualties"\nafter = "sitroom_measures"\n',
        encoding="utf-8",
    )
    text = "Russian shelling killed four civilians in Kherson, the regional governor said."
    extraction = Pipeline(PipelineConfig.load(tmp_path / "relabel.toml")).extract(text)
    [claim] = extraction.claims
    assert (claim.measure, claim.value, claim.place) == ("casualties", 4, "Kherson")
    assert claim.claimant_name == "the regional governor"
