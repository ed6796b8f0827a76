"""Screenshots of every dashboard page, for a person to look at.

    python benchmarks/screenshots.py OUT_DIR [--db URL]

Without --db, the example articles are ingested into a fresh SQLite database first, with two
alert rules (contested figures, deaths anywhere). The pages are rendered by Debian's chromium
(/usr/bin/chromium, or $CHROMIUM) through Playwright; no browser is downloaded. Besides one
image per page, ``overview-playing.png`` is the overview with its map played to a week.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from sitroom.examples import example_documents
from sitroom.ingestion import ingest_into
from sitroom.store.records import AlertRule
from sitroom.store.repository import open_store
from sitroom.web.api import create_app
from sitroom.web.background import running

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


def pages(db: str) -> dict[str, str]:
    """Page name -> path: one of each kind, picked from what the database holds."""
    with open_store(db) as store:
        group = store.claim_groups(limit=1)
        person = store.entities(kind="PERSON", limit=1)
        found = {
            "overview": "/",
            "claims": "/claims",
            "entities": "/entities",
            "articles": "/documents",
            "search": "/search?q=drone+attack",
            "alerts": "/alerts",
        }
        if group:
            member = group[0].members[0]
            found["claims-filtered"] = f"/claims?measure={group[0].measure}"
            found["reader"] = f"/documents/{member.doc_id}#{member.claim_id}"
        if person:
            found["entity"] = f"/entities/{person[0].id}"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="Folder for the PNG files.")
    parser.add_argument("--db", help="Database URL (default: the examples, freshly ingested).")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = f"sqlite:///{tmp}/demo.db"
            with open_store(db) as store:
                store.save_alert_rule(AlertRule(name="contested figures", kind="contested"))
                store.save_alert_rule(AlertRule(name="deaths", kind="figure", measure="killed"))
                ingest_into(store, example_documents(), inputs="screenshots")
        app = create_app(db)
        with running(app) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, path in pages(db).items():
                page.goto(base + path, wait_until="networkidle")
                target = args.out / f"{name}.png"
                page.screenshot(path=str(target), full_page=name != "reader")
                print(target)
            page.goto(base + "/", wait_until="networkidle")
            if page.locator(".player .play").count():
                page.locator(".player .when-slider").fill("0")  # the first week
                page.locator(".player .play").click()
                page.wait_for_timeout(2000)  # a few steps of the week on the map
                page.locator(".player .play").click()  # pause
                target = args.out / "overview-playing.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            browser.close()


if __name__ == "__main__":
    main()
