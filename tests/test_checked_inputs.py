"""Inputs a user types are checked: dates in any unambiguous form, databases that exist,
measures that exist; each mistake is one clear line and nothing is stored half-way."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.user_dates import DateError, parse_user_date
from sitroom.vocabulary import measure_or_family_names, measures, measures_named


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("2024-08-13", "2024-08-13"),
        ("13/08/2024", "2024-08-13"),
        ("13.08.2024", "2024-08-13"),
        ("13 August 2024", "2024-08-13"),
        ("Aug 13, 2024", "2024-08-13"),
        ("2024-08-13T09:30:00", "2024-08-13T09:30:00"),
        ("2024-08", "2024-08"),
        ("2024", "2024"),
    ],
)
def test_a_date_in_any_unambiguous_form_is_read(typed: str, iso: str) -> None:
    assert parse_user_date(typed) == iso


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("03/04/2024", "reads two ways (2024-03-04 or 2024-04-03)"),
        ("31/02/2024", "is no date"),
        ("yesterday", "without its year"),
        ("soon-ish 2024", "cannot read the date"),
        ("2024-13", "cannot read the date"),
    ],
)
def test_a_date_that_cannot_be_read_or_reads_two_ways_is_refused(typed: str, says: str) -> None:
    with pytest.raises(DateError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_user_date(typed)


def test_the_commands_store_the_date_as_iso_or_refuse_it(tmp_path: Path) -> None:
    article = tmp_path / "brief.txt"
    article.write_text("Shelling killed 3 people in Kharkiv on Monday, officials said.\n")
    runner = CliRunner()
    read = runner.invoke(app, ["extract", str(article), "--published", "13/08/2024"])
    assert read.exit_code == 0 and '"published": "2024-08-13"' in read.output
    db = tmp_path / "news.db"
    refused = runner.invoke(
        app, ["ingest", str(article), "--published", "03/04/2024", "--db", str(db)]
    )
    assert refused.exit_code == 2 and "reads two ways" in refused.output
    assert not db.exists()  # nothing stored half-way


def test_a_read_command_on_a_database_that_does_not_exist_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "sitrom.db"  # a typo for sitroom.db
    for command in (["claims"], ["groups"], ["entities"], ["export", "--format", "csv"]):
        result = CliRunner().invoke(app, [*command, "--db", str(missing)])
        assert result.exit_code == 2, command
        assert f"no database at {missing}" in result.output.replace("\n", "")
    assert not missing.exists()


def test_an_unknown_measure_suggests_the_nearest(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["claims", "--measure", "kiled", "--db", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "did you mean killed" in " ".join(result.output.split())


def test_every_measure_the_lexicon_or_the_rules_give_is_in_the_vocabulary() -> None:
    from importlib import resources

    lexicon = resources.files("sitroom.nlp.lang").joinpath("en", "measures.tsv").read_text("utf-8")
    named = {line.split("\t")[1] for line in lexicon.splitlines() if line and line[0] != "#"}
    from_rules = {"troops", "aid_amount", "casualties"}  # nlp/measures.py, nlp/figure_measures.py
    assert named | from_rules <= set(measures())
    assert measures_named("territory") == ["territory_area", "settlements"]
    assert "territory" in measure_or_family_names() and measures_named("killed") == ["killed"]


def test_each_measure_says_what_its_figures_stand_for_and_how_gkg_counts_them() -> None:
    from sitroom.export.gkg import count_type
    from sitroom.model import Claim
    from sitroom.vocabulary import measures_of_figure

    def exported(measure: str) -> str:
        return count_type(Claim("c1", measure, "3", (0, 1), (0, 1), value=3))

    assert exported("killed") == "KILL" and exported("displaced") == "AFFECT"
    assert exported("troops") == "SITROOM_TROOPS"
    assert measures_of_figure("state") == {"territory_area", "settlements", "troops"}
    assert {"killed", "injured"} <= measures_of_figure("incident")
    assert not measures_of_figure("incident") & measures_of_figure("state")


def test_every_event_type_a_trigger_or_the_acled_table_names_is_in_the_vocabulary() -> None:
    from importlib import resources

    from sitroom.vocabulary import event_types

    def column(package: str, path: tuple[str, ...], index: int) -> set[str]:
        text = resources.files(package).joinpath(*path).read_text("utf-8")
        return {line.split("\t")[index] for line in text.splitlines() if line[:1] not in "#"}

    triggers = column("sitroom.nlp.lang", ("en", "event_triggers.tsv"), 2)
    acled = column("sitroom.data", ("acled_types.tsv",), 0)
    assert triggers | acled <= set(event_types())
    violent = {t.name for t in event_types().values() if t.violent}
    assert violent <= acled  # every violent type exports to an ACLED event type


def test_figures_read_as_a_person_writes_them() -> None:
    from types import SimpleNamespace

    from sitroom.report import figure

    def shown(value: float, low: float, high: float, hedge: str, unit: str) -> str:
        return figure(SimpleNamespace(value=value, low=low, high=high, hedge=hedge, unit=unit))

    assert shown(1, 1, 1, "exactly", "people") == "1 person"
    assert shown(1000, 900, 1100, "approximately", "km2") == "approximately 1,000 km²"
    assert shown(10, 10, 15, "range", "missile") == "10–15 missiles"
    assert shown(24, 12, 99, "approximately", "people") == "12–99 people"
    assert shown(5, 5, 5, "exactly", "battery") == "5 batteries"


def test_time_values_read_as_a_person_writes_them() -> None:
    from sitroom.report import readable_date

    assert readable_date("2022-W34", "2022-08-25") == "week of 22 Aug 2022"
    assert readable_date("2024-09-09TNI", None) == "2024-09-09 (night)"
    assert readable_date("P1D", "2024-08-15") == "2024-08-15"  # a duration dates nothing
    assert readable_date("PRESENT_REF", None) == "undated"
    assert readable_date("2024-08-13T10:00:00", None) == "2024-08-13"


def test_a_groups_place_reads_as_a_person_writes_it() -> None:
    from sitroom.report import place_words

    assert place_words("kursk oblast") == "Kursk Oblast"
    assert place_words("Staryi Saltiv") == "Staryi Saltiv"
    assert place_words(None) == "unknown place"
