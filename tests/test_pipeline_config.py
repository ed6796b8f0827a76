"""A pipeline built from configuration: the English pipeline as its file describes it, and a
user's own pipeline file (a component replaced, one added, from a .py file beside it) running
in the process, in a process pool (``ingest --workers 2``) and on a Dask cluster (``batch``)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.errors import ConfigError
from sitroom.nlp.pipeline import Pipeline
from sitroom.nlp.pipeline_config import PipelineConfig
from sitroom.store import schema as t
from sitroom.store.engine import open_engine

runner = CliRunner()

REPORT = (
    "Russian shelling killed four civilians and wounded 11 others in Kherson on Monday, the "
    "regional governor Oleksandr Prokudin said. About 300 residents were evacuated from the "
    "riverside districts after the attack."
)

#: A user's components: claims other than deaths dropped, and the event step switched off.
USER_COMPONENTS = """
from spacy.language import Language


@Language.component("only_deaths")
def only_deaths(doc):
    doc._.sitroom_claims = [c for c in doc._.sitroom_claims or [] if c.measure == "killed"]
    return doc


@Language.component("no_events")
def no_events(doc):
    doc._.sitroom_events = []
    return doc
"""

USER_PIPELINE = """
extends = "en"
imports = ["analyst_components.py"]

[[components]]
name = "sitroom_events"
factory = "no_events"

[[components]]
name = "only_deaths"
after = "sitroom_claims"
"""


@pytest.fixture(scope="module")
def user_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("pipeline")
    (directory / "analyst_components.py").write_text(USER_COMPONENTS, encoding="utf-8")
    path = directory / "deaths.toml"
    path.write_text(USER_PIPELINE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "reports.jsonl"
    records = [
        {"text": REPORT, "outlet": "Kyiv Wire", "published": "2024-06-03"},
        {
            "text": "Ukrainian drones struck an oil depot in Rostov on Tuesday, killing two "
            "workers and injuring five, the regional governor Vasily Golubev said.",
            "outlet": "Don Daily",
            "published": "2024-06-04",
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_the_english_pipeline_is_the_one_its_file_describes(pipeline: Pipeline) -> None:
    config = PipelineConfig.load("en")
    names = [component.name for component in config.components]
    assert pipeline.nlp.pipe_names[-len(names) :] == names
    assert pipeline.nlp.pipe_names.index("sitroom_entity_fixes") == (
        pipeline.nlp.pipe_names.index("ner") + 1
    )


def test_default_pipeline_finds_more_than_deaths(pipeline: Pipeline) -> None:
    extraction = pipeline.extract(REPORT, published="2024-06-03")
    assert {"killed", "injured"} <= {claim.measure for claim in extraction.claims}
    assert extraction.events


def test_a_users_pipeline_replaces_and_adds_components(user_pipeline: Path) -> None:
    config = PipelineConfig.load(user_pipeline)
    names = [component.name for component in config.components]
    assert names[-2:] == ["sitroom_events", "only_deaths"]
    extraction = Pipeline(config).extract(REPORT, published="2024-06-03")
    assert [(c.measure, c.value) for c in extraction.claims] == [("killed", 4.0)]
    assert extraction.events == []


def _stored(url: str) -> tuple[set[str], int]:
    engine = open_engine(url)
    try:
        with engine.connect() as connection:
            measures = set(connection.execute(sa.select(t.claims.c.measure)).scalars())
            events = connection.execute(sa.select(sa.func.count()).select_from(t.events))
            return measures, events.scalar_one()
    finally:
        engine.dispose()


def test_a_users_pipeline_runs_in_every_worker_process(
    user_pipeline: Path, corpus: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'sitroom.db'}"
    args = ["ingest", str(corpus), "--db", url, "--workers", "2"]
    result = runner.invoke(app, [*args, "--pipeline", str(user_pipeline)])
    assert result.exit_code == 0, result.output
    assert _stored(url) == ({"killed"}, 0)


def test_a_users_pipeline_runs_on_the_dask_workers(
    user_pipeline: Path, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "shards"
    args = ["batch", str(corpus), "--out", str(out), "--workers", "1"]
    result = runner.invoke(app, [*args, "--pipeline", str(user_pipeline)])
    assert result.exit_code == 0, result.output
    assert set(pq.read_table(out / "claims").column("measure").to_pylist()) == {"killed"}
    assert pq.read_table(out / "events").num_rows == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('extends = "en"\ncolour = "red"\n', "unknown pipeline setting 'colour'"),
        ('extends = "en"\n[[components]]\nfactory = "x"\n', "needs a name"),
        ('extends = "en"\n[[components]]\nname = "x"\nafter = "a"\nlast = true\n', "one of"),
        ('extends = "en"\nimports = ["missing.py"]\n', "no such file"),
        ('[[components]]\nname = "x"\n', "names its spaCy model"),
        ('extends = "en"\nmodel = [\n', "not valid TOML"),
    ],
)
def test_a_broken_pipeline_file_is_one_clear_error(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        config = PipelineConfig.load(path)
        config.import_modules()
    assert "\n" not in str(caught.value)


def test_an_unknown_component_factory_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text('extends = "en"\n[[components]]\nname = "sitroom_claimz"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="component 'sitroom_claimz'") as caught:
        Pipeline(PipelineConfig.load(path))
    assert "\n" not in str(caught.value)


def test_the_command_line_names_a_missing_pipeline_in_one_line(tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    text.write_text(REPORT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(text), "--pipeline", "klingon"])
    assert result.exit_code == 2
    said = " ".join(result.output.replace("│", " ").split())
    expected = "no pipeline 'klingon': name a language (en, fr, ru, uk) or a pipeline .toml file"
    assert expected in said
    assert "Traceback" not in result.output


def test_each_document_is_read_by_its_languages_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A language directory of its own ("xx": English with the event step switched off, from
    a .py file beside it) reads the documents detected as xx; the others stay English, in
    input order."""
    from sitroom.model import Document
    from sitroom.nlp import lang as language_layer
    from sitroom.nlp import pipeline_config
    from sitroom.nlp.pipeline import LazyPipeline

    language = tmp_path / "xx"
    language.mkdir()
    (language / "analyst_components.py").write_text(USER_COMPONENTS, encoding="utf-8")
    (language / "pipeline.toml").write_text(
        'extends = "en"\nlang = "xx"\nimports = ["analyst_components.py"]\n'
        '[[components]]\nname = "sitroom_events"\nfactory = "no_events"\n',
        encoding="utf-8",
    )

    def language_dir(code: str) -> Path | None:
        return language if code == "xx" else real_language_dir(code)

    real_language_dir = pipeline_config.language_dir
    monkeypatch.setattr(pipeline_config, "language_dir", language_dir)
    monkeypatch.setattr(language_layer, "language_dir", language_dir)
    langs = ["en", "xx", "xx", None, "de"]
    documents = [
        Document(text=REPORT, published="2024-06-03", url=f"https://e.org/{n}", lang=lang)
        for n, lang in enumerate(langs)
    ]
    extractions = list(LazyPipeline().extract_many(documents))
    assert [e.document.url for e in extractions] == [d.url for d in documents]
    assert [bool(e.events) for e in extractions] == [True, False, False, True, True]
