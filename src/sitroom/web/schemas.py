"""The API's request and response models (pydantic).

A response of store records has the record's own fields: each response model is derived from
its record in :mod:`sitroom.store.records` (:func:`response_model`), with descriptions and an
example added here; the full Extraction is the data model's own dataclasses, which pydantic
describes directly. So the OpenAPI schema can never drift from the store or :mod:`sitroom.model`.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Generic, Literal, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, create_model

from sitroom.model import Extraction
from sitroom.store import records
from sitroom.store.records import Record

T = TypeVar("T")

MAX_TEXT_CHARS = 200_000
MAX_BATCH = 50


def _example(**values: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [values]})


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. not_found, unauthorized.")
    message: str = Field(description="What went wrong, in one line a person can act on.")


class ErrorResponse(BaseModel):
    model_config = _example(error={"code": "not_found", "message": "no document 'doc-123'"})

    error: ErrorBody


class Page(BaseModel, Generic[T]):
    """One page of results; ``next_offset`` is null on the last page."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None


#: What a field of a record means, wherever it appears in a response.
DESCRIPTIONS = {
    "variants": "Every other spelling the entity went by.",
    "canonical_speaker": "The speaker's cross-document entity id.",
    "claimant_kind": "person, organisation or outlet (the article's own voice); null: unknown.",
    "relay": "The source that relayed the claim when the claimant is its origin "
    '("TASS" in "TASS reported, citing the regional administration").',
    "repeat_of": "The id of the first claim in the same document with the same figure, "
    "measure and claimant, when this claim repeats it.",
    "group_id": "The claim group (null: none).",
    "verdict": "Its verdict in the group: agree, contradict, update (the same claimant's "
    "later figure), related (another measure of the group's subject) or null.",
    "verdicts": "Its verdict with each other claim of the group's measure.",
    "place_precision": "1 a town, 2 near a town, 3 a region, country: only the country (ACLED's)",
}


class PairVerdictOut(BaseModel):
    """How a claim relates to another claim of its group."""

    model_config = ConfigDict(populate_by_name=True)

    with_: str = Field(alias="with", description='The other claim: "<document id>#<claim id>".')
    verdict: str = Field(description="agree, contradict, update or part of.")


def response_model(
    name: str, record: type[Record], example: dict[str, Any], **types: Any
) -> type[BaseModel]:
    """The response model of a store record: the record's fields, in its order, with their
    types (or the API's own type for a field given in ``types``), defaults and
    :data:`DESCRIPTIONS`; the record's docstring and ``example`` document it."""
    hints = get_type_hints(record)
    fields: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        default = field.default if field.default is not dataclasses.MISSING else ...
        kind = types.get(field.name, hints[field.name])
        fields[field.name] = (kind, Field(default, description=DESCRIPTIONS.get(field.name)))
    model = create_model(name, __config__=_example(**example), **fields)
    model.__doc__ = record.__doc__
    return model


DocumentOut = response_model(
    "DocumentOut",
    records.StoredDocument,
    {
        "id": "doc-9a36333ef80de329",
        "url": None,
        "outlet": "Harbor Ledger",
        "published": "2024-08-15",
        "title": "kursk followup",
        "lang": "en",
        "source": "examples/kursk_followup.txt",
        "duplicate_of": None,
        "near_duplicate_of": None,
    },
)
EntityOut = response_model(
    "EntityOut",
    records.CanonicalEntity,
    {
        "id": 12,
        "name": "Oleksandr Syrskyi",
        "kind": "PERSON",
        "affiliation": "Ukraine",
        "documents": 3,
        "variants": ["Oleksandr Syrsky", "Syrskyi"],
        "titles": ["top commander"],
    },
)
QuoteOut = response_model(
    "QuoteOut",
    records.StoredQuote,
    {
        "doc_id": "doc-9a36333ef80de329",
        "id": "q1",
        "text": "We control 1,150 square kilometres",
        "kind": "direct",
        "speaker": "Oleksandr Syrskyi",
        "canonical_speaker": 12,
        "outlet": "Harbor Ledger",
        "published": "2024-08-15",
    },
)
ClaimOut = response_model(
    "ClaimOut",
    records.StoredClaim,
    {
        "doc_id": "doc-9a36333ef80de329",
        "id": "c1",
        "measure": "territory_area",
        "value": 1150.0,
        "low": 1150.0,
        "high": 1150.0,
        "unit": "km²",
        "hedge": "exactly",
        "subject": "Ukrainian forces",
        "place": "Kursk",
        "claimant": "Oleksandr Syrskyi",
        "claimant_kind": "person",
        "relay": None,
        "as_of": "2024-08-15",
        "outlet": "Harbor Ledger",
        "published": "2024-08-15",
        "contested": True,
        "repeat_of": None,
        "group_id": 18,
        "verdict": "update",
        "verdicts": [{"with": "doc-5d1e0c7a4b2f9e11#c1", "verdict": "update"}],
    },
    verdicts=list[PairVerdictOut],
)
_MEMBER_EXAMPLE = {
    "doc_id": "doc-9a36333ef80de329",
    "claim_id": "c1",
    "measure": "territory_area",
    "text": "1,150 square kilometres",
    "value": 1150.0,
    "low": 1150.0,
    "high": 1150.0,
    "unit": "km²",
    "hedge": "exactly",
    "claimant": "Oleksandr Syrskyi",
    "claimant_kind": "person",
    "relay": None,
    "outlet": "Harbor Ledger",
    "published": "2024-08-15",
    "as_of": "2024-08-15",
    "verdict": "update",
    "repeat_of": None,
    "sentence": "Syrskyi said his troops now control 1,150 square kilometres.",
    "verdicts": [{"with": "doc-5d1e0c7a4b2f9e11#c1", "verdict": "update"}],
}
GroupMemberOut = response_model(
    "GroupMemberOut", records.GroupMember, _MEMBER_EXAMPLE, verdicts=list[PairVerdictOut]
)
ClaimGroupOut = response_model(
    "ClaimGroupOut",
    records.ClaimGroup,
    {
        "id": 18,
        "measure": "territory",
        "subject": None,
        "place": "kursk oblast",
        "window_start": "2024-08-13",
        "window_end": "2024-08-15",
        "contested": True,
        "members": [_MEMBER_EXAMPLE],
    },
    members=list[GroupMemberOut],
)
EventOut = response_model(
    "EventOut",
    records.StoredEvent,
    {
        "doc_id": "doc-3d76d7234ed870e2",
        "id": "v6",
        "type": "strike",
        "sub_type": "missile",
        "date": "2024-09-10",
        "date_precision": "day",
        "place": "Kharkiv",
        "place_precision": "1",
        "lat": 49.9818,
        "lon": 36.2548,
        "country_code": "UA",
        "fatalities": 22.0,
        "injured": None,
        "displaced": None,
        "confidence": 0.8,
        "acled_event_type": "Explosions/Remote violence",
        "outlet": "Invented Wire",
        "published": "2024-09-10",
        "sentence": "A missile strike on Kharkiv killed 22 people, the governor said.",
    },
)
PlaceOut = response_model(
    "PlaceOut",
    records.StoredPlace,
    {
        "name": "Kyiv",
        "gazetteer_id": "gn:703448",
        "feature": "capital",
        "country_code": "UA",
        "admin1": "Kyiv City",
        "lat": 50.4547,
        "lon": 30.5238,
        "documents": 7,
    },
)
SearchHitOut = response_model(
    "SearchHitOut",
    records.SearchHit,
    {
        "kind": "quote",
        "doc_id": "doc-9a36333ef80de329",
        "item_id": "q1",
        "title": "kursk followup",
        "outlet": "Harbor Ledger",
        "published": "2024-08-15",
        "snippet": "… now control 1,150 square kilometres …",
    },
)
#: The kinds of alert rule (sitroom.alerts).
AlertKind = Literal["contested", "figure", "rise"]
AlertOut = response_model(
    "AlertOut",
    records.Alert,
    {
        "id": 3,
        "rule": "Pokrovsk deaths rising",
        "kind": "rise",
        "title": "People killed in Pokrovsk rose to 9 in the 7 days to 9 Aug 2024",
        "detail": "1.8 expected from the 28 days before (7 in all); each claim group counted once",
        "measure": "killed",
        "place": "Pokrovsk",
        "doc_id": None,
        "claim_id": None,
        "group_id": None,
        "value": 9,
        "baseline": 1.75,
        "created_at": "2024-08-09T18:02:11+00:00",
        "webhook_status": "sent (HTTP 204)",
    },
    kind=AlertKind,
)


class PointGeometry(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float] = Field(description="[longitude, latitude]")


class EventFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str = Field(description="doc_id/event id")
    geometry: PointGeometry
    properties: dict[str, Any]


class EventCollection(BaseModel):
    """Events with coordinates as a GeoJSON FeatureCollection (RFC 7946)."""

    model_config = _example(
        type="FeatureCollection",
        features=[
            {
                "type": "Feature",
                "id": "doc-3d76d7234ed870e2/v6",
                "geometry": {"type": "Point", "coordinates": [36.2548, 49.9818]},
                "properties": {"type": "strike", "date": "2024-09-10", "fatalities": 22.0},
            }
        ],
    )

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[EventFeature]


class AlertRuleOut(BaseModel):
    """A rule that raises alerts: contested (a new contested claim group), figure (a figure
    for a watched measure, place and/or entity), rise (a measure in a place over the last
    ``recent_days`` against the ``baseline_days`` before: at least ``minimum`` and more than
    ``factor`` times the baseline's rate)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Pokrovsk deaths rising",
                    "kind": "rise",
                    "measure": "killed",
                    "place": "Pokrovsk",
                    "minimum": 5,
                }
            ]
        },
    )

    name: Annotated[str, Field(min_length=1, max_length=120)]
    kind: AlertKind
    measure: Annotated[str | None, Field(max_length=48)] = None
    place: Annotated[str | None, Field(max_length=200)] = None
    entity: Annotated[str | None, Field(max_length=200)] = None
    recent_days: Annotated[int, Field(ge=1, le=366)] = 7
    baseline_days: Annotated[int, Field(ge=1, le=3660)] = 28
    factor: Annotated[float, Field(ge=1)] = 2.0
    minimum: Annotated[float, Field(ge=0)] = 1.0
    webhook: Annotated[str | None, Field(max_length=2000)] = None


class StatsOut(BaseModel):
    """Row counts of the database."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"documents": 16, "claims": 240, "claim_groups": 39}]}
    )

    counts: dict[str, int]


class DocumentDetail(BaseModel):
    """A document with everything extracted from it; every span indexes ``document.text``."""

    extraction: Extraction
    canonical_entities: dict[str, int] = Field(
        description="Entity id in this document -> cross-document entity id."
    )


# Ingestion -------------------------------------------------------------------------------


class TextInput(BaseModel):
    """One article given as text."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Officials said at least 12 people were killed in the strike.",
                    "title": "Strike on the port",
                    "outlet": "Some Wire",
                    "published": "2024-08-13",
                }
            ]
        },
    )

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200)
    published: str | None = Field(default=None, max_length=40, description="ISO date.")


class UrlInput(BaseModel):
    """One article (or feed) to fetch; private, loopback and link-local hosts are refused."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"url": "https://example.org/news/strike.html", "outlet": "Example News"}]
        },
    )

    url: HttpUrl
    outlet: str | None = Field(default=None, max_length=200)
    published: str | None = Field(default=None, max_length=40)


class BatchInput(BaseModel):
    """Several articles given as text, ingested together."""

    model_config = ConfigDict(extra="forbid")

    documents: list[TextInput] = Field(min_length=1, max_length=MAX_BATCH)


IngestRequest = TextInput | UrlInput | BatchInput


class RejectedOut(BaseModel):
    source: str
    code: str
    message: str


class IngestedOut(BaseModel):
    status: Literal["stored", "skipped", "rejected"]
    source: str
    doc_id: str | None
    duplicate_of: str | None
    near_duplicate_of: str | None


class IngestResult(BaseModel):
    model_config = _example(
        run_id=3,
        ingested=1,
        skipped=0,
        duplicates=0,
        near_duplicates=0,
        rejected=[],
        documents=[
            {
                "status": "stored",
                "source": "api",
                "doc_id": "doc-1f2e3d4c5b6a7980",
                "duplicate_of": None,
                "near_duplicate_of": None,
            }
        ],
    )

    run_id: int
    ingested: int
    skipped: int
    duplicates: int
    near_duplicates: int
    rejected: list[RejectedOut]
    documents: list[IngestedOut]
