"""The ``sitroom_times`` component: temporal expressions normalised against the publication date.

Candidates come from the rule grammar in :mod:`sitroom.nlp.timex_rules` (run over the text,
not a blind library search: a search reads "We" as Wednesday). The spaCy parse is used only to
reject false candidates (a "year" that the NER calls a number) and to read the tense of the
clause ("will meet on Tuesday" looks forward, "met on Tuesday" back). Each mention is resolved
against the publication date (``doc._.sitroom_document.published``) or, for anaphoric
expressions ("the day before", "a year earlier"), against the last time the text referred to.

Results: ``doc._.sitroom_times``, a list of :class:`sitroom.model.TimeRef` in text order with
ids ``t1``, ``t2``, ...
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.model import TimeRef
from sitroom.nlp.doctext import doc_text
from sitroom.nlp.syntax import DEP
from sitroom.nlp.timex_rules import (
    Candidate,
    Context,
    Norm,
    find_candidates,
    normalise,
    parse_value,
    words,
)

if not Doc.has_extension("sitroom_times"):
    Doc.set_extension("sitroom_times", default=None)
if not Doc.has_extension("sitroom_document"):
    Doc.set_extension("sitroom_document", default=None)

#: NER labels that mean a four-digit number is a quantity, not a year.
NOT_A_YEAR = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})


def parse_anchor(published: str | None) -> date | None:
    """The publication date (an ISO date or datetime string), or None if absent or invalid."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def is_future(span: Span | None) -> bool:
    """True when the clause governing the span looks forward: future tense ("will meet",
    "'ll", "going to"), a planning verb ("planned a rally on Saturday", "is scheduled to meet
    Tuesday"), "is to" + verb, or a bound such as "as soon as Tuesday" / "until Friday". The
    cues are the tense words of the document's language (lang/<code>/times.toml)."""
    if span is None:
        return False
    doc = span.doc
    w = words(doc.lang_)
    before = doc[max(0, span.start - 3) : span.start].text.lower()
    if before.endswith(w.forward_bounds):
        return True
    token = _governing_verb(span)
    if token.lemma_ in w.plan_verbs:
        return True
    if (
        token.tag_ == "VB"
        and token.dep_ in DEP.open_complement
        and token.head.lemma_ in w.future_verbs
    ):
        return True
    copula = token.head.lemma_ in w.future_copulas
    if token.tag_ == "VB" and token.dep_ in DEP.open_complement and copula:
        return True  # "is to resume trading Tuesday"
    for child in [token, *token.children]:
        if child.dep_ in DEP.auxiliary and child.lower_ in w.future_aux:
            return True
        for verb, particle in w.future_phrases:  # "going to"
            if child.lower_ == verb and any(c.lower_ == particle for c in child.children):
                return True
    return False


def _governing_verb(span: Span) -> Token:
    """The verb of the clause a time expression modifies (at most four heads up)."""
    token = span.root
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    return token


def _span(doc: Doc, cand: Candidate) -> Span | None:
    return doc.char_span(cand.start, cand.end, alignment_mode="expand")


def keep_candidate(cand: Candidate, span: Span | None) -> bool:
    """Reject candidates the parse contradicts."""
    if span is None:
        return True
    if cand.rule == "year":
        return not any(t.ent_type_ in NOT_A_YEAR for t in span)
    not_durations = words(span.doc.lang_).not_durations
    return not (cand.rule == "duration" and cand.match.group(0).lower() in not_durations)


def find_times(doc: Doc, anchor: date | None) -> list[TimeRef]:
    """All temporal expressions of ``doc``, normalised, in text order."""
    anchor_text = anchor.isoformat() if anchor else None
    times: list[TimeRef] = []
    reference: Norm | None = None
    last_of_grain: dict[str, Norm] = {}
    lang = doc.lang_
    for cand in find_candidates(doc_text(doc), lang=lang):
        span = _span(doc, cand)
        if not keep_candidate(cand, span):
            continue
        ctx = Context(anchor, reference, is_future(span), dict(last_of_grain), lang)
        norm = normalise(cand, ctx)
        text = doc_text(doc)[cand.start : cand.end]
        times.append(
            TimeRef(
                id=f"t{len(times) + 1}",
                text=text,
                span=(cand.start, cand.end),
                value=norm.value if norm else None,
                precision=norm.precision if norm else None,
                anchor=anchor_text if norm and norm.anchored else None,
                kind=norm.kind if norm else "date",
            )
        )
        if norm is not None and _is_reference(cand, norm):
            reference = norm
            parsed = parse_value(norm.value)
            if parsed:
                last_of_grain[parsed[1]] = norm
    return times


def _is_reference(cand: Candidate, norm: Norm) -> bool:
    """Whether a mention sets the time later anaphoric expressions count from. Offsets ("a
    year earlier") do not, or "a year earlier ... a year earlier" would drift."""
    return (
        norm.kind in ("date", "relative", "time")
        and norm.precision is not None
        and cand.rule not in ("offset", "the_quarter", "same_period")
    )


class TimesComponent:
    """spaCy component storing ``doc._.sitroom_times``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        document = doc._.sitroom_document
        anchor = parse_anchor(getattr(document, "published", None))
        doc._.sitroom_times = find_times(doc, anchor)
        return doc


@Language.factory("sitroom_times")
def make_times(nlp: Language, name: str) -> TimesComponent:
    return TimesComponent(nlp, name)


def times_nlp() -> Language:
    """The spaCy model with only what the times component needs (used by the evaluation)."""
    from sitroom.nlp.pipeline import load_model
    from sitroom.nlp.pipeline_config import PipelineConfig

    nlp = load_model(PipelineConfig.load().model)
    nlp.add_pipe("sitroom_times", after="ner")
    return nlp
