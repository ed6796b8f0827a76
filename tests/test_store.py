"""The store on SQLite and PostgreSQL: migrations, lossless round trips, idempotent ingestion,
queries with filters and pagination, full-text search, and one-line errors."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import sitroom
from conftest import stored_claims
from sitroom.errors import StoreError
from sitroom.ingest import Rejected
from sitroom.model import Claim, Document, Entity, Extraction, Mention, Place, Quote, TimeRef
from sitroom.store import open_store
from sitroom.store import schema as t
from sitroom.store.engine import database_url
from sitroom.store.schema import include_name, metadata
from sitroom.store.writer import item_row


def article(n: int, text: str, **meta: str) -> Extraction:
    """A hand-made extraction: the store does not need the pipeline to be tested."""
    doc = Document(text=text, url=f"https://example.org/{n}", **meta)
    return Extraction(document=doc)


def kursk_extraction() -> Extraction:
    text = (
        "Ukraine's top commander, Oleksandr Syrskyi, said on Monday that his forces controlled "
        'about 1,000 square kilometres of Russia\'s Kursk region. "We are advancing," he said.'
    )
    doc = Document(text=text, outlet="Some Wire", published="2024-08-12", title="Kursk")
    return Extraction(
        document=doc,
        entities=[
            Entity(
                id="e1",
                name="Oleksandr Syrskyi",
                kind="PERSON",
                span=(25, 42),
                mentions=[Mention("Oleksandr Syrskyi", (25, 42))],
                aliases=["Syrskyi"],
                titles=["top commander"],
                affiliation="Ukraine",
            )
        ],
        places=[Place(id="p1", name="Kursk", span=(131, 136), mentions=[], lat=51.7, lon=36.2)],
        quotes=[
            Quote(
                id="q1",
                text="We are advancing,",
                span=(146, 163),
                kind="direct",
                speaker="e1",
                speaker_span=(165, 167),
                cue="said",
                confidence=0.9,
            )
        ],
        claims=[
            Claim(
                id="c1",
                measure="territory_area",
                text="about 1,000 square kilometres",
                span=(85, 115),
                sentence_span=(0, 144),
                value=1000.0,
                low=900.0,
                high=1100.0,
                unit="km2",
                hedge="approximately",
                subject="his forces",
                place="p1",
                claimant="e1",
                claimant_name="Oleksandr Syrskyi",
                as_of="2024-08-12",
            )
        ],
        times=[
            TimeRef(
                id="t1",
                text="Monday",
                span=(46, 52),
                value="2024-08-12",
                precision="day",
                anchor="2024-08-12",
            )
        ],
    )


def test_migration_creates_exactly_the_schema(db_url: str) -> None:
    store = open_store(db_url)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        assert compare_metadata(context, metadata) == []
    store.close()
    open_store(db_url).close()  # opening again finds the schema at head and changes nothing


def test_upgrade_counts_canonical_features_from_the_links_already_stored(db_url: str) -> None:
    """A database linked before revision 0003 gets the same counts incremental linking keeps."""
    from alembic import command

    from sitroom.store.engine import alembic_config

    query = sa.text(
        "SELECT e.name, f.feature, f.value, f.count FROM canonical_features f "
        "JOIN canonical_entities e ON e.id = f.canonical_id ORDER BY 1, 2, 3"
    )
    later = article(2, "General Oleksandr Syrskyi said his forces were advancing.")
    later.entities = [Entity("e1", "Oleksandr Syrskyi", "PERSON", (8, 25), titles=["General"])]
    with open_store(db_url) as store:
        store.ingest([kursk_extraction(), later])
        with store.engine.begin() as connection:
            counted = connection.execute(query).all()
            command.downgrade(alembic_config(connection), "0002")
    with open_store(db_url) as store, store.engine.connect() as connection:
        assert connection.execute(query).all() == counted
    syrskyi = [row[1:] for row in counted if row[0] == "Oleksandr Syrskyi"]
    assert ("name", "Oleksandr Syrskyi", 2) in syrskyi and ("alias", "Syrskyi", 1) in syrskyi
    assert ("title", "General", 1) in syrskyi and ("affiliation", "Ukraine", 1) in syrskyi


def test_extraction_round_trip_is_lossless(db_url: str) -> None:
    extraction = kursk_extraction()
    with open_store(db_url) as store:
        report = store.ingest([extraction])
        assert report.ingested == 1
        assert store.extraction(extraction.document.id) == extraction
        with pytest.raises(StoreError, match="no document"):
            store.extraction("doc-missing")
        [claim] = store.claims(measure="territory_area", place="kursk")
        assert (claim.value, claim.hedge, claim.claimant) == (
            1000.0,
            "approximately",
            "Oleksandr Syrskyi",
        )
        assert claim.place == "Kursk" and claim.contested is False
        assert store.claims(contested=True) == []
        [quote] = store.quotes(speaker="Syrsky")
        assert quote.speaker == "Oleksandr Syrskyi"


def test_claim_attribution_round_trips(db_url: str, relayed_claims: Extraction) -> None:
    with open_store(db_url) as store:
        store.ingest([relayed_claims])
        assert store.extraction(relayed_claims.document.id) == relayed_claims
        assert stored_claims(store) == relayed_claims.claims
        claims = {claim.id: claim for claim in store.claims()}
        toll = claims["c1"]
        assert (toll.claimant, toll.claimant_kind, toll.relay, toll.repeat_of) == (
            "Belgorod regional administration",
            "organisation",
            "TASS",
            None,
        )
        assert (claims["c3"].claimant_kind, claims["c3"].relay) == ("person", None)
        assert claims["c4"].repeat_of == "c3" and claims["c3"].repeat_of is None
        assert (claims["c5"].claimant, claims["c5"].claimant_kind) == ("Northern Courier", "outlet")
        # the wire that relayed a figure finds it, as its outlet would
        assert sorted(claim.id for claim in store.claims(claimant="tass")) == ["c1", "c2"]


def test_a_revision_0003_database_keeps_its_claims_with_no_attribution(db_url: str) -> None:
    """A database made before the claim attribution columns: opening it adds them, NULL for
    the claims it holds; downgrading drops them again without losing a claim or a group."""
    from alembic import command

    from sitroom.store.engine import alembic_config, create_engine
    from sitroom.store.linking import link_entities
    from sitroom.store.writer import extraction_rows

    added = ("claimant_kind", "relay", "repeat_of")
    extraction = kursk_extraction()
    then = extraction.to_dict()  # the JSON sitroom wrote then: no attribution keys
    for claim in then["claims"]:
        for name in added:
            del claim[name]
    engine = create_engine(database_url(db_url))
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0003")
        for table, rows in extraction_rows(extraction, run_id=None).items():
            if table is t.extractions:
                rows = [{**row, "json": json.dumps(then)} for row in rows]
            old = [{k: v for k, v in row.items() if k not in added} for row in rows]
            connection.execute(sa.insert(table), old)
        link_entities(connection, extraction)
        # the claim group as sitroom wrote it then (the group columns of that revision only)
        claim = extraction.claims[0]
        connection.execute(
            sa.insert(t.claim_groups).values(
                id=1,
                measure="territory",
                place="kursk oblast",
                window_start="2024-08-13",
                window_end="2024-08-13",
                contested=False,
                updated_at="2024-08-13T00:00:00+00:00",
            )
        )
        connection.execute(
            sa.insert(t.claim_group_members).values(
                group_id=1, doc_id=extraction.document.id, claim_id=claim.id
            )
        )
    engine.dispose()

    def counts(connection: sa.Connection) -> tuple[int, int]:
        def count(table: sa.Table) -> int:
            return connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0

        return count(t.claims), count(t.claim_group_members)

    with open_store(db_url) as store:
        assert store.extraction(extraction.document.id) == extraction
        assert stored_claims(store) == extraction.claims  # the new fields None
        [claim] = store.claims()
        assert (claim.claimant, claim.claimant_kind, claim.relay, claim.repeat_of) == (
            "Oleksandr Syrskyi",
            None,
            None,
            None,
        )
        with store.engine.begin() as connection:
            assert counts(connection) == (1, 1)
            command.downgrade(alembic_config(connection), "0003")
        with store.engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("claims")}
            assert columns.isdisjoint(added) and "claimant_name" in columns
            assert counts(connection) == (1, 1)


def test_ingesting_twice_stores_nothing_twice(db_url: str) -> None:
    items = [article(n, f"Report number {n} about shelling in Kharkiv.") for n in range(5)]
    bad = Rejected(source="broken.html", code="E104", message="no article text")
    with open_store(db_url) as store:
        first = store.ingest([*items, bad])
        assert (first.ingested, first.skipped, len(first.rejected)) == (5, 0, 1)
        second = store.ingest([*items, items[0]])
        assert (second.ingested, second.skipped) == (0, 6)
        stats = store.stats()
        assert stats["documents"] == 5 and stats["rejections"] == 1
        assert stats["ingest_runs"] == 2


def test_duplicates_are_marked_across_runs(db_url: str) -> None:
    text = "Two people were killed in a drone strike on Sumy, the regional governor said."
    with open_store(db_url) as store:
        store.ingest([article(1, text)])
        report = store.ingest([article(2, text)])  # same wire copy at another URL
        assert (report.ingested, report.duplicates) == (1, 1)
        assert len(store.documents()) == 2


def test_documents_filters_and_pagination(db_url: str) -> None:
    items = [
        article(
            n,
            f"Article {n} on the front.",
            outlet="A" if n % 2 else "B",
            published=f"2024-08-{10 + n:02d}",
        )
        for n in range(6)
    ]
    with open_store(db_url) as store:
        store.ingest(items)
        newest = store.documents(limit=2)
        assert [d.published for d in newest] == ["2024-08-15", "2024-08-14"]
        page = store.documents(limit=2, offset=2)
        assert [d.published for d in page] == ["2024-08-13", "2024-08-12"]
        assert {d.outlet for d in store.documents(outlet="a")} == {"A"}
        assert len(store.documents(since="2024-08-13", until="2024-08-15")) == 2


def test_full_text_search_on_documents_and_quotes(db_url: str) -> None:
    extraction = kursk_extraction()
    other = article(
        9, "Shelling of Kherson killed three people, officials said.", published="2024-08-01"
    )
    with open_store(db_url) as store:
        store.ingest([extraction, other])
        hits = store.search("advance")  # stemmed: finds "advancing" in the text and the quote
        assert [(h.kind, h.item_id) for h in hits] == [("document", None), ("quote", "q1")]
        assert "advancing" in hits[1].snippet
        assert [h.doc_id for h in store.search("kherson killed")] == [other.document.id]
        assert store.search("kherson advancing") == []
        assert store.search("the of") == []  # only stopwords
        assert store.search('Kursk" NEAR(') == []  # user text is never read as FTS syntax


def test_postgresql_searches_each_document_in_its_own_language(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite's FTS5 stems English only")
    russian = article(
        1, "Обстрелы Харькова продолжились ночью, сообщил губернатор.", lang="ru", title="Харьков"
    )
    french = article(2, "Les frappes ont touché trois villages du Nord-Kivu.", lang="fr")
    english = article(3, "Strikes hit three villages in North Kivu on Sunday.")
    with open_store(db_url) as store:
        store.ingest([russian, french, english])
        assert [h.doc_id for h in store.search("обстрел")] == [russian.document.id]
        assert [h.doc_id for h in store.search("frappe village")] == [french.document.id]
        assert [h.doc_id for h in store.search("strike")] == [english.document.id]
        # French stopwords are dropped by the French configuration only
        assert [h.doc_id for h in store.search("les frappes")] == [french.document.id]


def test_bad_database_urls_are_one_line_errors() -> None:
    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        open_store("mysql://user@host/db")
    with pytest.raises(StoreError, match="no directory"):
        open_store("/no/such/directory/sitroom.db")
    assert database_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert database_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert database_url(None).database == "sitroom.db"


def test_open_store_is_part_of_the_public_api(tmp_path) -> None:
    with sitroom.open_store(tmp_path / "x.db") as store:
        assert store.stats()["documents"] == 0


def test_queries_work_on_an_empty_database(db_url: str) -> None:
    with open_store(db_url) as store:
        assert store.claims(measure="killed", place="Kursk", contested=True) == []
        assert store.entities(name="Zelensky") == []
        assert store.search("drone") == []
        with store.engine.connect() as connection:
            assert (
                connection.scalar(
                    sa.select(sa.func.count()).select_from(metadata.tables["claim_groups"])
                )
                == 0
            )


def test_a_model_item_fills_its_table_row_by_field_name() -> None:
    quote = Quote("q1", "We will hold the line", (40, 62), "direct", "e2", (70, 84), "said", 0.9)
    row = item_row(t.quotes, quote, doc_id="doc-1")
    assert row["speaker"] == "e2" and (row["speaker_start"], row["speaker_end"]) == (70, 84)
    assert (row["span_start"], row["span_end"], row["doc_id"]) == (40, 62, "doc-1")
    assert set(row) == {column.name for column in t.quotes.columns}


def test_a_column_no_field_of_the_model_fills_is_refused() -> None:
    wider = sa.Table(
        "claims",
        sa.MetaData(),
        *(sa.Column(column.name, column.type) for column in t.claims.columns),
        sa.Column("severity", sa.Integer),
    )
    claim = Claim("c1", "killed", "12 civilians", span=(5, 17), sentence_span=(0, 40))
    with pytest.raises(KeyError, match=r"claims\.severity"):
        item_row(wider, claim, doc_id="doc-1")
