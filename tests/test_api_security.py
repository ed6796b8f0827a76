"""Hostile callers, on SQLite and PostgreSQL: SQL injection attempts in every filter parameter
of every list endpoint and dashboard page, NUL bytes, LIKE wildcards and oversized values.
Each request answers 200 with the right (here: empty) result or 422, never 500, and the
database is unchanged afterwards. (Tokens, SSRF and the body size limit are in test_api.py.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from sitroom.ingestion import ingest_into
from sitroom.nlp.pipeline import Pipeline
from sitroom.store import open_store
from sitroom.store.schema import metadata
from sitroom.web.api import create_app

TOKEN = "security-test-token"
INJECTIONS = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '" OR "1"="1',
    "'; DROP TABLE documents; --",
    "1; DELETE FROM claims",
    "') UNION SELECT id, text FROM documents --",
    "%",
    "%%",
    "_",
    "%_%",
    "\\",
    "\\%",
    "/%",
    "\u0000",
    "Kursk\u0000' OR 1=1 --",
    "Ку́рскоград' --",  # a Cyrillic name no entity has (Курск folds to Kursk, which some have)
    "*",
    "NEAR(",
]
TOO_LONG = "' OR 1=1 -- " * 400  # past every max_length
#: List endpoint -> its text filter parameters; dates are separate (compared as strings).
TEXT_FILTERS = {
    "/api/documents": ["outlet"],
    "/api/entities": ["kind", "name"],
    "/api/quotes": ["speaker", "text"],
    "/api/claims": ["measure", "place", "claimant"],
    "/api/claim-groups": ["measure", "place"],
    "/api/events": ["type", "place"],
    "/api/events.geojson": ["type", "place"],
    "/api/places": ["name", "country"],
    "/documents": ["outlet"],
    "/claims": ["measure", "place"],
    "/entities": ["kind", "name"],
}
DATE_FILTERS = {
    "/api/documents": ["since", "until"],
    "/api/claims": ["since"],
    "/api/events": ["since", "until"],
    "/api/events.geojson": ["since", "until"],
}
SEARCHES = ["/api/search", "/search"]


def _counts(url: str) -> dict[str, int]:
    with open_store(url) as store, store.engine.connect() as connection:
        return {
            name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for name, table in metadata.tables.items()
        }


@pytest.fixture
def client(db_url: str, pipeline: Pipeline) -> Iterator[TestClient]:
    from test_api import news_corpus  # the Kursk reports and the XSS story

    with open_store(db_url) as store:
        ingest_into(store, news_corpus(), pipeline=pipeline, inputs="tests")
    with TestClient(create_app(db_url, token=TOKEN), raise_server_exceptions=False) as client:
        yield client


def _items(response) -> list:
    body = response.json()
    return body["features"] if "features" in body else body["items"]


def test_injection_in_every_filter_is_harmless(client: TestClient, db_url: str) -> None:
    before = _counts(db_url)
    assert before["documents"] == 4 and before["claims"] > 0
    failures = []
    for path, params in TEXT_FILTERS.items():
        for param in params:
            for payload in [*INJECTIONS, TOO_LONG]:
                response = client.get(path, params={param: payload})
                # short parameters (kind, country, measure) refuse most payloads as too long
                allowed = (422,) if "\u0000" in payload or payload is TOO_LONG else (200, 422)
                status = response.status_code
                if status not in allowed:
                    failures.append((path, param, payload, status))
                elif status == 200 and path.startswith("/api") and _items(response):
                    failures.append((path, param, payload, "matched rows"))  # none holds it
    for path, params in DATE_FILTERS.items():
        for param in params:
            for payload in [*INJECTIONS, TOO_LONG]:
                status = client.get(path, params={param: payload}).status_code
                if status not in (200, 422):
                    failures.append((path, param, payload, status))
    for path in SEARCHES:
        for payload in [*INJECTIONS, TOO_LONG]:
            status = client.get(path, params={"q": payload}).status_code
            if status not in (200, 422):
                failures.append((path, "q", payload, status))
    assert failures == []
    assert _counts(db_url) == before


PATH_INJECTIONS = [
    "/api/documents/' OR 1=1 --",
    "/api/documents/%25",
    "/api/documents/%00",
    "/documents/' OR '1'='1",
    "/documents/%00",
    "/api/entities/1 OR 1=1",
    "/entities/1%20OR%201=1",
]


def test_injection_in_path_parameters(client: TestClient, db_url: str) -> None:
    before = _counts(db_url)
    statuses = {path: client.get(path).status_code for path in PATH_INJECTIONS}
    assert set(statuses.values()) <= {404, 422}, statuses
    assert _counts(db_url) == before


def test_wildcards_are_literal_characters(client: TestClient) -> None:
    """A "%" or "_" in a filter is a character to find: "%" used to match every row."""
    assert _items(client.get("/api/claims", params={"place": "Kursk"}))
    assert _items(client.get("/api/claims", params={"place": "K_rsk"})) == []
    assert _items(client.get("/api/documents", params={"outlet": "Test Wire"}))
    assert _items(client.get("/api/documents", params={"outlet": "Test%"})) == []
    assert _items(client.get("/api/documents", params={"outlet": "test wire"}))  # any case


def test_injection_in_the_ingest_body_is_stored_as_text(client: TestClient, db_url: str) -> None:
    text = (
        "Officials in Odesa said on Friday that 2 people were injured'); DROP TABLE documents; "
        "-- when a drone hit a port warehouse, the regional governor said."
    )
    body = {"text": text, "outlet": "x' OR '1'='1", "title": "%'; DELETE FROM claims; --"}
    response = client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    [stored] = response.json()["documents"]
    extraction = client.get(f"/api/documents/{stored['doc_id']}").json()["extraction"]
    assert extraction["document"]["text"] == text
    assert extraction["document"]["outlet"] == "x' OR '1'='1"
    assert _counts(db_url)["documents"] == 5


def test_a_nul_byte_in_the_ingest_body_is_rejected_not_a_crash(
    client: TestClient, db_url: str
) -> None:
    before = _counts(db_url)
    body = {"text": "Officials said 3 people were killed in Kherson.\u0000 More to follow."}
    response = client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert [r["code"] for r in response.json()["rejected"]] == ["E102"]
    after = _counts(db_url)
    assert after["documents"] == before["documents"]


#: Spellings of non-public addresses beyond those in test_api.py: IPv4-mapped IPv6, decimal and
#: hexadecimal and short IPv4 forms (resolved by the system as browsers do), IPv6 link-local and
#: unique-local, and shared address space (100.64.0.0/10: carrier NAT, some clouds' metadata).
UNSAFE_URLS = [
    "http://[::ffff:127.0.0.1]:9/",
    "http://[::ffff:a9fe:a9fe]/latest/meta-data/",
    "http://2130706433:9/",
    "http://0x7f000001:9/",
    "http://127.1:9/",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://100.100.100.200/latest/meta-data/",
    "http://100.64.0.1/",
]


def test_url_ingestion_refuses_every_spelling_of_a_private_address(tmp_path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'empty.db'}", token=TOKEN)
    with TestClient(app) as client:
        statuses = {
            url: client.post(
                "/api/ingest", json={"url": url}, headers={"Authorization": f"Bearer {TOKEN}"}
            )
            for url in UNSAFE_URLS
        }
    answers = {url: (r.status_code, r.json()["error"]["message"]) for url, r in statuses.items()}
    assert all(status == 400 and "refused" in message for status, message in answers.values()), (
        answers
    )
