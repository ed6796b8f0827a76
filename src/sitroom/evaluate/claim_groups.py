"""Claim groups against hand-annotated groups (claims-dev ``groups.json``).

The dev articles are ingested into a scratch database, so grouping runs exactly as it does for a
user (extraction, entity linking, claim linking). Each gold claim is matched to the predicted
claim of its article whose span overlaps it most (one to one, as ``eval claims`` matches), and
grouping is scored on pairs of claims:

* **pairwise P/R/F1** over the pairs whose two gold claims were both found: a pair is predicted
  together when both predicted claims are in one claim group, and is right when the gold puts
  both claims in one group; all pairs, pairs across articles, pairs within one article;
* **end-to-end recall** over every gold pair (a claim not found loses its pairs);
* **verdict accuracy** on the gold pairs with a verdict that are predicted together.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from sitroom.errors import InputError
from sitroom.evaluate import claim_gold
from sitroom.evaluate.metrics import prf
from sitroom.evaluate.table import ScoreTable
from sitroom.ingestion import ingest_into
from sitroom.store.repository import open_store


@dataclass
class PairTally:
    """Pairs of one kind (all, across articles, within one article)."""

    gold: int = 0  # gold pairs in one group, both claims found
    predicted: int = 0  # pairs predicted in one group, both claims matched to gold
    right: int = 0
    gold_all: int = 0  # gold pairs in one group, found or not

    @property
    def scores(self) -> tuple[float, float, float]:
        return prf(self.right, self.predicted, self.gold)

    @property
    def end_to_end_recall(self) -> float:
        return self.right / self.gold_all if self.gold_all else 0.0


@dataclass
class GroupReport:
    articles: int
    claims: int
    found: int
    pairs: dict[str, PairTally] = field(default_factory=dict)
    verdicts: int = 0
    verdicts_right: int = 0
    verdict_errors: list[str] = field(default_factory=list)
    missed_pairs: list[str] = field(default_factory=list)
    extra_pairs: list[str] = field(default_factory=list)

    @property
    def verdict_accuracy(self) -> float:
        return self.verdicts_right / self.verdicts if self.verdicts else 0.0


@dataclass(frozen=True)
class _Predicted:
    group: int | None
    verdicts: dict[str, str]  # claim ref of the other member -> verdict
    text: str


def read_groups(path: str | Path) -> dict:
    file = Path(path)
    if not file.is_file():
        raise InputError(f"groups file not found: {path}")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not JSON: {exc.msg} (line {exc.lineno})") from exc
    if not isinstance(data, dict) or "groups" not in data:
        raise InputError(f"{path} has no 'groups' (claims-dev groups.json format)")
    return data


def evaluate(
    groups_path: str | Path, gold_path: str | Path, news: str | Path | None
) -> GroupReport:
    """Ingest the gold's articles into a scratch database and score its claim groups."""
    groups = read_groups(groups_path)
    articles = claim_gold.read_gold(gold_path, news)
    with tempfile.TemporaryDirectory(prefix="sitroom-eval-groups-") as scratch:
        store = open_store(Path(scratch) / "groups.db")
        try:
            ingest_into(store, [a.document for a in articles])
            predicted = _predicted_by_gold_ref(store, articles)
        finally:
            store.close()
    return _score(groups, articles, predicted)


def _predicted_by_gold_ref(store, articles: list[claim_gold.GoldArticle]) -> dict[str, _Predicted]:
    """Each found gold claim's predicted claim: its group and its verdicts with other members,
    the members named by gold ref where they are gold claims."""
    by_predicted: dict[str, str] = {}  # "doc#claim" -> gold ref
    links = {}
    found: dict[str, tuple[str, str]] = {}
    for article in articles:
        extraction = store.extraction(article.document.id)
        links[article.document.id] = store.document_links(article.document.id).claims
        for gi, pi in claim_gold.match(article.claims, extraction.claims):
            ref = f"{article.corpus}/{article.id}#{gi}"
            claim = extraction.claims[pi]
            by_predicted[f"{article.document.id}#{claim.id}"] = ref
            found[ref] = (article.document.id, claim.id)
    result = {}
    for ref, (doc_id, claim_id) in found.items():
        link = links[doc_id].get(claim_id)
        verdicts = {}
        if link is not None:
            for other in link.verdicts:
                other_ref = by_predicted.get(other.ref)
                if other_ref is not None:
                    verdicts[other_ref] = other.verdict
        result[ref] = _Predicted(link.group_id if link else None, verdicts, f"{doc_id}#{claim_id}")
    return result


def _score(groups: dict, articles: list, predicted: dict[str, _Predicted]) -> GroupReport:
    gold_group = {ref: g["group"] for g in groups["groups"] for ref in g["claims"]}
    refs = [f"{a.corpus}/{a.id}#{c.index}" for a in articles for c in a.claims]
    report = GroupReport(len(articles), len(refs), len(predicted))
    report.pairs = {kind: PairTally() for kind in ("all", "across articles", "within articles")}
    for a, b in combinations(refs, 2):
        kind = "within articles" if a.split("#")[0] == b.split("#")[0] else "across articles"
        together = gold_group.get(a) is not None and gold_group.get(a) == gold_group.get(b)
        pa, pb = predicted.get(a), predicted.get(b)
        both_found = pa is not None and pb is not None
        predicted_together = both_found and pa.group is not None and pa.group == pb.group
        for tally in (report.pairs["all"], report.pairs[kind]):
            tally.gold_all += together
            tally.gold += together and both_found
            tally.predicted += predicted_together
            tally.right += together and predicted_together
        if together and not predicted_together:
            report.missed_pairs.append(f"{a} + {b}" + ("" if both_found else " (not found)"))
        elif predicted_together and not together:
            report.extra_pairs.append(f"{a} + {b}")
    for pair in groups.get("pairs", []):
        a, b, verdict = pair["a"], pair["b"], pair["verdict"]
        pa = predicted.get(a)
        if pa is None or b not in pa.verdicts:
            continue
        report.verdicts += 1
        said = pa.verdicts[b]
        if said == verdict:  # the gold and sitroom name verdicts alike
            report.verdicts_right += 1
        else:
            report.verdict_errors.append(f"{a} + {b}: gold {verdict}, said {said}")
    return report


def summary_table(report: GroupReport) -> ScoreTable:
    table = ScoreTable(
        title=f"Claim groups ({report.articles} articles, {report.claims} gold claims)"
    )
    for column in ("pairs", "gold", "predicted", "right", "P", "R", "F1", "end-to-end R"):
        table.add_column(column, justify="left" if column == "pairs" else "right")
    for kind, tally in report.pairs.items():
        p, r, f = tally.scores
        table.add_row(
            kind,
            f"{tally.gold} of {tally.gold_all}",
            str(tally.predicted),
            str(tally.right),
            f"{p:.3f}",
            f"{r:.3f}",
            f"{f:.3f}",
            f"{tally.end_to_end_recall:.3f}",
        )
    table.caption = (
        f"gold claims found {report.found} of {report.claims}; verdict accuracy on pairs "
        f"predicted together {report.verdict_accuracy:.3f} ({report.verdicts_right} of "
        f"{report.verdicts})"
    )
    return table


def error_lines(report: GroupReport) -> Iterable[str]:
    for line in report.missed_pairs:
        yield f"MISSED pair {line}"
    for line in report.extra_pairs:
        yield f"EXTRA pair {line}"
    for line in report.verdict_errors:
        yield f"WRONG verdict {line}"
