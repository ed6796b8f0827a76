"""``sitroom eval claims``: the quantity and claim checks in one table."""

from __future__ import annotations

from pathlib import Path

from sitroom.errors import InputError
from sitroom.evaluate import claim_gold, quantities, ucdp
from sitroom.evaluate.table import ScoreTable
from sitroom.model import Document
from sitroom.nlp.lang import language_name
from sitroom.nlp.pipeline import LazyPipeline, Pipeline
from sitroom.nlp.quantities import Quantity


def _quantity_extractor(pipeline: Pipeline):
    def extract(text: str) -> list[Quantity]:
        doc = pipeline.nlp(pipeline.make_doc(Document(text=text)))
        return doc._.sitroom_quantities

    return extract


def _existing(path: str, what: str) -> Path:
    found = Path(path)
    if not found.exists():
        raise InputError(f"{what} not found: {path}")
    return found


def evaluate_claims(
    quantulum: str | None, measeval: str | None, ucdp_csv: str | None, limit: int | None
) -> ScoreTable:
    """Run the checks whose data is given; one row per check."""
    pipeline = Pipeline()
    extract = _quantity_extractor(pipeline)
    table = ScoreTable(title="Quantities and claims")
    for column in ("check", "items", "result", "detail"):
        table.add_column(column)
    if quantulum:
        items = quantities.read_quantulum(_existing(quantulum, "quantulum3 file"))[:limit]
        q = quantities.score_quantulum(items, extract)
        table.add_row(
            "quantulum3 value+unit (in scope)",
            str(q.in_scope),
            f"accuracy {q.accuracy:.3f}",
            f"found {q.found}, value right {q.value_correct}, "
            f"value+unit right {q.value_unit_correct}; out of scope {q.out_of_scope}",
        )
    if measeval:
        docs = quantities.read_measeval(_existing(measeval, "MeasEval folder"))[:limit]
        s = quantities.score_spans(docs, extract)
        p, r, f = s.prf
        table.add_row(
            "MeasEval quantity spans (overlap)",
            str(s.gold),
            f"P {p:.3f} R {r:.3f} F1 {f:.3f}",
            f"predicted {s.predicted}, matched {s.matched}",
        )
    if ucdp_csv:
        events = ucdp.read_events(_existing(ucdp_csv, "UCDP GED csv"))[:limit]
        extract_routed = LazyPipeline().extract_many  # each headline in its own language
        for name, u in zip(
            ("all stating a toll", "single incidents", "per headline, summed rows"),
            ucdp.score(events, extract_routed),
            strict=True,
        ):
            _ucdp_row(table, f"UCDP headlines, {name}", u)
        by_language: dict[str, list[ucdp.Event]] = {}
        for event in events:
            by_language.setdefault(ucdp.headline_language(event.headline), []).append(event)
        for language in sorted(by_language.keys() & UCDP_LANGUAGES):
            u = ucdp.score(by_language[language], extract_routed)[0]
            _ucdp_row(table, f"UCDP headlines in {language_name(language)}, stating a toll", u)
    return table


#: The headline languages the UCDP check reports apart (issue #18 compares French with
#: English).
UCDP_LANGUAGES = frozenset({"en", "fr"})


def _ucdp_row(table: ScoreTable, name: str, u: ucdp.UcdpResult) -> None:
    table.add_row(
        f"{name}: killed figure in [low, high]",
        f"{u.stating_a_toll} of {u.headlines}",
        f"{u.in_range_share:.3f}",
        f"killed figure found {u.detected:.3f} ({u.from_events} of "
        f"{u.with_killed_claim} an event's lone victims); in range when found "
        f"{u.in_range_of_detected:.3f}; equal to best {u.equal_to_best}; a named place within "
        f"161 km of the coded point {u.placed_share:.3f}",
    )


def evaluate_gold_claims(
    gold: str, news: str | None, limit: int | None, *, errors: bool = False
) -> list:
    """Score claims on hand-annotated gold: the summary, per measure, per claimant kind, and
    with ``errors`` every miss, extra figure and wrong field (printable parts, in order)."""
    articles = claim_gold.read_gold(gold, news)[:limit]
    report = claim_gold.evaluate(articles, Pipeline().extract_many)
    parts: list = []
    if errors:
        parts.append("\n".join(claim_gold.error_lines(report)))
    parts.append(claim_gold.summary_table(report))
    parts.append(claim_gold.measure_table(report.by_measure))
    parts.append(claim_gold.kind_table(report.by_kind))
    return parts
