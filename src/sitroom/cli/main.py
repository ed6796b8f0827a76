"""The ``sitroom`` command line: a thin shell over the library API."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from itertools import chain, islice
from typing import Annotated, cast

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from sitroom.cli.common import CheckLanguageOption, OutletOption, PipelineOption, PublishedOption
from sitroom.cli.export import export_command
from sitroom.cli.panels import extraction_panel
from sitroom.cli.panels import score_table as shown
from sitroom.cli.scale import register as register_scale_commands
from sitroom.cli.store import register as register_store_commands
from sitroom.config import config_path, default_map, read_settings
from sitroom.errors import SitroomError
from sitroom.evaluate.table import ScoreTable
from sitroom.ingest import Rejected, read_inputs
from sitroom.model import SCHEMA, Extraction

app = typer.Typer(
    help=(
        "sitroom turns conflict and crisis news into sourced, structured, comparable facts: "
        "entities, places, quotes, attributed figures, times and events, each with the span of "
        "text it came from."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
eval_app = typer.Typer(
    help="Measure extraction accuracy on public gold data (precision / recall / F1).",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")
register_store_commands(app)  # demo, ingest, watch, entities, quotes, claims, groups, search
register_scale_commands(app)  # batch, load
app.command("export")(export_command)
stderr = Console(stderr=True, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        from sitroom import __version__

        typer.echo(f"sitroom {__version__} (schema {SCHEMA})")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """sitroom: sourced, structured, comparable facts from conflict and crisis news.

    Option defaults can be set in a sitroom.toml in the working directory (or the file
    SITROOM_CONFIG names): db = "postgresql://me@localhost/news", [ingest] workers = 2, ...
    """
    try:
        path = config_path()
        if path is not None:
            ctx.default_map = default_map(read_settings(path), ctx.command, str(path))
    except SitroomError as exc:
        _error(str(exc))
        raise typer.Exit(2) from None


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def _error(message: str) -> None:
    stderr.print(f"[red]sitroom:[/red] {escape(message)}", highlight=False)


def _rejection_record(rejected: Rejected) -> dict:
    return {
        "schema": SCHEMA,
        "error": {"source": rejected.source, "code": rejected.code, "message": rejected.message},
    }


@app.command()
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Articles: .txt, .html, .json, .jsonl (a corpus), RSS/Atom feeds, directories, "
            "http(s) URLs, or - for standard input.",
            show_default=False,
        ),
    ],
    published: PublishedOption = None,
    outlet: OutletOption = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="json: one JSON document (the default for a single article); jsonl: one line "
            "per document (the default for several); table: a readable summary.",
            show_default=False,
        ),
    ] = None,
    check_language: CheckLanguageOption = True,
    pipeline: PipelineOption = None,
) -> None:
    """Extract entities, places, quotes, claims, times and events from articles and print them
    as JSON (schema "sitroom/1").

    One article prints one JSON document; several articles, a feed or a JSONL corpus print JSON
    Lines, one per input document in input order (a document that cannot be read gives a line
    {"schema": ..., "error": {...}} and a message on stderr; the run goes on). Spans index the
    document text exactly as it appears in the output.
    """
    from sitroom.nlp.pipeline import LazyPipeline, Pipeline, pipeline_for
    from sitroom.nlp.pipeline_config import PipelineConfig
    from sitroom.runner import run

    items = read_inputs(inputs, published=published, outlet=outlet, check_language=check_language)
    head = list(islice(items, 2))
    single = len(head) == 1
    fmt = output_format or (OutputFormat.json if single else OutputFormat.jsonl)

    try:
        config = PipelineConfig.load(pipeline) if pipeline else None
        pipeline_for(config)  # loaded now: a missing model is one line before any output
    except SitroomError as exc:
        _error(str(exc))
        raise typer.Exit(2) from exc

    out = Console(highlight=False, soft_wrap=True)
    extracted = rejected = 0
    progress = Progress(
        TextColumn("extracting"),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=single or not stderr.is_terminal,
    )
    with progress:
        task = progress.add_task("extract", total=None)
        extractor = LazyPipeline(config)  # without --pipeline, each document's language's
        for outcome in run(cast("Pipeline", extractor), chain(head, items)):
            progress.advance(task)
            if isinstance(outcome, Rejected):
                rejected += 1
                _error(f"skipped {outcome.source}: {outcome.message} [{outcome.code}]")
                if fmt is OutputFormat.jsonl:
                    sys.stdout.write(
                        json.dumps(_rejection_record(outcome), ensure_ascii=False) + "\n"
                    )
                continue
            extracted += 1
            _print_extraction(out, outcome, fmt)
    if not single:
        stderr.print(f"{extracted} extracted, {rejected} rejected", highlight=False)
    if extracted == 0:
        raise typer.Exit(1)


def _print_extraction(out: Console, extraction: Extraction, fmt: OutputFormat) -> None:

    if fmt is OutputFormat.table:
        out.print(extraction_panel(extraction))
    elif fmt is OutputFormat.json:
        sys.stdout.write(extraction.to_json(indent=2) + "\n")
    else:
        sys.stdout.write(extraction.to_json() + "\n")


@eval_app.command("quotes")
def eval_quotes(
    polnear: Annotated[
        str, typer.Option(help="PolNeAR directory (holding data/<split>/{text,attributions}).")
    ],
    split: Annotated[str, typer.Option(help="Split to score.")] = "dev",
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
) -> None:
    """Score quotes and speaker attribution on PolNeAR (content P/R/F1, speaker accuracy)."""
    from sitroom.evaluate.polnear import evaluate_polnear, score_table

    try:
        documents, _, rows = evaluate_polnear(polnear, split, limit)
    except SitroomError as exc:
        _error(str(exc))
        raise typer.Exit(2) from exc
    Console().print(
        shown(score_table(rows, title=f"Quotes (PolNeAR {split}, {len(documents)} articles)"))
    )


@eval_app.command("times")
def eval_times(
    timebank: Annotated[
        str | None, typer.Option(help="TimeML directory (.tml files), e.g. TimeBank/AQUAINT.")
    ] = None,
    meantime: Annotated[
        str | None, typer.Option(help="MEANTIME CAT XML directory (.xml files).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
) -> None:
    """Score temporal expressions TempEval-3 style: extraction (strict, relaxed) and values."""
    from sitroom.evaluate.timeml import evaluate, read_corpus, sitroom_extractor
    from sitroom.evaluate.timeml import score_table as times_table

    corpora = [(name, path) for name, path in (("TimeBank", timebank), ("MEANTIME", meantime))]
    corpora = [(name, path) for name, path in corpora if path]
    if not corpora:
        _error("give --timebank and/or --meantime")
        raise typer.Exit(2)
    rows = []
    try:
        extractor = sitroom_extractor()
        for name, path in corpora:
            documents = read_corpus(path, limit)
            rows.append((name, len(documents), evaluate(documents, extractor)))
    except SitroomError as exc:
        _error(str(exc))
        raise typer.Exit(2) from exc
    Console().print(shown(times_table(rows, title="Times (TempEval-3 scoring)")))


#: Where the claims-dev gold's article texts are (eval claims --gold, eval groups).
NewsOption = Annotated[
    str | None,
    typer.Option(
        help="Folder of the gold's article corpora (default: ../news beside the gold claims)."
    ),
]


@eval_app.command("claims")
def eval_claims(
    gold: Annotated[
        str | None,
        typer.Option(
            help="Hand-annotated claims (claims-dev gold.jsonl): detection, measure, value, "
            "hedge, claimant, full F1, per measure and per claimant kind."
        ),
    ] = None,
    news: NewsOption = None,
    errors: Annotated[
        bool, typer.Option("--errors", help="List each miss, extra figure and wrong field.")
    ] = False,
    quantulum: Annotated[
        str | None, typer.Option(help="quantulum3's quantities.json (value + unit accuracy).")
    ] = None,
    measeval: Annotated[
        str | None, typer.Option(help="MeasEval eval folder (with text/ and tsv/).")
    ] = None,
    ucdp: Annotated[
        str | None, typer.Option(help="UCDP GED csv with source_headline, best, low, high.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Use only the first N items of each.")] = None,
) -> None:
    """Score attributed claims on hand-annotated gold, and check quantities and killed claims
    against public gold (quantulum3, MeasEval, UCDP)."""
    from sitroom.evaluate.claims import evaluate_claims, evaluate_gold_claims

    if not (gold or quantulum or measeval or ucdp):
        _error("give --gold, --quantulum, --measeval and/or --ucdp")
        raise typer.Exit(2)
    console = Console(width=200)
    try:
        if gold:
            for part in evaluate_gold_claims(gold, news, limit, errors=errors):
                console.print(shown(part) if isinstance(part, ScoreTable) else part)
        if quantulum or measeval or ucdp:
            console.print(shown(evaluate_claims(quantulum, measeval, ucdp, limit)))
    except SitroomError as exc:
        _error(str(exc))
        raise typer.Exit(2) from exc


@eval_app.command("groups")
def eval_groups(
    gold: Annotated[
        str, typer.Option(help="Hand-annotated claim groups (claims-dev groups.json).")
    ],
    claims: Annotated[
        str, typer.Option(help="The claims the groups refer to (claims-dev gold.jsonl).")
    ],
    news: NewsOption = None,
    errors: Annotated[
        bool, typer.Option("--errors", help="List each missed and extra pair and wrong verdict.")
    ] = False,
) -> None:
    """Score claim groups: ingest the gold's articles into a scratch database and compare its
    claim groups and verdicts with the hand-annotated ones (pairwise P/R/F1)."""
    from sitroom.evaluate.claim_groups import error_lines, evaluate, summary_table

    try:
        report = evaluate(gold, claims, news)
    except SitroomError as exc:
        _error(str(exc))
        raise typer.Exit(2) from exc
    console = Console(width=200)
    if errors:
        console.print("\n".join(error_lines(report)), markup=False, highlight=False)
    console.print(shown(summary_table(report)))


@eval_app.command("events")
def eval_events(
    ucdp: Annotated[
        str | None, typer.Option(help="UCDP GED csv (source_headline, coordinates, deaths).")
    ] = None,
    meantime: Annotated[str | None, typer.Option(help="MEANTIME CAT XML folder.")] = None,
    limit: Annotated[int | None, typer.Option(help="Use only the first N items of each.")] = None,
) -> None:
    """Score events on UCDP GED headlines and MEANTIME event mentions (trigger P/R/F1)."""
    from sitroom.evaluate.events import evaluate_events

    if not (ucdp or meantime):
        _error("give --ucdp and/or --meantime")
        raise typer.Exit(2)
    try:
        table = evaluate_events(ucdp, meantime, limit)
    except SitroomError as exc:
        _error(str(exc))
        raise typer.Exit(2) from exc
    Console(width=200).print(shown(table))


@eval_app.command("entities")
def eval_entities(
    factru: Annotated[
        str | None, typer.Option(help="factRuEval-2016 folder (devset/: .txt, .spans, .objects).")
    ] = None,
    ner_uk: Annotated[
        str | None, typer.Option(help="ner-uk data folder (brat .txt + .ann, dev-ids.txt).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
) -> None:
    """Score people, organisations and locations in Russian (factRuEval-2016) and Ukrainian
    (ner-uk) news: relaxed and strict mention P/R/F1 per kind."""
    from sitroom.evaluate.ner import CORPORA, evaluate, score_table

    corpora = [(name, path) for name, path in (("factRuEval", factru), ("ner-uk", ner_uk)) if path]
    if not corpora:
        _error("give --factru and/or --ner-uk")
        raise typer.Exit(2)
    rows = []
    try:
        for name, path in corpora:
            reader, lang = CORPORA[name]
            rows.append((name, evaluate(reader(path, limit), lang)))
    except SitroomError as exc:
        _error(str(exc))
        raise typer.Exit(2) from exc
    title = "Entities (people, organisations, places)"
    Console(width=200).print(shown(score_table(rows, title=title)))


@eval_app.command("places")
def eval_places(
    geowebnews: Annotated[str | None, typer.Option(help="GeoWebNews directory or GWN.xml.")] = None,
    trnews: Annotated[str | None, typer.Option(help="TR-News directory or TR-News.xml.")] = None,
    geovirus: Annotated[
        str | None, typer.Option(help="GeoVirus directory or GeoVirus.xml.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
    demonyms: Annotated[
        str, typer.Option(help="Demonyms as toponyms: none, place (the default) or all.")
    ] = "place",
) -> None:
    """Score toponym detection (P/R/F1) and resolution (accuracy within 161 / 50 km)."""
    from sitroom.evaluate.geo import READERS, evaluate
    from sitroom.evaluate.geo import score_table as places_table

    corpora = [
        (name, path)
        for name, path in (("GeoWebNews", geowebnews), ("TR-News", trnews), ("GeoVirus", geovirus))
        if path
    ]
    if not corpora:
        _error("give --geowebnews, --trnews and/or --geovirus")
        raise typer.Exit(2)
    rows = []
    try:
        for name, path in corpora:
            rows.append((name, evaluate(READERS[name](path, limit), demonyms=demonyms)))
    except SitroomError as exc:
        _error(str(exc))
        raise typer.Exit(2) from exc
    Console(width=200).print(shown(places_table(rows, title=f"Places (demonyms={demonyms})")))
