"""Helpers the export formats share: looking items up in an Extraction, numbers, dates, names."""

from __future__ import annotations

import dataclasses
import math
import re
from functools import cache

from sitroom.model import Entity, Extraction, Place, Span
from sitroom.nlp.lang import reading_language
from sitroom.nlp.topics import document_verdict, judges, relevant_sentence

_WHITESPACE = re.compile(r"\s+")


def place_named(extraction: Extraction, name: str | None) -> Place | None:
    """The place a claim names (claims refer to places by name, as link/claims.py does)."""
    if name is None:
        return None
    return next((p for p in extraction.places if p.name == name), None)


def place_with_id(extraction: Extraction, place_id: str | None) -> Place | None:
    if place_id is None:
        return None
    return next((p for p in extraction.places if p.id == place_id), None)


def entity_names(extraction: Extraction, ids: list[str]) -> list[str]:
    """The names of the entities with these ids (ids with no entity are skipped)."""
    by_id = entities_by_id(extraction)
    return [by_id[i].name for i in ids if i in by_id]


def entities_by_id(extraction: Extraction) -> dict[str, Entity]:
    return {entity.id: entity for entity in extraction.entities}


def text_of(extraction: Extraction, span: Span | None) -> str:
    """The document text of a span, on one line."""
    if span is None:
        return ""
    return one_line(extraction.document.text[span[0] : span[1]])


def one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def number(value: float | None) -> int | float | None:
    """12.0 -> 12 (figures are counts); None and infinities (unbounded) -> None."""
    if value is None or math.isinf(value):
        return None
    return int(value) if float(value).is_integer() else value


def day_of(value: str | None) -> str | None:
    """The ISO day a TimeML-like value starts on when it names a calendar date ('2024-08-12',
    '2024-08-12T10:00', '2024-08-09TNI'); None for weeks, months, durations, references."""
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        return value[:10]
    return None


@cache
def country_name(iso2: str | None) -> str | None:
    """The English name of a country from its ISO 3166-1 alpha-2 code (the gazetteer's)."""
    if not iso2:
        return None
    from sitroom.gazetteer.places import gazetteer

    entry = gazetteer().country(iso2)
    return entry.name if entry else None


def conflict_only(extraction: Extraction) -> Extraction | None:
    """The extraction with only the claims and events that the relevance component keeps
    (``nlp/relevance.py``), decided again from the document text so that documents stored
    before the component, or extracted without it, are judged alike; None when nothing is left
    of a document that is not conflict news (sport, entertainment, business, ... news)."""
    text = extraction.document.text
    lang = reading_language(extraction.document.lang)
    if not judges(lang):
        return extraction  # no topic vocabulary in its language: taken whole, as extracted
    verdict = document_verdict(text, lang=lang)
    claims = [
        c for c in extraction.claims if relevant_sentence(text, c.sentence_span, verdict, lang=lang)
    ]
    events = [e for e in extraction.events if relevant_sentence(text, e.span, verdict, lang=lang)]
    if not (verdict.conflict or claims or events):
        return None
    if len(claims) == len(extraction.claims) and len(events) == len(extraction.events):
        return extraction
    return dataclasses.replace(extraction, claims=claims, events=events)
