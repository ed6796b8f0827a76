"""The database commands of the ``sitroom`` CLI: demo, ingest, watch, entities, quotes, claims,
groups, search.

They are registered on the main Typer app by :func:`register`, and are thin shells over
:class:`sitroom.store.Store`.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sitroom.cli.common import (
    CheckLanguageOption,
    DbOption,
    JsonOption,
    LimitOption,
    OffsetOption,
    OutletOption,
    PipelineOption,
    PublishedOption,
    alert_rules_or_fail,
    checked_date,
    checked_measure,
    document_progress,
    fail,
    print_alerts,
    print_rejections,
    stderr,
    store_or_fail,
    summary,
)
from sitroom.errors import SitroomError
from sitroom.ingestion import ingest_into
from sitroom.nlp.pipeline_config import PipelineConfig
from sitroom.report import (
    attribution,
    figure,
    place_words,
    readable_date,
    repeat_note,
    republished,
)
from sitroom.store.records import AlertRule, IngestEvent, IngestReport, Record

if TYPE_CHECKING:
    from sitroom.store.repository import Store


def _ingest(
    store: Store,
    items: Iterable[Any],
    inputs: str,
    pipeline: Any = None,
    alert_rules: Sequence[AlertRule] = (),
) -> IngestReport:
    with document_progress("ingesting") as progress:
        task = progress.add_task("ingest", total=None)

        def advance(event: IngestEvent) -> None:
            progress.advance(task)
            if event.rejected:
                rejected = event.rejected
                # styled as Text: markup in a message or file name is never read as markup
                line = f" {rejected.source}: {rejected.message} [{rejected.code}]"
                progress.console.print(Text.assemble(("skipped", "yellow"), line), highlight=False)

        return ingest_into(
            store,
            items,
            inputs=inputs,
            pipeline=pipeline,
            on_event=advance,
            alert_rules=alert_rules,
        )


def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Articles: .txt, .html, .json, .jsonl (a corpus), RSS/Atom feeds, directories, "
            "http(s) URLs, or - for standard input.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    published: PublishedOption = None,
    outlet: OutletOption = None,
    check_language: CheckLanguageOption = True,
    workers: Annotated[
        int,
        typer.Option(
            min=1, help="Processes that extract in parallel (the stored result is the same)."
        ),
    ] = 1,
    pipeline: PipelineOption = None,
) -> None:
    """Extract articles and store them in the database, linking entities across documents.

    Idempotent and resumable: documents already stored are skipped before extraction, and
    documents are committed in small batches, so an interrupted run can simply be started again.
    Ends with a summary: ingested, duplicates, near-duplicates, already stored, rejected (with
    reasons).
    """
    from sitroom.ingest import read_inputs
    from sitroom.nlp.pipeline import LazyPipeline
    from sitroom.scale.pool import local_pipeline

    config = PipelineConfig.load(pipeline) if pipeline else None  # None: by language
    rules = alert_rules_or_fail()
    items = read_inputs(inputs, published=published, outlet=outlet, check_language=check_language)
    with store_or_fail(db, create=True) as store, local_pipeline(workers, config) as pool:
        report = _ingest(store, items, " ".join(inputs), pool or LazyPipeline(config), rules)
    stderr.print(summary(report), highlight=False)
    print_rejections(report.rejected)
    print_alerts(report.alerts)
    if report.rejected and not (report.ingested or report.skipped):
        raise typer.Exit(1)


def watch(
    feeds: Annotated[
        str, typer.Argument(help="A text file with one feed URL a line (# starts a comment).")
    ],
    every: Annotated[str, typer.Option(help="Time between polls: 30s, 15m, 2h, ...")] = "15m",
    times: Annotated[
        int | None, typer.Option(help="Stop after this many polls (default: run until stopped).")
    ] = None,
    db: DbOption = None,
    published: PublishedOption = None,
    outlet: OutletOption = None,
    pipeline: PipelineOption = None,
) -> None:
    """Poll RSS/Atom feeds and ingest their new items.

    Feeds that have not changed (ETag / Last-Modified) cost one request and nothing more; items
    already stored are skipped before extraction.
    """
    from sitroom.ingest.watch import FeedPoller, parse_interval, read_feed_list
    from sitroom.nlp.pipeline import LazyPipeline

    extractor = LazyPipeline(PipelineConfig.load(pipeline) if pipeline else None)
    rules = alert_rules_or_fail()
    try:
        interval = parse_interval(every)
        urls = read_feed_list(feeds)
    except SitroomError as exc:
        raise fail(str(exc)) from None
    poller = FeedPoller(outlet=outlet, published=published)
    polls = 0
    with store_or_fail(db, create=True) as store:
        while times is None or polls < times:
            if polls:
                time.sleep(interval)
            polls += 1
            report = _ingest(store, poller.poll(urls), feeds, extractor, rules)
            stderr.print(f"poll {polls}: {summary(report)}", highlight=False)
            print_rejections(report.rejected)
            print_alerts(report.alerts)


def entities(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Any name or spelling variant (Zelensky finds Zelenskiy).", show_default=False
        ),
    ] = None,
    db: DbOption = None,
    kind: Annotated[
        str | None, typer.Option(help="PERSON, ORG, FORCE, GPE, LOC or NORP.", show_default=False)
    ] = None,
    name_option: Annotated[
        str | None, typer.Option("--name", help="Same as the NAME argument.", show_default=False)
    ] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Entities across documents, with every spelling and title they went by."""
    with store_or_fail(db) as store:
        rows = store.entities(kind=kind, name=name or name_option, limit=limit, offset=offset)
    _show(
        rows,
        as_json,
        "Entities",
        {
            "id": lambda r: str(r.id),
            "kind": lambda r: r.kind,
            "name": lambda r: r.name,
            "documents": lambda r: str(r.documents),
            "also written": lambda r: ", ".join(r.variants),
            "titles": lambda r: ", ".join(r.titles),
            "affiliation": lambda r: r.affiliation or "",
        },
    )


def quotes(
    db: DbOption = None,
    speaker: Annotated[
        str | None, typer.Option(help="Any name of the speaker.", show_default=False)
    ] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Stored quotes, newest first."""
    with store_or_fail(db) as store:
        rows = store.quotes(speaker=speaker, limit=limit, offset=offset)
    _show(
        rows,
        as_json,
        "Quotes",
        {
            "published": lambda r: r.published or "",
            "outlet": lambda r: r.outlet or "",
            "speaker": lambda r: r.speaker or "",
            "quote": lambda r: r.text,
        },
    )


def claims(
    db: DbOption = None,
    measure: Annotated[
        str | None,
        typer.Option(
            help="killed, injured, displaced, ... (a measure or family).",
            show_default=False,
            callback=checked_measure,
        ),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(
            help="Place name or region (also the region a figure with no place of its own was "
            "grouped under).",
            show_default=False,
        ),
    ] = None,
    claimant: Annotated[
        str | None,
        typer.Option(
            help="Who makes the claim, the source relaying it (TASS), or the outlet.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Claims as of this date or later.", show_default=False, callback=checked_date
        ),
    ] = None,
    contested: Annotated[
        bool | None,
        typer.Option(
            "--contested/--uncontested",
            help="Only claims that other sources contradict (or only those none contradicts).",
            show_default=False,
        ),
    ] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Attributed figures (who claims how many killed, displaced, ... where and when)."""
    with store_or_fail(db) as store:
        rows = store.claims(
            measure=measure,
            place=place,
            claimant=claimant,
            since=since,
            contested=contested,
            limit=limit,
            offset=offset,
        )
    _show(
        rows,
        as_json,
        "Claims",
        {
            "as of": lambda r: readable_date(r.as_of, r.published),
            "id": lambda r: r.id,
            "measure": lambda r: r.measure,
            "figure": lambda r: figure(r) + repeat_note(r.repeat_of),
            "subject": lambda r: r.subject or "",
            "place": lambda r: r.place or "",
            "claimant": lambda r: (
                attribution(r.claimant, r.claimant_kind, r.relay) if r.claimant else ""
            ),
            "outlet": lambda r: r.outlet or "",
            "contested": lambda r: "yes" if r.contested else "",
        },
    )


def search(
    query: Annotated[str, typer.Argument(help="Words to find (all of them, any word form).")],
    db: DbOption = None,
    limit: LimitOption = 20,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Full-text search in stored articles and quotes."""
    with store_or_fail(db) as store:
        rows = store.search(query, limit=limit, offset=offset)
    _show(
        rows,
        as_json,
        f"Search: {query}",
        {
            "published": lambda r: r.published or "",
            "outlet": lambda r: r.outlet or "",
            "in": lambda r: r.kind if r.kind == "document" else f"quote {r.item_id}",
            "title": lambda r: r.title or r.doc_id,
            "text": lambda r: r.snippet,
        },
    )


VERDICT_STYLES = {"contradict": "bold red", "update": "yellow", "agree": "green", "related": "cyan"}


def groups(
    db: DbOption = None,
    measure: Annotated[
        str | None,
        typer.Option(
            help="killed, displaced, territory, ... (a measure or family).",
            show_default=False,
            callback=checked_measure,
        ),
    ] = None,
    place: Annotated[str | None, typer.Option(help="Place or region.", show_default=False)] = None,
    contested: Annotated[
        bool | None,
        typer.Option(
            "--contested/--uncontested",
            help="Only groups where sources contradict each other (or only those where none do).",
            show_default=False,
        ),
    ] = None,
    limit: LimitOption = 20,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Claim groups: the figures different sources give for one measure, place and time,
    side by side, with verdicts (agree, contradict, update, related); contested first."""
    with store_or_fail(db) as store:
        found = store.claim_groups(
            measure=measure, place=place, contested=contested, limit=limit, offset=offset
        )
    if as_json:
        for group in found:
            sys.stdout.write(json.dumps(group.to_dict(), ensure_ascii=False) + "\n")
        return
    _print_groups(found, contested)


def _print_groups(found: list[Any], contested: bool | None = None) -> None:
    """Each group as a heading and, per claim, its date, verdict, figure and who gives it, with
    the sentence below the figure: readable at 80 columns (a pipe) as on a wide terminal, where
    a table of six columns would fold the sentence into a narrow one."""
    if not found:
        what = {True: "contested claim groups", False: "uncontested claim groups"}
        stderr.print(
            f"no {what.get(contested, 'claim groups')} with more than one source",
            highlight=False,
        )
        return
    console = Console(highlight=False)
    for group in found:
        window = group.window_start
        if group.window_end != group.window_start:
            window = f"{group.window_start} – {group.window_end}"
        parts = [group.measure, place_words(group.place), window, group.subject]
        heading = Text(" · ".join(part for part in parts if part), "bold")
        heading.append(f"  (group {group.id})", style="dim")
        if group.contested:
            heading.append(" CONTESTED", style="bold red")
        console.print(heading)
        rows = Table.grid(padding=(0, 2), pad_edge=True)
        rows.add_column(no_wrap=True)
        rows.add_column(no_wrap=True, min_width=10)
        rows.add_column(ratio=1)
        for m, copies in republished(group.members):
            verdict = m.verdict or "-"
            body = Text(figure(m), style="bold")
            if m.measure != group.measure and m.measure not in body.plain:
                body.append(f" ({m.measure})")
            body.append(repeat_note(m.repeat_of))
            claimant = m.claimant and attribution(m.claimant, m.claimant_kind, m.relay)
            source = " · ".join(part for part in (claimant, m.outlet) if part)
            body.append(f" — {source}" if source else "")
            if copies:
                body.append(f" (the same sentence also in {', '.join(copies)})")
            body.append("\n" + m.sentence.strip(), style="dim")
            rows.add_row(
                readable_date(m.as_of, m.published),
                Text(verdict, style=VERDICT_STYLES.get(verdict, "")),
                body,
            )
        console.print(rows)
        console.print()


def alerts(
    db: DbOption = None,
    rule: Annotated[
        str | None, typer.Option(help="Only this rule's alerts.", show_default=False)
    ] = None,
    rules: Annotated[
        bool, typer.Option("--rules", help="List the alert rules instead of the alerts.")
    ] = False,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Alerts raised as documents arrived, newest first: new contested figures, figures for a
    watched place, measure or entity, a measure rising in a place against its baseline.

    Rules are "alerts" tables in sitroom.toml (name, kind = contested, figure or rise,
    measure, place, entity, recent_days, baseline_days, factor, minimum, webhook; README,
    "Alerts") or made through the API (POST /api/alert-rules); ingest and watch check them.
    """
    from sitroom.alerts import active_rules

    configured = alert_rules_or_fail()
    with store_or_fail(db) as store:
        if rules:
            _show(
                active_rules(store, configured),
                as_json,
                "Alert rules",
                {
                    "name": lambda r: r.name,
                    "kind": lambda r: r.kind,
                    "watches": lambda r: ", ".join(
                        f"{key} {value}"
                        for key, value in (
                            ("measure", r.measure),
                            ("place", r.place),
                            ("entity", r.entity),
                        )
                        if value
                    ),
                    "webhook": lambda r: r.webhook or "",
                },
            )
            return
        found = store.alerts(rule=rule, limit=limit, offset=offset)
    _show(
        found,
        as_json,
        "Alerts",
        {
            "raised": lambda a: a.created_at[:16].replace("T", " "),
            "rule": lambda a: a.rule,
            "alert": lambda a: a.title,
            "detail": lambda a: a.detail or "",
        },
    )


def relink(db: DbOption = None) -> None:
    """Rebuild the cross-document links (canonical entities, claim groups) of every stored
    document with the current rules, from the stored extractions (no re-extraction). Run it
    after upgrading sitroom when the notes say linking changed; an interrupted run can simply
    be started again."""
    with store_or_fail(db) as store, document_progress("relinking") as progress:
        task = progress.add_task("relink", total=store.stats()["documents"])
        linked = store.relink(on_document=lambda _: progress.advance(task))
        counts = store.stats()
    stderr.print(
        f"{linked} documents linked: {counts['canonical_entities']} entities across documents, "
        f"{counts['claim_groups']} claim groups",
        highlight=False,
    )


def demo(
    db: DbOption = None,
    serve_dashboard: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve", help="Then serve the dashboard and the API until Ctrl-C."
        ),
    ] = True,
    host: Annotated[str, typer.Option(help="Interface the dashboard listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port the dashboard listens on.")] = 8000,
) -> None:
    """Ingest the example articles that ship with sitroom into the database (sitroom.db here
    by default), show the figures the sources contest, then serve the dashboard on them."""
    from sitroom.cli.serve import listen, serve_on
    from sitroom.examples import example_documents

    try:
        listening = listen(host, port) if serve_dashboard else None
    except SitroomError as exc:
        raise fail(str(exc)) from None
    with store_or_fail(db, create=True) as store:
        report = _ingest(store, example_documents(), "sitroom examples")
        stderr.print(summary(report), highlight=False)
        found = store.claim_groups(contested=True, limit=10)
    _print_groups(found, contested=True)
    if listening is not None:
        serve_on(listening, db)


def _show(rows: list[Any], as_json: bool, title: str, columns: dict[str, Any]) -> None:
    if as_json:
        for row in rows:
            record: Record = row
            sys.stdout.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        return
    if not rows:
        stderr.print("nothing found", highlight=False)
        return
    table = Table(title=title, show_lines=False)
    for header in columns:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(getter(row) for getter in columns.values()))
    Console(highlight=False).print(table)


def register(app: typer.Typer) -> None:
    """Add the database commands (and ``serve``, the API and dashboard) to the ``sitroom`` app."""
    from sitroom.cli.serve import serve

    commands = (demo, ingest, watch, relink, entities, quotes, claims, groups, search, alerts)
    for command in (*commands, serve):
        app.command()(command)
