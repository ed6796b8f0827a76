"""The scale-out commands of the ``sitroom`` CLI: ``batch`` (Dask -> Parquet shards) and
``load`` (shards -> database), plus the process pool behind ``ingest --workers``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sitroom.cli.common import (
    CheckLanguageOption,
    DbOption,
    OutletOption,
    PipelineOption,
    PublishedOption,
    document_progress,
    fail,
    print_rejections,
    stderr,
    store_or_fail,
    summary,
)
from sitroom.errors import SitroomError


def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Corpora: .jsonl, .json, .txt, .html, feeds, directories, URLs.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Directory for the Parquet shards (empty or new).")
    ],
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address (tcp://HOST:8786); without it a local cluster starts.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Worker processes of the local cluster (default: one per core).",
            show_default=False,
        ),
    ] = None,
    partition_size: Annotated[
        int, typer.Option(min=1, help="Documents per Parquet partition.")
    ] = 1000,
    published: PublishedOption = None,
    outlet: OutletOption = None,
    check_language: CheckLanguageOption = True,
    pipeline: PipelineOption = None,
) -> None:
    """Extract a corpus on a Dask cluster into Parquet shards, one dataset per database table
    (load them with `sitroom load`)."""
    import os

    from sitroom.ingest import read_inputs
    from sitroom.nlp.pipeline_config import PipelineConfig
    from sitroom.scale.batch import dask_client, run_batch

    config = PipelineConfig.load(pipeline) if pipeline else None  # None: by language
    items = read_inputs(inputs, published=published, outlet=outlet, check_language=check_language)
    try:
        with (
            dask_client(scheduler, workers or os.cpu_count() or 1) as client,
            document_progress("extracting") as progress,
        ):
            task = progress.add_task("batch", total=None)
            manifest = run_batch(
                client,
                items,
                out,
                inputs=" ".join(inputs),
                partition_size=partition_size,
                config=config,
                on_outcome=lambda _: progress.advance(task),
            )
    except SitroomError as exc:
        raise fail(str(exc)) from None
    stderr.print(
        f"{manifest.documents} documents in {manifest.partitions} partitions, "
        f"{manifest.rejected} rejected -> {out}",
        highlight=False,
    )


def load(
    directory: Annotated[
        Path, typer.Argument(help="The --out directory of `sitroom batch`.", show_default=False)
    ],
    db: DbOption = None,
) -> None:
    """Bulk-load Parquet shards into the database (skipping documents already stored) and link
    entities and claims across sources."""
    from sitroom.scale.shards import load_shards

    with store_or_fail(db, create=True) as store, document_progress("loading") as progress:
        task = progress.add_task("load", total=None)
        report = load_shards(store, directory, on_event=lambda _: progress.advance(task))
    stderr.print(summary(report), highlight=False)
    print_rejections(report.rejected)


def register(app: typer.Typer) -> None:
    """Add the scale-out commands to the ``sitroom`` app."""
    for command in (batch, load):
        app.command()(command)
