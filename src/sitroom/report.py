"""Words for people: figures, units, dates and attributions as a person writes them ("24–99
people", "km²", "week of 22 Aug 2022", "the governor (via Reuters)"), for the terminal, the
dashboard and the API alike."""

from __future__ import annotations

import re
import string
from datetime import date
from typing import Any, Protocol


class Figured(Protocol):
    """A claim, a stored claim or a claim group's member: anything with a figure."""

    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    hedge: str


def amount(value: float) -> str:
    """A number as a person writes it: "1,000", "2.5", "0.25"."""
    return f"{value:,.0f}" if value == int(value) or value >= 100 else f"{value:.3g}"


#: An approximate figure whose interval spans this factor or more is a vague amount ("dozens",
#: "hundreds of"): its interval says more than its representative value.
VAGUE_SPAN = 2.0


def figure(claim: Figured) -> str:
    """A figure as a person reads it: "at least 12 people", "1 person", "approximately 1,000
    km²", "10–15 missiles", "12–99 people" for "dozens"."""
    low, high = claim.low, claim.high
    if (
        low is not None
        and high is not None
        and (
            claim.value is None
            or claim.hedge == "range"
            or (claim.hedge == "approximately" and 0 < low * VAGUE_SPAN <= high)
        )
    ):
        return f"{amount(low)}–{amount(high)}{unit_words(claim.unit, high)}"
    value = "?" if claim.value is None else amount(claim.value)
    hedge = "" if claim.hedge in ("exactly", "range") else claim.hedge.replace("_", " ") + " "
    return f"{hedge}{value}{unit_words(claim.unit, claim.value)}"


def unit_words(unit: str | None, amount: float | None) -> str:
    """A unit as written after its amount (with its leading space): "km²", "1 person" and "2
    people", a counted noun in the plural ("3 tanks"); currency codes and symbols as they are."""
    if not unit:
        return ""
    if unit in UNIT_SIGNS:
        return f" {UNIT_SIGNS[unit]}"
    one = amount == 1
    if unit == "people":
        return " person" if one else " people"
    if one or unit.isupper() or not unit.isalpha() or unit.endswith("s"):
        return f" {unit}"
    if unit.endswith(("x", "ch", "sh")):
        return f" {unit}es"
    if unit.endswith("y") and unit[-2:-1] not in "aeiou":
        return f" {unit[:-1]}ies"
    return f" {unit}s"


def readable_date(value: str | None, published: str | None = None) -> str:
    """A TimeML-like time value as a person writes it: "2022-W34" is "week of 22 Aug 2022",
    "2024-09-09TNI" is "2024-09-09 (night)", a month or a day as it is; a duration or a vague
    reference ("P1D", "PRESENT_REF") says nothing of a date, so the publication day stands in
    (else "undated")."""
    if value:
        week = _WEEK.fullmatch(value)
        if week:
            monday = date.fromisocalendar(int(week[1]), int(week[2]), 1)
            return f"week of {monday.day} {monday:%b %Y}"
        day = _DAY_PART.fullmatch(value)
        if day:
            return f"{day[1]} ({DAY_PARTS.get(day[2], day[2].lower())})"
        if value[:1].isdigit() and not value.startswith("P"):
            return value[:10] if "T" in value[10:11] else value
    return (published or "")[:10] or "undated"


_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_DAY_PART = re.compile(r"(\d{4}-\d{2}-\d{2})T(MO|AF|EV|NI)")
DAY_PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night"}
#: Units written with a sign a person reads ("km2" is km²).
UNIT_SIGNS = {"km2": "km²"}
#: How each claimant kind (``Claim.claimant_kind``) reads.
CLAIMANT_KINDS = {"person": "person", "organisation": "organisation", "outlet": "own reporting"}


def attribution(who: str, kind: str | None = None, relay: str | None = None) -> str:
    """Who makes a claim, as a person reads it: "Regional administration (organisation, via
    TASS)", "Some Wire (own reporting)"; the name alone when neither kind nor relay is known."""
    notes = [CLAIMANT_KINDS.get(kind, kind) if kind else None, relay and f"via {relay}"]
    said = ", ".join(note for note in notes if note)
    return f"{who} ({said})" if said else who


def place_words(place: str | None) -> str:
    """A place as a person writes it: a claim group's place key ("kursk oblast") capitalised,
    a name as written otherwise."""
    if not place:
        return "unknown place"
    return string.capwords(place) if place.islower() else place


def repeat_note(claim_id: str | None) -> str:
    """What follows a repeated figure: " (repeat of c3)" (c3 of the same document)."""
    return f" (repeat of {claim_id})" if claim_id else ""


def republished(members: list[Any]) -> list[tuple[Any, list[str]]]:
    """Each member once per sentence and figure: a sentence syndicated or republished by
    several outlets (or several updates of one live page) is one report, shown with where else
    it appeared ("AP, 24 Aug; Daily Mail, 24 Aug")."""
    shown: dict[tuple[str, str], tuple[Any, list[str]]] = {}
    for m in members:
        key = (" ".join(m.sentence.split()).casefold(), m.text)
        if key in shown:
            shown[key][1].append(f"{m.outlet or 'unknown outlet'}, {(m.published or '')[:10]}")
        else:
            shown[key] = (m, [])
    return list(shown.values())
