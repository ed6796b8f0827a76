"""The Store: ingest documents or extractions, and query what is stored.

``open_store("sitroom.db")``, ``open_store("sqlite:///path.db")`` or
``open_store("postgresql://user@host/db")``: the same code and the same results on both
backends. Ingestion is idempotent and resumable: documents already stored (by id) are skipped
before extraction, and each small batch of documents is committed with all its rows and entity
links, so an interrupted run loses no stored document and leaves no partial one.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from sitroom.errors import StoreError
from sitroom.ingest import Rejected
from sitroom.link.claims import family_of
from sitroom.link.entities import blocking_keys, name_matches
from sitroom.model import Document, Entity, Extraction
from sitroom.store import schema as t
from sitroom.store.claim_linking import group_pair_verdicts, link_claims
from sitroom.store.engine import open_engine
from sitroom.store.linking import candidate_ids, link_entities, profiles
from sitroom.store.records import (
    Alert,
    AlertRule,
    CanonicalEntity,
    ClaimGroup,
    ClaimLink,
    DocumentLinks,
    EntityLink,
    GroupMember,
    IngestEvent,
    IngestReport,
    SearchHit,
    StoredClaim,
    StoredDocument,
    StoredEvent,
    StoredPlace,
    StoredQuote,
)
from sitroom.store.search import matching_documents, matching_quotes, query_terms, snippet
from sitroom.store.writer import now, text_hash, write_extraction
from sitroom.vocabulary import measures_named

if TYPE_CHECKING:
    pass

Item = Document | Extraction | Rejected


#: The columns of an Alert record (all but the key, which only keeps alerts from repeating).
_ALERT_COLUMNS = [column for column in t.alerts.columns if column.name != "key"]


def open_store(url_or_path: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the database at a path or URL."""
    return Store(open_engine(url_or_path))


@dataclasses.dataclass(frozen=True)
class AlreadyStored:
    """Stands in for a skipped document on its way through extraction to :meth:`Store.write`
    (:func:`sitroom.runner.run` passes anything that is not a Document through untouched)."""

    doc_id: str
    source: str


class Store:
    """Reads and writes one sitroom database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # Writing -----------------------------------------------------------------------------

    def ingest(
        self,
        items: Iterable[Extraction | Rejected],
        *,
        inputs: str | None = None,
        batch_size: int = 8,
        on_event: Callable[[IngestEvent], None] | None = None,
    ) -> IngestReport:
        """Store ready-made extractions (and record rejected inputs); return the totals.

        Extractions whose document is already stored are skipped. Every ``batch_size`` items
        are committed together with their entity and claim links; ``on_event`` is called for
        each item, in input order, once its batch is committed. Documents still to be extracted
        go through :func:`sitroom.ingestion.ingest_into`, which extracts then calls
        :meth:`write`.
        """
        report = self.begin_ingest(inputs)
        return self.write(report, self.skip_stored(items, batch_size * 4), batch_size, on_event)

    def begin_ingest(self, inputs: str | None) -> IngestReport:
        """Start an ingestion run (recorded with its inputs); its totals start at zero."""
        return IngestReport(self._start_run(inputs))

    def write(
        self,
        report: IngestReport,
        outcomes: Iterable[Any],
        batch_size: int = 8,
        on_event: Callable[[IngestEvent], None] | None = None,
    ) -> IngestReport:
        """Write extractions, rejections and skips (from :meth:`skip_stored`) in batches of
        ``batch_size``, linking each extraction across documents; then close the run."""
        iterator = iter(outcomes)
        while batch := list(islice(iterator, batch_size)):
            if any(isinstance(item, Document) for item in batch):
                raise TypeError(
                    "Store.write takes extractions: documents are extracted by "
                    "sitroom.ingestion.ingest_into(store, documents)"
                )
            for event in self._write_batch(report.run_id, batch):
                report.add(event)
                if on_event:
                    on_event(event)
        with self.engine.begin() as connection:
            runs = t.ingest_runs
            connection.execute(
                sa.update(runs).where(runs.c.id == report.run_id).values(finished_at=now())
            )
        return report

    def skip_stored(
        self, items: Iterable[Item], chunk_size: int = 32
    ) -> Iterator[Item | AlreadyStored]:
        """The items in order, each whose document is stored (or came earlier in the stream)
        replaced by an :class:`AlreadyStored` marker, looked up ``chunk_size`` at a time."""
        seen: set[str] = set()
        iterator = iter(items)
        while chunk := list(islice(iterator, chunk_size)):
            ids = {_doc_of(item).id for item in chunk if not isinstance(item, Rejected)}
            stored = self._stored_ids(ids)
            for item in chunk:
                if isinstance(item, Rejected):
                    yield item
                    continue
                document = _doc_of(item)
                if document.id in stored or document.id in seen:
                    yield AlreadyStored(document.id, document.source or document.id)
                else:
                    seen.add(document.id)
                    yield item

    def _stored_ids(self, ids: set[str]) -> set[str]:
        if not ids:
            return set()
        with self.engine.connect() as connection:
            query = sa.select(t.documents.c.id).where(t.documents.c.id.in_(sorted(ids)))
            return set(connection.scalars(query))

    def _write_batch(self, run_id: int, batch: list[Any]) -> list[IngestEvent]:
        events: list[IngestEvent] = []
        with self.engine.begin() as connection:
            for outcome in batch:
                if isinstance(outcome, AlreadyStored):
                    events.append(IngestEvent("skipped", outcome.source, doc_id=outcome.doc_id))
                elif isinstance(outcome, Rejected):
                    connection.execute(
                        sa.insert(t.rejections).values(
                            run_id=run_id,
                            source=outcome.source,
                            code=outcome.code,
                            message=outcome.message,
                        )
                    )
                    events.append(IngestEvent("rejected", outcome.source, rejected=outcome))
                else:
                    extraction = _with_stored_duplicate(connection, outcome)
                    write_extraction(connection, extraction, run_id)
                    link_entities(connection, extraction)
                    link_claims(connection, extraction)
                    doc = extraction.document
                    events.append(
                        IngestEvent(
                            "stored",
                            doc.source or doc.id,
                            doc_id=doc.id,
                            duplicate_of=doc.duplicate_of,
                            near_duplicate_of=doc.near_duplicate_of,
                        )
                    )
            self._count(connection, run_id, events)
        return events

    def _start_run(self, inputs: str | None) -> int:
        with self.engine.begin() as connection:
            result = connection.execute(
                sa.insert(t.ingest_runs).values(started_at=now(), inputs=inputs)
            )
            return result.inserted_primary_key[0]

    @staticmethod
    def _count(connection: sa.Connection, run_id: int, events: list[IngestEvent]) -> None:
        report = IngestReport(run_id)
        for event in events:
            report.add(event)
        c = t.ingest_runs.c
        connection.execute(
            sa.update(t.ingest_runs)
            .where(c.id == run_id)
            .values(
                ingested=c.ingested + report.ingested,
                skipped=c.skipped + report.skipped,
                duplicates=c.duplicates + report.duplicates,
                near_duplicates=c.near_duplicates + report.near_duplicates,
                rejected=c.rejected + len(report.rejected),
            )
        )

    # Reading -----------------------------------------------------------------------------

    def extraction(self, doc_id: str) -> Extraction:
        """The stored Extraction of a document, exactly as it was ingested."""
        with self.engine.connect() as connection:
            found = connection.scalar(
                sa.select(t.extractions.c.json).where(t.extractions.c.doc_id == doc_id)
            )
        if found is None:
            raise StoreError(f"no document {doc_id!r} in the database")
        return Extraction.from_json(found)

    def documents(
        self,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoredDocument]:
        """Documents, newest first; dates compare as ISO strings (``since`` inclusive)."""
        d = t.documents.c
        query = sa.select(*(d[f.name] for f in dataclasses.fields(StoredDocument)))
        if outlet:
            query = query.where(_like(d.outlet, outlet, contains=False))
        if since:
            query = query.where(d.published >= since)
        if until:
            query = query.where(d.published < until)
        query = query.order_by(d.published.desc().nulls_last(), d.id).limit(limit).offset(offset)
        return [StoredDocument(**row._mapping) for row in self._rows(query)]

    def entities(
        self,
        *,
        kind: str | None = None,
        name: str | None = None,
        canonical_id: int | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[CanonicalEntity]:
        """Cross-document entities, most documents first.

        ``name`` finds an entity by any name it went by, in any spelling of the family
        ("Zelensky" finds Zelenskiy), or by a part of a name ("Syrsk").
        """
        ce = t.canonical_entities
        query = sa.select(ce)
        if canonical_id is not None:
            query = query.where(ce.c.id == canonical_id)
        if kind:
            query = query.where(ce.c.kind == kind.upper())
        with self.engine.connect() as connection:
            if name:
                query = query.where(ce.c.id.in_(sorted(self._named(connection, name))))
            query = query.order_by(ce.c.documents.desc(), ce.c.name, ce.c.id)
            rows = connection.execute(query.limit(limit).offset(offset)).all()
            found = profiles(connection, [row.id for row in rows])
        return [
            CanonicalEntity(
                id=row.id,
                name=row.name,
                kind=row.kind,
                affiliation=row.affiliation,
                documents=row.documents,
                variants=sorted(set(found[row.id].names) - {row.name}),
                titles=sorted(set(found[row.id].titles), key=str.casefold),
            )
            for row in rows
        ]

    def _named(self, connection: sa.Connection, name: str) -> set[int]:
        el, en, al = t.entity_links, t.entities, t.entity_aliases
        by_name = sa.select(el.c.canonical_id).join(
            en, sa.and_(el.c.doc_id == en.c.doc_id, el.c.entity_id == en.c.id)
        )
        by_alias = sa.select(el.c.canonical_id).join(
            al, sa.and_(el.c.doc_id == al.c.doc_id, el.c.entity_id == al.c.entity_id)
        )
        ids = set(connection.scalars(by_name.where(_like(en.c.name, name))))
        ids |= set(connection.scalars(by_alias.where(_like(al.c.alias, name))))
        keys = set().union(
            *(blocking_keys(Entity("q", name, kind, (0, 0))) for kind in ("PERSON", "GPE", "ORG"))
        )
        candidates = candidate_ids(connection, keys) - ids
        for canonical_id, profile in profiles(connection, candidates).items():
            if name_matches(name, profile.names):
                ids.add(canonical_id)
        return ids

    def quotes(
        self,
        *,
        speaker: str | None = None,
        text: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoredQuote]:
        """Quotes, newest first; ``speaker`` is any name of the speaker (as in :meth:`entities`)."""
        q, d, en, el = t.quotes, t.documents, t.entities, t.entity_links
        query = (
            sa.select(
                q.c.doc_id,
                q.c.id,
                q.c.text,
                q.c.kind,
                en.c.name.label("speaker"),
                el.c.canonical_id.label("canonical_speaker"),
                d.c.outlet,
                d.c.published,
            )
            .join(d, d.c.id == q.c.doc_id)
            .outerjoin(en, sa.and_(en.c.doc_id == q.c.doc_id, en.c.id == q.c.speaker))
            .outerjoin(el, sa.and_(el.c.doc_id == q.c.doc_id, el.c.entity_id == q.c.speaker))
        )
        if text:
            query = query.where(_like(q.c.text, text))
        with self.engine.connect() as connection:
            if speaker:
                query = query.where(el.c.canonical_id.in_(sorted(self._named(connection, speaker))))
            query = query.order_by(d.c.published.desc().nulls_last(), q.c.doc_id, q.c.span_start)
            rows = connection.execute(query.limit(limit).offset(offset)).all()
        return [StoredQuote(**row._mapping) for row in rows]

    def claims(
        self,
        *,
        measure: str | None = None,
        place: str | None = None,
        claimant: str | None = None,
        since: str | None = None,
        contested: bool | None = None,
        include_duplicates: bool = False,
        doc_ids: Collection[str] | None = None,
        place_from_group: bool = True,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoredClaim]:
        """Attributed figures, newest first.

        ``place`` matches the claim's place name or region, or (unless not
        ``place_from_group``) the place of its claim group (a figure whose sentence names no
        place is grouped under the region its claimant speaks for or its article is about);
        ``claimant`` the claimant's name, the source that relayed the claim ("TASS reported,
        citing ...") or, for claims nobody is quoted for, the outlet;
        ``contested`` keeps only claims in (or outside) a claim group whose claims contradict
        each other; ``doc_ids`` only the claims of those documents. Exact duplicate documents
        (syndicated copies) are left out unless ``include_duplicates``.
        """
        c, d, p, m = t.claims, t.documents, t.places, t.claim_group_members
        place_entity = t.entities.alias("place_entity")
        claimer = t.entities.alias("claimant_entity")
        # a claim names its place ("Sudzha"); claims stored by early versions held its id
        named_place = sa.or_(p.c.name == c.c.place, p.c.id == c.c.place)
        stored_place = sa.select(p.c.name).where(p.c.doc_id == c.c.doc_id, named_place).limit(1)
        region = sa.select(p.c.admin1).where(p.c.doc_id == c.c.doc_id, named_place).limit(1)
        place_name = sa.func.coalesce(
            stored_place.scalar_subquery(), place_entity.c.name, c.c.place
        )
        claimant_name = sa.func.coalesce(c.c.claimant_name, claimer.c.name)
        in_contested_group = _in_claim_group(c, t.claim_groups.c.contested.is_(True))
        query = (
            sa.select(
                c.c.doc_id,
                c.c.id,
                c.c.measure,
                c.c.value,
                c.c.low,
                c.c.high,
                c.c.unit,
                c.c.hedge,
                c.c.subject,
                place_name.label("place"),
                claimant_name.label("claimant"),
                c.c.claimant_kind,
                c.c.relay,
                c.c.as_of,
                d.c.outlet,
                d.c.published,
                in_contested_group.label("contested"),
                c.c.repeat_of,
                m.c.group_id,
                m.c.verdict,
            )
            .join(d, d.c.id == c.c.doc_id)
            .outerjoin(m, sa.and_(m.c.doc_id == c.c.doc_id, m.c.claim_id == c.c.id))
            .outerjoin(
                place_entity,
                sa.and_(place_entity.c.doc_id == c.c.doc_id, place_entity.c.id == c.c.place),
            )
            .outerjoin(
                claimer, sa.and_(claimer.c.doc_id == c.c.doc_id, claimer.c.id == c.c.claimant)
            )
        )
        if measure:  # a measure, or a family ("territory": km² and settlements)
            query = query.where(c.c.measure.in_(measures_named(measure)))
        if place:
            named = [_like(place_name, place), _like(region.scalar_subquery(), place)]
            if place_from_group:
                named.append(_in_claim_group(c, _like(t.claim_groups.c.place, place)))
            query = query.where(sa.or_(*named))
        if claimant:
            query = query.where(
                sa.or_(
                    _like(claimant_name, claimant),
                    _like(c.c.relay, claimant),
                    _like(d.c.outlet, claimant),
                )
            )
        if since:
            query = query.where(sa.func.coalesce(c.c.as_of, d.c.published) >= since)
        if contested is not None:
            query = query.where(in_contested_group if contested else ~in_contested_group)
        if doc_ids is not None:
            query = query.where(c.c.doc_id.in_(sorted(doc_ids)))
        if not include_duplicates:
            query = query.where(d.c.duplicate_of.is_(None))
        query = query.order_by(d.c.published.desc().nulls_last(), c.c.doc_id, c.c.span_start)
        with self.engine.connect() as connection:
            rows = connection.execute(query.limit(limit).offset(offset)).all()
            pairs = group_pair_verdicts(connection, (row.group_id for row in rows))
        return [
            StoredClaim(
                **{**row._mapping, "contested": bool(row.contested)},
                verdicts=pairs.get((row.doc_id, row.id), ()),
            )
            for row in rows
        ]

    def claim_groups(
        self,
        *,
        measure: str | None = None,
        place: str | None = None,
        contested: bool | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[ClaimGroup]:
        """Claim groups with claims from two or more documents (or two sources disagreeing in
        one), contested first, then those with the most documents; each with its claims in
        time order.

        ``measure`` matches a claim measure or a family ("territory"); ``place`` a substring of
        the group's place or of any place on its path (country, region, town)."""
        g, m = t.claim_groups, t.claim_group_members
        size = (
            sa.select(sa.func.count(sa.distinct(m.c.doc_id)))
            .where(m.c.group_id == g.c.id)
            .correlate(g)
            .scalar_subquery()
        )
        # a comparison across documents, or two sources disagreeing inside one article
        query = sa.select(g).where(sa.or_(size > 1, g.c.contested.is_(True)))
        if measure:
            query = query.where(g.c.measure == family_of(measure))
        if place:  # the group's region, or any place on its path ("UA/Donetsk Oblast/Pokrovsk")
            query = query.where(sa.or_(_like(g.c.place, place), _like(g.c.place_path, place)))
        if contested is not None:
            query = query.where(g.c.contested.is_(contested))
        query = query.order_by(g.c.contested.desc(), size.desc(), g.c.id)
        with self.engine.connect() as connection:
            rows = connection.execute(query.limit(limit).offset(offset)).all()
            return [
                ClaimGroup(
                    id=row.id,
                    measure=row.measure,
                    subject=row.subject,
                    place=row.place,
                    window_start=row.window_start,
                    window_end=row.window_end,
                    contested=bool(row.contested),
                    members=self._group_members(connection, row.id),
                )
                for row in rows
            ]

    @staticmethod
    def _group_members(connection: sa.Connection, group_id: int) -> list[GroupMember]:
        pairs = group_pair_verdicts(connection, [group_id])
        m, c, d, ce, el = (
            t.claim_group_members,
            t.claims,
            t.documents,
            t.canonical_entities,
            t.entity_links,
        )
        query = (
            sa.select(
                c.c.doc_id,
                c.c.id.label("claim_id"),
                c.c.measure,
                c.c.text,
                c.c.value,
                c.c.low,
                c.c.high,
                c.c.unit,
                c.c.hedge,
                # a person by the name they go by across documents; a body as attributed,
                # with its country ("Russia's Health Ministry", not the linked "Health Ministry")
                sa.case(
                    (ce.c.kind == "PERSON", ce.c.name),
                    else_=sa.func.coalesce(c.c.claimant_name, ce.c.name),
                ).label("claimant"),
                c.c.claimant_kind,
                c.c.relay,
                d.c.outlet,
                d.c.published,
                c.c.as_of,
                m.c.verdict,
                c.c.repeat_of,
                sa.func.substr(
                    d.c.text, c.c.sentence_start + 1, c.c.sentence_end - c.c.sentence_start
                ).label("sentence"),
            )
            .select_from(m)
            .join(c, sa.and_(c.c.doc_id == m.c.doc_id, c.c.id == m.c.claim_id))
            .join(d, d.c.id == c.c.doc_id)
            .outerjoin(el, sa.and_(el.c.doc_id == c.c.doc_id, el.c.entity_id == c.c.claimant))
            .outerjoin(ce, ce.c.id == el.c.canonical_id)
            .where(m.c.group_id == group_id)
            .order_by(sa.func.coalesce(c.c.as_of, d.c.published), d.c.published, c.c.doc_id)
        )
        return [
            GroupMember(**row._mapping, verdicts=pairs.get((row.doc_id, row.claim_id), ()))
            for row in connection.execute(query)
        ]

    def search(self, text: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Documents and quotes containing every word of ``text`` (stemmed), newest first."""
        terms = query_terms(text)
        if not terms:
            return []
        d, q = t.documents, t.quotes
        docs = matching_documents(self.dialect, terms).subquery()
        quotes = matching_quotes(self.dialect, terms).subquery()
        document_hits = sa.select(
            sa.literal("document").label("kind"),
            d.c.id.label("doc_id"),
            sa.null().label("item_id"),
            d.c.text,
            d.c.title,
            d.c.outlet,
            d.c.published,
            sa.literal(-1).label("start"),
        ).where(d.c.id.in_(sa.select(docs.c.doc_id)))
        quote_hits = (
            sa.select(
                sa.literal("quote").label("kind"),
                q.c.doc_id,
                q.c.id,
                q.c.text,
                d.c.title,
                d.c.outlet,
                d.c.published,
                q.c.span_start,
            )
            .join(d, d.c.id == q.c.doc_id)
            .join(quotes, sa.and_(quotes.c.doc_id == q.c.doc_id, quotes.c.quote_id == q.c.id))
        )
        hits = sa.union_all(document_hits, quote_hits).subquery()
        query = (
            sa.select(hits)
            .order_by(hits.c.published.desc().nulls_last(), hits.c.doc_id, hits.c.start)
            .limit(limit)
            .offset(offset)
        )
        return [
            SearchHit(
                kind=row.kind,
                doc_id=row.doc_id,
                item_id=row.item_id,
                title=row.title,
                outlet=row.outlet,
                published=row.published,
                snippet=snippet(row.text, terms),
            )
            for row in self._rows(query)
        ]

    def entity_mentions(self, canonical_id: int) -> list[tuple[str, str]]:
        """The (doc_id, entity id) of every per-document entity linked to a canonical one,
        newest document first."""
        el, d = t.entity_links, t.documents
        query = (
            sa.select(el.c.doc_id, el.c.entity_id)
            .join(d, d.c.id == el.c.doc_id)
            .where(el.c.canonical_id == canonical_id)
            .order_by(d.c.published.desc().nulls_last(), el.c.doc_id, el.c.entity_id)
        )
        return [(row.doc_id, row.entity_id) for row in self._rows(query)]

    def canonical_ids(self, doc_id: str) -> dict[str, int]:
        """Entity id -> canonical entity id, for the entities of one document."""
        el = t.entity_links
        query = sa.select(el.c.entity_id, el.c.canonical_id).where(el.c.doc_id == doc_id)
        return {row.entity_id: row.canonical_id for row in self._rows(query)}

    def events(
        self,
        *,
        event_type: str | None = None,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
        located: bool | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoredEvent]:
        """Events, newest first, with the coordinates of their place when it was resolved.

        ``place`` matches the place name or region; dates compare as ISO strings on the event
        date (else the publication date); ``located`` keeps events with (or without)
        coordinates. Exact duplicate documents are left out."""
        e, p, d = t.events, t.places, t.documents
        when = sa.func.coalesce(e.c.date, d.c.published)
        query = (
            sa.select(
                e.c.doc_id,
                e.c.id,
                e.c.type,
                e.c.sub_type,
                e.c.date,
                e.c.date_precision,
                sa.func.coalesce(p.c.name, e.c.place_name).label("place"),
                e.c.place_precision,
                p.c.lat,
                p.c.lon,
                p.c.country_code,
                e.c.fatalities,
                e.c.injured,
                e.c.displaced,
                e.c.confidence,
                e.c.acled_event_type,
                d.c.outlet,
                d.c.published,
                sa.func.substr(d.c.text, e.c.span_start + 1, e.c.span_end - e.c.span_start).label(
                    "sentence"
                ),
            )
            .join(d, d.c.id == e.c.doc_id)
            .outerjoin(p, sa.and_(p.c.doc_id == e.c.doc_id, p.c.id == e.c.place))
            .where(d.c.duplicate_of.is_(None))
        )
        if event_type:
            query = query.where(e.c.type == event_type)
        if place:
            query = query.where(
                sa.or_(
                    _like(p.c.name, place), _like(e.c.place_name, place), _like(p.c.admin1, place)
                )
            )
        if since:
            query = query.where(when >= since)
        if until:
            query = query.where(when < until)
        if located is not None:
            query = query.where(p.c.lat.is_not(None) if located else p.c.lat.is_(None))
        query = query.order_by(when.desc().nulls_last(), e.c.doc_id, e.c.span_start, e.c.id)
        return [
            StoredEvent(**row._mapping) for row in self._rows(query.limit(limit).offset(offset))
        ]

    def places(
        self,
        *,
        name: str | None = None,
        country: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoredPlace]:
        """Places named in the stored documents, the most documents first; ``name`` matches the
        name or region, ``country`` the ISO country code."""
        p, d = t.places, t.documents
        columns = (
            p.c.name,
            p.c.gazetteer_id,
            p.c.feature,
            p.c.country_code,
            p.c.admin1,
            p.c.lat,
            p.c.lon,
        )
        documents = sa.func.count(sa.distinct(p.c.doc_id))
        query = (
            sa.select(*columns, documents.label("documents"))
            .join(d, d.c.id == p.c.doc_id)
            .where(d.c.duplicate_of.is_(None))
            .group_by(*columns)
        )
        if name:
            query = query.where(sa.or_(_like(p.c.name, name), _like(p.c.admin1, name)))
        if country:
            query = query.where(p.c.country_code == country.upper())
        query = query.order_by(documents.desc(), p.c.name, p.c.gazetteer_id)
        return [
            StoredPlace(**row._mapping) for row in self._rows(query.limit(limit).offset(offset))
        ]

    # Export reads (sitroom.export) --------------------------------------------------------

    def iter_extractions(
        self,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        include_duplicates: bool = False,
        batch_size: int = 100,
    ) -> Iterator[Extraction]:
        """Stored extractions, oldest first (publication date, undated last, then document id),
        streamed: rows come ``batch_size`` at a time (a server-side cursor on PostgreSQL), so
        memory stays flat however large the database. Filters as in :meth:`documents`; exact
        duplicate documents are left out unless ``include_duplicates``."""
        d, x = t.documents.c, t.extractions.c
        query = sa.select(x.json).join(t.documents, d.id == x.doc_id)
        if outlet:
            query = query.where(_like(d.outlet, outlet, contains=False))
        if since:
            query = query.where(d.published >= since)
        if until:
            query = query.where(d.published < until)
        if not include_duplicates:
            query = query.where(d.duplicate_of.is_(None))
        query = query.order_by(d.published.asc().nulls_last(), d.id)
        with self.engine.connect() as connection:
            rows = connection.execution_options(yield_per=batch_size).execute(query)
            for found in rows.scalars():
                yield Extraction.from_json(found)

    # Alerts ------------------------------------------------------------------------------

    def latest_published(self) -> str | None:
        """The newest publication date of a stored document: "now" for the alert rules."""
        with self.engine.connect() as connection:
            return connection.scalar(sa.select(sa.func.max(t.documents.c.published)))

    def alert_rules(self) -> list[AlertRule]:
        """The alert rules made through the API, by name."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(t.alert_rules).order_by(t.alert_rules.c.name))
            return [
                AlertRule(**{k: v for k, v in row._mapping.items() if k != "created_at"})
                for row in rows
            ]

    def save_alert_rule(self, rule: AlertRule) -> None:
        """Keep an alert rule; StoreError if a rule of that name exists."""
        with self.engine.begin() as connection:
            found = connection.scalar(
                sa.select(t.alert_rules.c.name).where(t.alert_rules.c.name == rule.name)
            )
            if found is not None:
                raise StoreError(f"an alert rule named {rule.name!r} exists")
            connection.execute(sa.insert(t.alert_rules).values(**vars(rule), created_at=now()))

    def delete_alert_rule(self, name: str) -> bool:
        """Remove an alert rule made through the API; False if there was none of that name."""
        with self.engine.begin() as connection:
            result = connection.execute(
                sa.delete(t.alert_rules).where(t.alert_rules.c.name == name)
            )
            return result.rowcount > 0

    def add_alert(self, rule: str, kind: str, key: str, **about: Any) -> Alert | None:
        """Keep an alert raised by ``rule`` about ``key``; None if the rule raised it before.
        ``about`` holds the alert's other columns (title, detail, measure, place, ...)."""
        a = t.alerts
        with self.engine.begin() as connection:
            seen = sa.select(a.c.id).where(a.c.rule == rule, a.c.key == key)
            if connection.scalar(seen) is not None:
                return None
            values = {"rule": rule, "kind": kind, "key": key, "created_at": now(), **about}
            alert_id = connection.execute(sa.insert(a).values(**values)).inserted_primary_key[0]
            return self._alert(connection, alert_id)

    def set_webhook_status(self, alert_id: int, status: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                sa.update(t.alerts).where(t.alerts.c.id == alert_id).values(webhook_status=status)
            )

    def alerts(
        self,
        *,
        rule: str | None = None,
        since: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Alert]:
        """Alerts, newest first; ``rule`` keeps one rule's, ``since`` those raised from then."""
        a = t.alerts
        query = sa.select(*_ALERT_COLUMNS)
        if rule:
            query = query.where(a.c.rule == rule)
        if since:
            query = query.where(a.c.created_at >= since)
        query = query.order_by(a.c.created_at.desc(), a.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as connection:
            return [Alert(**row._mapping) for row in connection.execute(query)]

    @staticmethod
    def _alert(connection: sa.Connection, alert_id: int) -> Alert:
        row = connection.execute(sa.select(*_ALERT_COLUMNS).where(t.alerts.c.id == alert_id))
        return Alert(**row.one()._mapping)

    def relink(
        self, *, batch_size: int = 50, on_document: Callable[[str], None] | None = None
    ) -> int:
        """Link every stored document again from its stored extraction: canonical entities and
        claim groups are rebuilt by the current rules (after an upgrade that changed them).

        Documents are linked in publication order (undated last), exact duplicates included,
        ``batch_size`` per transaction; returns how many. The old links are removed first, in
        one transaction: an interrupted run leaves part of the documents linked, and running
        it again starts over. ``on_document`` is called with each document id once linked."""
        with self.engine.begin() as connection:
            for table in (
                t.claim_group_members,
                t.claim_groups,
                t.entity_links,
                t.canonical_keys,
                t.canonical_features,
                t.canonical_entities,
            ):
                connection.execute(sa.delete(table))
        linked = 0
        extractions = self.iter_extractions(include_duplicates=True, batch_size=batch_size)
        while batch := list(islice(extractions, batch_size)):
            with self.engine.begin() as connection:
                for extraction in batch:
                    link_entities(connection, extraction)
                    link_claims(connection, extraction)
            for extraction in batch:
                linked += 1
                if on_document:
                    on_document(extraction.document.id)
        return linked

    def document_links(self, doc_id: str) -> DocumentLinks:
        """What cross-document linking decided for one document: the canonical entity of each
        entity, the claim group (and verdict) of each grouped claim."""
        el, ce = t.entity_links, t.canonical_entities
        m, g = t.claim_group_members, t.claim_groups
        entities = (
            sa.select(el.c.entity_id, ce.c.id, ce.c.name)
            .join(ce, ce.c.id == el.c.canonical_id)
            .where(el.c.doc_id == doc_id)
        )
        claims = (
            sa.select(m.c.claim_id, g.c.id, m.c.verdict, g.c.contested)
            .join(g, g.c.id == m.c.group_id)
            .where(m.c.doc_id == doc_id)
        )
        with self.engine.connect() as connection:
            claim_rows = connection.execute(claims).all()
            pairs = group_pair_verdicts(connection, (row.id for row in claim_rows))
            return DocumentLinks(
                entities={
                    row.entity_id: EntityLink(row.id, row.name)
                    for row in connection.execute(entities)
                },
                claims={
                    row.claim_id: ClaimLink(
                        row.id,
                        row.verdict,
                        bool(row.contested),
                        pairs.get((doc_id, row.claim_id), ()),
                    )
                    for row in claim_rows
                },
            )

    def stats(self) -> dict[str, int]:
        """Row counts: documents, extracted items, cross-document entities, runs, rejections."""
        tables = {
            "documents": t.documents,
            "duplicates": t.documents,
            "entities": t.entities,
            "canonical_entities": t.canonical_entities,
            "places": t.places,
            "quotes": t.quotes,
            "claims": t.claims,
            "times": t.times,
            "events": t.events,
            "claim_groups": t.claim_groups,
            "ingest_runs": t.ingest_runs,
            "rejections": t.rejections,
        }
        counts = {}
        with self.engine.connect() as connection:
            for name, table in tables.items():
                query = sa.select(sa.func.count()).select_from(table)
                if name == "duplicates":
                    query = query.where(table.c.duplicate_of.is_not(None))
                counts[name] = connection.scalar(query) or 0
        return counts

    def _rows(self, query: sa.Select) -> list[sa.Row]:
        with self.engine.connect() as connection:
            return list(connection.execute(query).all())


def _in_claim_group(claims: sa.Table, condition: sa.ColumnElement[bool]) -> sa.Exists:
    """Whether the claim (a row of ``claims``) is in a claim group meeting ``condition``."""
    m, g = t.claim_group_members, t.claim_groups
    return (
        sa.select(m.c.group_id)
        .join(g, g.c.id == m.c.group_id)
        .where(m.c.doc_id == claims.c.doc_id, m.c.claim_id == claims.c.id, condition)
        .exists()
    )


def _like(column: Any, text: str, *, contains: bool = True) -> sa.ColumnElement[bool]:
    """Case-insensitive match of user text taken literally: a "%" or "_" in a filter is a
    character to find, not a wildcard that would match everything."""
    literal = re.sub(r"([/%_])", r"/\1", text)
    return column.ilike(f"%{literal}%" if contains else literal, escape="/")


def _doc_of(item: Document | Extraction) -> Document:
    return item.document if isinstance(item, Extraction) else item


def _with_stored_duplicate(connection: sa.Connection, extraction: Extraction) -> Extraction:
    """Mark an exact duplicate of a document stored by an earlier run (the run's own
    Deduplicator only sees the documents of this run)."""
    document = extraction.document
    if document.duplicate_of:
        return extraction
    d = t.documents.c
    first = connection.scalar(
        sa.select(d.id)
        .where(d.text_hash == text_hash(document.text))
        .order_by(d.ingested_at, d.id)
        .limit(1)
    )
    if first is None:
        return extraction
    return dataclasses.replace(
        extraction, document=dataclasses.replace(document, duplicate_of=first)
    )
