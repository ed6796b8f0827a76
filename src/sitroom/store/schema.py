"""The database schema (SQLAlchemy 2 Core), shared by SQLite and PostgreSQL.

Every extracted row is keyed by ``(doc_id, id)``: ids are unique within a document only (see
:mod:`sitroom.model`), and every row keeps its span as ``span_start`` / ``span_end``. The
``extractions`` table keeps each document's full Extraction JSON, so that
``Store.extraction(doc_id)`` gives back exactly what was stored; the typed tables are what
queries use.

Full-text search is not declared here because it differs by backend; the Alembic migration adds
it (SQLite: FTS5 tables kept in sync by triggers; PostgreSQL: GIN indexes on the expressions in
:data:`PG_DOCUMENT_TSVECTOR` and :data:`PG_QUOTE_TSVECTOR`).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: PostgreSQL's text search configuration for a document's language (its stemmer and
#: stopwords); a document of unknown language is read as English, any other language word for
#: word ("simple": PostgreSQL ships no Ukrainian stemmer). The SQL function
#: ``sitroom_text_search(lang)`` (migration 0006) maps the same way; a change here needs a
#: migration that re-creates the function and the index.
PG_TEXT_SEARCH = {"en": "english", "fr": "french", "ru": "russian"}
PG_TEXT_SEARCH_OTHER = "simple"
PG_TEXT_SEARCH_FUNCTION = "sitroom_text_search"

#: The indexed expressions on PostgreSQL; queries must use the very same expressions for the
#: GIN indexes to apply. A quote is searched as English: quotes carry no language of their own.
PG_DOCUMENT_TSVECTOR = (
    f"to_tsvector({PG_TEXT_SEARCH_FUNCTION}(lang), coalesce(title, '') || ' ' || text)"
)
PG_QUOTE_TSVECTOR = "to_tsvector('english', text)"

#: Full-text objects the migration adds and the schema does not declare: SQLite FTS5 tables
#: (and their shadow tables, which share the prefix) and PostgreSQL GIN indexes.
SQLITE_FTS_TABLES = ("documents_fts", "quotes_fts")
PG_FTS_INDEXES = ("ix_documents_fts", "ix_quotes_fts")


def _doc_id(**kwargs: object) -> Column:
    return Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), **kwargs)


def _canonical_id() -> Column:
    """The canonical entity a row of a per-entity table belongs to (part of its key)."""
    return Column(
        "canonical_id",
        Integer,
        ForeignKey("canonical_entities.id", ondelete="CASCADE"),
        primary_key=True,
    )


def _span(prefix: str = "span") -> list[Column]:
    return [Column(f"{prefix}_start", Integer), Column(f"{prefix}_end", Integer)]


ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40)),
    Column("inputs", Text),
    Column("ingested", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("near_duplicates", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id", ondelete="CASCADE"), index=True),
    Column("source", Text, nullable=False),
    Column("code", String(16), nullable=False),
    Column("message", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("url", Text),
    Column("outlet", String(200), index=True),
    Column("published", String(40), index=True),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("lang", String(16)),
    Column("fetched_at", String(40)),
    Column("source", Text),
    # sha256 of the normalised text: finds exact duplicates across ingest runs.
    Column("text_hash", String(64), nullable=False, index=True),
    Column("duplicate_of", String(64)),
    Column("near_duplicate_of", String(64)),
    Column("run_id", Integer, ForeignKey("ingest_runs.id", ondelete="SET NULL")),
    Column("ingested_at", String(40), nullable=False),
)

extractions = Table(
    "extractions",
    metadata,
    _doc_id(primary_key=True),
    Column("schema", String(32), nullable=False),
    Column("json", Text, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    _doc_id(primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False, index=True),
    *_span(),
    Column("affiliation", Text),
    Column("place", Text),
)


def _entity_list(name: str, value: str) -> Table:
    """Aliases and titles: one row per value, in the entity's order."""
    return Table(
        name,
        metadata,
        Column("doc_id", String(64), primary_key=True),
        Column("entity_id", String(32), primary_key=True),
        Column("position", Integer, primary_key=True),
        Column(value, Text, nullable=False),
        ForeignKeyConstraint(
            ["doc_id", "entity_id"], ["entities.doc_id", "entities.id"], ondelete="CASCADE"
        ),
    )


entity_aliases = _entity_list("entity_aliases", "alias")
entity_titles = _entity_list("entity_titles", "title")

places = Table(
    "places",
    metadata,
    _doc_id(primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    *_span(),
    Column("gazetteer_id", String(64), index=True),
    Column("feature", String(32)),
    Column("country_code", String(8)),
    Column("admin1", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("precision", String(32)),
)

#: Mentions of entities and of places; ``item_id`` is the entity's or the place's id (both are
#: unique within the document, so one table serves both).
mentions = Table(
    "mentions",
    metadata,
    _doc_id(primary_key=True),
    Column("item_id", String(32), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    *_span(),
)

quotes = Table(
    "quotes",
    metadata,
    _doc_id(primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("text", Text, nullable=False),
    *_span(),
    Column("kind", String(16), nullable=False),
    Column("speaker", String(32)),
    *_span("speaker"),
    Column("cue", Text),
    Column("confidence", Float, nullable=False, default=0.0),
)

claims = Table(
    "claims",
    metadata,
    _doc_id(primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("measure", String(48), nullable=False, index=True),
    Column("text", Text, nullable=False),
    *_span(),
    *_span("sentence"),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("unit", Text),
    Column("hedge", String(16), nullable=False),
    Column("measured", Text),
    Column("subject", Text),
    Column("place", Text),
    Column("claimant", String(32)),
    Column("claimant_name", Text),
    Column("quote", String(32)),
    Column("as_of", String(40)),
    Column("original_value", Float),
    Column("original_unit", Text),
    #: person | organisation | outlet (the article's own voice)
    Column("claimant_kind", String(16)),
    #: the source that relayed the claim of an originating claimant ("TASS reported, citing ...")
    Column("relay", Text),
    #: the id of the first claim of the document with the same figure, measure and claimant
    Column("repeat_of", String(32)),
)

times = Table(
    "times",
    metadata,
    _doc_id(primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("text", Text, nullable=False),
    *_span(),
    Column("value", String(64)),
    Column("precision", String(16)),
    Column("anchor", Text),
    Column("kind", String(16), nullable=False),
)

events = Table(
    "events",
    metadata,
    _doc_id(primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("type", String(48), nullable=False, index=True),
    *_span(),
    Column("place", Text),
    Column("date", Text),
    Column("fatalities", Float),
    Column("injured", Float),
    Column("displaced", Float),
    Column("confidence", Float, nullable=False, default=0.0),
    Column("sub_type", String(48)),
    *_span("trigger"),
    Column("acled_event_type", Text),
    Column("acled_sub_event_type", Text),
    Column("place_name", Text),
    Column("place_precision", String(16)),
    Column("date_precision", String(16)),
    Column("time", String(32)),
    Column("quote", String(32)),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("event_id", String(32), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("actor", Text, nullable=False),
    #: actor (who acts) | target (who is acted upon)
    Column("role", String(8), nullable=False, default="actor"),
    ForeignKeyConstraint(
        ["doc_id", "event_id"], ["events.doc_id", "events.id"], ondelete="CASCADE"
    ),
)

#: The claims backing an event's figures (measure: fatalities | injured | displaced).
event_claims = Table(
    "event_claims",
    metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("event_id", String(32), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("measure", String(16), nullable=False),
    Column("claim", String(32), nullable=False),
    ForeignKeyConstraint(
        ["doc_id", "event_id"], ["events.doc_id", "events.id"], ondelete="CASCADE"
    ),
)

# Cross-document entities (link/entities.py decides; the store records).
canonical_entities = Table(
    "canonical_entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("affiliation", Text),
    Column("documents", Integer, nullable=False, default=0),
)

#: Blocking keys: a new entity is compared only with canonical entities sharing a key.
canonical_keys = Table(
    "canonical_keys",
    metadata,
    _canonical_id(),
    Column("key", String(200), primary_key=True),
    Index("ix_canonical_keys_key", "key"),
)

#: What the linked entities say about a canonical entity, counted: feature is name, alias, title
#: or affiliation (see store/linking.py).
canonical_features = Table(
    "canonical_features",
    metadata,
    _canonical_id(),
    Column("feature", String(12), primary_key=True),
    Column("value", Text, primary_key=True),
    Column("count", Integer, nullable=False),
)

entity_links = Table(
    "entity_links",
    metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("entity_id", String(32), primary_key=True),
    Column(
        "canonical_id",
        Integer,
        ForeignKey("canonical_entities.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("reason", String(64), nullable=False),
    ForeignKeyConstraint(
        ["doc_id", "entity_id"], ["entities.doc_id", "entities.id"], ondelete="CASCADE"
    ),
)

# Cross-document claim groups (link/claims.py).
claim_groups = Table(
    "claim_groups",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("measure", String(48), nullable=False, index=True),
    Column("subject", Text),
    Column("place", Text),
    #: country / region / locality of the group's most precise member ("UA/Kharkiv Oblast")
    Column("place_path", Text),
    #: event | as_of | period: how far apart in time the group's reports may be
    Column("basis", String(16)),
    #: the kind of target an event figure's sentence names ("station"): see link/claims.py
    Column("anchor", String(32)),
    Column("window_start", String(40)),
    Column("window_end", String(40)),
    Column("contested", Boolean, nullable=False, default=False),
    Column("updated_at", String(40), nullable=False),
)

claim_group_members = Table(
    "claim_group_members",
    metadata,
    Column(
        "group_id", Integer, ForeignKey("claim_groups.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("doc_id", String(64), primary_key=True),
    Column("claim_id", String(32), primary_key=True),
    #: agree | contradict | update | related, relative to the group's other claims.
    Column("verdict", String(16)),
    ForeignKeyConstraint(
        ["doc_id", "claim_id"], ["claims.doc_id", "claims.id"], ondelete="CASCADE"
    ),
    Index("ix_claim_group_members_claim", "doc_id", "claim_id"),
)

#: Alert rules made through the API (rules in sitroom.toml are read from the file each run).
alert_rules = Table(
    "alert_rules",
    metadata,
    Column("name", String(120), primary_key=True),
    #: contested | figure | rise (sitroom.alerts.RULE_KINDS)
    Column("kind", String(16), nullable=False),
    Column("measure", String(48)),
    Column("place", Text),
    Column("entity", Text),
    Column("recent_days", Integer),
    Column("baseline_days", Integer),
    Column("factor", Float),
    Column("minimum", Float),
    Column("webhook", Text),
    Column("created_at", String(40), nullable=False),
)

#: Alerts raised by the rules, each once: ``key`` says what it is about (a claim group, a claim,
#: a place's figures in one week), so a rule never raises the same alert twice.
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rule", String(120), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("key", String(200), nullable=False),
    Column("title", Text, nullable=False),
    Column("detail", Text),
    Column("measure", String(48)),
    Column("place", Text),
    Column("doc_id", String(64)),
    Column("claim_id", String(32)),
    Column("group_id", Integer),
    Column("value", Float),
    Column("baseline", Float),
    Column("created_at", String(40), nullable=False, index=True),
    #: what became of the POST to the rule's webhook: sent, or why it failed
    Column("webhook_status", Text),
    UniqueConstraint("rule", "key", name="uq_alerts_rule_key"),
)

#: Tables holding one document's extracted rows, in the order they are written.
EXTRACTION_TABLES = (
    extractions,
    entities,
    entity_aliases,
    entity_titles,
    places,
    mentions,
    quotes,
    claims,
    times,
    events,
    event_actors,
    event_claims,
)


def include_name(name: str | None, type_: str, _parent: object = None) -> bool:
    """Alembic filter: leave the backend-specific full-text tables out of schema comparison."""
    if type_ == "table" and name:
        return not name.startswith(SQLITE_FTS_TABLES)
    return not (type_ == "index" and name in PG_FTS_INDEXES)
