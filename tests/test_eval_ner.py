"""The named-entity gold readers (factRuEval-2016, ner-uk) and the mention scorer, on small
corpora written here in each format."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.errors import InputError
from sitroom.evaluate.ner import (
    GoldDocument,
    GoldMention,
    SystemMention,
    read_factru,
    read_ner_uk,
    score_document,
)

FACTRU_TEXT = "Мэрия Москвы сообщила, что Сергей Собянин посетил Зеленоград."


def write_factru(folder: Path) -> Path:
    """One factRuEval document: the text, its spans and its objects (second layer)."""
    folder.mkdir()
    (folder / "book_7.txt").write_text(FACTRU_TEXT, encoding="utf-8")
    (folder / "book_7.spans").write_text(
        "1 org_descr 0 5 10 1  # 10 Мэрия\n"
        "2 loc_name 6 6 11 1  # 11 Москвы\n"
        "3 name 27 6 14 1  # 14 Сергей\n"
        "4 surname 34 7 15 1  # 15 Собянин\n"
        "5 loc_name 50 10 17 1  # 17 Зеленоград\n",
        encoding="utf-8",
    )
    (folder / "book_7.objects").write_text(
        "100 Org 1 2 # Мэрия Москвы\n"
        "101 LocOrg 2 # Москвы\n"
        "102 Person 3 4 # Сергей Собянин\n"
        "103 Location 5 # Зеленоград\n",
        encoding="utf-8",
    )
    return folder


def test_factru_objects_cover_their_spans_and_locorg_is_a_location(tmp_path: Path) -> None:
    [document] = read_factru(write_factru(tmp_path / "devset"))
    found = {(FACTRU_TEXT[m.span[0] : m.span[1]], m.kind, m.kinds) for m in document.mentions}
    assert found == {
        ("Мэрия Москвы", "organisation", frozenset({"organisation"})),
        ("Москвы", "location", frozenset({"location", "organisation"})),
        ("Сергей Собянин", "person", frozenset({"person"})),
        ("Зеленоград", "location", frozenset({"location"})),
    }


def test_ner_uk_reads_the_dev_documents_and_scored_types(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "ng").mkdir(parents=True)
    text = "Голова ОДА Іван Петренко 5 травня приїхав до Житомира."
    for name in ("a1", "b2"):
        (data / "ng" / f"{name}.txt").write_text(text, encoding="utf-8")
        (data / "ng" / f"{name}.ann").write_text(
            "T1\tORG\t7\t10\tОДА\nT2\tPERS\t11\t24\tІван Петренко\n"
            "T3\tDATE\t25\t33\t5 травня\nT4\tLOC 45 53\tЖитомира\n",
            encoding="utf-8",
        )
    (data / "dev-ids.txt").write_text("a1\n", encoding="utf-8")
    [document] = read_ner_uk(data)  # b2 is not on the dev list
    assert document.id == "a1"
    assert {(text[m.span[0] : m.span[1]], m.kind) for m in document.mentions} == {
        ("Іван Петренко", "person"),
        ("ОДА", "organisation"),
        ("Житомира", "location"),  # standard brat ("LOC 45 53") read too; the date is not scored
    }


def test_folders_without_gold_are_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no factRuEval"):
        read_factru(tmp_path)
    with pytest.raises(InputError, match="no ner-uk"):
        read_ner_uk(tmp_path)


def test_relaxed_matches_overlap_one_to_one_and_strict_ones_the_span() -> None:
    gold = GoldDocument(
        "d",
        "",
        (
            GoldMention((0, 12), "organisation", frozenset({"organisation"})),
            GoldMention((6, 12), "location", frozenset({"location", "organisation"})),
            GoldMention((27, 41), "person", frozenset({"person"})),
        ),
    )
    system = [
        SystemMention((6, 12), "location"),  # the LocOrg, exactly
        SystemMention((34, 41), "person"),  # the surname only: relaxed, not strict
        SystemMention((36, 41), "person"),  # a second match for the same person: wrong
        SystemMention((50, 60), "location"),  # nothing there
    ]
    scores = score_document(gold, system)
    assert scores.relaxed("person") == pytest.approx((0.5, 1.0, 2 / 3))
    assert scores.strict("location")[0] == 0.5  # one of two system locations is exact
    assert scores.relaxed()[1] == pytest.approx(2 / 3)  # the organisation is missed


def test_eval_entities_scores_a_russian_corpus_from_the_command_line(tmp_path: Path) -> None:
    devset = write_factru(tmp_path / "devset")
    result = CliRunner().invoke(app, ["eval", "entities", "--factru", str(devset)])
    assert result.exit_code == 0, result.output
    assert "factRuEval (1 docs)" in result.output and "person" in result.output
    missing = CliRunner().invoke(app, ["eval", "entities"])
    assert missing.exit_code == 2 and "give --factru and/or --ner-uk" in missing.output
