"""Bad input end to end: `sitroom ingest` over a corpus of broken, hostile and foreign files,
generated here, into a database that already holds documents. Every bad document gets its own
one-line reason, the run goes on, the good documents in the same run are stored, and nothing
stored before is lost or changed. (How each reader classifies its input is in test_ingest.py.)
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.ingest import read_feed
from sitroom.nlp.pipeline import MAX_CHARS
from sitroom.store import open_store
from sitroom.store import schema as t

ARTICLE = (
    "Officials in Kharkiv said on Monday that 3 people were killed when a missile hit a school "
    "in the city centre, the regional governor said. Rescue teams worked through the night."
)
RUSSIAN = (
    "Власти Харькова сообщили, что в понедельник в результате обстрела погибли три человека, "
    "ещё двенадцать получили ранения. Спасатели работали всю ночь."
)
#: Another Russian report, saved in Windows-1251.
RUSSIAN_CP1251 = (
    "Ночью беспилотники атаковали нефтебазу на окраине Белгорода, сообщил губернатор. "
    "По его словам, двое рабочих получили ранения."
)
UKRAINIAN = (
    "Влада Харкова повідомила, що в понеділок унаслідок обстрілу загинули троє людей, ще "
    "дванадцятеро отримали поранення. Рятувальники працювали всю ніч."
)
GERMAN = (
    "Die Behörden in Charkiw teilten am Montag mit, dass bei einem Beschuss drei Menschen "
    "getötet und zwölf weitere verletzt wurden. Rettungskräfte arbeiteten die ganze Nacht."
)
LATIN1 = (
    "The mayor of Liège, François Lefèvre, said on Monday that 4 people were killed when a gas "
    "explosion tore through a café near the station, and 11 were injured."
)
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Broken Wire</title>
<item><title>Sumy shelling</title><pubDate>Someday, 99 Foo 20x4 25:61:00 ZZZ</pubDate>
<description>Officials in Sumy said 4 people were killed by shelling on Tuesday and 9 injured,
the regional military administration said.</description></item>
<item><title>Unclosed<description>Five people were"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Odesa</title><updated>2024-13-45T99:00:00Z</updated>
<content type="html">&lt;p&gt;Officials in Odesa said 2 people were injured when a drone hit
a port warehouse on Friday, the regional governor said.&lt;/p&gt;</content></entry>
</feed>"""
JSONL_LINES = [
    json.dumps({"id": "jl-good", "text": "Officials in Dnipro said 6 people were injured."}),
    "{not json",
    "[1, 2, 3]",
    json.dumps({"text": 5}),
    json.dumps({"text": "   "}),
    json.dumps({"text": "A second good line: police in Lviv detained 12 people.", "id": 7.5}),
    # a NUL escape: PostgreSQL cannot store it, and it used to end the whole run there
    json.dumps({"text": "Officials in Lviv said 3 people were injured.\u0000 More soon."}),
]


def write_corpus(folder: Path) -> dict[str, Path]:
    """The bad-input corpus, one file per case; returns the files by case name."""
    nested = "<div>" * 5000 + f"<p>{ARTICLE}</p>" + "</div>" * 5000
    huge = (ARTICLE + " ") * (10 * 1024 * 1024 // (len(ARTICLE) + 1) + 1)
    cases: dict[str, tuple[str, bytes]] = {
        "empty": ("empty.txt", b""),
        "blank": ("blank.txt", b" \n\t\r\n   \n"),
        "binary": ("binary.txt", bytes(range(256)) * 64),
        "image": ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
        "invalid_utf8": (
            "invalid_utf8.txt",
            ARTICLE.encode() + b" Posted by \xff\xfe\xfa the press office \xc3\x28 today.",
        ),
        "cp1251": ("cp1251.txt", RUSSIAN_CP1251.encode("cp1251")),
        "latin1": ("latin1.txt", LATIN1.encode("latin-1")),
        "huge": ("huge.txt", huge.encode()),
        "nested": ("nested.html", f"<html><body>{nested}</body></html>".encode()),
        "truncated": (
            "truncated.html",
            b"<html><head><title>Strike on Kharkiv</title></head><body><article><p>"
            + ARTICLE.encode()
            + b"</p><p>Emergency services said the search for survivors would go on into the",
        ),
        "rss": ("broken.rss", RSS.encode()),
        "atom": ("dates.atom", ATOM.encode()),
        "not_a_feed": ("garbage.xml", b'<rss version="2.0"><channel><title>T</title></chan'),
        "no_items": ("quiet.rss", b'<rss version="2.0"><channel><title>T</title></channel></rss>'),
        "jsonl": ("bad.jsonl", "\n".join(JSONL_LINES).encode()),
        "russian": ("russian.txt", RUSSIAN.encode()),
        "ukrainian": ("ukrainian.txt", UKRAINIAN.encode()),
        "german": ("german.txt", GERMAN.encode()),
    }
    folder.mkdir(exist_ok=True)
    paths = {}
    for case, (name, data) in cases.items():
        paths[case] = folder / name
        paths[case].write_bytes(data)
    return paths


#: case -> (code, words of the message) for every document the run must reject.
REJECTED = {
    "empty": ("E101", "empty document"),
    "blank": ("E101", "empty document"),
    "binary": ("E102", "binary file"),
    "image": ("E102", "binary file"),
    "huge": ("E108", f"the limit is {MAX_CHARS:,}"),
    "nested": ("E104", "nested too deeply"),
    "not_a_feed": ("E104", "not a readable feed"),
    "no_items": ("E101", "feed has no items"),
    "german": ("E105", "not a language sitroom reads (detected: de; it reads: en, fr, ru, uk)"),
}
#: Rejected parts of files that are otherwise read: source suffix -> code.
REJECTED_PARTS = {
    "broken.rss#item-2": "E101",
    "bad.jsonl:2": "E107",
    "bad.jsonl:3": "E107",
    "bad.jsonl:4": "E107",
    "bad.jsonl:5": "E101",
    "bad.jsonl:6": "E107",
    "bad.jsonl:7": "E102",
}
#: Sources that must be stored (read despite their damage).
STORED = {
    "cp1251.txt",
    "russian.txt",
    "ukrainian.txt",
    "invalid_utf8.txt",
    "latin1.txt",
    "truncated.html",
    "broken.rss#item-1",
    "dates.atom#item-1",
    "bad.jsonl:1",
}


def _snapshot(db_url: str) -> dict[str, str]:
    """Every stored document's extraction JSON, by document id."""
    with open_store(db_url) as store, store.engine.connect() as connection:
        rows = connection.execute(sa.select(t.extractions.c.doc_id, t.extractions.c.json))
        return {row.doc_id: row.json for row in rows}


def test_bad_input_is_reported_per_document_and_loses_nothing(tmp_path: Path, db_url: str) -> None:
    runner = CliRunner()
    seed = tmp_path / "seed.jsonl"
    seed.write_text(
        "".join(
            json.dumps({"id": f"seed-{n}", "text": f"{ARTICLE} Report {n}.", "outlet": "Wire"})
            + "\n"
            for n in range(3)
        ),
        "utf-8",
    )
    first = runner.invoke(app, ["ingest", str(seed), "--db", db_url])
    assert first.exit_code == 0, first.output
    before = _snapshot(db_url)
    assert set(before) == {"seed-0", "seed-1", "seed-2"}

    files = write_corpus(tmp_path / "bad")
    started = time.monotonic()
    result = runner.invoke(app, ["ingest", *map(str, files.values()), "--db", db_url])
    elapsed = time.monotonic() - started
    output = result.output
    assert result.exit_code == 0, output
    assert "Traceback" not in output
    assert elapsed < 120, f"the bad corpus took {elapsed:.0f} s"

    # one line per bad document: "skipped SOURCE: reason [CODE]"
    for case, (code, words) in REJECTED.items():
        line = next((ln for ln in output.splitlines() if f"skipped {files[case]}:" in ln), None)
        assert line is not None, (case, output)
        assert words in line and line.endswith(f"[{code}]"), line
    for part, code in REJECTED_PARTS.items():
        assert any(f"{part}:" in ln and ln.endswith(f"[{code}]") for ln in output.splitlines()), (
            part
        )
    rejections = len(REJECTED) + len(REJECTED_PARTS)
    assert f"{len(STORED)} ingested" in output and f"{rejections} rejected" in output

    after = _snapshot(db_url)
    assert {doc_id: after[doc_id] for doc_id in before} == before  # nothing lost or changed
    assert len(after) == len(before) + len(STORED)
    with open_store(db_url) as store, store.engine.connect() as connection:
        documents = {
            Path(row.source).name: row
            for row in connection.execute(sa.select(t.documents)).all()
            if row.source and not row.id.startswith("seed-")
        }
        stored_rejections = connection.execute(
            sa.select(t.rejections.c.source, t.rejections.c.code)
        ).all()
    assert set(documents) == STORED
    assert len(stored_rejections) == rejections
    assert {code for _, code in stored_rejections} >= {"E101", "E102", "E104", "E105", "E108"}

    # what was read despite the damage was read right
    assert "François Lefèvre" in documents["latin1.txt"].text
    assert documents["invalid_utf8.txt"].text.startswith(ARTICLE)
    assert documents["truncated.html"].title == "Strike on Kharkiv"
    assert "3 people were killed" in documents["truncated.html"].text
    assert documents["broken.rss#item-1"].published is None  # a date that is not one is dropped
    assert documents["dates.atom#item-1"].published is None
    assert "port warehouse" in documents["dates.atom#item-1"].text
    assert documents["cp1251.txt"].text == RUSSIAN_CP1251  # decoded from Windows-1251
    others = {name: row.lang for name, row in documents.items() if row.lang not in ("en", None)}
    assert others == {"cp1251.txt": "ru", "russian.txt": "ru", "ukrainian.txt": "uk"}


def test_a_run_of_only_bad_documents_fails_but_keeps_the_database(
    tmp_path: Path, db_url: str
) -> None:
    runner = CliRunner()
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, "utf-8")
    assert runner.invoke(app, ["ingest", str(good), "--db", db_url]).exit_code == 0
    before = _snapshot(db_url)
    files = write_corpus(tmp_path / "bad")
    bad = [files[case] for case in ("empty", "binary", "german", "blank", "image")]
    result = runner.invoke(app, ["ingest", *map(str, bad), "--db", db_url])
    assert result.exit_code == 1  # nothing usable: the run says so
    assert "0 ingested" in result.output and "5 rejected" in result.output
    assert _snapshot(db_url) == before


@pytest.mark.parametrize("language", ["russian", "ukrainian"])
def test_russian_and_ukrainian_articles_are_read_in_their_language(
    tmp_path: Path, language: str
) -> None:
    """A Russian or Ukrainian article is stored with its language and read by that language's
    pipeline: the town it names is found in the original text (Харькова / Харкова)."""
    files = write_corpus(tmp_path)
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(app, ["ingest", str(files[language]), "--db", db])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        [document] = store.documents()
        assert document.lang == {"russian": "ru", "ukrainian": "uk"}[language]
        extraction = store.extraction(document.id)
    [place] = extraction.places
    assert (place.name, place.country_code) == ("Kharkiv", "UA")
    start, end = place.span
    assert extraction.document.text[start:end] in ("Харькова", "Харкова")


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("2024-02-31", None),  # feedparser alone rolls this over to 2024-03-02
        ("2024-13-45T99:00:00Z", None),
        ("2024-02-29T10:00:00Z", "2024-02-29"),
        ("2024-09-10T23:30:00-05:00", "2024-09-11"),  # UTC, as before
        ("Tue, 31 Feb 2024 08:00:00 GMT", None),
        ("Tue, 10 Sep 2024 08:00:00 GMT", "2024-09-10"),
    ],
)
def test_feed_dates_that_do_not_exist_are_dropped(written: str, published: str | None) -> None:
    feed = (
        '<rss version="2.0"><channel><title>W</title><item><title>T</title>'
        f"<pubDate>{written}</pubDate><description>{ARTICLE}</description></item></channel></rss>"
    )
    [document] = read_feed(feed.encode(), source="feed.rss")
    assert document.published == published


def test_sitroom_components_take_linear_time_on_a_long_article(pipeline) -> None:
    """A 30,000-character article: sitroom's components used to re-read Doc.text (rebuilt by
    spaCy from the tokens on every access) once per quote, claim and time, which made them
    quadratic: 14 s here, and minutes for 100,000 characters. Now under a second."""
    paragraph = (
        'Officials in Kharkiv said on Monday that 3 people were killed. "We will rebuild," the '
        "governor told reporters, adding that at least 12 homes were damaged last week.\n\n"
    )
    text = paragraph * (30_000 // len(paragraph))
    doc = pipeline.nlp.make_doc(text)
    own = 0.0
    for name, component in pipeline.nlp.pipeline:
        started = time.perf_counter()
        doc = component(doc)
        if name.startswith("sitroom_"):
            own += time.perf_counter() - started
    assert len(doc._.sitroom_claims) > 100 and len(doc._.sitroom_quotes) > 100
    assert own < 5, f"sitroom's components took {own:.1f} s"
