"""The command line as a user runs it: JSON, JSON Lines, tables, stdin and bad inputs."""

import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.cli.panels import extraction_panel
from sitroom.model import Extraction
from sitroom.store import open_store

BRIEF = (
    "The acting governor of the Belgorod region, Vyacheslav Gladkov, said on Sunday that two "
    "civilians were wounded when a drone hit a car near the village of Zhuravlevka.\n\n"
    "Gladkov said air defences had shot down three more drones overnight.\n"
)
SECOND = (
    "Sudan's Rapid Support Forces (RSF) said on Saturday they had taken a market town south of "
    "El Fasher. The RSF gave no figures for casualties.\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_help_explains_the_commands(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "extract" in result.output and "demo" in result.output
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    for option in ("--published", "--outlet", "--format"):
        assert option in result.output


def test_one_article_prints_one_json_document(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "brief.txt", BRIEF)
    result = runner.invoke(
        app, ["extract", path, "--published", "2024-08-13", "--outlet", "Some Wire"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "sitroom/1"
    assert data["document"]["text"] == BRIEF
    assert data["document"]["published"] == "2024-08-13"
    assert data["document"]["outlet"] == "Some Wire"
    gladkov = next(e for e in data["entities"] if e["name"] == "Vyacheslav Gladkov")
    assert gladkov["titles"] == ["acting governor"]
    assert gladkov["place"] == "Belgorod"
    start, end = gladkov["mentions"][1]["span"]
    assert BRIEF[start:end] == "Gladkov"
    assert start == BRIEF.index("Gladkov said")


def test_several_inputs_print_json_lines_in_order(runner: CliRunner, tmp_path: Path) -> None:
    first = write(tmp_path / "b.txt", BRIEF)
    second = write(tmp_path / "a.txt", SECOND)
    result = runner.invoke(app, ["extract", first, second])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    texts = [json.loads(line)["document"]["text"] for line in lines]
    assert texts == [BRIEF, SECOND]


def test_corpus_with_a_bad_line_keeps_going(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    records = [
        json.dumps({"id": "w1", "outlet": "Wire A", "published": "2024-08-11", "text": BRIEF}),
        "{not json",
        json.dumps({"id": "w2", "outlet": "Wire B", "text": SECOND}),
    ]
    corpus.write_text("\n".join(records) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(corpus), "--published", "2024-08-12"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("document", {}).get("id") for line in lines] == ["w1", None, "w2"]
    assert lines[0]["document"]["published"] == "2024-08-11"  # the record's own date wins
    assert lines[2]["document"]["published"] == "2024-08-12"  # the option fills the gap
    assert lines[1]["error"]["source"] == f"{corpus}:2"
    assert "Traceback" not in result.output
    assert f"skipped {corpus}:2" in result.stderr


def test_empty_input_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "empty.txt", "  \n\n")
    result = runner.invoke(app, ["extract", path])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_table_format_is_readable(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "brief.txt", BRIEF)
    result = runner.invoke(app, ["extract", path, "--format", "table"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Vyacheslav Gladkov" in result.stdout
    assert "acting governor" in result.stdout
    assert "Claims" in result.stdout and "injured" in result.stdout  # "two civilians were wounded"
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)


def test_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--published", "2024-03-02"], input=SECOND)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"]["text"] == SECOND
    rsf = next(e for e in data["entities"] if e["name"] == "Rapid Support Forces")
    assert rsf["aliases"] == ["RSF"]


def test_html_page(runner: CliRunner, tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in BRIEF.split("\n\n"))
    page = (
        "<html><head><title>Drone hits car in Belgorod region | Border Herald</title>"
        '<meta property="og:site_name" content="Border Herald">'
        '<meta property="article:published_time" content="2024-08-11T09:00:00Z"></head>'
        "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Drone hits car in Belgorod region</h1>{paragraphs}</article>"
        "<footer>Subscribe to our newsletter</footer></body></html>"
    )
    path = write(tmp_path / "page.html", page)
    result = runner.invoke(app, ["extract", path])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = data["document"]["text"]
    assert "Vyacheslav Gladkov" in text and "newsletter" not in text
    assert data["document"]["outlet"] == "Border Herald"
    assert data["document"]["published"] == "2024-08-11"
    for entity in data["entities"]:
        for mention in entity["mentions"]:
            start, end = mention["span"]
            assert text[start:end] == mention["text"]


def test_demo_prints_contested_figures_then_serves_the_dashboard(tmp_path: Path) -> None:
    """The README's first command: the examples go into an SQLite file, the contested groups
    are printed, and the dashboard answers on the port until the process is stopped."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).parent / "sitroom"), "demo", "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 240
        lines = []
        while not any(line.startswith("dashboard: ") for line in lines):
            assert time.monotonic() < deadline and process.poll() is None, "".join(lines)
            lines.append(process.stderr.readline())
        assert lines[-1].startswith(f"dashboard: http://127.0.0.1:{port}/")
        assert (tmp_path / "sitroom.db").exists()  # the embedded default
        url = f"http://127.0.0.1:{port}/api/claim-groups?contested=true"
        for _ in range(100):  # the socket listens before uvicorn serves
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    groups = json.load(response)["items"]
                break
            except OSError:
                time.sleep(0.1)
        assert ("territory", "kursk oblast") in {(g["measure"], g["place"]) for g in groups}
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert "kursk" in response.read().decode().casefold()
        # a second demo on the same port says so instead of failing somewhere in uvicorn
        taken = subprocess.run(
            [*command, "--db", str(tmp_path / "other.db")], capture_output=True, text=True
        )
        assert taken.returncode == 2
        assert f"cannot listen on 127.0.0.1:{port}" in taken.stderr
        assert "Traceback" not in taken.stderr
        assert not (tmp_path / "other.db").exists()  # said before ingesting anything
    finally:
        process.terminate()
        printed, _ = process.communicate(timeout=30)
    assert "territory · Kursk Oblast" in printed and "CONTESTED" in printed


def test_demo_without_serving_exits_after_printing(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--no-serve", "--db", str(tmp_path / "demo.db")])
    assert result.exit_code == 0, result.output
    assert "territory · Kursk Oblast" in result.stdout and "CONTESTED" in result.stdout


def test_sitroom_toml_sets_option_defaults_below_env_and_flags(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITROOM_DB", raising=False)
    monkeypatch.delenv("SITROOM_CONFIG", raising=False)
    (tmp_path / "sitroom.toml").write_text(
        'db = "team.db"  # every command with --db\n\n[groups]\nlimit = 1\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "team.db").exists() and not (tmp_path / "sitroom.db").exists()
    # a command's own table: one group instead of the default 20
    listed = runner.invoke(app, ["groups", "--json"])
    assert listed.exit_code == 0, listed.output
    assert len(listed.stdout.splitlines()) == 1
    assert len(runner.invoke(app, ["groups", "--json", "--limit", "3"]).stdout.splitlines()) == 3
    # the environment variable beats the file, the flag beats both
    monkeypatch.setenv("SITROOM_DB", str(tmp_path / "empty.db"))
    missing = runner.invoke(app, ["groups", "--json"])
    assert missing.exit_code == 2 and "no database at" in missing.output
    assert not (tmp_path / "empty.db").exists()  # a read command creates nothing
    flagged = runner.invoke(app, ["groups", "--json", "--db", "team.db"])
    assert len(flagged.stdout.splitlines()) == 1


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("workerz = 2\n", "sitroom.toml: no command takes the option 'workerz'"),
        ("[ingest]\nworkerz = 2\n", "sitroom.toml [ingest]: no option 'workerz'"),
        ("[injest]\nworkers = 2\n", "sitroom.toml: [injest] names no command"),
        ("[ingest\n", "sitroom.toml: not valid TOML"),
    ],
)
def test_a_wrong_sitroom_toml_is_named_and_explained(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITROOM_CONFIG", raising=False)
    (tmp_path / "sitroom.toml").write_text(settings, encoding="utf-8")
    result = runner.invoke(app, ["groups"])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "sitroom.db").exists()  # nothing ran


def test_sitroom_config_names_another_settings_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITROOM_DB", raising=False)
    settings = tmp_path / "conf" / "news.toml"
    settings.parent.mkdir()
    settings.write_text('[eval.places]\ndemonyms = "all"\n', encoding="utf-8")
    monkeypatch.setenv("SITROOM_CONFIG", str(settings))
    shown = runner.invoke(app, ["eval", "places", "--help"])
    assert shown.exit_code == 0 and "[default: all]" in shown.output
    monkeypatch.setenv("SITROOM_CONFIG", str(tmp_path / "missing.toml"))
    result = runner.invoke(app, ["groups"])
    assert result.exit_code == 2 and "SITROOM_CONFIG names" in result.output


def test_claims_say_who_relayed_them_and_what_they_repeat(
    runner: CliRunner, tmp_path: Path, relayed_claims: Extraction, followup_claims: Extraction
) -> None:
    db = str(tmp_path / "shebekino.db")
    with open_store(db) as store:
        store.ingest([relayed_claims, followup_claims])
    wide = {"COLUMNS": "250"}
    found = runner.invoke(app, ["claims", "--db", db, "--claimant", "Courier", "--json"])
    assert found.exit_code == 0, found.output
    rows = [json.loads(line) for line in found.stdout.splitlines()]
    assert [(r["id"], r["claimant_kind"], r["relay"], r["repeat_of"]) for r in rows] == [
        ("c1", "organisation", "TASS", None),
        ("c2", "organisation", "TASS", None),
        ("c3", "person", None, None),
        ("c4", "person", None, "c3"),
        ("c5", "outlet", None, None),
    ]
    table = runner.invoke(app, ["claims", "--db", db, "--claimant", "Courier"], env=wide)
    assert "Belgorod regional administration (organisation, via TASS)" in table.stdout
    assert "27 drones (repeat of c3)" in table.stdout
    assert "Northern Courier (own reporting)" in table.stdout
    groups = runner.invoke(app, ["groups", "--db", db], env=wide).stdout
    assert "2 people — Belgorod regional administration (organisation, via TASS)" in groups
    assert "27 drones (repeat of c3) — Vyacheslav Gladkov (person) · Northern Courier" in groups

    console = Console(width=250, record=True)  # extract --format table
    console.print(extraction_panel(relayed_claims))
    panel = console.export_text()
    assert "Belgorod regional administration (organisation, via TASS)" in panel
    assert "27 drones (repeat of c3)" in panel and "Northern Courier (own reporting)" in panel
