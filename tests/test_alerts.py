"""Alert rules on timelines of reports written for these tests: a new contested group, a figure
for a watched place, measure or entity, a measure rising in a place against its own baseline,
webhooks (on loopback), the rules in sitroom.toml and the `sitroom alerts` command."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from sitroom.alerts import checked_rule
from sitroom.cli import app
from sitroom.errors import ConfigError
from sitroom.examples import example_documents
from sitroom.ingestion import ingest_into
from sitroom.model import Document
from sitroom.nlp.pipeline import Pipeline
from sitroom.store import open_store
from sitroom.store.records import AlertRule

runner = CliRunner()


def report(n: int, day: str, outlet: str, text: str) -> Document:
    return Document(
        text=text, outlet=outlet, published=day, url=f"https://example.org/{n}", title=text[:50]
    )


#: One death a week in Pokrovsk through July, then a strike that killed seven (reported by two
#: outlets) and another that killed two in the first week of August.
BASELINE = [
    report(1, "2024-07-02", "Donbas Daily", "Russian shelling killed one civilian in Pokrovsk "
           "on Monday, the regional governor Vadym Filashkin said."),
    report(2, "2024-07-16", "Donbas Daily", "One woman was killed and three people wounded "
           "when artillery hit Pokrovsk on Monday, regional officials said."),
    report(3, "2024-07-23", "Steppe Courier", "Shelling killed one resident of Pokrovsk on "
           "Monday, according to the regional military administration."),
]  # fmt: skip
SURGE = [
    report(10, "2024-08-06", "Donbas Daily", "Russian missile strikes killed seven civilians in "
           "Pokrovsk on Tuesday, the regional governor Vadym Filashkin said."),
    report(11, "2024-08-07", "Kyiv Wire", "Seven people were killed when Russian missiles hit "
           "Pokrovsk on Tuesday, Governor Vadym Filashkin said on Telegram."),
    report(12, "2024-08-09", "Donbas Daily", "Shelling killed two civilians in Pokrovsk on "
           "Friday, the regional governor Vadym Filashkin said."),
]  # fmt: skip

RISE = AlertRule(
    name="Pokrovsk deaths rising", kind="rise", measure="killed", place="Pokrovsk", minimum=5
)


def test_a_rise_against_the_baseline_raises_one_alert_counting_each_toll_once(
    db_url: str, pipeline: Pipeline
) -> None:
    with open_store(db_url) as store:
        quiet = ingest_into(store, BASELINE, pipeline=pipeline, alert_rules=[RISE])
        assert quiet.alerts == []  # a death a week is the baseline, not a rise
        (alert,) = ingest_into(store, SURGE, pipeline=pipeline, alert_rules=[RISE]).alerts
        # Tuesday's seven (two outlets: one toll) and Friday's two
        assert alert.value == 9
        assert alert.title == "People killed in Pokrovsk rose to 9 in the 7 days to 9 Aug 2024"
        late = report(13, "2024-08-09", "Kyiv Wire", "Two civilians died in Russian shelling "
                      "of Pokrovsk on Friday, the regional governor said.")  # fmt: skip
        assert ingest_into(store, [late], pipeline=pipeline, alert_rules=[RISE]).alerts == []
        assert [a.rule for a in store.alerts()] == ["Pokrovsk deaths rising"]


def test_a_rise_needs_the_minimum(db_url: str, pipeline: Pipeline) -> None:
    strict = AlertRule(**{**vars(RISE), "name": "strict", "minimum": 20})
    with open_store(db_url) as store:
        ingest_into(store, BASELINE, pipeline=pipeline, alert_rules=[strict])
        assert ingest_into(store, SURGE, pipeline=pipeline, alert_rules=[strict]).alerts == []


def test_two_strikes_a_governor_dates_to_two_days_are_two_tolls(
    db_url: str, pipeline: Pipeline
) -> None:
    """Not one toll "updated" from seven to two: the texts name Tuesday and Friday."""
    with open_store(db_url) as store:
        ingest_into(store, SURGE, pipeline=pipeline)
        groups = {c.group_id for c in store.claims(measure="killed", place="Pokrovsk")}
        by_value = {c.value: c.group_id for c in store.claims(measure="killed")}
    assert len(groups) == 2 and by_value[7] != by_value[2]


def test_a_watched_figure_raises_an_alert_for_each_new_claim(
    db_url: str, pipeline: Pipeline
) -> None:
    rule = AlertRule(name="Kharkiv deaths", kind="figure", measure="killed", place="Kharkiv")
    other_town = report(
        20,
        "2024-05-14",
        "Kyiv Wire",
        "Russian shelling killed three people "
        "in Kherson on Tuesday, the regional governor Oleksandr Prokudin said.",
    )
    other_measure = report(
        21,
        "2024-05-14",
        "Kyiv Wire",
        "A Russian strike on Kharkiv injured "
        "nine people on Tuesday, Governor Oleh Syniehubov said.",
    )
    watched = report(22, "2024-05-15", "Kyiv Wire", "A Russian missile strike on a Kharkiv "
                     "suburb killed at least four people on Wednesday, Governor Oleh "
                     "Syniehubov said.")  # fmt: skip
    with open_store(db_url) as store:
        first = ingest_into(
            store, [other_town, other_measure], pipeline=pipeline, alert_rules=[rule]
        )
        assert first.alerts == []
        (alert,) = ingest_into(store, [watched], pipeline=pipeline, alert_rules=[rule]).alerts
        assert alert.title.startswith("People killed in Kharkiv: at least 4 people, says ")
        assert "Syniehubov" in alert.title
        assert alert.doc_id == watched.id and alert.claim_id
        again = ingest_into(store, [watched], pipeline=pipeline, alert_rules=[rule])
        assert again.alerts == [] and again.skipped == 1


def test_a_watched_entity_is_the_claimant(db_url: str, pipeline: Pipeline) -> None:
    rule = AlertRule(name="Syniehubov's figures", kind="figure", entity="Syniehubov")
    texts = [
        report(30, "2024-05-14", "Kyiv Wire", "A Russian strike on Kharkiv injured nine people "
               "on Tuesday, Governor Oleh Syniehubov said."),
        report(31, "2024-05-14", "Kyiv Wire", "Russian shelling killed three people in Kherson "
               "on Tuesday, the regional governor Oleksandr Prokudin said."),
    ]  # fmt: skip
    with open_store(db_url) as store:
        (alert,) = ingest_into(store, texts, pipeline=pipeline, alert_rules=[rule]).alerts
    assert alert.doc_id == texts[0].id and alert.measure == "injured"


def test_a_new_contested_group_raises_one_alert(db_url: str, pipeline: Pipeline) -> None:
    """The shipped examples hold figures their sources contest (the demo prints them)."""
    rule = AlertRule(name="contested", kind="contested")
    with open_store(db_url) as store:
        raised = ingest_into(store, example_documents(), pipeline=pipeline, alert_rules=[rule])
        contested = store.claim_groups(contested=True, limit=100)
        assert contested and len(raised.alerts) == len(contested)
        assert all(a.title.startswith("Sources disagree: ") for a in raised.alerts)
        assert {a.group_id for a in raised.alerts} == {g.id for g in contested}
        assert all(a.detail and a.detail.count("(") >= 2 for a in raised.alerts)  # both sides


class _Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def webhook() -> Any:
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    _Hook.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", _Hook.received
    server.shutdown()
    server.server_close()


def test_alerts_are_posted_to_the_rules_webhook(
    tmp_path: Path, pipeline: Pipeline, webhook
) -> None:
    url, received = webhook
    rule = AlertRule(**{**vars(RISE), "webhook": url})
    with open_store(tmp_path / "sitroom.db") as store:
        ingest_into(store, BASELINE, pipeline=pipeline, alert_rules=[rule])
        (alert,) = ingest_into(store, SURGE, pipeline=pipeline, alert_rules=[rule]).alerts
        assert alert.webhook_status == "sent (HTTP 204)"
        assert store.alerts()[0].webhook_status == "sent (HTTP 204)"
    assert [body["title"] for body in received] == [alert.title]
    assert received[0]["rule"] == "Pokrovsk deaths rising" and received[0]["value"] == 9


def test_a_webhook_that_does_not_answer_is_noted_and_the_run_goes_on(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    rule = AlertRule(**{**vars(RISE), "webhook": "http://127.0.0.1:9/nobody"})
    with open_store(tmp_path / "sitroom.db") as store:
        ingest_into(store, BASELINE, pipeline=pipeline, alert_rules=[rule])
        report_ = ingest_into(store, SURGE, pipeline=pipeline, alert_rules=[rule])
    (alert,) = report_.alerts
    assert report_.ingested == 3 and alert.webhook_status.startswith("failed: ")


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"kind": "rise"}, "every rule needs a name"),
        ({"name": "x", "kind": "riot"}, "kind must be one of contested, figure, rise"),
        ({"name": "x", "kind": "figure", "measure": "kiled"}, "did you mean killed"),
        ({"name": "x", "kind": "figure"}, "watches a measure, a place or an entity"),
        ({"name": "x", "kind": "rise", "measure": "killed"}, "needs a measure and a place"),
        ({"name": "x", "kind": "contested", "colour": "red"}, "no setting 'colour'"),
        ({"name": "x", "kind": "contested", "webhook": "ftp://h/x"}, "http(s) URL"),
        (
            {
                "name": "x",
                "kind": "rise",
                "measure": "killed",
                "place": "Izium",
                "recent_days": "seven",
            },
            "recent_days must be a whole number, not 'seven'",
        ),
    ],
)
def test_a_bad_rule_is_one_clear_error(settings: dict[str, Any], says: str) -> None:
    with pytest.raises(ConfigError, match=says.replace("(", r"\(").replace(")", r"\)")):
        checked_rule(settings)


def test_rules_in_sitroom_toml_run_on_ingest_and_alerts_lists_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sitroom.toml").write_text(
        '[[alerts]]\nname = "Pokrovsk deaths rising"\nkind = "rise"\nmeasure = "killed"\n'
        'place = "Pokrovsk"\nminimum = 5\n',
        encoding="utf-8",
    )
    for name, documents in (("july.jsonl", BASELINE), ("august.jsonl", SURGE)):
        lines = [
            json.dumps({"text": d.text, "outlet": d.outlet, "published": d.published, "url": d.url})
            for d in documents
        ]
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "alert" not in runner.invoke(app, ["ingest", "july.jsonl"]).output
    august = runner.invoke(app, ["ingest", "august.jsonl"])
    assert august.exit_code == 0, august.output
    assert "alert (Pokrovsk deaths rising) People killed in Pokrovsk rose to 9" in " ".join(
        august.output.split()
    )
    listed = runner.invoke(app, ["alerts", "--json"])
    (line,) = listed.output.splitlines()
    assert json.loads(line)["title"].startswith("People killed in Pokrovsk rose to 9")
    rules = runner.invoke(app, ["alerts", "--rules", "--json"])
    assert json.loads(rules.output)["kind"] == "rise"


def test_a_broken_rule_in_sitroom_toml_stops_before_anything_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sitroom.toml").write_text('[[alerts]]\nname = "x"\nkind = "riot"\n')
    (tmp_path / "a.txt").write_text(SURGE[0].text, encoding="utf-8")
    result = runner.invoke(app, ["ingest", "a.txt"])
    assert result.exit_code == 2 and "kind must be one of" in result.output
    assert not (tmp_path / "sitroom.db").exists()


def test_the_api_makes_rules_raises_alerts_and_serves_them_as_json_atom_and_a_page(
    tmp_path: Path, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xml.etree import ElementTree as ET

    from fastapi.testclient import TestClient

    from sitroom.web.api import create_app

    monkeypatch.chdir(tmp_path)  # no sitroom.toml here
    url = f"sqlite:///{tmp_path / 'sitroom.db'}"
    with open_store(url) as store:
        ingest_into(store, BASELINE, pipeline=pipeline)
    token = {"Authorization": "Bearer t0ken"}
    rule = {"name": "Pokrovsk deaths rising", "kind": "rise", "measure": "killed",
            "place": "Pokrovsk", "minimum": 5}  # fmt: skip
    with TestClient(create_app(url, token="t0ken")) as client:
        assert client.post("/api/alert-rules", json=rule).status_code == 401
        made = client.post("/api/alert-rules", json=rule, headers=token)
        assert made.status_code == 201 and made.json()["recent_days"] == 7
        again = client.post("/api/alert-rules", json=rule, headers=token)
        assert again.status_code == 409 and "exists" in again.json()["error"]["message"]
        typo = client.post(
            "/api/alert-rules", json={**rule, "name": "x", "measure": "kiled"}, headers=token
        )
        assert typo.status_code == 422 and "did you mean killed" in typo.json()["error"]["message"]
        inside = {**rule, "name": "y", "webhook": "http://127.0.0.1:9/hook"}
        refused = client.post("/api/alert-rules", json=inside, headers=token)
        assert refused.status_code == 400 and "loopback" in refused.json()["error"]["message"]
        assert [r["name"] for r in client.get("/api/alert-rules").json()] == [rule["name"]]

        batch = {"documents": [{"text": d.text, "outlet": d.outlet, "published": d.published}
                               for d in SURGE]}  # fmt: skip
        assert client.post("/api/ingest", json=batch, headers=token).json()["ingested"] == 3
        (alert,) = client.get("/api/alerts").json()["items"]
        assert alert["title"] == "People killed in Pokrovsk rose to 9 in the 7 days to 9 Aug 2024"

        feed = client.get("/api/alerts.atom")
        assert feed.headers["content-type"] == "application/atom+xml"
        entries = ET.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
        titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries]
        assert titles == [alert["title"]]

        page = client.get("/alerts").text
        assert "People killed in Pokrovsk rose to 9" in page and 'href="/api/alerts.atom"' in page

        assert client.delete(f"/api/alert-rules/{rule['name']}", headers=token).status_code == 204
        assert client.delete(f"/api/alert-rules/{rule['name']}", headers=token).status_code == 404
        assert client.get("/api/alert-rules").json() == []
        assert client.get("/api/alerts").json()["items"]  # its alerts stay


def test_a_watched_place_is_where_the_figure_is_not_what_the_article_is_about(
    db_url: str, pipeline: Pipeline
) -> None:
    rule = AlertRule(name="Kharkiv deaths", kind="figure", measure="killed", place="Kharkiv")
    text = (
        "Russian shelling killed 11 people in Kharkiv on Tuesday, Governor Oleh Syniehubov "
        "said. The strike hit a residential block in the city centre. The United Nations said "
        "separately that at least 4,000 civilians had been killed since the invasion began."
    )
    with open_store(db_url) as store:
        found = ingest_into(
            store, [report(40, "2022-05-17", "Kyiv Wire", text)], pipeline=pipeline,
            alert_rules=[rule],
        )  # fmt: skip
    assert [alert.value for alert in found.alerts] == [11]


def test_a_vague_size_adds_nothing_to_a_rise(db_url: str, pipeline: Pipeline) -> None:
    rule = AlertRule(name="displacement", kind="rise", measure="displaced", place="Ukraine")
    text = (
        "Russian strikes on power plants have displaced millions of people across Ukraine "
        "this winter, the UN refugee agency said on Tuesday."
    )
    with open_store(db_url) as store:
        found = ingest_into(
            store, [report(50, "2024-02-06", "Kyiv Wire", text)], pipeline=pipeline,
            alert_rules=[rule],
        )  # fmt: skip
        assert [c.measure for c in store.claims()] == ["displaced"]  # the claim is kept
    assert found.alerts == []  # but "millions" is no count to add up
