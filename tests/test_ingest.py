"""Ingestion: files, directories, feeds, JSONL, stdin and URLs -> Documents; dedup; language."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from sitroom.ingest import (
    Deduplicator,
    Rejected,
    detect_language,
    fragment_to_text,
    read_inputs,
    sniff,
)
from sitroom.model import Document, document_id

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
FEEDS = FIXTURES / "feeds"


def read_all(*inputs: Path | str, **options) -> list[Document | Rejected]:
    return list(read_inputs([str(item) for item in inputs], **options))


def only_document(results: list[Document | Rejected]) -> Document:
    assert len(results) == 1
    assert isinstance(results[0], Document), results[0]
    return results[0]


# --- plain text -----------------------------------------------------------------------------


def test_text_file_is_kept_exactly_and_defaults_fill_missing_fields() -> None:
    path = FIXTURES / "dravnik_report.txt"
    doc = only_document(read_all(path, published="2024-08-13", outlet="Meridian Wire"))
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.text.startswith("Evacuation buses leave Dravnik after overnight shelling\n\n")
    assert doc.text.endswith("His account could not be independently verified.\n")
    assert doc.id == document_id(doc.text)
    assert doc.source == str(path)
    assert (doc.url, doc.title, doc.fetched_at) == (None, None, None)
    assert (doc.published, doc.outlet, doc.lang) == ("2024-08-13", "Meridian Wire", "en")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_mark_is_removed_by_decoding(tmp_path: Path, encoding: str) -> None:
    text = "Curfew in Selvara extended by one week, the district administration said on Tuesday.\n"
    path = tmp_path / "curfew.txt"
    path.write_bytes(text.encode(encoding))
    assert only_document(read_all(path)).text == text


def test_cp1251_russian_is_decoded_and_read_as_russian(tmp_path: Path) -> None:
    text = (
        "Ночью беспилотники атаковали нефтебазу на северной окраине Дравника, сообщила "
        "губернатор Алина Петровская. По её словам, двое рабочих получили ранения.\n"
    )
    path = tmp_path / "dravnik_ru.txt"
    path.write_bytes(text.encode("cp1251"))
    doc = only_document(read_all(path))
    assert (doc.text, doc.lang) == (text, "ru")


def test_a_language_sitroom_does_not_read_is_rejected_naming_those_it_reads(
    tmp_path: Path,
) -> None:
    text = (
        "Die Behörden in Dravnik teilten am Montag mit, dass bei einem nächtlichen Angriff zwei "
        "Arbeiter verletzt wurden. Die Feuerwehr war die ganze Nacht im Einsatz.\n"
    )
    path = tmp_path / "dravnik_de.txt"
    path.write_bytes(text.encode("cp1252"))
    assert read_all(path) == [
        Rejected(
            str(path),
            "E105",
            "not a language sitroom reads (detected: de; it reads: en, fr, ru, uk)",
        )
    ]
    doc = only_document(read_all(path, check_language=False))
    assert (doc.text, doc.lang) == (text, "de")


def test_latin1_english_keeps_accented_names(tmp_path: Path) -> None:
    text = (
        "Mayor José Álvarez and the aid coordinator François Lefèvre said on Thursday that the "
        "convoy had reached the main square of Dravnik. Søren Müller, who leads the Red Crescent "
        "team, said the trucks carried insulin and antibiotics for the town hospital.\n"
    )
    path = tmp_path / "convoy.txt"
    path.write_bytes(text.encode("latin-1"))
    doc = only_document(read_all(path))
    assert (doc.text, doc.lang) == (text, "en")


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", "E101", "empty document"),
        (b" \n\t  \r\n", "E101", "empty document"),
        ("\u3000\n\u00a0\n".encode(), "E101", "empty document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00", "E102", "binary file (not text)"),
    ],
    ids=["empty", "whitespace", "unicode-whitespace", "png"],
)
def test_unusable_files_are_rejected(
    tmp_path: Path, content: bytes, code: str, message: str
) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    assert read_all(path) == [Rejected(str(path), code, message)]


def test_missing_path_is_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-report.txt"
    results = read_all(missing, FIXTURES / "dravnik_report.txt")
    assert results[0] == Rejected(str(missing), "E100", "no such file or directory")
    assert isinstance(results[1], Document)
    assert results[1].source == str(FIXTURES / "dravnik_report.txt")
    assert len(results) == 2


# --- HTML -----------------------------------------------------------------------------------


def test_html_article_keeps_the_story_and_drops_page_clutter() -> None:
    doc = only_document(read_all(FIXTURES / "article.html", outlet="Other Desk"))
    assert doc.text.split("\n") == [
        "Shelling cuts power to Dravnik as evacuation buses leave",
        "DRAVNIK, Aug 13 (Meridian Wire) - Overnight shelling knocked out electricity to most of "
        "Dravnik on Tuesday, regional governor Alina Petrovska said, as the first evacuation buses "
        "left the town's central square carrying about 300 residents.",
        '"At least four people were killed and eleven were wounded when shells hit a residential '
        'block near the railway station," Petrovska told reporters by telephone. The figures '
        "could not be independently verified.",
        "The regional defence ministry said its air defences had intercepted 14 of 19 drones "
        "launched towards the district overnight, and that repair crews would need at least two "
        "days to restore the main substation.",
        "Aid groups said water pumping stations were running on backup generators and that fuel "
        "supplies would last until the end of the week. Colonel Tomas Brenner, a spokesman for "
        "the northern command, said troops were holding positions east of the river.",
    ]
    for clutter in ("cookie", "Subscribe", "Related stories", "Grain corridor", "Copyright"):
        assert clutter not in doc.text
    assert doc.title == "Shelling cuts power to Dravnik as evacuation buses leave"
    assert doc.published == "2024-08-13"
    assert doc.outlet == "Meridian Wire"  # the page names its outlet; the default is not used
    assert doc.url == "https://meridianwire.example/world/dravnik-power-cut"  # rel=canonical
    assert doc.lang == "en"


def test_html_page_without_an_article_is_rejected() -> None:
    path = FIXTURES / "nav_only.html"
    assert read_all(path) == [Rejected(str(path), "E104", "no article text found in the page")]


# --- feeds ----------------------------------------------------------------------------------


def test_rss_items_use_full_content_as_plain_text() -> None:
    path = FEEDS / "wire.rss"
    docs = read_all(path)
    assert [(d.source, d.title, d.url, d.published, d.outlet) for d in docs] == [
        (
            f"{path}#item-1",
            "Shelling cuts power to Dravnik as evacuation buses leave",
            "https://meridianwire.example/world/dravnik-power-cut",
            "2024-08-13",
            "Meridian Wire - World",
        ),
        (
            f"{path}#item-2",
            "Grain corridor talks stall for a second week",
            "https://meridianwire.example/world/grain-corridor",
            "2024-08-12",
            "Meridian Wire - World",
        ),
        (
            f"{path}#item-3",
            "Border crossing reopens after three-day closure",
            "https://meridianwire.example/world/border-crossing",
            "2024-08-11",
            "Meridian Wire - World",
        ),
    ]
    # content:encoded rather than the one-line description; tags, entities and script handled
    assert docs[0].text == (
        "Overnight shelling knocked out electricity to most of Dravnik on Tuesday, regional "
        "governor Alina Petrovska said.\n"
        '"At least four people were killed & eleven were wounded," Petrovska told reporters. '
        "Follow our live coverage."
    )
    assert docs[0].id == document_id(
        docs[0].text, "https://meridianwire.example/world/dravnik-power-cut"
    )
    assert docs[1].text == (
        "Negotiators meeting in the port city of Selvara failed for a second week to agree on how "
        "cargo ships would be inspected, two officials familiar with the talks said on Monday.\n"
        "Talks are due to resume on Thursday."
    )
    assert docs[2].text.startswith("The Kessin border crossing reopened on Sunday")


def test_atom_entries_with_only_summaries() -> None:
    path = FEEDS / "bulletins.atom"
    docs = read_all(path)
    assert [(d.source, d.title, d.url, d.published, d.outlet, d.text) for d in docs] == [
        (
            f"{path}#item-1",
            "Aid convoy reaches Dravnik",
            "https://harborledger.example/bulletins/aid-convoy-dravnik",
            "2024-08-14",
            "Harbor Ledger Bulletins",
            "A convoy of twelve trucks carrying food and medical supplies reached Dravnik on "
            "Wednesday morning, the regional administration said.",
        ),
        (
            f"{path}#item-2",
            "Curfew extended in Selvara district",
            "https://harborledger.example/bulletins/selvara-curfew",
            "2024-08-13",  # no <published>: the <updated> date
            "Harbor Ledger Bulletins",
            "Authorities in the Selvara district extended the night curfew by one week, citing "
            "continued drone attacks on the power grid.",
        ),
    ]


def test_broken_feed_still_yields_its_items() -> None:
    path = FEEDS / "broken.rss"  # an unclosed <b>, and the closing channel/rss tags missing
    docs = read_all(path)
    assert [(d.source, d.title, d.text) for d in docs] == [
        (
            f"{path}#item-1",
            "Ferry service to Ostra island suspended",
            "The ferry operator suspended all crossings to Ostra island after a patrol boat "
            "reported sea mines near the harbour entrance.",
        ),
        (
            f"{path}#item-2",
            "Schools in Dravnik to stay closed",
            "Schools in Dravnik will stay closed until the end of the month because of repeated "
            "air raid alerts, the education department said.",
        ),
    ]


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("Lead paragraph<div>Second <em>block</em></div>", "Lead paragraph\nSecond block"),
        ("<p>Shelling  resumed\n at dawn.<br>Two hurt.", "Shelling resumed at dawn.\nTwo hurt."),
        (
            "<p>Curfew at 22:00.</p><script>track('a<b')</script><style>p {}</style>",
            "Curfew at 22:00.",
        ),
        ("<p>Q&amp;A: &quot;Why Dravnik?&quot;</p>", 'Q&A: "Why Dravnik?"'),
    ],
)
def test_fragment_to_text(fragment: str, text: str) -> None:
    assert fragment_to_text(fragment) == text


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("gateway_error.rss", "E104", "not a readable feed (no element found at line 3)"),
        ("sitemap.xml", "E101", "feed has no items"),
    ],
)
def test_feeds_without_items_are_rejected(name: str, code: str, message: str) -> None:
    path = FEEDS / name
    assert read_all(path) == [Rejected(str(path), code, message)]


# --- JSON records ---------------------------------------------------------------------------


def test_jsonl_lines_in_order_with_line_sources_and_given_ids() -> None:
    path = FIXTURES / "corpus.jsonl"
    results = read_all(path, published="2024-01-01")
    summary = [
        (r.source, r.code, r.message) if isinstance(r, Rejected) else (r.source, r.id, r.published)
        for r in results
    ]
    second_text = (
        "A convoy of twelve trucks carrying food and medical supplies reached Dravnik on "
        "Wednesday morning, the regional administration said."
    )
    second_id = document_id(
        second_text, "https://harborledger.example/bulletins/aid-convoy-dravnik"
    )
    assert summary == [
        (f"{path}:1", "mw-0001", "2024-08-13"),
        (f"{path}:2", second_id, "2024-08-14"),
        (f"{path}:4", "E107", "invalid JSON: Unterminated string starting at (line 1, column 54)"),
        (f"{path}:5", "E107", 'no "text" string in the record'),
        (f"{path}:6", "17", "2024-01-01"),  # unknown keys ignored, numeric id kept as a string
        (f"{path}:7", "ec-0018", "2024-08-14"),
        (f"{path}:8", "E107", "not a JSON object"),
    ]
    first = results[0]
    assert isinstance(first, Document)
    assert (first.outlet, first.title, first.url) == (
        "Meridian Wire",
        "Shelling cuts power to Dravnik",
        "https://meridianwire.example/world/dravnik-power-cut",
    )
    assert results[5].text == (
        "Schools in Dravnik will stay closed until the end of the month.\u0085The education "
        "department cited repeated air raid alerts and damage to two school buildings."
    )


def test_json_file_with_a_list_of_records() -> None:
    path = FIXTURES / "records.json"
    results = read_all(path)
    water_text = (
        "Water supply was restored to the eastern part of Dravnik on Wednesday after repair "
        "crews replaced a damaged pumping station, the town council said."
    )
    assert [(r.source, r.id, r.title) for r in results if isinstance(r, Document)] == [
        (f"{path}#item-1", "hl-2024-0814-01", "Curfew extended in Selvara district"),
        (f"{path}#item-2", document_id(water_text), "Water supply restored in eastern Dravnik"),
    ]
    assert results[2] == Rejected(f"{path}#item-3", "E107", "not a JSON object")
    assert len(results) == 3


# --- directories and stdin ------------------------------------------------------------------


def test_directory_is_walked_recursively_in_sorted_order() -> None:
    tree = FIXTURES / "tree"  # also holds notes.md, .draft.txt and .cache/stale.txt: skipped
    results = read_all(tree)
    assert [r.source for r in results] == [
        f"{tree}/2024-08-12/brief.txt",
        f"{tree}/2024-08-13/wire.jsonl:1",
        f"{tree}/2024-08-13/wire.jsonl:2",
        f"{tree}/archive.json",
        f"{tree}/zeta_update.txt",
    ]
    assert [r.id for r in results[1:4]] == ["mw-0813-a", "mw-0813-b", "hl-archive-0810"]


def test_directory_without_news_files_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("Check casualty figures with the health department.\n")
    message = (
        "no readable files in directory (looked for .txt .text .html .htm .xml .rss .atom .json"
        " .jsonl)"
    )
    assert read_all(tmp_path) == [Rejected(str(tmp_path), "E100", message)]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (FIXTURES / "tree" / "2024-08-13" / "wire.jsonl").read_bytes())
    assert [(r.source, r.id) for r in read_all("-")] == [("-:1", "mw-0813-a"), ("-:2", "mw-0813-b")]


def test_stdin_html_and_text_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (FIXTURES / "article.html").read_bytes())
    html = only_document(read_all("-"))
    assert (html.source, html.title) == (
        "-",
        "Shelling cuts power to Dravnik as evacuation buses leave",
    )
    text = (FIXTURES / "dravnik_report.txt").read_text(encoding="utf-8")
    _stdin(monkeypatch, text.encode("utf-8"))
    plain = only_document(read_all("-"))
    assert (plain.source, plain.text, plain.title) == ("-", text, None)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'{"id": "a", "text": "one"}\n{"id": "b", "text": "two"}\n', "jsonl"),
        (b'{\n  "id": "a",\n  "text": "one"\n}\n', "json"),
        (b'[{"text": "one"}]', "json"),
        (b"[Update] Shelling resumed in Dravnik after midnight.", "text"),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html><body>", "html"),
        (b"<p>Shelling resumed in Dravnik.</p>", "html"),
        (b"Shelling resumed in Dravnik <after> midnight.", "text"),
    ],
)
def test_sniffing_unnamed_input(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "bulletins.download"
    path.write_bytes((FEEDS / "bulletins.atom").read_bytes())
    assert [r.source for r in read_all(path)] == [f"{path}#item-1", f"{path}#item-2"]


# --- URLs -----------------------------------------------------------------------------------

SITE = "https://meridianwire.example"
MB = 1024 * 1024


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def _serve(content_type: str, body: bytes) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(200, headers={"content-type": content_type}, content=body)


def _assert_fetched_now(doc: Document) -> None:
    assert doc.fetched_at is not None
    fetched_at = datetime.fromisoformat(doc.fetched_at)
    assert fetched_at.utcoffset() == timedelta(0)
    assert abs(datetime.now(fetched_at.tzinfo) - fetched_at) < timedelta(minutes=1)


def test_url_html_page() -> None:
    url = f"{SITE}/world/dravnik-power-cut?ref=home"
    page = (FIXTURES / "article.html").read_bytes()
    with _client(_serve("text/html; charset=utf-8", page)) as client:
        doc = only_document(read_all(url, client=client))
        assert not client.is_closed  # the caller's client is left open
    assert (doc.source, doc.url) == (url, f"{SITE}/world/dravnik-power-cut")  # rel=canonical
    assert doc.title == "Shelling cuts power to Dravnik as evacuation buses leave"
    _assert_fetched_now(doc)


def test_url_feed_gives_one_document_per_item() -> None:
    url = f"{SITE}/feeds/world.rss"
    feed = (FEEDS / "wire.rss").read_bytes()
    with _client(_serve("application/rss+xml", feed)) as client:
        docs = read_all(url, client=client)
    assert [(d.source, d.url) for d in docs] == [
        (f"{url}#item-1", f"{SITE}/world/dravnik-power-cut"),
        (f"{url}#item-2", f"{SITE}/world/grain-corridor"),
        (f"{url}#item-3", f"{SITE}/world/border-crossing"),
    ]
    for doc in docs:
        _assert_fetched_now(doc)


def test_url_plain_text() -> None:
    url = f"{SITE}/wire/dravnik.txt"
    body = (FIXTURES / "dravnik_report.txt").read_bytes()
    with _client(_serve("text/plain; charset=utf-8", body)) as client:
        doc = only_document(read_all(url, client=client))
    assert (doc.text, doc.url, doc.source) == (body.decode("utf-8"), url, url)


def _status(code: int) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(code, headers={"content-type": "text/html"}, content=b"")


def _raise(error: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    return handler


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (
            _serve("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
            "unsupported content type: application/pdf",
        ),
        (_status(404), "HTTP 404 Not Found"),
        (_serve("text/plain", b"a" * (5 * MB + 1)), "response larger than 5 MB"),
        (
            _raise(httpx.ConnectError("Name or service not known")),
            "cannot fetch: Name or service not known",
        ),
        (_raise(httpx.ReadTimeout("read timed out")), "timed out"),
    ],
    ids=["pdf", "404", "oversized", "dns", "timeout"],
)
def test_url_failures_are_rejected_with_a_clear_message(
    handler: Callable[[httpx.Request], httpx.Response], message: str
) -> None:
    url = f"{SITE}/world/report"
    with _client(handler) as client:
        assert read_all(url, client=client) == [Rejected(url, "E106", message)]


def test_oversized_body_without_length_stops_reading_early() -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for number in range(20):
            sent.append(number)
            yield b"a" * MB

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/plain"}, content=chunks())

    url = f"{SITE}/wire/endless.txt"
    with _client(handler) as client:
        assert read_all(url, client=client) == [Rejected(url, "E106", "response larger than 5 MB")]
    assert len(sent) == 6


# --- language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Explosion reported in Dravnik.", None),  # too short to judge
        ("Ночью обстреляли город.", "ru"),  # short, but Cyrillic says enough
        # English is only 0.68 likely here, but it is the first choice, and English is expected
        ("Eastgate Courier round-up: the evidence vs official denials", "en"),
        (
            "Die Regionalverwaltung teilte am Dienstag mit, dass in der Nacht mehrere Drohnen "
            "über der Stadt abgeschossen worden seien.",
            "de",
        ),
    ],
)
def test_detect_language(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


def test_short_english_text_is_accepted_without_a_language(tmp_path: Path) -> None:
    path = tmp_path / "flash.txt"
    path.write_text("Explosion reported in Dravnik.\n", encoding="utf-8")
    assert only_document(read_all(path)).lang is None


# --- deduplication --------------------------------------------------------------------------


def _fixture_document(name: str) -> Document:
    path = FIXTURES / "dedup" / name
    return Document(text=path.read_text(encoding="utf-8"), source=str(path))


def test_exact_duplicate_differing_in_case_and_whitespace() -> None:
    dedup = Deduplicator()
    original = _fixture_document("original.txt")
    copy = Document(
        text="  " + original.text.upper().replace(" ", "  \n"), url="https://copy.example/1"
    )
    assert dedup.mark(original) == original
    marked = dedup.mark(copy)
    assert (marked.duplicate_of, marked.near_duplicate_of) == (original.id, None)
    assert marked.id == copy.id and copy.duplicate_of is None  # a marked copy, input untouched


def test_syndicated_copy_is_a_near_duplicate_and_another_story_is_not() -> None:
    dedup = Deduplicator()
    original = dedup.mark(_fixture_document("original.txt"))
    syndicated = dedup.mark(_fixture_document("syndicated.txt"))
    other = dedup.mark(_fixture_document("other_story.txt"))
    assert (original.duplicate_of, original.near_duplicate_of) == (None, None)
    assert (syndicated.duplicate_of, syndicated.near_duplicate_of) == (None, original.id)
    assert (other.duplicate_of, other.near_duplicate_of) == (None, None)


def test_near_duplicate_points_to_the_most_similar_earlier_document() -> None:
    dedup = Deduplicator()
    original = dedup.mark(_fixture_document("original.txt"))
    syndicated = dedup.mark(_fixture_document("syndicated.txt"))
    text = syndicated.text.replace("shot down six drones", "shot down seven drones")
    corrected = dedup.mark(Document(text=text, url="https://harborledger.example/drone-depot"))
    assert syndicated.near_duplicate_of == original.id
    assert corrected.near_duplicate_of == syndicated.id


def test_near_duplicates_are_looked_for_in_a_bounded_window() -> None:
    """Memory stays bounded on an endless stream: a copy arriving after ``window`` other
    documents is no longer compared, while an exact copy is still found."""
    dedup = Deduplicator(window=2)
    original = dedup.mark(_fixture_document("original.txt"))
    dedup.mark(_fixture_document("other_story.txt"))
    dedup.mark(Document(text="Ferry services resumed on the northern route after the storm."))
    syndicated = dedup.mark(_fixture_document("syndicated.txt"))
    exact = dedup.mark(Document(text=original.text, url="https://copy.example/2"))
    assert syndicated.near_duplicate_of is None
    assert exact.duplicate_of == original.id


def test_jsonl_corpus_is_streamed_not_loaded_whole(tmp_path: Path) -> None:
    """A corpus is read a line at a time: memory stays far below the file's size."""
    import tracemalloc

    corpus = tmp_path / "big.jsonl"
    text = "Shelling killed four people in the town of Dravnik overnight, officials said. " * 50
    with corpus.open("w", encoding="utf-8") as out:
        for number in range(4000):
            out.write(json.dumps({"id": f"wire-{number}", "text": text}) + "\n")
    size = corpus.stat().st_size
    assert size > 15_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_inputs([str(corpus)], check_language=False))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 4000
    assert peak < size / 10
