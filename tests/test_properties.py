"""Property-based tests (hypothesis) of the extractors on arbitrary text: news-like words,
figures, hedges, quotation marks, other scripts and control characters, mixed at random.

Whatever the text: no exception, every span inside the text, every claim's interval consistent
with its hedge, and the same output for the same input. The number of examples is bounded and
the run derandomized, so the suite stays fast and reproducible.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitroom.errors import BinaryInputError, EmptyDocumentError
from sitroom.model import Claim, Extraction
from sitroom.nlp.numbers import parse_number
from sitroom.nlp.pipeline import Pipeline

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NUMBER_WORDS = (
    "one two three twelve twenty thirty-five hundred thousand million billion trillion dozen "
    "dozens hundreds thousands tens of a an and half third quarter several few handful mln bn "
    "k m scores"
).split()
NEWS_WORDS = (
    "officials said the governor told reporters killed injured wounded missing displaced "
    "evacuated detained people civilians soldiers troops drones missiles were launched shot "
    "down in Kharkiv Kursk Gaza Sudan El-Fasher Ukraine Russia Israel Hamas on Monday last week "
    "yesterday since February 2024 according to police army ministry spokesman Zelensky "
    "Syrskyi square kilometres km2 miles settlements homes about at least at most more than "
    "fewer than nearly up to between from to roughly over under some almost an estimated"
).split()
PUNCTUATION = [*".,;:!?()-–—/%$€£'\"“”‘’«»„…", "'s", ' "', '" ', "\n\n", "\n", " - "]
OTHER_SCRIPTS = [
    "Київ",
    "Москва",
    "غزة",
    "北京",
    "😀",
    "e\u0301",
    "\u200b",
    "\u202e",
    "\ufeff",
    "ǅ",
    "ß",
    "İ",
]
CONTROLS = ["\x00", "\x07", "\x0b", "\x0c", "\r", "\t", "\u2028", "\u0085", "\x1b[31m"]
FIGURES = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.floats(0, 10**6, allow_nan=False).map(lambda x: f"{x:.1f}"),
    st.tuples(st.integers(1, 99), st.sampled_from(["million", "billion", "k", "M", "bn"])).map(
        lambda pair: f"{pair[0]} {pair[1]}"
    ),
    st.tuples(st.integers(0, 500), st.integers(0, 500)).map(lambda p: f"{p[0]}-{p[1]}"),
    st.just("9" * 400),
)
PIECES = st.one_of(
    st.sampled_from(NEWS_WORDS),
    st.sampled_from(NUMBER_WORDS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(OTHER_SCRIPTS),
    st.sampled_from(CONTROLS),
    FIGURES,
    st.text(max_size=6),
)
NEWS_TEXT = st.lists(PIECES, min_size=1, max_size=60).flatmap(
    lambda pieces: st.lists(
        st.sampled_from([" ", " ", " ", "", "\n"]), min_size=len(pieces), max_size=len(pieces)
    ).map(lambda gaps: "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=True)))
)
HEDGES = ["", "at least ", "about ", "more than ", "up to ", "nearly ", "between 5 and "]
SPEAKERS = ["Officials", "The governor", "Zelensky", "Hamas", "A UN spokesman", "Police", "He"]
NOUNS = ["people", "civilians", "soldiers", "drones", "square kilometres", "homes", "settlements"]
VERBS = ["killed", "injured", "displaced", "shot down", "captured", "detained", "evacuated"]
OPEN_CLOSE = [('"', '"'), ("“", "”"), ("«", "»"), ("'", "'"), ("„", "“"), ('"', "")]
CLAUSE = st.builds(
    "{} said {}{} {} were {} in {} {}".format,
    st.sampled_from(SPEAKERS),
    st.sampled_from(HEDGES),
    FIGURES | st.sampled_from(NUMBER_WORDS),
    st.sampled_from(NOUNS),
    st.sampled_from(VERBS),
    st.sampled_from(["Kharkiv", "Gaza", "El Fasher", "Kursk", "Київ", ""]),
    st.sampled_from(["on Monday.", "last week.", "since 2022.", "yesterday", "", "\n"]),
)
QUOTED = st.builds(
    lambda marks, clause, cue: f"{marks[0]}{clause}{marks[1]} {cue}",
    st.sampled_from(OPEN_CLOSE),
    CLAUSE,
    st.sampled_from(["he said.", "said the governor.", "", "officials told Reuters."]),
)
#: Sentences shaped like news (so that quotes and claims are found), with noise in between.
NEWS_SENTENCES = st.lists(st.one_of(CLAUSE, QUOTED, PIECES), min_size=1, max_size=12).map(" ".join)
SENTENCE = (
    'Officials in Kharkiv said at least 12 people were killed. "We saw about 1,000 drones," '
    "the governor told reporters on Monday, adding that between 10 and 15 were injured."
)


def spans(extraction: Extraction) -> list[tuple[str, tuple[int, int]]]:
    """Every span in an extraction, named for the assertion message."""
    found = []
    for e in extraction.entities:
        found += [(f"entity {e.id}", e.span), *((f"mention of {e.id}", m.span) for m in e.mentions)]
    for p in extraction.places:
        found += [(f"place {p.id}", p.span), *((f"mention of {p.id}", m.span) for m in p.mentions)]
    for q in extraction.quotes:
        found.append((f"quote {q.id}", q.span))
        if q.speaker_span:
            found.append((f"speaker of {q.id}", q.speaker_span))
    for c in extraction.claims:
        found += [(f"claim {c.id}", c.span), (f"sentence of {c.id}", c.sentence_span)]
    found += [(f"time {tr.id}", tr.span) for tr in extraction.times]
    for ev in extraction.events:
        found.append((f"event {ev.id}", ev.span))
        if ev.trigger:
            found.append((f"trigger of {ev.id}", ev.trigger))
    return found


def check_hedge(claim: Claim) -> None:
    value, low, high = claim.value, claim.low, claim.high
    where = f"{claim.id} {claim.text!r}: {claim.hedge} {value} [{low}, {high}]"
    for number in (value, low, high):
        assert number is None or math.isfinite(number), where
    if claim.hedge == "range":
        # the lower bound as written is the value; "around 10-15" widens the bounds
        assert value is not None and low is not None and high is not None, where
        assert low <= value < high, where
        return
    assert value is not None, where
    if claim.hedge in ("at_least", "more_than"):
        assert low == value and high is None, where
    elif claim.hedge in ("at_most", "less_than"):
        assert high == value and low is None, where
    elif claim.hedge in ("approximately", "nearly"):
        assert low is not None and high is not None and low <= value <= high, where
    else:
        assert claim.hedge == "exactly" and low == high == value, where


def check_extraction(pipeline: Pipeline, text: str) -> None:
    # refused before the pipeline runs: blank text, and NUL (which PostgreSQL cannot store)
    refusal = (
        EmptyDocumentError if not text.strip() else BinaryInputError if "\x00" in text else None
    )
    if refusal is not None:
        with pytest.raises(refusal):
            pipeline.extract(text)
        return
    extraction = pipeline.extract(text, published="2024-08-13")
    assert extraction.document.text == text
    for name, (start, end) in spans(extraction):
        assert 0 <= start <= end <= len(text), (name, start, end, len(text))
    for claim in extraction.claims:
        check_hedge(claim)
        assert text[claim.span[0] : claim.span[1]] == claim.text, claim
        sentence_start, sentence_end = claim.sentence_span
        assert sentence_start <= claim.span[0] and claim.span[1] <= sentence_end, claim
    again = pipeline.extract(text, published="2024-08-13")
    assert again.to_json() == extraction.to_json()


@SETTINGS
@given(text=NEWS_SENTENCES | NEWS_TEXT)
@example(text=SENTENCE)
@example(text="\x00" * 10 + " 12 killed " + "\u2028" * 3)
@example(text="\x07\x1b[31m At least 12 killed\x0b in Gaza " + "\u2028" * 3)
def test_pipeline_on_arbitrary_news_like_text(pipeline: Pipeline, text: str) -> None:
    check_extraction(pipeline, text)


@SETTINGS
@given(text=st.text(min_size=1, max_size=300))
def test_pipeline_on_arbitrary_unicode(pipeline: Pipeline, text: str) -> None:
    check_extraction(pipeline, text)


WORDS = st.lists(
    st.one_of(
        st.sampled_from(NUMBER_WORDS),
        FIGURES,
        st.sampled_from(["-", "‑", "–", "a", "an", "of", "and", "1/0", "0/0", "3/4", "10 000"]),
        st.text(max_size=8),
    ),
    max_size=8,
)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(words=WORDS)
@example(words=["9" * 400])
@example(words=["1/0"])
def test_parse_number_never_fails_and_bounds_its_value(words: list[str]) -> None:
    amount = parse_number(words)
    if amount is None:
        return
    assert all(math.isfinite(x) for x in (amount.value, amount.low, amount.high)), amount
    assert 0 <= amount.low <= amount.value <= amount.high, amount
    assert parse_number(words) == amount


def test_a_number_too_large_for_a_float_is_not_a_number() -> None:
    """Found by the property test: 400 digits parsed to float('inf'), which is not JSON."""
    assert parse_number(["9" * 400]) is None
    assert parse_number(["1" + "0" * 20]).value == 1e20
