"""The REST API against a real SQLite database holding news-style articles: reads, errors,
tokens, the body size limit, SSRF refusals, escaping on the dashboard, and the OpenAPI schema
(checked by schemathesis)."""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from sitroom.examples import example_documents
from sitroom.ingestion import ingest_into
from sitroom.model import Document, Extraction
from sitroom.nlp.pipeline import Pipeline
from sitroom.store import records
from sitroom.store.repository import open_store
from sitroom.web import schemas
from sitroom.web.api import create_app

TOKEN = "s3cret-test-token"
#: Three reports of the Kursk incursion that disagree about the territory held (a contested
#: claim group), and one story whose text and title carry HTML and script payloads.
KURSK = ("kursk_incursion", "kursk_followup", "kursk_moscow_view")
XSS_TITLE = "<script>alert('title')</script> Strike report"
XSS_TEXT = (
    "Officials in Kharkiv said on Monday that at least 12 people were killed when a missile hit "
    "an apartment block. A post shared online read <script>alert('xss')</script> and another "
    'showed <img src=x onerror="alert(1)"> before it was removed, the regional governor said.'
)


def news_corpus() -> list[Document]:
    kursk = [doc for doc in example_documents() if doc.source.split("/")[-1][:-4] in KURSK]
    xss = Document(
        text=XSS_TEXT, title=XSS_TITLE, outlet="Test Wire", published="2024-08-16", source="xss"
    )
    return [*kursk, xss]


def populate(path: Path, pipeline: Pipeline) -> str:
    """A SQLite database at ``path`` holding :func:`news_corpus`; returns its URL."""
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        ingest_into(store, news_corpus(), pipeline=pipeline, inputs="tests")
    return url


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> str:
    return populate(tmp_path_factory.mktemp("api") / "news.db", pipeline)


@pytest.fixture(scope="module")
def app(db_url: str) -> FastAPI:
    return create_app(db_url, token=TOKEN)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def xss_id(client: TestClient) -> str:
    hits = client.get("/api/documents", params={"outlet": "Test Wire"}).json()["items"]
    return hits[0]["id"]


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# Reading --------------------------------------------------------------------------------


def test_documents_are_paginated(client: TestClient) -> None:
    first = client.get("/api/documents", params={"limit": 3}).json()
    assert [first["limit"], first["offset"], first["next_offset"]] == [3, 0, 3]
    rest = client.get("/api/documents", params={"limit": 3, "offset": 3}).json()
    assert rest["next_offset"] is None
    ids = [d["id"] for d in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 4


def test_documents_filter_by_date(client: TestClient) -> None:
    items = client.get("/api/documents", params={"since": "2024-08-15"}).json()["items"]
    assert {d["published"] for d in items} == {"2024-08-15", "2024-08-16"}


def test_document_has_its_full_extraction_with_spans(client: TestClient) -> None:
    doc_id = client.get("/api/claims", params={"measure": "territory_area"}).json()["items"][0]
    detail = client.get(f"/api/documents/{doc_id['doc_id']}").json()
    extraction = detail["extraction"]
    text = extraction["document"]["text"]
    assert extraction["schema"] == "sitroom/1"
    assert extraction["claims"] and extraction["entities"] and extraction["quotes"]
    for claim in extraction["claims"]:
        start, end = claim["span"]
        assert text[start:end] == claim["text"]
    linked = detail["canonical_entities"]
    assert set(linked) <= {entity["id"] for entity in extraction["entities"]}


def test_entities_by_any_spelling_with_variants_and_titles(client: TestClient) -> None:
    found = client.get("/api/entities", params={"name": "Syrsky"}).json()["items"]
    syrskyi = next(e for e in found if e["kind"] == "PERSON")
    assert syrskyi["name"].startswith("Oleksandr")
    assert syrskyi["titles"]
    assert client.get(f"/api/entities/{syrskyi['id']}").json() == syrskyi


def test_quotes_by_speaker(client: TestClient) -> None:
    quotes = client.get("/api/quotes", params={"speaker": "Smirnov"}).json()["items"]
    assert quotes and all(q["speaker"] and "Smirnov" in q["speaker"] for q in quotes)


def test_claims_filter_and_contested(client: TestClient) -> None:
    killed = client.get("/api/claims", params={"measure": "killed"}).json()["items"]
    assert killed and {c["measure"] for c in killed} == {"killed"}
    contested = client.get("/api/claims", params={"contested": True}).json()["items"]
    assert contested and all(c["contested"] for c in contested)
    # a contested claim names its group and the claims it contradicts
    first = contested[0]
    assert isinstance(first["group_id"], int)
    assert any(v["verdict"] == "contradict" for c in contested for v in c["verdicts"])
    assert all(set(v) == {"with", "verdict"} and "#" in v["with"] for v in first["verdicts"])


def test_claim_groups_contested_first_with_verdicts(client: TestClient) -> None:
    groups = client.get("/api/claim-groups").json()["items"]
    assert groups[0]["contested"]
    flags = [g["contested"] for g in groups]
    assert flags == sorted(flags, reverse=True)
    verdicts = {m["verdict"] for g in groups for m in g["members"]}
    assert "contradict" in verdicts
    pairs = [v for m in groups[0]["members"] for v in m["verdicts"]]
    assert pairs and all(set(v) == {"with", "verdict"} for v in pairs)


def test_events_json_and_geojson(client: TestClient) -> None:
    events = client.get("/api/events", params={"limit": 500}).json()["items"]
    assert events and all(e["type"] for e in events)
    response = client.get("/api/events.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    located = [e for e in events if e["lat"] is not None]
    assert len(collection["features"]) == len(located) > 0
    feature = collection["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_places_and_search(client: TestClient) -> None:
    places = client.get("/api/places", params={"name": "Kursk"}).json()["items"]
    assert places and places[0]["lat"] is not None
    hits = client.get("/api/search", params={"q": "settlements"}).json()["items"]
    assert hits and all("settlement" in h["snippet"].lower() for h in hits)


def test_stats(client: TestClient) -> None:
    counts = client.get("/api/stats").json()["counts"]
    assert counts["documents"] == 4 and counts["claims"] > 0


# Errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/documents/doc-missing", 404, "not_found"),
        ("/api/entities/99999", 404, "not_found"),
        ("/api/nowhere", 404, "not_found"),
        ("/api/documents?limit=0", 422, "invalid_request"),
        ("/api/search", 422, "invalid_request"),
        ("/api/entities/not-a-number", 422, "invalid_request"),
    ],
)
def test_errors_are_json(client: TestClient, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


def test_dashboard_errors_are_pages(client: TestClient) -> None:
    response = client.get("/documents/doc-missing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


# Tokens ---------------------------------------------------------------------------------


def test_ingest_needs_the_token(client: TestClient) -> None:
    body = {"text": "Officials said 3 people were killed in Odesa on Friday."}
    missing = client.post("/api/ingest", json=body)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"]["code"] == "unauthorized"
    wrong = client.post("/api/ingest", json=body, headers=auth("nope"))
    assert wrong.status_code == 403
    assert wrong.json()["error"]["code"] == "forbidden"


def test_ingest_is_off_without_a_configured_token(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SITROOM_TOKEN", raising=False)
    with TestClient(create_app(db_url)) as client:
        response = client.post("/api/ingest", json={"text": "x"}, headers=auth())
    assert response.status_code == 403
    assert "SITROOM_TOKEN" in response.json()["error"]["message"]


def test_token_from_the_environment(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITROOM_TOKEN", "from-env")
    with TestClient(create_app(db_url)) as client:
        response = client.post("/api/ingest", json={"bad": 1}, headers=auth("from-env"))
    assert response.status_code == 422  # past the token check


def test_ingest_text_and_batch(tmp_path: Path) -> None:
    """Extraction runs with the shared default pipeline, loaded on the first request."""
    with TestClient(create_app(f"sqlite:///{tmp_path / 'new.db'}", token=TOKEN)) as client:
        text = {
            "text": "Ukraine's air force said it shot down 20 of 25 drones launched overnight, "
            "and officials said 2 people were injured in Odesa.",
            "outlet": "Test Wire",
            "published": "2024-09-01",
            "title": "Night attack",
        }
        stored = client.post("/api/ingest", json=text, headers=auth())
        assert stored.status_code == 200, stored.text
        result = stored.json()
        assert result["ingested"] == 1 and result["documents"][0]["status"] == "stored"
        doc_id = result["documents"][0]["doc_id"]
        again = client.post("/api/ingest", json=text, headers=auth()).json()
        assert again["skipped"] == 1
        batch = {
            "documents": [
                {"text": "Police detained 40 protesters in the capital, a rights group said."},
                {"text": "Die Polizei nahm am Samstag in der Hauptstadt vierzig Menschen fest."},
            ]
        }
        report = client.post("/api/ingest", json=batch, headers=auth()).json()
        assert report["ingested"] == 1
        assert [r["code"] for r in report["rejected"]] == ["E105"]  # a language not read
        extraction = client.get(f"/api/documents/{doc_id}").json()["extraction"]
        assert extraction["document"]["title"] == "Night attack"


def test_read_can_require_the_token(db_url: str) -> None:
    with TestClient(create_app(db_url, token=TOKEN, public_read=False)) as client:
        assert client.get("/api/stats").status_code == 401
        assert client.get("/api/stats", headers=auth("wrong")).status_code == 403
        assert client.get("/api/stats", headers=auth()).status_code == 200
        assert client.get("/").status_code == 401
        assert client.get("/", headers=auth()).status_code == 200


def test_a_browser_signs_in_to_read_but_never_ingests_with_the_cookie(db_url: str) -> None:
    with TestClient(create_app(db_url, token=TOKEN, public_read=False)) as client:
        locked = client.get("/claims")
        assert locked.status_code == 401 and 'href="/sign-in?next=/claims"' in locked.text
        assert client.get("/sign-in?next=/claims").status_code == 200
        form = {"token": "wrong", "next": "/claims"}
        refused = client.post("/sign-in", data=form, follow_redirects=False)
        assert refused.status_code == 403 and "sitroom_token" not in refused.headers.get(
            "set-cookie", ""
        )
        form["token"] = TOKEN
        signed = client.post("/sign-in", data=form, follow_redirects=False)
        assert signed.status_code == 303 and signed.headers["location"] == "/claims"
        cookie = signed.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        # the client now holds the cookie: pages and API reads pass, ingestion does not
        assert client.get("/claims").status_code == 200
        assert client.get("/api/stats").status_code == 200
        assert client.post("/api/ingest", json={"text": "x"}).status_code == 401
        # the page to go back to is always on this site
        for elsewhere in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
            form["next"] = elsewhere
            sent = client.post("/sign-in", data=form, follow_redirects=False)
            assert sent.headers["location"] == "/"


def test_read_token_required_by_environment(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITROOM_READ_TOKEN_REQUIRED", "1")
    with TestClient(create_app(db_url, token=TOKEN)) as client:
        assert client.get("/api/claims").status_code == 401


# Size limit -----------------------------------------------------------------------------


def test_oversized_body_is_refused(client: TestClient) -> None:
    body = b'{"text": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    response = client.post(
        "/api/ingest", content=body, headers={**auth(), "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_oversized_chunked_body_is_refused(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(40):
            yield b"a" * 65536
        yield b'"}'

    response = client.post(
        "/api/ingest", content=chunks(), headers={**auth(), "Content-Type": "application/json"}
    )
    assert response.status_code == 413


# SSRF -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/article",
        "http://localhost:9/article",
        "http://[::1]:9/article",
        "http://10.0.0.7/article",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0:9/",
    ],
)
def test_private_urls_are_refused(client: TestClient, url: str) -> None:
    response = client.post("/api/ingest", json={"url": url}, headers=auth())
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "bad_request"
    assert "refused" in response.json()["error"]["message"]


def test_only_http_urls(client: TestClient) -> None:
    for url in ("file:///etc/passwd", "/etc/passwd", "gopher://example.org/"):
        response = client.post("/api/ingest", json={"url": url}, headers=auth())
        assert response.status_code == 422


ARTICLE = (
    b"Officials in Sumy said on Tuesday that 4 people were killed and 9 injured when a drone "
    b"struck a market in the centre of the city, the regional governor said."
)


class _Handler(BaseHTTPRequestHandler):
    """/article is an article; /to-* redirect to addresses the API must not fetch from."""

    REDIRECTS: ClassVar[dict[str, str]] = {
        "/to-loopback": "http://127.0.0.2:{port}/article",
        "/to-private": "http://10.1.2.3/article",
        "/to-metadata": "http://169.254.169.254/latest/meta-data/",
    }

    def do_GET(self) -> None:
        if self.path == "/article":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(ARTICLE)))
            self.end_headers()
            self.wfile.write(ARTICLE)
            return
        target = self.REDIRECTS.get(self.path)
        if target is None:
            self.send_error(404)
            return
        self.send_response(302)
        self.send_header("Location", target.format(port=self.server.server_address[1]))
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def news_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def loopback_allowed(db_url: str) -> Iterator[TestClient]:
    """An API allowed to fetch from 127.0.0.1 only, where the test server runs."""
    app = create_app(db_url, token=TOKEN, allow_private_fetch=["127.0.0.1/32"])
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("path", ["/to-loopback", "/to-private", "/to-metadata"])
def test_redirects_to_private_addresses_are_refused(
    loopback_allowed: TestClient, news_server: str, path: str
) -> None:
    response = loopback_allowed.post(
        "/api/ingest", json={"url": news_server + path}, headers=auth()
    )
    assert response.status_code == 400, response.text
    assert "refused" in response.json()["error"]["message"]


def test_allowed_url_is_fetched_and_ingested(
    loopback_allowed: TestClient, news_server: str
) -> None:
    response = loopback_allowed.post(
        "/api/ingest",
        json={"url": news_server + "/article", "outlet": "Local Wire", "published": "2024-09-03"},
        headers=auth(),
    )
    assert response.status_code == 200, response.text
    assert response.json()["ingested"] == 1


def test_unreachable_url_is_a_bad_gateway(loopback_allowed: TestClient, news_server: str) -> None:
    response = loopback_allowed.post(
        "/api/ingest", json={"url": news_server + "/missing"}, headers=auth()
    )
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "fetch_failed"


# Escaping -------------------------------------------------------------------------------


def test_article_payloads_render_as_text(client: TestClient, xss_id: str) -> None:
    html = client.get(f"/documents/{xss_id}").text
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Strike report" in html


@pytest.mark.parametrize(
    "path",
    ["/", "/documents", "/search?q=script+alert", "/search?q=<script>alert(1)</script>", "/claims"],
)
def test_no_page_carries_the_payload(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "<script>alert" not in response.text and "<img" not in response.text


def test_pages_forbid_inline_scripts(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


# Claim attribution ----------------------------------------------------------------------


def test_claims_say_who_relayed_them_and_what_they_repeat(
    tmp_path: Path, relayed_claims: Extraction, followup_claims: Extraction
) -> None:
    url = f"sqlite:///{tmp_path / 'shebekino.db'}"
    with open_store(url) as store:
        store.ingest([relayed_claims, followup_claims])
    doc_id = relayed_claims.document.id
    with TestClient(create_app(url)) as client:
        relayed = client.get("/api/claims", params={"claimant": "TASS"}).json()["items"]
        assert [(c["id"], c["claimant"], c["claimant_kind"], c["relay"]) for c in relayed] == [
            ("c1", "Belgorod regional administration", "organisation", "TASS"),
            ("c2", "Belgorod regional administration", "organisation", "TASS"),
        ]
        claims = client.get("/api/claims").json()["items"]
        assert {(c["id"], c["repeat_of"]) for c in claims if c["doc_id"] == doc_id} == {
            ("c1", None), ("c2", None), ("c3", None), ("c4", "c3"), ("c5", None),
        }  # fmt: skip
        full = client.get(f"/api/documents/{doc_id}").json()["extraction"]["claims"]
        assert [(c["claimant_kind"], c["relay"], c["repeat_of"]) for c in full][2:4] == [
            ("person", None, None),
            ("person", None, "c3"),
        ]
        groups = client.get("/api/claim-groups").json()["items"]
        members = {(m["doc_id"], m["claim_id"]): m for g in groups for m in g["members"]}
        toll = members[doc_id, "c1"]
        assert (toll["claimant_kind"], toll["relay"], toll["verdict"]) == (
            "organisation",
            "TASS",
            "contradict",
        )
        assert members[doc_id, "c4"]["repeat_of"] == "c3"

        # people read who says it, through whom, and which figure only repeats another
        reader = client.get(f"/documents/{doc_id}").text
        assert "Belgorod regional administration (organisation, via TASS)" in reader
        assert "Northern Courier (own reporting)" in reader
        assert 'repeat of <a href="#c3">c3</a>' in reader
        assert "claimed by Vyacheslav Gladkov (person)" in reader  # the highlight's title
        board = client.get("/claims").text
        assert "Belgorod regional administration (organisation)</th>" in board
        assert "via TASS · Northern Courier" in board
        assert f'<a href="/documents/{doc_id}#c3">repeat of c3</a>' in board
        overview = client.get("/").text
        assert "Belgorod regional administration (organisation, via TASS)" in overview
        [gladkov] = client.get("/api/entities", params={"name": "Gladkov"}).json()["items"]
        entity = client.get(f"/entities/{gladkov['id']}").text
        assert f'repeat of <a href="/documents/{doc_id}#c3">c3</a>' in entity
        for page in (reader, board, overview, entity):
            assert "organisation, outlet" not in page and "claimant_kind" not in page


# Schema ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "record"),
    [
        (schemas.DocumentOut, records.StoredDocument),
        (schemas.EntityOut, records.CanonicalEntity),
        (schemas.QuoteOut, records.StoredQuote),
        (schemas.ClaimOut, records.StoredClaim),
        (schemas.GroupMemberOut, records.GroupMember),
        (schemas.ClaimGroupOut, records.ClaimGroup),
        (schemas.EventOut, records.StoredEvent),
        (schemas.PlaceOut, records.StoredPlace),
        (schemas.SearchHitOut, records.SearchHit),
        (schemas.AlertOut, records.Alert),
        (schemas.AlertRuleOut, records.AlertRule),
    ],
)
def test_response_models_mirror_the_records(model: type, record: type) -> None:
    assert list(model.model_fields) == [f.name for f in dataclasses.fields(record)]


def test_openapi_documents_every_response(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            status = next(code for code in operation["responses"] if code.startswith("2"))
            if status != "204":  # "no content" has no body to describe
                success = operation["responses"][status]["content"]
                assert next(iter(success.values()))["schema"], (method, path)
            assert "422" in operation["responses"], (method, path)
    components = spec["components"]["schemas"]
    for name in ("ClaimOut", "ClaimGroupOut", "EventOut", "PlaceOut", "DocumentOut"):
        assert components[name].get("examples"), name
    assert "Extraction" in components and "Claim" in components


def test_api_conforms_to_its_schema(app: FastAPI) -> None:
    """Random valid and invalid requests to every operation: no server error, and every
    response (status, content type, body) matches the schema. POST /api/ingest is sent
    without the token (401), so nothing is extracted."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate()

        check()


def test_claims_board_charts_one_measure_of_a_family() -> None:
    """km² and settlements share a territory group, not a chart axis: 28 settlements drawn on
    an axis of 1,150 km² would read as a tiny area."""
    from sitroom.store.records import ClaimGroup, GroupMember
    from sitroom.web.board import board

    def member(claim_id: str, measure: str, value: float, unit: str, day: str) -> GroupMember:
        return GroupMember(
            doc_id=f"doc-{claim_id}", claim_id=claim_id, measure=measure, text=str(value),
            value=value, low=value, high=value, unit=unit, hedge="exactly",
            claimant="Oleksandr Syrskyi", claimant_kind="person", relay=None, outlet="Some Wire",
            published=day, as_of=day, verdict=None, repeat_of=None, sentence="",
        )  # fmt: skip

    members = [
        member("c1", "territory_area", 1000, "km2", "2024-08-12"),
        member("c2", "settlements", 28, "settlements", "2024-08-13"),
        member("c3", "territory_area", 1150, "km2", "2024-08-15"),
    ]
    group = ClaimGroup(
        1, "territory", None, "kursk oblast", "2024-08-12", "2024-08-15", False, members
    )
    shown = board(group)
    assert len(shown.points) == 2 and all("km²" in p.title for p in shown.points)
    assert sum(len(cell) for _, cells in shown.rows for cell in cells) == 3  # the table has all


def test_claims_board_says_how_each_figure_relates_to_the_others(client: TestClient) -> None:
    """The board names each group and, under each figure, its verdict with every other figure
    of its measure in words ("contradicts ...", "updated by ...")."""
    page = client.get("/claims", params={"contested": "true"}).text
    assert re.search(r"group \d+", page)
    assert re.search(
        r'<ul class="relations meta"><li>(contradicts|agrees with|updates|updated by) ', page
    )


def test_claims_board_shows_a_syndicated_sentence_once() -> None:
    from sitroom.store.records import ClaimGroup, GroupMember
    from sitroom.web.board import board

    def member(claim_id: str, outlet: str, value: float) -> GroupMember:
        sentence = f"A strike on the station in Dravnik killed {value:.0f} people."
        return GroupMember(
            doc_id=f"doc-{claim_id}", claim_id=claim_id, measure="killed", text=f"{value:.0f}",
            value=value, low=value, high=value, unit="people", hedge="exactly",
            claimant="Some Wire", claimant_kind="outlet", relay=None, outlet=outlet,
            published="2024-03-01", as_of="2024-03-01", verdict="agree", repeat_of=None,
            sentence=sentence,
        )  # fmt: skip

    copies = [member("c1", "Some Wire", 22), member("c2", "Local Paper", 22)]
    group = ClaimGroup(1, "killed", None, "oblast a", "2024-03-01", "2024-03-01", False, copies)
    assert sum(len(cell) for _, cells in board(group).rows for cell in cells) == 1


def test_search_marks_the_words_it_matched() -> None:
    from sitroom.web.highlight import marked

    shown = str(marked("Drones struck <the> depot; a drone was downed.", "drone <b>"))
    assert shown == (
        "<mark>Drones</mark> struck &lt;the&gt; depot; a <mark>drone</mark> was downed."
    )


def test_the_timeline_has_a_count_axis_and_ignores_dates_far_outside_the_corpus() -> None:
    from collections import Counter
    from datetime import date

    from sitroom.web.charts import document_range, timeline

    published = [date(2024, 8, 12), date(2024, 8, 15)]
    counts = {
        "events": Counter({date(2024, 8, 13): 4, date(2015, 1, 22): 1, date(2031, 5, 1): 1}),
        "claims": Counter({date(2024, 8, 14): 2}),
    }
    shown = timeline(counts, within=document_range(published))
    assert {bar.title.split(":")[0] for bar in shown.bars} == {"2024-08-13", "2024-08-14"}
    assert shown.labels[0][1] == "2024-08-13"  # not squeezed by 2015 or 2031
    assert [text for _, text in shown.y_labels] == ["0", "2", "4"]


def test_the_overview_shows_the_dates_the_user_picks(client: TestClient) -> None:
    whole = client.get("/").text
    narrowed = client.get("/", params={"since": "2024-08-15", "until": "2024-08-16"}).text
    assert 'value="2024-08-15"' in narrowed
    bars = re.compile(r"<title>(\d{4}-\d{2}-\d{2}): ")
    assert set(bars.findall(narrowed)) <= {"2024-08-15"} < set(bars.findall(whole))
    refused = client.get("/", params={"since": "03/04/2024"})
    assert refused.status_code == 400 and "reads two ways" in refused.text
