"""Alerts: rules an analyst sets, checked as documents arrive.

Three kinds of rule, written in ``sitroom.toml`` (``[[alerts]]`` tables) or made through the
API (``POST /api/alert-rules``):

* ``contested``: a claim group whose sources contradict each other gains a report;
* ``figure``: a figure for a watched measure, place and/or entity (the claimant, or the source
  that relayed the claim) arrives; a watched place is the figure's own (its sentence's place
  or that place's region), not only the place its article is about;
* ``rise``: a measure in a place over the last ``recent_days`` rises against its own baseline,
  the ``baseline_days`` before, as conflict trackers compare the last week with the four weeks
  before it: at least ``minimum`` and more than ``factor`` times the baseline's rate. Each claim
  group counts once (a toll reported by ten outlets is one toll), with the largest figure its
  sources agree it is at least.

"Now" is the newest publication date in the database, so a corpus of last year raises the
alerts it raised then. Each alert is raised once per rule and thing (claim, group, week), kept
in the database, listed by ``sitroom alerts``, served as JSON and Atom, and POSTed as JSON to
the rule's webhook when it has one.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import fields, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx

from sitroom.config import config_path, read_settings
from sitroom.errors import ConfigError
from sitroom.report import VAGUE_SPAN, amount, attribution, figure, place_words, readable_date
from sitroom.store.records import Alert, AlertRule, StoredClaim
from sitroom.store.repository import Store
from sitroom.vocabulary import measure_or_family_names, measures

RULE_KINDS = ("contested", "figure", "rise")
#: The section of sitroom.toml that holds the rules.
SETTINGS_KEY = "alerts"
#: How long a webhook may take to answer.
WEBHOOK_TIMEOUT = 10.0
#: Claims read per rule and run: enough for any place's weeks, bounded for a huge database.
MAX_CLAIMS = 50_000


def checked_rule(settings: dict[str, Any], source: str = "alert rule") -> AlertRule:
    """An AlertRule from its settings (a sitroom.toml table, an API body); ConfigError, in one
    line, for a missing name, an unknown kind, key or measure, a rule that watches nothing."""
    known = {f.name for f in fields(AlertRule)}
    unknown = sorted(set(settings) - known)
    name = settings.get("name")
    where = f"{source} {name!r}" if name else source
    if unknown:
        raise ConfigError(
            f"{where}: no setting {unknown[0]!r} (it takes {', '.join(sorted(known))})"
        )
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{source}: every rule needs a name")
    for key, value in settings.items():
        wanted = _SETTING_TYPES[key]
        if value is not None and (isinstance(value, bool) or not isinstance(value, wanted)):
            kind = "text" if wanted is str else "a whole number" if wanted is int else "a number"
            raise ConfigError(f"{where}: {key} must be {kind}, not {value!r}")
    rule = AlertRule(**settings)
    if rule.kind not in RULE_KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(RULE_KINDS)}")
    if rule.measure is not None and rule.measure not in measure_or_family_names():
        close = difflib.get_close_matches(rule.measure, measure_or_family_names(), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ConfigError(f"{where}: no measure {rule.measure!r}{hint}")
    if rule.kind == "figure" and not (rule.measure or rule.place or rule.entity):
        raise ConfigError(f"{where}: a figure rule watches a measure, a place or an entity")
    if rule.kind == "rise" and not (rule.measure and rule.place):
        raise ConfigError(f"{where}: a rise rule needs a measure and a place")
    if rule.recent_days < 1 or rule.baseline_days < 1 or rule.factor < 1 or rule.minimum < 0:
        raise ConfigError(f"{where}: days must be 1 or more, factor 1 or more, minimum 0 or more")
    if rule.webhook and urlsplit(rule.webhook).scheme not in ("http", "https"):
        raise ConfigError(f"{where}: the webhook must be an http(s) URL")
    return rule


#: What each setting of a rule holds.
_SETTING_TYPES: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "kind": str,
    "measure": str,
    "place": str,
    "entity": str,
    "webhook": str,
    "recent_days": int,
    "baseline_days": int,
    "factor": (int, float),
    "minimum": (int, float),
}


def configured_rules() -> list[AlertRule]:
    """The rules of the sitroom.toml in use (none without one)."""
    path = config_path()
    if path is None:
        return []
    tables = read_settings(path).get(SETTINGS_KEY, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError("alerts are [[alerts]] tables", source=str(path))
    rules = [checked_rule(table, f"{path}: alert rule") for table in tables]
    names = [rule.name for rule in rules]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ConfigError(f"two alert rules are named {twice[0]!r}", source=str(path))
    return rules


def active_rules(store: Store, configured: Sequence[AlertRule] = ()) -> list[AlertRule]:
    """The configured rules and those made through the API (a configured one wins a name)."""
    names = {rule.name for rule in configured}
    return [*configured, *(rule for rule in store.alert_rules() if rule.name not in names)]


def evaluate(store: Store, rules: Sequence[AlertRule], doc_ids: Collection[str]) -> list[Alert]:
    """Check ``rules`` against the documents just stored; keep and return the new alerts, and
    POST each to its rule's webhook."""
    raised: list[Alert] = []
    for rule in rules:
        for key, about in _FINDERS[rule.kind](store, rule, doc_ids):
            alert = store.add_alert(rule.name, rule.kind, key, **about)
            if alert is None:
                continue
            if rule.webhook:
                status = post_webhook(rule.webhook, alert.to_dict())
                store.set_webhook_status(alert.id, status)
                alert = replace(alert, webhook_status=status)
            raised.append(alert)
    return raised


def post_webhook(url: str, alert: dict[str, Any]) -> str:
    """POST an alert as JSON; how it went, in words ("sent (HTTP 200)", "failed: ...")."""
    try:
        response = httpx.post(url, json=alert, timeout=WEBHOOK_TIMEOUT)
    except httpx.HTTPError as exc:
        return f"failed: {exc}"
    state = "sent" if response.is_success else "refused"
    return f"{state} (HTTP {response.status_code})"


# --------------------------------------------------------------------- what each kind finds

Found = Iterator[tuple[str, dict[str, Any]]]


def _contested(store: Store, rule: AlertRule, doc_ids: Collection[str]) -> Found:
    new = set(doc_ids)
    groups = store.claim_groups(
        measure=rule.measure, place=rule.place, contested=True, limit=MAX_CLAIMS
    )
    for group in groups:
        if not new & {member.doc_id for member in group.members}:
            continue
        first = group.members[0]
        sides = "; ".join(
            dict.fromkeys(
                f"{figure(m)} ({attribution(m.claimant or m.outlet or 'unknown')})"
                for m in group.members
            )
        )
        yield (
            f"group:{first.doc_id}:{first.claim_id}",
            {
                "title": f"Sources disagree: {_measure_words(group.measure)}"
                + (f" in {place_words(group.place)}" if group.place else ""),
                "detail": sides,
                "measure": group.measure,
                "place": group.place,
                "doc_id": first.doc_id,
                "claim_id": first.claim_id,
                "group_id": group.id,
            },
        )


def _figure(store: Store, rule: AlertRule, doc_ids: Collection[str]) -> Found:
    claims = store.claims(
        measure=rule.measure,
        place=rule.place,
        claimant=rule.entity,
        doc_ids=doc_ids,
        place_from_group=False,
        limit=MAX_CLAIMS,
    )
    for claim in claims:
        if claim.repeat_of:  # the document said it before
            continue
        who = attribution(claim.claimant or claim.outlet or "unknown", claim.claimant_kind)
        where = f" in {claim.place}" if claim.place else ""
        yield (
            f"claim:{claim.doc_id}:{claim.id}",
            {
                "title": f"{_measure_words(claim.measure).capitalize()}{where}: "
                f"{figure(claim)}, says {who}",
                "detail": f"{claim.outlet or 'unknown outlet'}, "
                f"{readable_date(claim.as_of, claim.published)}",
                "measure": claim.measure,
                "place": claim.place,
                "doc_id": claim.doc_id,
                "claim_id": claim.id,
                "group_id": claim.group_id,
                "value": claim.value,
            },
        )


def _rise(store: Store, rule: AlertRule, doc_ids: Collection[str]) -> Found:
    latest = store.latest_published()
    if not latest or not doc_ids:
        return
    today = date.fromisoformat(latest[:10])
    recent_start = today - timedelta(days=rule.recent_days - 1)
    baseline_start = recent_start - timedelta(days=rule.baseline_days)
    claims = store.claims(
        measure=rule.measure,
        place=rule.place,
        since=baseline_start.isoformat(),
        place_from_group=False,
        limit=MAX_CLAIMS,
    )
    recent = baseline = 0.0
    for day, toll in _tolls(claims):
        if recent_start <= day <= today:
            recent += toll
        elif baseline_start <= day < recent_start:
            baseline += toll
    expected = baseline / rule.baseline_days * rule.recent_days
    if recent < rule.minimum or recent <= rule.factor * expected:
        return
    year, week, _ = today.isocalendar()
    words = _measure_words(rule.measure or "")
    yield (
        f"rise:{year}-{week:02d}",
        {
            "title": f"{words.capitalize()} in {rule.place} rose to {amount(recent)} in the "
            f"{rule.recent_days} days to {today.day} {today:%b %Y}",
            "detail": f"{amount(expected)} expected from the {rule.baseline_days} days before "
            f"({amount(baseline)} in all); each claim group counted once",
            "measure": rule.measure,
            "place": rule.place,
            "value": recent,
            "baseline": expected,
        },
    )


def _tolls(claims: list[StoredClaim]) -> Iterator[tuple[date, float]]:
    """(day, size) once per claim group (else per claim): the group's largest figure its
    sources agree it is at least, on the day it was first reported. A vague size ("millions
    displaced") adds nothing."""
    groups: dict[str, tuple[date, float]] = {}
    for claim in claims:
        size = claim.low if claim.low is not None else claim.value
        when = (claim.as_of or claim.published or "")[:10]
        if size is None or len(when) < 10 or claim.repeat_of or _vague(claim):
            continue
        try:
            day = date.fromisoformat(when)
        except ValueError:
            continue
        key = f"g{claim.group_id}" if claim.group_id else f"c{claim.doc_id}:{claim.id}"
        seen = groups.get(key)
        groups[key] = (min(day, seen[0]), max(size, seen[1])) if seen else (day, size)
    yield from groups.values()


def _vague(claim: StoredClaim) -> bool:
    """A size, not a count ("millions", "dozens"): no toll to add up."""
    low, high = claim.low, claim.high
    return claim.hedge == "approximately" and bool(low and high and high >= low * VAGUE_SPAN)


def _measure_words(measure: str) -> str:
    """What a measure counts, in words ("people killed"); a family by its name ("territory")."""
    found = measures().get(measure)
    return found.description if found else measure.replace("_", " ")


_FINDERS: dict[str, Callable[[Store, AlertRule, Collection[str]], Found]] = {
    "contested": _contested,
    "figure": _figure,
    "rise": _rise,
}
