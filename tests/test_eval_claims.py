"""The UCDP claims evaluation on a tiny sample: per row, per non-round-up row, per headline."""

from pathlib import Path

from sitroom.evaluate import ucdp
from sitroom.evaluate.quantities import GoldQuantity, score_quantulum
from sitroom.nlp.pipeline import Pipeline

CSV = (
    "id,source_headline,date_start,best,low,high\n"
    '1,"Shelling kills 31 civilians in Dravnik and Marivka",2024-05-14,15,15,15\n'
    '2,"Shelling kills 31 civilians in Dravnik and Marivka",2024-05-14,16,16,17\n'
    '3,"Nine soldiers killed in an ambush near Solvyn",2024-05-15,9,9,9\n'
    '4,"Talks resume in the capital",2024-05-15,0,0,0\n'
    '5,"Talks resume in Dar&#8217;a",2024-05-16,0,0,0\n'
)


def test_a_headline_total_split_over_rows_matches_their_sum(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    path = tmp_path / "ged.csv"
    path.write_text(CSV, encoding="utf-8")
    events = ucdp.read_events(path)
    assert events[-1].headline == "Talks resume in Dar\u2019a"  # HTML entities in the file
    rows, incidents, headlines = ucdp.score(events, pipeline.extract_many)
    # per row: the toll of 31 matches neither row of 15 or 16, the ambush matches its row
    assert (rows.headlines, rows.stating_a_toll, rows.with_killed_claim) == (5, 3, 3)
    assert (rows.in_range, rows.equal_to_best) == (1, 1)
    assert (incidents.stating_a_toll, incidents.in_range) == (3, 1)
    # per headline: 31 lies within the summed [31, 32]
    assert (headlines.headlines, headlines.stating_a_toll) == (4, 2)
    assert (headlines.in_range, headlines.equal_to_best) == (2, 2)


def test_a_lone_victim_counts_as_the_headlines_toll_of_one(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    path = tmp_path / "ged.csv"
    path.write_text(
        "id,source_headline,date_start,best,low,high\n"
        '1,"A sniper kills a man in one of the villages near Solvyn",2024-05-14,1,1,1\n',
        encoding="utf-8",
    )
    rows, _, _ = ucdp.score(ucdp.read_events(path), pipeline.extract_many)
    # "a man" is no claim but the attack's one dead: found, in range, reported apart
    assert (rows.with_killed_claim, rows.from_events, rows.in_range) == (1, 1, 1)


def test_french_headlines_are_read_in_french_and_placed(tmp_path: Path) -> None:
    """A French headline states a toll in French words, is extracted by the French pipeline
    (each document routed by its language) and its place is compared with the coded point."""
    from sitroom.nlp.pipeline import LazyPipeline

    path = tmp_path / "ged.csv"
    path.write_text(
        "id,source_headline,date_start,best,low,high,latitude,longitude\n"
        '1,"Mali : au moins 12 civils tués dans une attaque près de Mopti",'
        "2024-05-14,12,12,14,14.49,-4.19\n"
        '2,"Ituri : des miliciens ont fait trois morts dans la localité de Djugu",'
        "2024-05-15,3,3,3,4.36,18.56\n"  # coded in Bangui, not in Ituri
        '3,"Les pourparlers de paix reprennent dans la capitale après une semaine de pause",'
        "2024-05-15,0,0,0,,\n",
        encoding="utf-8",
    )
    events = ucdp.read_events(path)
    assert [ucdp.headline_language(e.headline) for e in events] == ["fr", "fr", "fr"]
    assert [ucdp.states_a_toll(e.headline) for e in events] == [True, True, False]
    rows, _, _ = ucdp.score(events, LazyPipeline().extract_many)
    assert (rows.stating_a_toll, rows.with_killed_claim, rows.in_range) == (2, 2, 2)
    assert rows.placed_within_161 == 1  # Mopti is by its point; Djugu is 1,500 km from its


def test_quantulum3_scores_a_range_by_its_middle(pipeline: Pipeline) -> None:
    sentence = "Shelters for 200 to 300 people were opened."
    gold = [(sentence, [GoldQuantity(250, "dimensionless", "200 to 300")])]
    result = score_quantulum(gold, lambda text: pipeline.nlp(text)._.sitroom_quantities)
    assert (result.found, result.value_unit_correct) == (1, 1)  # value 200, range [200, 300]
