"""What the commands share: the options every command takes (--db, --published, --outlet,
--pipeline, ...) with their checks, one-line failures, opening the database, progress bars and
ingestion summaries."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from sitroom.errors import SitroomError
from sitroom.ingest import Rejected
from sitroom.nlp.pipeline_config import PipelineConfig
from sitroom.store.records import Alert, AlertRule, IngestReport
from sitroom.user_dates import DateError, parse_user_date
from sitroom.vocabulary import measure_or_family_names

if TYPE_CHECKING:
    from sitroom.store.repository import Store

stderr = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="SITROOM_DB",
        help="Database: a file path, sqlite:///PATH or postgresql://USER@HOST/DB "
        "(default: sitroom.db in the working directory, or db in sitroom.toml).",
        show_default=False,
    ),
]
LimitOption = Annotated[int, typer.Option(help="Show at most this many rows.")]
OffsetOption = Annotated[int, typer.Option(help="Skip this many rows first (pagination).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON Lines instead of a table.")]


def checked_date(value: str | None) -> str | None:
    """A date option read in any unambiguous form, as ISO; else a one-line usage error."""
    if value is None:
        return None
    try:
        return parse_user_date(value)
    except DateError as exc:
        raise typer.BadParameter(exc.message) from None


def checked_measure(value: str | None) -> str | None:
    """A --measure that exists (a measure or a family); else a one-line error that suggests the
    nearest names and lists them all."""
    if value is None:
        return None
    names = measure_or_family_names()
    if value in names:
        return value
    close = difflib.get_close_matches(value, names, n=2)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise typer.BadParameter(f"unknown measure {value!r}: {hint}(measures: {', '.join(names)})")


PublishedOption = Annotated[
    str | None,
    typer.Option(
        help="Publication date for inputs that carry none (2024-08-13, 13/08/2024, "
        "13 August 2024: any unambiguous form).",
        callback=checked_date,
    ),
]
OutletOption = Annotated[str | None, typer.Option(help="Outlet name for inputs that carry none.")]


CheckLanguageOption = Annotated[
    bool,
    typer.Option(help="Reject documents in a language sitroom does not read (it reads English)."),
]


def checked_pipeline(value: str | None) -> str | None:
    """A --pipeline that names a language or a readable pipeline file; else a one-line error."""
    if value is not None:
        try:
            PipelineConfig.load(value)
        except SitroomError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value


PipelineOption = Annotated[
    str | None,
    typer.Option(
        help="The pipeline: a language code or a pipeline .toml file of your own (README, "
        "\"Extending sitroom\"). Default: each document's language's (English when unknown).",
        callback=checked_pipeline,
        show_default=False,
    ),
]
MAX_LISTED_REJECTIONS = 20


def fail(message: str, code: int = 2) -> typer.Exit:
    stderr.print(f"[red]sitroom:[/red] {escape(message)}", highlight=False)
    return typer.Exit(code)


@contextmanager
def store_or_fail(db: str | None, *, create: bool = False) -> Iterator[Store]:
    """The store at ``db``; a command that only reads (``create`` False) fails with one line
    when the database file does not exist, instead of creating an empty one that finds
    nothing (a mistyped ``--db``)."""
    from sitroom.store.engine import database_url
    from sitroom.store.repository import open_store  # SQLAlchemy loads only when needed

    try:
        url = database_url(db)
    except SitroomError as exc:
        raise fail(str(exc)) from None
    path = url.database if url.drivername == "sqlite" else None
    missing = path not in (None, "", ":memory:") and not Path(path).expanduser().exists()
    if missing and not create:
        raise fail(
            f"no database at {path}: ingest documents first (sitroom ingest ... --db {path})"
        )
    try:
        store = open_store(db)
    except SitroomError as exc:
        raise fail(str(exc)) from None
    try:
        yield store
    except SitroomError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()


class RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} docs/s" if speed else "… docs/s", style="progress.data.speed")


def document_progress(verb: str) -> Progress:
    """A progress bar on stderr counting documents, with docs/s (off when not a terminal)."""
    return Progress(
        TextColumn(verb),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        RateColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
    )


def summary(report: IngestReport) -> str:
    return (
        f"{report.ingested} ingested ({report.duplicates} duplicates, "
        f"{report.near_duplicates} near-duplicates), {report.skipped} already stored, "
        f"{len(report.rejected)} rejected"
    )


def print_rejections(rejected: list[Rejected]) -> None:
    if not rejected:
        return
    reasons: dict[str, int] = {}
    for item in rejected:
        reasons[f"{item.message} [{item.code}]"] = (
            reasons.get(f"{item.message} [{item.code}]", 0) + 1
        )
    for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1])[:MAX_LISTED_REJECTIONS]:
        stderr.print(f"  rejected ×{count}: {reason}", highlight=False, markup=False)


def alert_rules_or_fail() -> list[AlertRule]:
    """The alert rules of sitroom.toml, or a one-line error naming the file and the rule."""
    from sitroom.alerts import configured_rules

    try:
        return configured_rules()
    except SitroomError as exc:
        raise fail(str(exc)) from None


def print_alerts(alerts: list[Alert]) -> None:
    """The alerts a run raised, one line each, after its summary."""
    for alert in alerts:
        line = f" ({alert.rule}) {alert.title}"
        stderr.print(Text.assemble(("alert", "bold yellow"), line), highlight=False)
