"""The dashboard: server-rendered pages (Jinja2, autoescaped) over the same Store as the API.

Overview, claims board, entities, article reader, documents, search and alerts. Nothing loads from
elsewhere: maps and timelines are inline SVG computed in :mod:`sitroom.web.charts`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from sitroom.alerts import active_rules
from sitroom.errors import StoreError
from sitroom.model import Extraction
from sitroom.nlp.lang import language_name
from sitroom.report import attribution, figure, place_words, repeat_note
from sitroom.store.repository import Store
from sitroom.user_dates import DateError, parse_user_date
from sitroom.web.board import board
from sitroom.web.charts import day_of, document_range, event_map, timeline
from sitroom.web.highlight import highlight, marked, spans_of
from sitroom.web.security import TOKEN_COOKIE

TEMPLATES = Path(__file__).parent / "templates"
#: How many rows the overview's charts read (a bigger corpus shows its latest part).
CHART_ROWS = 5000
#: The entity page reads at most this many of the entity's documents.
ENTITY_DOCUMENTS = 60

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True)
_env.filters["figure"] = figure
_env.filters["place"] = place_words
_env.filters["attribution"] = attribution
_env.filters["repeat_note"] = repeat_note
_env.filters["marked"] = marked
_env.filters["language"] = language_name
templates = Jinja2Templates(env=_env)
router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
#: The sign-in page: outside ``router``, whose pages need the token it asks for.
sign_in_router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]
Text = Annotated[str | None, Query(max_length=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def render(
    request: Request, template: str, /, status_code: int = 200, **context: Any
) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    response = render(request, "error.html", status, status=status, message=message)
    response.headers.update(headers or {})
    return response


@router.get("/")
def overview(
    request: Request, store: StoreDep, since: Text = None, until: Text = None
) -> HTMLResponse:
    """Counts, the timeline and the map of events and claims, over the dates the user picks
    (``since`` inclusive, ``until`` exclusive; any unambiguous form)."""
    try:
        since, until = (parse_user_date(v) if v else None for v in (since, until))
    except DateError as exc:
        return error_page(request, 400, exc.message)
    events = store.events(since=since, until=until, limit=CHART_ROWS)
    claims = [
        c
        for c in store.claims(since=since, limit=CHART_ROWS)
        if until is None or (c.as_of or c.published or "") < until
    ]
    per_day: dict[str, Counter] = {"events": Counter(), "claims": Counter()}
    for event in events:
        if day := day_of(event.date, event.published):
            per_day["events"][day] += 1
    for claim in claims:
        if day := day_of(claim.as_of, claim.published):
            per_day["claims"][day] += 1
    within = document_range(day_of(row.published) for row in [*events, *claims])
    return render(
        request,
        "overview.html",
        counts=store.stats(),
        timeline=timeline(per_day, within=within),
        map=event_map(events, within=within),
        contested=store.claim_groups(contested=True, limit=8),
        documents=store.documents(limit=6),
        since=since or "",
        until=until or "",
    )


@router.get("/claims")
def claims_board(
    request: Request,
    store: StoreDep,
    measure: Text = None,
    place: Text = None,
    contested: bool | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    page = 10
    groups = store.claim_groups(
        measure=measure or None,
        place=place or None,
        contested=contested,
        limit=page + 1,
        offset=offset,
    )
    measures = sorted({group.measure for group in store.claim_groups(limit=200)})
    return render(
        request,
        "claims.html",
        boards=[board(group) for group in groups[:page]],
        measures=measures,
        measure=measure or "",
        place=place or "",
        contested=contested,
        offset=offset,
        page=page,
        next_offset=offset + page if len(groups) > page else None,
    )


@router.get("/entities")
def entity_list(
    request: Request,
    store: StoreDep,
    name: Text = None,
    kind: Annotated[str | None, Query(max_length=16)] = None,
    offset: Offset = 0,
) -> HTMLResponse:
    page = 50
    rows = store.entities(name=name or None, kind=kind or None, limit=page + 1, offset=offset)
    return render(
        request,
        "entities.html",
        entities=rows[:page],
        name=name or "",
        kind=kind or "",
        offset=offset,
        page=page,
        next_offset=offset + page if len(rows) > page else None,
    )


@router.get("/entities/{entity_id}")
def entity_page(request: Request, store: StoreDep, entity_id: int) -> HTMLResponse:
    found = store.entities(canonical_id=entity_id, limit=1)
    if not found:
        raise HTTPException(404, f"no entity {entity_id}")
    titles, quotes, claims, events = [], [], [], []
    for doc_id, local_id in store.entity_mentions(entity_id)[:ENTITY_DOCUMENTS]:
        extraction = store.extraction(doc_id)
        document = extraction.document
        entity = extraction.entity(local_id)
        where = {"doc": document, "names": _names(extraction)}
        titles.extend({"title": title, **where} for title in entity.titles)
        quotes.extend({"item": q, **where} for q in extraction.quotes if q.speaker == local_id)
        claims.extend({"item": c, **where} for c in extraction.claims if c.claimant == local_id)
        events.extend(
            {"item": e, "role": "actor" if local_id in e.actors else "target", **where}
            for e in extraction.events
            if local_id in e.actors or local_id in e.targets
        )
    return render(
        request,
        "entity.html",
        entity=found[0],
        titles=titles,
        quotes=quotes,
        claims=claims,
        events=events,
    )


@router.get("/documents")
def document_list(
    request: Request, store: StoreDep, outlet: Text = None, offset: Offset = 0
) -> HTMLResponse:
    page = 50
    rows = store.documents(outlet=outlet or None, limit=page + 1, offset=offset)
    return render(
        request,
        "documents.html",
        documents=rows[:page],
        outlet=outlet or "",
        offset=offset,
        page=page,
        next_offset=offset + page if len(rows) > page else None,
    )


@router.get("/alerts")
def alert_list(
    request: Request, store: StoreDep, rule: Text = None, offset: Offset = 0
) -> HTMLResponse:
    page = 50
    rows = store.alerts(rule=rule or None, limit=page + 1, offset=offset)
    configured = request.app.state.alert_rules
    return render(
        request,
        "alerts.html",
        alerts=rows[:page],
        rules=active_rules(store, configured),
        rule=rule or "",
        offset=offset,
        page=page,
        next_offset=offset + page if len(rows) > page else None,
    )


@router.get("/documents/{doc_id}")
def reader(request: Request, store: StoreDep, doc_id: str) -> HTMLResponse:
    try:
        extraction = store.extraction(doc_id)
    except StoreError:
        raise HTTPException(404, f"no document {doc_id!r}") from None
    return render(
        request,
        "reader.html",
        ex=extraction,
        doc=extraction.document,
        html=highlight(extraction.document.text, spans_of(extraction)),
        canonical=store.canonical_ids(doc_id),
        names=_names(extraction),
    )


@router.get("/search")
def search(request: Request, store: StoreDep, q: Text = None, offset: Offset = 0) -> HTMLResponse:
    page = 30
    hits = store.search(q, limit=page + 1, offset=offset) if q else []
    return render(
        request,
        "search.html",
        q=q or "",
        hits=hits[:page],
        offset=offset,
        page=page,
        next_offset=offset + page if len(hits) > page else None,
    )


def _names(extraction: Extraction) -> dict[str, str]:
    """Item id -> name, for entities and places (claims and events refer to them by id)."""
    return {item.id: item.name for item in (*extraction.entities, *extraction.places)}


@sign_in_router.get("/sign-in")
def sign_in_form(request: Request, next: Annotated[str, Query(max_length=500)] = "/") -> Response:
    return render(request, "sign_in.html", next=_local(next), message=None)


@sign_in_router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    """Check the token a person typed and keep it in an HttpOnly, same-site cookie, which
    :class:`~sitroom.web.security.Access` accepts for reading (never for ingesting)."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=4)
    token, next_page = form.get("token", [""])[0], _local(form.get("next", ["/"])[0])
    if not request.app.state.access.valid(token):
        message = "That token is not this server's."
        return render(request, "sign_in.html", 403, next=next_page, message=message)
    response = RedirectResponse(next_page, status_code=303)
    response.set_cookie(
        TOKEN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


def _local(path: str) -> str:
    """A path on this site to go back to, never another site ("//evil.example", "https:...")."""
    return path if path.startswith("/") and not path.startswith(("//", "/\\")) else "/"
