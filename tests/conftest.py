"""Shared fixtures: the pipeline, loaded once per test session (it takes a few seconds), and
the database every store test runs on twice: SQLite and a real PostgreSQL.

PostgreSQL comes from SITROOM_TEST_POSTGRES_URL (default: postgres on 127.0.0.1:5432, database
``test``). Each test gets its own schema, dropped afterwards, so runs never collide. If the
server cannot be reached the PostgreSQL tests fail in CI (CI=true) and are skipped elsewhere.

``relayed_claims`` is a hand-made extraction whose claims carry every attribution field
(claimant kind, relay, repeat), ``followup_claims`` another outlet's report of the same strike;
``stored_claims`` reads a store's claims table back as Claims.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from sitroom.model import Claim, Document, Entity, Extraction, Mention, Place, Span
from sitroom.nlp.pipeline import Pipeline
from sitroom.store import schema as t
from sitroom.store.engine import database_url
from sitroom.store.repository import Store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    return os.environ.get("SITROOM_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A database URL for an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sitroom.db'}"
        return
    yield from _postgres_schema()


def _postgres_schema() -> Iterator[str]:
    url = database_url(postgres_url())
    engine = sa.create_engine(url)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        engine.dispose()
        reason = f"PostgreSQL at {url.render_as_string()} unreachable: {str(exc.orig).strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason + " (set SITROOM_TEST_POSTGRES_URL to test against yours)")
    schema = f"sitroom_test_{uuid.uuid4().hex[:12]}"
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        options = quote(f"-csearch_path={schema}")
        separator = "&" if url.query else "?"
        yield url.render_as_string(hide_password=False) + f"{separator}options={options}"
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def stored_claims(store: Store) -> list[Claim]:
    """The claims table read back as Claims, every column in its field (a Claim field with no
    column is a KeyError here)."""
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(t.claims).order_by(t.claims.c.span_start))
        found = []
        for row in rows.mappings():
            spans = {
                "span": (row["span_start"], row["span_end"]),
                "sentence_span": (row["sentence_start"], row["sentence_end"]),
            }
            fields = dataclasses.fields(Claim)
            found.append(Claim(**{f.name: spans.get(f.name) or row[f.name] for f in fields}))
    return found


#: A wire story quoted second hand: the regional administration's toll relayed by TASS, the
#: governor's interception figure given twice, and a count in the outlet's own voice.
RELAYED_TEXT = (
    "Two civilians were killed and four were wounded when Ukrainian drones struck the town of "
    "Shebekino overnight, TASS reported, citing the Belgorod regional administration. "
    "Governor Vyacheslav Gladkov said air defences had shot down 27 drones over the region. "
    "All 27 drones were destroyed before they reached residential areas, Gladkov added. "
    "At least 40 drones have been launched at the region since Friday."
)


def _found(phrase: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of a phrase in RELAYED_TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = RELAYED_TEXT.index(phrase, start + 1)
    return (start, start + len(phrase))


def _sentence(phrase: str) -> Span:
    start = RELAYED_TEXT.rfind(". ", 0, _found(phrase)[0])
    start = 0 if start < 0 else start + 2
    return (start, RELAYED_TEXT.index(".", _found(phrase)[1]) + 1)


@pytest.fixture
def relayed_claims() -> Extraction:
    """RELAYED_TEXT extracted by hand, with every claim attribution field set (the extractor
    does not fill claimant_kind, relay and repeat_of yet)."""
    document = Document(
        text=RELAYED_TEXT,
        url="https://courier.example/belgorod-drones",
        outlet="Northern Courier",
        published="2024-08-14",
        title="Drone strike on Shebekino",
    )
    administration = "Belgorod regional administration"
    by_administration = {
        "claimant": "e2",
        "claimant_name": administration,
        "claimant_kind": "organisation",
        "relay": "TASS",
        "place": "Shebekino",
        "as_of": "2024-08-14",
    }
    by_gladkov = {
        "claimant": "e1",
        "claimant_name": "Vyacheslav Gladkov",
        "claimant_kind": "person",
        "as_of": "2024-08-14",
    }
    return Extraction(
        document=document,
        entities=[
            Entity(
                "e1",
                "Vyacheslav Gladkov",
                "PERSON",
                _found("Vyacheslav Gladkov"),
                mentions=[
                    Mention("Vyacheslav Gladkov", _found("Vyacheslav Gladkov")),
                    Mention("Gladkov", _found("Gladkov", 1)),
                ],
                titles=["Governor"],
                affiliation="Russia",
                place="Belgorod",
            ),
            Entity("e2", administration, "ORG", _found(administration)),
            Entity("e3", "TASS", "ORG", _found("TASS")),
        ],
        places=[
            Place(
                "p1",
                "Shebekino",
                _found("Shebekino"),
                mentions=[Mention("Shebekino", _found("Shebekino"))],
                feature="city",
                country_code="RU",
                admin1="Belgorod Oblast",
                lat=50.4,
                lon=36.9,
            )
        ],
        claims=[
            Claim(
                "c1",
                "killed",
                "Two civilians",
                _found("Two civilians"),
                _sentence("Two civilians"),
                value=2.0,
                low=2.0,
                high=2.0,
                unit="people",
                measured="civilians",
                **by_administration,
            ),
            Claim(
                "c2",
                "injured",
                "four",
                _found("four"),
                _sentence("four"),
                value=4.0,
                low=4.0,
                high=4.0,
                unit="people",
                **by_administration,
            ),
            Claim(
                "c3",
                "projectiles_intercepted",
                "27 drones",
                _found("27 drones"),
                _sentence("shot down 27"),
                value=27.0,
                low=27.0,
                high=27.0,
                unit="drones",
                measured="drones",
                **by_gladkov,
            ),
            Claim(
                "c4",
                "projectiles_intercepted",
                "27 drones",
                _found("27 drones", 1),
                _sentence("All 27"),
                value=27.0,
                low=27.0,
                high=27.0,
                unit="drones",
                measured="drones",
                repeat_of="c3",
                **by_gladkov,
            ),
            Claim(
                "c5",
                "projectiles_launched",
                "At least 40 drones",
                _found("At least 40 drones"),
                _sentence("At least 40"),
                value=40.0,
                low=40.0,
                hedge="at_least",
                unit="drones",
                measured="drones",
                claimant_name="Northern Courier",
                claimant_kind="outlet",
                as_of="2024-08-14",
            ),
        ],
    )


FOLLOWUP_TEXT = (
    "Four civilians were killed in Shebekino when drones hit the town on Wednesday, Governor "
    "Vyacheslav Gladkov said. He said 27 drones had been shot down over the region."
)


@pytest.fixture
def followup_claims() -> Extraction:
    """Another outlet's report of the Shebekino strike in RELAYED_TEXT: the governor's toll
    contradicts the administration's, his interception figure agrees."""

    def at(phrase: str) -> tuple[int, int]:
        start = FOLLOWUP_TEXT.index(phrase)
        return (start, start + len(phrase))

    first, second = at(FOLLOWUP_TEXT.split(". ")[0] + "."), at(FOLLOWUP_TEXT.split(". ")[1])
    gladkov = {"claimant": "e1", "claimant_name": "Vyacheslav Gladkov", "claimant_kind": "person"}
    return Extraction(
        document=Document(
            text=FOLLOWUP_TEXT, outlet="Harbor Ledger", published="2024-08-14", title="Shebekino"
        ),
        entities=[
            Entity("e1", "Vyacheslav Gladkov", "PERSON", at("Vyacheslav Gladkov"), place="Belgorod")
        ],
        places=[
            Place(
                "p1",
                "Shebekino",
                at("Shebekino"),
                feature="city",
                country_code="RU",
                admin1="Belgorod Oblast",
                lat=50.4,
                lon=36.9,
            )
        ],
        claims=[
            Claim(
                "c1",
                "killed",
                "Four civilians",
                at("Four civilians"),
                first,
                value=4.0,
                low=4.0,
                high=4.0,
                unit="people",
                measured="civilians",
                place="Shebekino",
                **gladkov,
            ),
            Claim(
                "c2",
                "projectiles_intercepted",
                "27 drones",
                at("27 drones"),
                second,
                value=27.0,
                low=27.0,
                high=27.0,
                unit="drones",
                measured="drones",
                **gladkov,
            ),
        ],
    )
