"""What store queries and ingestion return: small, typed, JSON-friendly records."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

from sitroom.ingest import Rejected


class Record:
    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


def _plain(value: Any) -> Any:
    """A field's value as JSON-ready data: records by their own ``to_dict``."""
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class StoredDocument(Record):
    """A stored document's metadata: where it came from, when it was published, in which
    language, and the document it duplicates (the same text) or nearly duplicates."""

    id: str
    url: str | None
    outlet: str | None
    published: str | None
    title: str | None
    lang: str | None
    source: str | None
    duplicate_of: str | None
    near_duplicate_of: str | None


@dataclass(frozen=True)
class CanonicalEntity(Record):
    """One entity across documents, with every spelling and title it went by."""

    id: int
    name: str
    kind: str
    affiliation: str | None
    documents: int
    variants: list[str]
    titles: list[str]


@dataclass(frozen=True)
class StoredQuote(Record):
    """A quotation with its speaker as named in the document and as a cross-document entity."""

    doc_id: str
    id: str
    text: str
    kind: str
    speaker: str | None
    canonical_speaker: int | None
    outlet: str | None
    published: str | None


@dataclass(frozen=True)
class PairVerdict(Record):
    """How a claim relates to another claim of its group: ``with`` is that claim's reference
    ("<document id>#<claim id>"), ``verdict`` agree, contradict, update or part of."""

    ref: str
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        return {"with": self.ref, "verdict": self.verdict}


@dataclass(frozen=True)
class StoredClaim(Record):
    """An attributed figure: ``claimant`` says who (the claimant's name, else the outlet), with
    the ``claimant_kind`` and the ``relay`` that passed the claim on; ``repeat_of`` is the claim
    of the same document it repeats (as in :class:`sitroom.model.Claim`)."""

    doc_id: str
    id: str
    measure: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    hedge: str
    subject: str | None
    place: str | None
    claimant: str | None
    claimant_kind: str | None
    relay: str | None
    as_of: str | None
    outlet: str | None
    published: str | None
    contested: bool
    repeat_of: str | None
    group_id: int | None = None  # its claim group, if it has one
    verdict: str | None = None  # its verdict in the group (see ClaimLink)
    verdicts: tuple[PairVerdict, ...] = ()  # with each other claim of the group's measure


@dataclass(frozen=True)
class GroupMember(Record):
    """One claim of a claim group, with who said it, where it was published and its verdict."""

    doc_id: str
    claim_id: str
    measure: str
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    hedge: str
    claimant: str | None
    claimant_kind: str | None
    relay: str | None
    outlet: str | None
    published: str | None
    as_of: str | None
    verdict: str | None
    repeat_of: str | None
    sentence: str
    verdicts: tuple[PairVerdict, ...] = ()  # with each other claim of the group's measure


@dataclass(frozen=True)
class ClaimGroup(Record):
    """Claims from any sources about one measure, place and time window (link/claims.py)."""

    id: int
    measure: str
    subject: str | None
    place: str | None
    window_start: str | None
    window_end: str | None
    contested: bool
    members: list[GroupMember]


@dataclass(frozen=True)
class SearchHit(Record):
    """A document or a quote matching a full-text query, with a snippet around the match."""

    kind: Literal["document", "quote"]
    doc_id: str
    item_id: str | None
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str


@dataclass(frozen=True)
class StoredEvent(Record):
    """An event with its place's coordinates (when resolved) and the sentence it came from."""

    doc_id: str
    id: str
    type: str
    sub_type: str | None
    date: str | None
    date_precision: str | None
    place: str | None
    place_precision: str | None  # 1 a town, 2 near a town, 3 a region, country (ACLED's)
    lat: float | None
    lon: float | None
    country_code: str | None
    fatalities: float | None
    injured: float | None
    displaced: float | None
    confidence: float
    acled_event_type: str | None
    outlet: str | None
    published: str | None
    sentence: str


@dataclass(frozen=True)
class StoredPlace(Record):
    """A place as named across documents (one row per gazetteer entry and name)."""

    name: str
    gazetteer_id: str | None
    feature: str | None
    country_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    documents: int


IngestStatus = Literal["stored", "skipped", "rejected"]


@dataclass(frozen=True)
class IngestEvent:
    """What happened to one input document: stored, skipped (already stored) or rejected."""

    status: IngestStatus
    source: str
    doc_id: str | None = None
    duplicate_of: str | None = None
    near_duplicate_of: str | None = None
    rejected: Rejected | None = None


@dataclass
class IngestReport:
    """Totals of one ingest run."""

    run_id: int
    ingested: int = 0
    skipped: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    stored_ids: list[str] = field(default_factory=list)  # documents stored, in input order
    alerts: list[Alert] = field(default_factory=list)  # raised by the run's documents

    def add(self, event: IngestEvent) -> None:
        if event.status == "stored":
            self.ingested += 1
            if event.doc_id:
                self.stored_ids.append(event.doc_id)
            self.duplicates += event.duplicate_of is not None
            self.near_duplicates += event.near_duplicate_of is not None
        elif event.status == "skipped":
            self.skipped += 1
        elif event.rejected is not None:
            self.rejected.append(event.rejected)


@dataclass(frozen=True)
class AlertRule(Record):
    """A rule that raises alerts (sitroom.alerts): ``kind`` contested (a new contested claim
    group), figure (a figure for a watched measure, place and/or entity) or rise (a measure in a
    place over the last ``recent_days`` against the ``baseline_days`` before: at least
    ``minimum`` and more than ``factor`` times the baseline's rate)."""

    name: str
    kind: str
    measure: str | None = None
    place: str | None = None
    entity: str | None = None
    recent_days: int = 7
    baseline_days: int = 28
    factor: float = 2.0
    minimum: float = 1.0
    webhook: str | None = None


@dataclass(frozen=True)
class Alert(Record):
    """An alert a rule raised, in words for people (``title``, ``detail``), with what it is
    about: the claim, the claim group, or a place's figures (``value`` against ``baseline``)."""

    id: int
    rule: str
    kind: str
    title: str
    detail: str | None
    measure: str | None
    place: str | None
    doc_id: str | None
    claim_id: str | None
    group_id: int | None
    value: float | None
    baseline: float | None
    created_at: str
    webhook_status: str | None


@dataclass(frozen=True)
class EntityLink(Record):
    """The canonical (cross-document) entity a document's entity is linked to."""

    canonical_id: int
    name: str


@dataclass(frozen=True)
class ClaimLink(Record):
    """The claim group a document's claim belongs to, its verdict there (the strongest of its
    pair verdicts), and its verdict with each other claim of the group's measure."""

    group_id: int
    verdict: str | None
    contested: bool
    verdicts: tuple[PairVerdict, ...] = ()


@dataclass(frozen=True)
class DocumentLinks(Record):
    """Cross-document links of one document's items, by item id (see Store.document_links)."""

    entities: dict[str, EntityLink]
    claims: dict[str, ClaimLink]
