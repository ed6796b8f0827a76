"""The store on SQLite and PostgreSQL: migrations, lossless round trips, idempotent ingestion,
queries with filters and pagination, full-text search, and one-line errors."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import sitroom
from sitroom.errors import StoreError
from sitroom.ingest import Rejected
from sitroom.model import Claim, Document, Entity, Extraction, Mention, Place, Quote, TimeRef
from sitroom.store import open_store
from sitroom.store.engine import database_url
from sitroom.store.schema import include_name, metadata


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
