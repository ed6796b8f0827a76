"""The article reader's text: every extracted span highlighted, built as escaped HTML.

The text between span boundaries is escaped segment by segment; markup comes only from here.
Spans that cross each other are made to nest by splitting the less important one (a time that
runs into a claim is cut at the claim's edge), so that claims and quotes always stay whole: the
element ``id="c3"`` holds exactly the text of claim c3.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from sitroom.model import Extraction, Mention
from sitroom.report import attribution, figure, repeat_note
from sitroom.store.search import query_terms, term_pattern

#: Kinds in order of importance: a more important span is never split by a less important one.
KINDS = ("claim", "quote", "time", "place", "entity", "event")


@dataclass
class Span:
    start: int
    end: int
    kind: str
    title: str
    id: str | None = None  # only on the span that an anchor (#c3) should find
    data: dict[str, str] = field(default_factory=dict)

    @property
    def rank(self) -> int:
        return KINDS.index(self.kind)


def spans_of(extraction: Extraction) -> list[Span]:
    """Every highlightable span of an extraction, with what hovering over it should show."""
    names = {item.id: item.name for item in (*extraction.entities, *extraction.places)}
    spans: list[Span] = []
    for claim in extraction.claims:
        who = attribution(claim.claimant_name or "the outlet", claim.claimant_kind, claim.relay)
        about = " · ".join(
            part
            for part in (
                f"{claim.measure}: {figure(claim)}{repeat_note(claim.repeat_of)}",
                claim.subject and f"of {claim.subject}",
                claim.place and f"in {names.get(claim.place, claim.place)}",
                f"claimed by {who}",
                claim.as_of and f"as of {claim.as_of}",
            )
            if part
        )
        spans.append(Span(*claim.span, "claim", about, id=claim.id))
    for quote in extraction.quotes:
        speaker = names.get(quote.speaker or "")
        spans.append(
            Span(
                *quote.span,
                "quote",
                f"{quote.kind} quote · {speaker or 'unknown speaker'}",
                id=quote.id,
                data={"speaker": speaker} if speaker else {},
            )
        )
    for time in extraction.times:
        title = f"{time.value or '?'}" + (f" ({time.precision})" if time.precision else "")
        spans.append(Span(*time.span, "time", title, id=time.id))
    for place in extraction.places:
        where = ", ".join(p for p in (place.feature, place.admin1, place.country_code) if p)
        title = place.name + (f" · {where}" if where else "")
        if place.lat is not None and place.lon is not None:
            title += f" · {place.lat:.3f}, {place.lon:.3f}"
        spans.extend(_mentions(place.mentions, place.span, "place", title, place.id))
    for entity in extraction.entities:
        title = f"{entity.kind} · {entity.name}"
        if entity.titles:
            title += f" · {', '.join(entity.titles)}"
        if entity.affiliation:
            title += f" · {entity.affiliation}"
        spans.extend(_mentions(entity.mentions, entity.span, "entity", title, entity.id))
    for event in extraction.events:
        if event.trigger:
            kind = event.type + (f"/{event.sub_type}" if event.sub_type else "")
            title = " · ".join(p for p in (f"event: {kind}", event.date, event.place_name) if p)
            spans.append(Span(*event.trigger, "event", title, id=event.id))
    return spans


def _mentions(
    mentions: list[Mention], span: tuple[int, int], kind: str, title: str, item_id: str
) -> list[Span]:
    """One span per mention (the item's own span if it has no mentions); the first mention
    carries the item's id."""
    found = sorted({tuple(m.span) for m in mentions} or {tuple(span)})
    return [
        Span(start, end, kind, title, id=item_id if n == 0 else None)
        for n, (start, end) in enumerate(found)
    ]


def _crosses(a: Span, b: Span) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def nested(spans: list[Span], length: int) -> list[Span]:
    """The spans clipped to the text and split where they cross a more important one, so
    that every pair is either nested or disjoint."""
    accepted: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.rank, s.start, s.end)):
        span.start, span.end = max(0, span.start), min(length, span.end)
        pending = [span]
        while pending:
            piece = pending.pop()
            if piece.start >= piece.end:
                continue
            crossing = next((a for a in accepted if _crosses(a, piece)), None)
            if crossing is None:
                accepted.append(piece)
                continue
            cut = crossing.end if crossing.start < piece.start else crossing.start
            tail = Span(cut, piece.end, piece.kind, piece.title)
            head = Span(piece.start, cut, piece.kind, piece.title, piece.id, piece.data)
            pending.extend((tail, head))
    return accepted


def highlight(text: str, spans: list[Span]) -> Markup:
    """The text as HTML with a ``<span class="hl hl-KIND">`` around every (nested) span."""
    ordered = sorted(nested(spans, len(text)), key=lambda s: (s.start, -s.end, s.rank))
    out: list[str] = []
    stack: list[Span] = []
    position = 0

    def advance(to: int) -> None:
        nonlocal position
        out.append(str(escape(text[position:to])))
        position = to

    def close_until(point: int) -> None:
        while stack and stack[-1].end <= point:
            advance(stack[-1].end)
            out.append("</span>")
            stack.pop()

    for span in ordered:
        close_until(span.start)
        advance(span.start)
        out.append(_open(span))
        stack.append(span)
    close_until(len(text))
    advance(len(text))
    return Markup("".join(out))


def _open(span: Span) -> str:
    attributes = {"class": f"hl hl-{span.kind}", "title": span.title}
    if span.id:
        attributes["id"] = span.id
    attributes.update({f"data-{key}": value for key, value in span.data.items()})
    rendered = " ".join(f'{key}="{escape(value)}"' for key, value in attributes.items())
    return f"<span {rendered}>"


def marked(text: str, query: str) -> Markup:
    """A search hit's snippet, escaped, with the query's words marked (``<mark>``)."""
    pattern = term_pattern(query_terms(query))
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), Markup("<mark>%s</mark>") % match.group()]
        last = match.end()
    return Markup("").join([*pieces, escape(text[last:])])
