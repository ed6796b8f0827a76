"""The API's request and response models (pydantic), mirroring :mod:`sitroom.store.records`.

The record models list the same fields as the store's records (a test keeps them in step); the
full Extraction is the data model's own dataclasses, which pydantic describes directly, so the
OpenAPI schema can never drift from :mod:`sitroom.model`.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from sitroom.model import Extraction

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


class DocumentOut(BaseModel):
    model_config = _example(
        id="doc-9a36333ef80de329",
        url=None,
        outlet="Harbor Ledger",
        published="2024-08-15",
        title="kursk followup",
        lang="en",
        source="examples/kursk_followup.txt",
        duplicate_of=None,
        near_duplicate_of=None,
    )

    id: str
    url: str | None
    outlet: str | None
    published: str | None
    title: str | None
    lang: str | None
    source: str | None
    duplicate_of: str | None
    near_duplicate_of: str | None


class EntityOut(BaseModel):
    model_config = _example(
        id=12,
        name="Oleksandr Syrskyi",
        kind="PERSON",
        affiliation="Ukraine",
        documents=3,
        variants=["Oleksandr Syrsky", "Syrskyi"],
        titles=["top commander"],
    )

    id: int
    name: str
    kind: str
    affiliation: str | None
    documents: int
    variants: list[str] = Field(description="Every other spelling the entity went by.")
    titles: list[str]


class QuoteOut(BaseModel):
    model_config = _example(
        doc_id="doc-9a36333ef80de329",
        id="q1",
        text="We control 1,150 square kilometres",
        kind="direct",
        speaker="Oleksandr Syrskyi",
        canonical_speaker=12,
        outlet="Harbor Ledger",
        published="2024-08-15",
    )

    doc_id: str
    id: str
    text: str
    kind: str
    speaker: str | None
    canonical_speaker: int | None = Field(description="The speaker's cross-document entity id.")
    outlet: str | None
    published: str | None


#: What kind of claimant makes a claim, who relayed it, what it repeats (as in
#: :class:`sitroom.model.Claim`).
ClaimantKind = Annotated[
    str | None,
    Field(description="person, organisation or outlet (the article's own voice); null: unknown."),
]
Relay = Annotated[
    str | None,
    Field(
        description="The source that relayed the claim when the claimant is its origin "
        '("TASS" in "TASS reported, citing the regional administration").'
    ),
]
RepeatOf = Annotated[
    str | None,
    Field(
        description="The id of the first claim in the same document with the same figure, "
        "measure and claimant, when this claim repeats it."
    ),
]


class PairVerdictOut(BaseModel):
    """How a claim relates to another claim of its group."""

    model_config = ConfigDict(populate_by_name=True)

    with_: str = Field(alias="with", description='The other claim: "<document id>#<claim id>".')
    verdict: str = Field(description="agree, contradict, update or part of.")


GroupId = Annotated[int | None, Field(description="The claim group it is in (null: none).")]
Verdict = Annotated[
    str | None,
    Field(
        description="Its verdict in the group: agree, contradict, update (the same claimant's "
        "later figure), related (another measure of the group's subject) or null."
    ),
]
Verdicts = Annotated[
    list[PairVerdictOut],
    Field(description="Its verdict with each other claim of the group's measure."),
]


class ClaimOut(BaseModel):
    model_config = _example(
        doc_id="doc-9a36333ef80de329",
        id="c1",
        measure="territory_area",
        value=1150.0,
        low=1150.0,
        high=1150.0,
        unit="km²",
        hedge="exactly",
        subject="Ukrainian forces",
        place="Kursk",
        claimant="Oleksandr Syrskyi",
        claimant_kind="person",
        relay=None,
        as_of="2024-08-15",
        outlet="Harbor Ledger",
        published="2024-08-15",
        contested=True,
        repeat_of=None,
        group_id=18,
        verdict="update",
        verdicts=[{"with": "doc-5d1e0c7a4b2f9e11#c1", "verdict": "update"}],
    )

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
    claimant_kind: ClaimantKind
    relay: Relay
    as_of: str | None
    outlet: str | None
    published: str | None
    contested: bool
    repeat_of: RepeatOf
    group_id: GroupId = None
    verdict: Verdict = None
    verdicts: Verdicts = []


class GroupMemberOut(BaseModel):
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
    claimant_kind: ClaimantKind
    relay: Relay
    outlet: str | None
    published: str | None
    as_of: str | None
    verdict: Verdict
    repeat_of: RepeatOf
    sentence: str
    verdicts: Verdicts = []


class ClaimGroupOut(BaseModel):
    model_config = _example(
        id=18,
        measure="territory",
        subject=None,
        place="kursk oblast",
        window_start="2024-08-13",
        window_end="2024-08-15",
        contested=True,
        members=[
            {
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
        ],
    )

    id: int
    measure: str
    subject: str | None
    place: str | None
    window_start: str | None
    window_end: str | None
    contested: bool
    members: list[GroupMemberOut]


class EventOut(BaseModel):
    model_config = _example(
        doc_id="doc-3d76d7234ed870e2",
        id="v6",
        type="strike",
        sub_type="missile",
        date="2024-09-10",
        date_precision="day",
        place="Kharkiv",
        place_precision="1",
        lat=49.9818,
        lon=36.2548,
        country_code="UA",
        fatalities=22.0,
        injured=None,
        displaced=None,
        confidence=0.8,
        acled_event_type="Explosions/Remote violence",
        outlet="Invented Wire",
        published="2024-09-10",
        sentence="A missile strike on Kharkiv killed 22 people, the governor said.",
    )

    doc_id: str
    id: str
    type: str
    sub_type: str | None
    date: str | None
    date_precision: str | None
    place: str | None
    place_precision: str | None = Field(
        description="1 a town, 2 near a town, 3 a region, country: only the country (ACLED's)"
    )
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


class PlaceOut(BaseModel):
    model_config = _example(
        name="Kyiv",
        gazetteer_id="gn:703448",
        feature="capital",
        country_code="UA",
        admin1="Kyiv City",
        lat=50.4547,
        lon=30.5238,
        documents=7,
    )

    name: str
    gazetteer_id: str | None
    feature: str | None
    country_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    documents: int


class SearchHitOut(BaseModel):
    model_config = _example(
        kind="quote",
        doc_id="doc-9a36333ef80de329",
        item_id="q1",
        title="kursk followup",
        outlet="Harbor Ledger",
        published="2024-08-15",
        snippet="… now control 1,150 square kilometres …",
    )

    kind: Literal["document", "quote"]
    doc_id: str
    item_id: str | None
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str


class AlertOut(BaseModel):
    """An alert a rule raised, in words (title, detail), with what it is about."""

    model_config = _example(
        id=3,
        rule="Pokrovsk deaths rising",
        kind="rise",
        title="People killed in Pokrovsk rose to 9 in the 7 days to 9 Aug 2024",
        detail="1.8 expected from the 28 days before (7 in all); each claim group counted once",
        measure="killed",
        place="Pokrovsk",
        doc_id=None,
        claim_id=None,
        group_id=None,
        value=9,
        baseline=1.75,
        created_at="2024-08-09T18:02:11+00:00",
        webhook_status="sent (HTTP 204)",
    )

    id: int
    rule: str
    kind: Literal["contested", "figure", "rise"]
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
    kind: Literal["contested", "figure", "rise"]
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
