"""The sitroom data model (schema "sitroom/1") and its JSON (de)serialisation.

Every extracted item has an ``id`` unique within its document and a ``span``: a half-open
``[start, end)`` range of character offsets into ``Document.text`` exactly as given. Spans are
tuples in Python and two-element lists in JSON.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

SCHEMA = "sitroom/1"

Span = tuple[int, int]


@dataclass
class Document:
    """One article as ingested. ``id`` is derived from the normalised text and the URL."""

    text: str
    id: str = ""
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    lang: str | None = None
    fetched_at: str | None = None
    source: str | None = None
    duplicate_of: str | None = None
    near_duplicate_of: str | None = None
    #: who a reposted post came from (a Telegram forward): the relay of every claim in it
    forwarded_from: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = document_id(self.text, self.url)


def normalise_text(text: str) -> str:
    """Text as compared for identity: Unicode NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def document_id(text: str, url: str | None = None) -> str:
    """Stable id: the same text at the same URL always gets the same id."""
    digest = hashlib.sha256()
    digest.update(normalise_text(text).encode("utf-8"))
    digest.update(b"\x00")
    digest.update((url or "").encode("utf-8"))
    return "doc-" + digest.hexdigest()[:16]


@dataclass
class Mention:
    """One occurrence of an entity in the text."""

    text: str
    span: Span


@dataclass
class Entity:
    """A person, organisation, armed force or political unit, with all its mentions.

    ``kind`` is PERSON, ORG, FORCE (an armed force or armed group), GPE or LOC (places named
    as actors or locations; the places component resolves them to the gazetteer)."""

    id: str
    name: str
    kind: str
    span: Span
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    place: str | None = None


@dataclass
class Place:
    """A toponym resolved (when possible) to a gazetteer entry."""

    id: str
    name: str
    span: Span
    mentions: list[Mention] = field(default_factory=list)
    gazetteer_id: str | None = None
    feature: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None


@dataclass
class Quote:
    """Direct, indirect (reported) or mixed speech, with its speaker when it can be resolved."""

    id: str
    text: str
    span: Span
    kind: str
    speaker: str | None = None
    speaker_span: Span | None = None
    cue: str | None = None
    confidence: float = 0.0


@dataclass
class TimeRef:
    """A temporal expression normalised against the publication date (TimeML-like value)."""

    id: str
    text: str
    span: Span
    value: str | None = None
    precision: str | None = None
    anchor: str | None = None
    kind: str = "date"


@dataclass
class Claim:
    """An attributed quantity: who claims which value, of what measure, about whom, where, when.

    ``low``/``high`` bound the interval the hedge implies (None: unbounded on that side); a
    range ("between 10 and 15") has hedge "range" and its lower bound as ``value``.
    ``claimant`` is an entity id, None when the figure is the outlet's own or its speaker is
    unresolved; ``claimant_name`` always says who (the entity's name, the speaker as written,
    or the outlet).
    ``measured`` is the noun the figure counts or measures ("civilians", "drones").
    """

    id: str
    measure: str
    text: str
    span: Span
    sentence_span: Span
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    hedge: str = "exactly"
    measured: str | None = None
    subject: str | None = None
    place: str | None = None
    claimant: str | None = None
    claimant_name: str | None = None
    claimant_kind: str | None = None
    relay: str | None = None
    quote: str | None = None
    as_of: str | None = None
    original_value: float | None = None
    original_unit: str | None = None
    repeat_of: str | None = None


@dataclass
class Figure:
    """An event's count (fatalities, injured, displaced) and the claims that back it.

    ``value``/``low``/``high``/``hedge`` come from the largest backing claim; ``claims`` are
    the ids of every claim of that measure attached to the event, ``claimants`` their
    claimants' names (in claim order, without repeats)."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    hedge: str = "exactly"
    claims: list[str] = field(default_factory=list)
    claimants: list[str] = field(default_factory=list)


@dataclass
class Event:
    """A typed event with its actors, place, date and the claims backing its figures.

    ``span`` is the sentence of the first mention, ``trigger`` the word that names the event
    there and ``mentions`` every trigger merged into it. ``actors`` act, ``targets`` are acted
    upon (entity ids). ``place`` is a place id (``place_name``, ``place_precision`` copied from
    it); ``date`` a TimeML value whose ``date_precision`` is "publication" when it fell back to
    the publication date. ``quote`` links statements and threats to what was said. Types and
    the ACLED mapping are documented in :mod:`sitroom.nlp.events`.
    """

    id: str
    type: str
    span: Span
    actors: list[str] = field(default_factory=list)
    place: str | None = None
    date: str | None = None
    fatalities: Figure | None = None
    injured: Figure | None = None
    displaced: Figure | None = None
    confidence: float = 0.0
    sub_type: str | None = None
    trigger: Span | None = None
    trigger_text: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    place_name: str | None = None
    place_precision: str | None = None
    date_precision: str | None = None
    time: str | None = None
    quote: str | None = None


@dataclass
class Extraction:
    """Everything sitroom extracted from one document."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        return _to_jsonable(self)

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        if data.get("schema") != SCHEMA:
            raise ValueError(f"unsupported schema {data.get('schema')!r}; expected {SCHEMA!r}")
        return _from_jsonable(cls, data)

    @classmethod
    def from_json(cls, text: str) -> Extraction:
        return cls.from_dict(json.loads(text))

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id (raises KeyError if there is none)."""
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        raise KeyError(entity_id)


def _to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_to_jsonable(item) for item in value]
    return value


T = TypeVar("T")


@functools.cache
def _field_converters(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """Each field's name and the function that rebuilds its value from JSON; worked out once
    per class (resolving type hints is slow, and a corpus holds millions of values)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))


def _from_jsonable(cls: type[T], data: dict[str, Any]) -> T:
    kwargs = {name: convert(data[name]) for name, convert in _field_converters(cls) if name in data}
    return cls(**kwargs)


@functools.cache
def _converter(hint: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _converter(next(a for a in args if a is not type(None)))
    if origin is tuple:
        return lambda value: None if value is None else tuple(value)
    if origin is list:
        item = _converter(args[0])
        return lambda value: None if value is None else [item(v) for v in value]
    if dataclasses.is_dataclass(hint):
        return lambda value: None if value is None else _from_jsonable(hint, value)
    return lambda value: value
