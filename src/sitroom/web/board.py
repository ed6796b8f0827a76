"""The claims board's view of one claim group: each claimant's figures over time, side by side
(a table with one column per claimant and one row per date) and as an SVG chart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from math import isfinite

from sitroom.report import attribution, figure, readable_date, republished
from sitroom.store.records import ClaimGroup, GroupMember
from sitroom.web.charts import day_of

CHART_WIDTH, CHART_HEIGHT = 560, 160
PALETTE_SIZE = 6  # CSS classes s0..s5


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    y_low: float
    y_high: float
    series: int
    title: str
    href: str


@dataclass(frozen=True)
class Board:
    group: ClaimGroup
    claimants: list[str]
    rows: list[tuple[str, list[list[GroupMember]]]]  # date -> one cell per claimant
    points: list[Point]
    y_labels: list[tuple[float, str]]
    x_labels: list[tuple[float, str]]
    #: "doc#claim" -> how that figure relates to each other figure, in words
    relations: dict[str, list[str]]


def relations(group: ClaimGroup) -> dict[str, list[str]]:
    """Each member's pair verdicts as a person reads them: "contradicts Russia's Health
    Ministry: 31 civilians", "updated by Oleksandr Syrskyi: 1,150 km²"."""
    members = {f"{m.doc_id}#{m.claim_id}": m for m in group.members}
    said: dict[str, list[str]] = {}
    for ref, member in members.items():
        lines = []
        for pair in member.verdicts:
            other = members.get(pair.ref)
            if other is None:
                continue
            lines.append(
                f"{_relation(pair.verdict, member, other)} {claimant_of(other)}: {figure(other)}"
            )
        said[ref] = lines
    return said


def _relation(verdict: str, member: GroupMember, other: GroupMember) -> str:
    if verdict == "update":
        return "updates" if when(member) > when(other) else "updated by"
    if verdict == "part of":
        return "part of" if (_value(member) or 0) <= (_value(other) or 0) else "includes"
    return {"agree": "agrees with", "contradict": "contradicts"}.get(verdict, verdict)


def claimant_of(member: GroupMember) -> str:
    """The board's column of a member: who makes the claim, and what kind of source it is (who
    relayed it can differ from one figure to the next: the cell says)."""
    return attribution(member.claimant or member.outlet or "unknown", member.claimant_kind)


def when(member: GroupMember) -> str:
    return readable_date(member.as_of, member.published)


def link(member: GroupMember) -> str:
    return f"/documents/{member.doc_id}#{member.claim_id}"


def board(group: ClaimGroup) -> Board:
    claimants = list(dict.fromkeys(claimant_of(m) for m in group.members))
    days = {when(m): day_of(m.as_of, m.published) or date.max for m in group.members}
    dates = sorted(days, key=lambda shown: (days[shown], shown))  # by the day, not the words
    rows = []
    shown = [member for member, _ in republished(group.members)]  # a syndicated sentence once
    for day in dates:
        cells: list[list[GroupMember]] = [[] for _ in claimants]
        for member in shown:
            if when(member) == day:
                cells[claimants.index(claimant_of(member))].append(member)
        rows.append((day, cells))
    points, y_labels, x_labels = _chart(_charted(group.members), claimants)
    return Board(group, claimants, rows, points, y_labels, x_labels, relations(group))


def _charted(members: list[GroupMember]) -> list[GroupMember]:
    """The members of the group's main measure: a family's other views (28 settlements beside
    1,000 km²) would share one axis with it, so they stay in the table only."""
    ranked = Counter(m.measure for m in members).most_common(1)
    return [m for m in members if ranked and m.measure == ranked[0][0]]


def _chart(
    members: list[GroupMember], claimants: list[str]
) -> tuple[list[Point], list[tuple[float, str]], list[tuple[float, str]]]:
    """Figures (y, with their hedge interval as a line) over days (x); the y axis starts at 0."""
    dated = [(day_of(m.as_of, m.published), m) for m in members]
    dated = [(d, m) for d, m in dated if d is not None and _value(m) is not None]
    if not dated:
        return [], [], []
    first = min(d for d, _ in dated)
    days = max((max(d for d, _ in dated) - first).days, 1)
    top = max(_top(m) for _, m in dated) * 1.1 or 1.0
    left, right, bottom = 48, CHART_WIDTH - 16, CHART_HEIGHT - 20

    def y(value: float) -> float:
        return round(bottom - value / top * (bottom - 8), 1)

    points = []
    for day, member in dated:
        value = _value(member) or 0.0
        low = member.low if member.low is not None else value
        high = top if member.high is None or not isfinite(member.high) else member.high
        points.append(
            Point(
                x=round(left + (day - first).days / days * (right - left), 1),
                y=y(value),
                y_low=y(low),
                y_high=y(high),
                series=claimants.index(claimant_of(member)) % PALETTE_SIZE,
                title=f"{claimant_of(member)}, {day}: {figure(member)} ({member.verdict or '-'})",
                href=link(member),
            )
        )
    y_labels = [(y(top * k / 4), f"{top * k / 4:,.0f}") for k in range(5)]
    x_labels = [(left, first.isoformat())]
    if days > 1 or len({d for d, _ in dated}) > 1:
        x_labels.append((right, max(d for d, _ in dated).isoformat()))
    return points, y_labels, x_labels


def _value(member: GroupMember) -> float | None:
    if member.value is not None:
        return member.value
    if member.low is not None and member.high is not None:
        return (member.low + member.high) / 2
    return member.low


def _top(member: GroupMember) -> float:
    values = [v for v in (member.value, member.low, member.high) if v is not None and isfinite(v)]
    return max(values, default=0.0)
