"""Stored XSS in a real browser (Debian's chromium, as in test_dashboard_browser.py): script and
markup payloads in an article's text, title, outlet and in a quote are shown as text on every
page that shows them, and nothing runs. Skipped without chromium, except in CI (CI=true)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sitroom.ingestion import ingest_into
from sitroom.model import Document
from sitroom.nlp.pipeline import Pipeline
from sitroom.store import open_store
from sitroom.web.api import create_app
from sitroom.web.background import running
from test_dashboard_browser import browser, page  # noqa: F401  (the shared browser fixtures)

playwright_api = pytest.importorskip("playwright.sync_api")

QUOTE_PAYLOAD = (
    "<script>alert('quote')</script> We will not be intimidated <img src=x onerror=alert(2)>"
)
TITLE = "<img src=x onerror=alert('title')> Market strike"
OUTLET = "<script>alert('outlet')</script> Wire"
TEXT = (
    "Kharkiv governor Oleh Syniehubov said on Monday that 5 people were killed when a missile "
    f'hit a market. "{QUOTE_PAYLOAD}," Syniehubov told reporters. A banner nearby read '
    "<svg onload=alert('text')></svg> in red letters."
)
#: Evaluated in the page: elements or handlers a payload would have created.
INJECTED = """() => [
    ...document.querySelectorAll('script:not([src]), svg[onload], img[src="x"], [onerror]')
].length"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[dict]:
    url = f"sqlite:///{tmp_path_factory.mktemp('xss') / 'xss.db'}"
    document = Document(
        text=TEXT, title=TITLE, outlet=OUTLET, published="2024-08-19", source="xss-quote"
    )
    with open_store(url) as store:
        ingest_into(store, [document], pipeline=pipeline)
        [speaker] = store.entities(name="Syniehubov")
        [quote] = [q for q in store.quotes() if "intimidated" in q.text]
    with running(create_app(url)) as base:
        yield {"base": base, "doc": document.id, "speaker": speaker.id, "quote": quote.text}


def test_quote_title_outlet_and_text_payloads_stay_inert(site: dict, page) -> None:  # noqa: F811
    tab, problems = page
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert QUOTE_PAYLOAD in site["quote"]
    shown = {}
    for path in [
        f"/documents/{site['doc']}",
        f"/entities/{site['speaker']}",
        "/search?q=intimidated",
        "/documents",
        "/claims",
        "/",
    ]:
        response = tab.goto(site["base"] + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
        assert tab.evaluate(INJECTED) == 0, path
        shown[path] = tab.locator("body").inner_text()
    reader = shown[f"/documents/{site['doc']}"]
    assert QUOTE_PAYLOAD in reader and "<svg onload=alert('text')></svg>" in reader
    assert TITLE in reader
    assert QUOTE_PAYLOAD in shown[f"/entities/{site['speaker']}"]  # the speaker's quotes
    assert "We will not be intimidated" in shown["/search?q=intimidated"]
    assert OUTLET in shown["/documents"]
    assert dialogs == [] and problems == []
