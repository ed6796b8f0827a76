"""The REST API (FastAPI): read endpoints over the store, POST /api/ingest, and the dashboard.

``create_app()`` builds the whole application; ``sitroom serve`` runs it with uvicorn. Every
error is JSON ``{"error": {"code", "message"}}`` (HTML for dashboard pages).
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitroom.alerts import active_rules, checked_rule, configured_rules
from sitroom.errors import ConfigError, FetchError, StoreError
from sitroom.store.records import AlertRule
from sitroom.store.repository import Store, open_store
from sitroom.web import pages
from sitroom.web.feeds import alerts_atom
from sitroom.web.ingestion import ingest_request
from sitroom.web.schemas import (
    AlertOut,
    AlertRuleOut,
    ClaimGroupOut,
    ClaimOut,
    DocumentDetail,
    DocumentOut,
    EntityOut,
    ErrorResponse,
    EventCollection,
    EventFeature,
    EventOut,
    IngestRequest,
    IngestResult,
    Page,
    PlaceOut,
    PointGeometry,
    QuoteOut,
    SearchHitOut,
    StatsOut,
)
from sitroom.web.security import MAX_BODY_BYTES, Access, BodySizeLimit
from sitroom.web.ssrf import IPNetwork, UnsafeURLError, is_public, resolve

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
TRUE_VALUES = {"1", "true", "yes", "on"}
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "invalid_request",
    502: "fetch_failed",
}
#: The dashboard loads nothing from elsewhere and runs no inline script: a stored article that
#: slipped past escaping still could not run code.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]
Text = Annotated[str | None, Query(max_length=200)]
Date = Annotated[str | None, Query(max_length=40, description="ISO date, e.g. 2024-08-13.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": description}
    for code, description in (
        (401, "A bearer token is required"),
        (403, "The token is not valid"),
        (422, "Invalid parameters"),
    )
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Not found"}
}


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"


def create_app(
    store_url: str | None = None,
    token: str | None = None,
    public_read: bool = True,
    allow_private_fetch: bool | Sequence[str] = False,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The API and dashboard over the database at ``store_url`` (default: ``sitroom.db``).

    ``token`` (else env SITROOM_TOKEN) guards POST /api/ingest and, when ``public_read`` is
    False or env SITROOM_READ_TOKEN_REQUIRED is set, every read as well. URLs given to ingest
    are not fetched from private, loopback or link-local addresses unless
    ``allow_private_fetch`` is True, or lists the networks (e.g. "10.1.0.0/16") to allow.
    """
    token = token or os.environ.get("SITROOM_TOKEN") or None
    if os.environ.get("SITROOM_READ_TOKEN_REQUIRED", "").lower() in TRUE_VALUES:
        public_read = False
    access = Access(token=token, public_read=public_read)
    allowed: bool | list[IPNetwork] = (
        True
        if allow_private_fetch is True
        else [ipaddress.ip_network(net) for net in allow_private_fetch or ()]
    )
    rules = configured_rules()  # a broken sitroom.toml stops the server before it starts
    store = open_store(store_url)
    app = FastAPI(
        title="sitroom",
        version="1",
        summary="Sourced, structured, comparable facts from conflict and crisis news.",
        description="Documents, entities, quotes, attributed figures (claims), claim groups, "
        "events and places extracted from news, each with the character span it came from.",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; the dashboard works offline
        redoc_url=None,
    )
    app.state.store = store
    app.state.access = access
    app.state.alert_rules = rules
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.middleware("http")(_security_headers)
    _add_error_handlers(app)
    read = [Depends(_checker(access.check_read)), Depends(_no_nul)]
    app.include_router(_read_router(), prefix="/api", dependencies=read)
    app.include_router(_write_router(allowed, access), prefix="/api")
    app.include_router(pages.router, dependencies=read)
    app.include_router(pages.sign_in_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.router.on_shutdown.append(store.close)
    return app


def _checker(check: Callable[[Request], None]) -> Callable[[Request], None]:
    def dependency(request: Request) -> None:
        check(request)

    return dependency


def _no_nul(request: Request) -> None:
    """A NUL character in the path or a parameter is refused (422) on every backend, rather
    than failing in the PostgreSQL driver, which cannot send one (500)."""
    if "\x00" in request.url.path or any("\x00" in v for v in request.query_params.values()):
        raise HTTPException(422, "NUL characters are not allowed in parameters")


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def get_rules(request: Request) -> list[AlertRule]:
    """The alert rules of the sitroom.toml the server started with."""
    return request.app.state.alert_rules


RulesDep = Annotated[list[AlertRule], Depends(get_rules)]


def _page(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """A page from ``limit + 1`` rows (the extra one only tells that there is a next page)."""
    more = len(rows) > limit
    return {
        "items": [row.to_dict() for row in rows[:limit]],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


def _read_router() -> APIRouter:
    router = APIRouter(responses=ERRORS)

    @router.get("/stats", response_model=StatsOut, tags=["overview"])
    def stats(store: StoreDep) -> dict[str, Any]:
        """Row counts: documents, entities, quotes, claims, events, claim groups, ..."""
        return {"counts": store.stats()}

    @router.get("/documents", response_model=Page[DocumentOut], tags=["documents"])
    def documents(
        store: StoreDep,
        outlet: Text = None,
        since: Date = None,
        until: Date = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Documents, newest first; ``since`` inclusive, ``until`` exclusive."""
        rows = store.documents(
            outlet=outlet, since=since, until=until, limit=limit + 1, offset=offset
        )
        return _page(rows, limit, offset)

    @router.get(
        "/documents/{doc_id}",
        response_model=DocumentDetail,
        responses=NOT_FOUND,
        tags=["documents"],
    )
    def document(store: StoreDep, doc_id: Annotated[str, PathParam(max_length=64)]) -> Any:
        """A document with its full Extraction: entities, places, quotes, claims, times and
        events, each with its character span into ``extraction.document.text``."""
        try:
            extraction = store.extraction(doc_id)
        except StoreError:
            raise HTTPException(404, f"no document {doc_id!r}") from None
        return {"extraction": extraction, "canonical_entities": store.canonical_ids(doc_id)}

    @router.get("/entities", response_model=Page[EntityOut], tags=["entities"])
    def entities(
        store: StoreDep,
        kind: Annotated[
            str | None, Query(max_length=16, description="PERSON, ORG, FORCE, GPE, LOC, NORP")
        ] = None,
        name: Annotated[
            str | None, Query(max_length=200, description="Any name or spelling variant.")
        ] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Cross-document entities (most documents first) with every spelling and title."""
        rows = store.entities(kind=kind, name=name, limit=limit + 1, offset=offset)
        return _page(rows, limit, offset)

    @router.get(
        "/entities/{entity_id}", response_model=EntityOut, responses=NOT_FOUND, tags=["entities"]
    )
    def entity(store: StoreDep, entity_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)]) -> Any:
        """One cross-document entity."""
        found = store.entities(canonical_id=entity_id, limit=1)
        if not found:
            raise HTTPException(404, f"no entity {entity_id}")
        return found[0].to_dict()

    @router.get("/quotes", response_model=Page[QuoteOut], tags=["quotes"])
    def quotes(
        store: StoreDep,
        speaker: Annotated[str | None, Query(max_length=200, description="Any name.")] = None,
        text: Text = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Quotes, newest first."""
        rows = store.quotes(speaker=speaker, text=text, limit=limit + 1, offset=offset)
        return _page(rows, limit, offset)

    @router.get("/claims", response_model=Page[ClaimOut], tags=["claims"])
    def claims(
        store: StoreDep,
        measure: Annotated[
            str | None, Query(max_length=48, description="killed, displaced, ...")
        ] = None,
        place: Text = None,
        claimant: Text = None,
        since: Date = None,
        contested: bool | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Attributed figures, newest first (exact duplicate documents left out)."""
        rows = store.claims(
            measure=measure,
            place=place,
            claimant=claimant,
            since=since,
            contested=contested,
            limit=limit + 1,
            offset=offset,
        )
        return _page(rows, limit, offset)

    @router.get("/claim-groups", response_model=Page[ClaimGroupOut], tags=["claims"])
    def claim_groups(
        store: StoreDep,
        measure: Annotated[
            str | None, Query(max_length=48, description="A measure or a family (territory).")
        ] = None,
        place: Text = None,
        contested: bool | None = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """The figures sources give for one measure, place and time window, with verdicts
        (agree, contradict, update, related); contested groups first."""
        rows = store.claim_groups(
            measure=measure, place=place, contested=contested, limit=limit + 1, offset=offset
        )
        return _page(rows, limit, offset)

    @router.get("/events", response_model=Page[EventOut], tags=["events"])
    def events(
        store: StoreDep,
        type: Annotated[str | None, Query(max_length=48, description="battle, strike, ...")] = None,
        place: Text = None,
        since: Date = None,
        until: Date = None,
        located: bool | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Events, newest first, with their place's coordinates when resolved."""
        rows = store.events(
            event_type=type,
            place=place,
            since=since,
            until=until,
            located=located,
            limit=limit + 1,
            offset=offset,
        )
        return _page(rows, limit, offset)

    @router.get(
        "/events.geojson",
        response_model=EventCollection,
        response_class=GeoJSONResponse,
        tags=["events"],
    )
    def events_geojson(
        store: StoreDep,
        type: Annotated[str | None, Query(max_length=48)] = None,
        place: Text = None,
        since: Date = None,
        until: Date = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
    ) -> Any:
        """Events with coordinates as a GeoJSON FeatureCollection (one Point per event)."""
        rows = store.events(
            event_type=type, place=place, since=since, until=until, located=True, limit=limit
        )
        features = [
            EventFeature(
                id=f"{row.doc_id}/{row.id}",
                geometry=PointGeometry(coordinates=(row.lon, row.lat)),
                properties={k: v for k, v in row.to_dict().items() if k not in ("lat", "lon")},
            )
            for row in rows
            if row.lat is not None and row.lon is not None
        ]
        return EventCollection(features=features)

    @router.get("/places", response_model=Page[PlaceOut], tags=["places"])
    def places(
        store: StoreDep,
        name: Text = None,
        country: Annotated[str | None, Query(max_length=8, description="ISO code, e.g. UA")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Places named in the documents, the most documents first."""
        rows = store.places(name=name, country=country, limit=limit + 1, offset=offset)
        return _page(rows, limit, offset)

    @router.get("/alerts", response_model=Page[AlertOut], tags=["alerts"])
    def alerts(
        store: StoreDep,
        rule: Text = None,
        since: Date = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Alerts the rules raised as documents arrived, newest first."""
        rows = store.alerts(rule=rule, since=since, limit=limit + 1, offset=offset)
        return _page(rows, limit, offset)

    @router.get(
        "/alerts.atom",
        response_class=Response,
        responses={200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}}}},
        tags=["alerts"],
    )
    def alerts_feed(request: Request, store: StoreDep, rule: Text = None) -> Response:
        """The latest 100 alerts as an Atom feed, for a feed reader."""
        base = str(request.base_url).rstrip("/")
        body = alerts_atom(store.alerts(rule=rule, limit=100), base)
        return Response(body, media_type="application/atom+xml")

    @router.get("/alert-rules", response_model=list[AlertRuleOut], tags=["alerts"])
    def alert_rules(store: StoreDep, configured: RulesDep) -> list[dict[str, Any]]:
        """The rules: those of sitroom.toml, then those made through the API."""
        return [rule.to_dict() for rule in active_rules(store, configured)]

    @router.get("/search", response_model=Page[SearchHitOut], tags=["search"])
    def search(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find.")],
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Documents and quotes containing every word (any word form), newest first."""
        return _page(store.search(q, limit=limit + 1, offset=offset), limit, offset)

    return router


def _write_router(allowed: bool | list[IPNetwork], access: Access) -> APIRouter:
    router = APIRouter(
        responses={
            **ERRORS,
            400: {"model": ErrorResponse, "description": "The URL may not be fetched"},
            413: {"model": ErrorResponse, "description": "The body is too large"},
            502: {"model": ErrorResponse, "description": "The URL could not be fetched"},
        },
        dependencies=[Depends(_checker(access.check_write))],
    )

    @router.post(
        "/alert-rules",
        response_model=AlertRuleOut,
        status_code=201,
        responses={409: {"model": ErrorResponse, "description": "A rule of that name exists"}},
        tags=["alerts"],
    )
    def add_alert_rule(store: StoreDep, configured: RulesDep, body: AlertRuleOut) -> Any:
        """Add an alert rule (needs the bearer token); checked as documents arrive."""
        try:
            rule = checked_rule(body.model_dump(), "alert rule")
        except ConfigError as exc:
            raise HTTPException(422, exc.message) from None
        if any(existing.name == rule.name for existing in configured):
            raise HTTPException(409, f"sitroom.toml has an alert rule named {rule.name!r}")
        if rule.webhook and not _may_post_to(rule.webhook, allowed):
            raise HTTPException(400, "the webhook is on a private, loopback or link-local address")
        try:
            store.save_alert_rule(rule)
        except StoreError as exc:
            raise HTTPException(409, exc.message) from None
        return rule.to_dict()

    @router.delete("/alert-rules/{name}", status_code=204, responses=NOT_FOUND, tags=["alerts"])
    def delete_alert_rule(
        store: StoreDep, name: Annotated[str, PathParam(max_length=120)]
    ) -> Response:
        """Remove an alert rule made through the API (needs the bearer token); its alerts
        stay."""
        if not store.delete_alert_rule(name):
            raise HTTPException(404, f"no alert rule {name!r} made through the API")
        return Response(status_code=204)

    @router.post("/ingest", response_model=IngestResult, tags=["ingest"])
    async def ingest(store: StoreDep, configured: RulesDep, body: IngestRequest) -> Any:
        """Extract and store one text, one URL (an article page or a feed) or a batch of
        texts. Needs the bearer token. Documents already stored are skipped; non-English
        ones are rejected (listed in ``rejected``)."""
        try:
            return await run_in_threadpool(ingest_request, store, body, allowed, configured)
        except UnsafeURLError as exc:
            raise HTTPException(400, exc.message) from None
        except FetchError as exc:
            raise HTTPException(502, f"cannot fetch the URL: {exc.message}") from None

    return router


def _may_post_to(url: str, allowed: bool | list[IPNetwork]) -> bool:
    """Whether the server may POST alerts to ``url``: as for fetching (``--allow-private-fetch``),
    a rule made through the API may not make it send to private or loopback addresses."""
    if allowed is True:
        return True
    parts = urlsplit(url)
    try:
        addresses = resolve(parts.hostname or "", parts.port or 443)
    except FetchError:
        return False
    return all(is_public(a) or any(a in network for network in allowed) for a in addresses)


async def _security_headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    code = ERROR_CODES.get(status, "error" if status < 500 else "internal_error")
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith("/api"):
            return pages.error_page(request, exc.status_code, str(exc.detail), exc.headers)
        return _error(exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error.get("loc", ()))
            problems.append(f"{where}: {error.get('msg', 'invalid')}")
        message = "; ".join(problems[:5]) or "invalid request"
        if not request.url.path.startswith("/api"):
            return pages.error_page(request, 422, message)
        return _error(422, message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        logger.exception("error serving %s", request.url.path, exc_info=exc)
        return _error(500, "internal error (see the server log)")
