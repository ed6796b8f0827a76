"""The dashboard in a real browser: Debian's chromium driven by Playwright, against uvicorn on
127.0.0.1. Skipped when chromium is not installed, except in CI (CI=true), where it fails."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sitroom.nlp.pipeline import Pipeline
from sitroom.web.api import create_app
from sitroom.web.background import running

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright_api.Browser]:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        reason = f"chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[str]:
    from test_api import populate  # the same news-style corpus as the API tests

    db = populate(tmp_path_factory.mktemp("browser") / "news.db", pipeline)
    with running(create_app(db)) as url:
        yield url


@pytest.fixture
def page(browser: playwright_api.Browser) -> Iterator[tuple[playwright_api.Page, list[str]]]:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: playwright_api.ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page, problems
    context.close()


def test_every_page_loads_without_console_errors(base_url: str, page) -> None:
    tab, problems = page
    tab.goto(base_url + "/entities?kind=PERSON")
    entity = tab.locator("table.list a").first.get_attribute("href")
    tab.goto(base_url + "/documents")
    document = tab.locator("table.list a").first.get_attribute("href")
    paths = [
        "/",
        "/claims",
        "/claims?measure=territory&contested=true",
        "/entities",
        entity,
        "/documents",
        document,
        "/search?q=settlements",
    ]
    for path in paths:
        response = tab.goto(base_url + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
        assert tab.locator("h1").first.inner_text().strip(), path
    assert problems == []


def test_a_claims_link_opens_its_sentence(base_url: str, page) -> None:
    tab, problems = page
    tab.goto(base_url + "/claims?contested=true")
    link = tab.locator("a.claim-link").first
    href = link.get_attribute("href")
    assert href and "#c" in href
    claim_id = urlparse(href).fragment
    link.click()
    tab.wait_for_url(f"**{href}")
    target = tab.locator(f"[id='{claim_id}']")
    assert "current" in (target.get_attribute("class") or "")
    assert target.is_visible() and _in_viewport(tab, claim_id)
    doc_id = urlparse(href).path.rsplit("/", 1)[-1]
    claims = tab.request.get(f"{base_url}/api/documents/{doc_id}").json()["extraction"]["claims"]
    expected = next(c for c in claims if c["id"] == claim_id)["text"]
    assert target.inner_text() == expected
    assert problems == []


def test_the_xss_story_renders_as_text(base_url: str, page) -> None:
    tab, problems = page
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.goto(base_url + "/documents?outlet=Test+Wire")
    tab.locator("table.list a").first.click()
    tab.wait_for_load_state("networkidle")
    text = tab.locator(".article .text").inner_text()
    assert "<script>alert('xss')</script>" in text
    assert '<img src=x onerror="alert(1)">' in text
    assert "<script>alert('title')</script>" in tab.locator("h1").inner_text()
    assert tab.locator(".article img").count() == 0
    assert dialogs == [] and problems == []


def _in_viewport(tab: playwright_api.Page, element_id: str) -> bool:
    return tab.evaluate(
        """id => { const r = document.getElementById(id).getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        element_id,
    )


@pytest.fixture(scope="module")
def timeline_url(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[str]:
    """A month of reports from one town, with a rule that raised an alert on its last week."""
    from sitroom.ingestion import ingest_into
    from sitroom.store import open_store
    from test_alerts import BASELINE, RISE, SURGE

    url = f"sqlite:///{tmp_path_factory.mktemp('timeline') / 'news.db'}"
    with open_store(url) as store:
        store.save_alert_rule(RISE)
        ingest_into(store, BASELINE, pipeline=pipeline)
        assert ingest_into(store, SURGE, pipeline=pipeline).alerts
    with running(create_app(url)) as base:
        yield base


def test_the_map_plays_a_week_at_a_time_and_an_alert_opens(
    timeline_url: str, page, tmp_path: Path
) -> None:
    """The overview: borders drawn, the player shows one week on the map and the timeline;
    then the Alerts page and the figures the alert is about."""
    tab, problems = page
    tab.set_viewport_size({"width": 1280, "height": 1000})
    tab.goto(timeline_url + "/", wait_until="networkidle")
    assert tab.locator(".map path.land").count() > 0
    marks = tab.locator(".map a.when")
    total = marks.count()
    assert total >= 3
    tab.screenshot(path=str(tmp_path / "overview.png"), full_page=True)

    tab.locator(".player .play").click()  # from the first day, a day at a time
    tab.wait_for_function(
        "() => document.querySelector('.player .when-label').textContent.includes('on the map')"
    )
    tab.wait_for_timeout(1500)
    label = tab.locator(".player .when-label").inner_text()
    first, last = label.split(" (")[0].split(" – ")
    assert (date.fromisoformat(last) - date.fromisoformat(first)).days == 6  # one week
    hidden = tab.locator(".map a.when.off").count()
    assert 0 < hidden < total or "(1 on the map)" in label or "(0 on the map)" in label
    assert tab.locator(".timeline rect.bar.off").count() > 0
    tab.screenshot(path=str(tmp_path / "overview-playing.png"), full_page=True)
    tab.locator(".player .show-all").click()
    assert tab.locator(".map a.when.off").count() == 0

    tab.locator("nav a", has_text="Alerts").click()
    tab.wait_for_load_state("networkidle")
    row = tab.locator("table.alerts tbody tr").first
    assert "People killed in Pokrovsk rose to 9" in row.inner_text()
    tab.screenshot(path=str(tmp_path / "alerts.png"), full_page=True)
    row.locator("a", has_text="figures").click()
    tab.wait_for_load_state("networkidle")
    assert "7 people" in tab.locator("main").inner_text()  # the week's toll, side by side
    assert problems == []
