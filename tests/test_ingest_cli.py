"""`sitroom ingest`, `watch` and the query commands as a user runs them. (Runs killed with
SIGKILL and started again, on both backends, are in test_crash_safety.py.)"""

from __future__ import annotations

import json
import os
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app

PLACES = ["Kharkiv", "Sumy", "Kherson", "Odesa", "Dnipro", "Pokrovsk", "Kupiansk", "Izium"]


def report(n: int) -> dict:
    place = PLACES[n % len(PLACES)]
    text = (
        f"Russian shelling killed {n + 2} civilians in {place} on Tuesday, the regional "
        f"governor said, in attack number {n} of a long week. Officials in {place} said "
        f"{n * 3 + 1} homes had been damaged and {n + 40} people evacuated."
    )
    return {"id": f"r{n}", "text": text, "outlet": "Wire", "published": "2024-09-10"}


def write_corpus(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps(report(n)) + "\n" for n in range(count)), "utf-8")
    return path


def test_ingest_summarises_and_is_idempotent(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 3)
    (tmp_path / "empty.txt").write_text("   ", "utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    args = ["ingest", str(corpus), str(tmp_path / "empty.txt"), "--db", db]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "3 ingested" in first.output and "1 rejected" in first.output
    assert "empty" in first.output  # the reason is given
    second = runner.invoke(app, args)
    assert "0 ingested" in second.output and "3 already stored" in second.output
    entities = runner.invoke(app, ["entities", "--db", db, "--kind", "GPE", "--json"])
    names = {json.loads(line)["name"] for line in entities.stdout.splitlines()}
    assert {"Kharkiv", "Sumy", "Kherson"} <= names
    found = runner.invoke(app, ["search", "homes damaged", "--db", db, "--json"])
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert sorted(h["doc_id"] for h in hits if h["kind"] == "document") == ["r0", "r1", "r2"]
    claims = runner.invoke(app, ["claims", "--db", db, "--contested"])
    assert claims.exit_code == 0


def test_bad_database_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["claims", "--db", "mysql://x@y/z"])
    assert result.exit_code == 2
    assert "unsupported database" in result.output and "Traceback" not in result.output


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Frontline Wire</title><link>http://127.0.0.1/</link>
<description>test feed</description>
{items}
</channel></rss>
"""
ITEM = """<item><title>{title}</title><link>http://127.0.0.1/{n}</link>
<pubDate>Tue, 10 Sep 2024 08:00:00 GMT</pubDate><description>{text}</description></item>"""


def write_feed(path: Path, count: int) -> None:
    items = "\n".join(
        ITEM.format(title=f"Report {n}", n=n, text=report(n)["text"]) for n in range(count)
    )
    path.write_text(FEED.format(items=items), "utf-8")


class _Handler(SimpleHTTPRequestHandler):
    statuses: list[int]

    def log_message(self, *args: object) -> None:
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        self.statuses.append(code)
        super().send_response(code, message)


@pytest.fixture
def feed_server(tmp_path: Path):
    statuses: list[int] = []
    handler = type("Handler", (_Handler,), {"statuses": statuses})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", statuses
    server.shutdown()
    server.server_close()


def test_watch_polls_feeds_with_conditional_requests(tmp_path: Path, feed_server) -> None:
    base, statuses = feed_server
    feed = tmp_path / "feed.xml"
    write_feed(feed, 2)
    os.utime(feed, (time.time() - 60, time.time() - 60))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test feeds\n{base}/feed.xml\n", "utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    result = runner.invoke(app, ["watch", str(feeds), "--every", "0s", "--times", "2", "--db", db])
    assert result.exit_code == 0, result.output
    assert "poll 1: 2 ingested" in result.output and "poll 2: 0 ingested" in result.output
    assert statuses == [200, 304]  # the second poll sent If-Modified-Since
    write_feed(feed, 3)  # one new item; the file's new mtime changes Last-Modified
    result = runner.invoke(app, ["watch", str(feeds), "--times", "1", "--db", db])
    assert "1 ingested" in result.output and "2 already stored" in result.output
