"""The ``sitroom_claims`` component: the figures on the Doc become Claim objects with their ids.

The steps before it read each figure (:mod:`sitroom.nlp.figures`): its measure and what it
counts (``sitroom_measures``), its claimant (``sitroom_claimants``), its place and date
(``sitroom_claim_context``). This module turns the annotated figures into :class:`Claim`
objects numbered in text order (``c1``, ``c2``, ...), points a repeat at its first mention, and
keeps a lone person written with an article ("a child was killed") apart: no claim under the
claims conventions ("a" is no number), but a victim the events component counts
(``doc._.sitroom_lone_victims``).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitroom.model import Claim
from sitroom.nlp.claimants import Attribution
from sitroom.nlp.doctext import doc_text
from sitroom.nlp.figures import Reading, figures, upstream

if not Doc.has_extension("sitroom_claims"):
    Doc.set_extension("sitroom_claims", default=None)
if not Doc.has_extension("sitroom_lone_victims"):
    Doc.set_extension("sitroom_lone_victims", default=None)

#: Id prefix of a lone victim's figure ("a child was killed"): no claim under the claims
#: conventions ("a" is no number), but a victim the events component counts.
LONE_PREFIX = "v"
#: What stands between a figure and its conversion: "$61bn (£49bn)".
_CONVERSION = re.compile(r"\s*[(\[]\s*")


def mark_repeats(claims: list[Claim], text: str) -> list[Claim]:
    """Point each claim that repeats an earlier one of its document (the same figure of the
    same measure by the same claimant, or the same figure converted in brackets right after
    it: "$61bn (£49bn)", "12 square kilometres (4.6 square miles)") at that first mention."""
    first: dict[tuple, str] = {}
    for previous, claim in zip([None, *claims], claims, strict=False):
        if (
            previous is not None
            and previous.measure == claim.measure
            and _CONVERSION.fullmatch(text[previous.span[1] : claim.span[0]])
        ):
            claim.repeat_of = previous.repeat_of or previous.id
            continue
        key = (
            claim.measure,
            claim.value,
            None if claim.unit == "people" else claim.unit,  # "22 people" and a bare "22"
            claim.claimant_kind,
            (claim.claimant_name or "").casefold(),
        )
        if key in first:
            claim.repeat_of = first[key]
        else:
            first[key] = claim.id
    return claims


def claim_of(figure: Span, claim_id: str, outlet: str | None = None) -> Claim:
    """The Claim a figure of the Doc makes, as the steps before annotated it; a figure no
    claimant step attributed is the outlet's own."""
    reading: Reading = figure._.sitroom_reading
    quantity = reading.quantity
    source: Attribution = figure._.sitroom_source or Attribution(outlet)
    return Claim(
        id=claim_id,
        measure=figure.label_,
        text=figure.text,
        span=(figure.start_char, figure.end_char),
        sentence_span=(reading.sentence.start_char, reading.sentence.end_char),
        value=quantity.value,
        low=quantity.low,
        high=quantity.high,
        unit=reading.unit,
        hedge=quantity.hedge,
        measured=reading.measured,
        subject=reading.subject,
        place=figure._.sitroom_place,
        claimant=source.entity,
        claimant_name=source.name,
        claimant_kind=source.kind,
        relay=source.relay,
        quote=source.quote,
        as_of=figure._.sitroom_as_of,
        original_value=quantity.original_value,
        original_unit=quantity.original_unit,
    )


class ClaimBuilder:
    """Writes ``doc._.sitroom_claims`` and ``doc._.sitroom_lone_victims`` (see the module
    docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        document = upstream(doc, "sitroom_document")
        outlet = document.outlet if document is not None else None
        claims: list[Claim] = []
        lone: list[Claim] = []
        for figure in figures(doc):
            if figure._.sitroom_reading.lone:
                lone.append(claim_of(figure, f"{LONE_PREFIX}{len(lone) + 1}", outlet))
            else:
                claims.append(claim_of(figure, f"c{len(claims) + 1}", outlet))
        doc._.sitroom_claims = mark_repeats(claims, doc_text(doc))
        doc._.sitroom_lone_victims = lone
        return doc


@Language.factory(
    "sitroom_claims",
    requires=["span._.sitroom_reading"],
    assigns=["doc._.sitroom_claims", "doc._.sitroom_lone_victims"],
)
def make_claim_builder(nlp: Language, name: str) -> ClaimBuilder:
    return ClaimBuilder()
