"""The figures on a Doc: what the claim steps read and write.

A claim is built in steps, each a pipeline component that a user's configuration can replace
(a learned measure classifier, say) and each testable on its own with a hand-built Doc:

1. ``sitroom_quantities`` finds amounts: ``doc._.sitroom_quantities`` (nlp/quantities.py);
2. ``sitroom_measures`` chooses which are figures of a measure: one span per figure in
   ``doc.spans["sitroom_figures"]``, labelled with its measure, and ``span._.sitroom_reading``
   (what it counts) (nlp/figure_measures.py);
3. ``sitroom_claimants`` attributes each figure: ``span._.sitroom_source``
   (nlp/claimants.py);
4. ``sitroom_claim_context`` places and dates it: ``span._.sitroom_place`` and
   ``span._.sitroom_as_of`` (nlp/claim_context.py);
5. ``sitroom_claims`` turns the annotated figures into Claim objects with their ids
   (nlp/claims.py).

Span extensions are kept by character offsets, so a later step may change a figure's measure
without losing what the earlier steps wrote: it writes the group anew with the figure's span
relabelled (``Span(doc, figure.start, figure.end, label="casualties")``); a span taken out of
the group is a copy, and setting its label changes nothing on the Doc.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from sitroom.nlp.quantities import Quantity

#: The span group of the figures (``doc.spans[FIGURES]``); a span's label is its measure.
FIGURES = "sitroom_figures"

for _name in ("sitroom_reading", "sitroom_source", "sitroom_place", "sitroom_as_of"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@dataclass(frozen=True)
class Reading:
    """What a figure counts, as the measure step read it (``span._.sitroom_reading``)."""

    #: The amount as found (a fraction already resolved against the number it is part of).
    quantity: Quantity
    #: The sentence the figure stands in, without a trailing paragraph break.
    sentence: Span
    #: The claim's unit: "people" for counted people even when the noun names no unit.
    unit: str | None
    #: The counted noun phrase as written ("Ukrainian soldiers"), or a coordinated figure's.
    measured: str | None
    #: Who or what the figure is about: the counted people, or for territory who holds it.
    subject: str | None
    #: A lone person written with an article ("a child was killed"): an event's victim, no
    #: claim under the claims conventions ("a" is no number).
    lone: bool = False


def figures(doc: Doc) -> list[Span]:
    """The figures of ``doc`` in text order (none when no measure step ran)."""
    return list(doc.spans[FIGURES]) if FIGURES in doc.spans else []


def upstream(doc: Doc, name: str) -> Any:
    """What an upstream component stored on the Doc under ``name``; None when it is not in this
    pipeline (components can be disabled or replaced)."""
    return getattr(doc._, name) if Doc.has_extension(name) else None
