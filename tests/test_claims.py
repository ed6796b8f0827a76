"""Attributed claims: measure, subject, claimant, place and time of each figure."""

import pytest

from sitroom.model import Claim, Document, Extraction
from sitroom.nlp.pipeline import Pipeline

KURSK = (
    "Ukraine's top commander, Oleksandr Syrskyi, said on Monday that his troops control about "
    "1,000 square kilometres of Russia's Kursk region.\n\n"
    "Russia's acting regional governor of Kursk, Alexei Smirnov, said 28 communities were "
    "under Ukrainian control. He said about 121,000 people had fled, and that at least 12 "
    "civilians had been killed and 121 injured.\n\n"
    "The Russian Defence Ministry said its air defences shot down 14 drones over the Belgorod "
    "region overnight."
)


def extract(pipeline: Pipeline, text: str, outlet: str = "Some Wire") -> Extraction:
    return pipeline.extract(Document(text=text, published="2024-08-13", outlet=outlet))


def claim_for(extraction: Extraction, text: str) -> Claim:
    [claim] = [c for c in extraction.claims if c.text == text]
    return claim


@pytest.fixture(scope="module")
def kursk(pipeline: Pipeline) -> Extraction:
    return extract(pipeline, KURSK)


def test_territory_claim_of_the_commander(kursk: Extraction) -> None:
    claim = claim_for(kursk, "about 1,000 square kilometres")
    start = KURSK.index("about 1,000")
    assert claim.span == (start, start + len("about 1,000 square kilometres"))
    assert (claim.measure, claim.value, claim.low, claim.high) == (
        "territory_area",
        1000,
        900,
        1100,
    )
    assert (claim.unit, claim.hedge, claim.place) == ("km2", "approximately", "Kursk Oblast")
    assert kursk.entity(claim.claimant).name == "Oleksandr Syrskyi"
    assert claim.claimant_name == "Oleksandr Syrskyi"
    assert claim.subject == "his troops"
    assert claim.as_of == "2024-08-12"  # "on Monday" before publication on Tuesday 13th
    sentence = KURSK[claim.sentence_span[0] : claim.sentence_span[1]]
    assert sentence.startswith("Ukraine's top commander") and sentence.endswith("region.")


def test_settlements_conceded_by_the_governor(kursk: Extraction) -> None:
    claim = claim_for(kursk, "28 communities")
    assert (claim.measure, claim.value, claim.unit) == ("settlements", 28, "settlements")
    assert claim.claimant_name == "Alexei Smirnov"
    assert claim.subject == "Ukrainian forces"  # "under Ukrainian control"


def test_casualties_and_displacement_through_a_pronoun(kursk: Extraction) -> None:
    fled = claim_for(kursk, "about 121,000 people")
    assert (fled.measure, fled.hedge, fled.low, fled.high) == (
        "displaced",
        "approximately",
        108_900,
        133_100,
    )
    killed = claim_for(kursk, "at least 12 civilians")
    injured = claim_for(kursk, "121")
    assert (killed.measure, killed.low, killed.high, killed.subject) == (
        "killed",
        12,
        None,
        "civilians",
    )
    # "121 injured" has no noun of its own: it counts the same civilians
    assert (injured.measure, injured.value, injured.subject, injured.unit) == (
        "injured",
        121,
        "civilians",
        "people",
    )
    for claim in (fled, killed, injured):
        assert claim.claimant_name == "Alexei Smirnov"  # "He said" after Smirnov's paragraph
        assert claim.quote is not None


def test_intercepted_drones_claimed_by_a_ministry(kursk: Extraction) -> None:
    claim = claim_for(kursk, "14 drones")
    assert claim.measure == "projectiles_intercepted"
    assert claim.claimant_name == "Russian Defence Ministry"
    assert claim.place == "Belgorod Oblast"


def test_outlet_is_the_claimant_when_no_one_is_quoted(pipeline: Pipeline) -> None:
    text = "Shelling killed four people in Kherson on Sunday."
    claim = claim_for(extract(pipeline, text, outlet="Harbor Ledger"), "four people")
    assert (claim.measure, claim.claimant, claim.claimant_name) == ("killed", None, "Harbor Ledger")
    assert (claim.place, claim.as_of) == ("Kherson", "2024-08-11")


def test_according_to(pipeline: Pipeline) -> None:
    text = "More than 40,000 people have fled El Fasher, according to the United Nations."
    ex = extract(pipeline, text)
    claim = claim_for(ex, "More than 40,000 people")
    assert (claim.measure, claim.hedge) == ("displaced", "more_than")
    assert claim.claimant_name == "United Nations"
    assert ex.entity(claim.claimant).name == "United Nations"


@pytest.mark.parametrize(
    ("text", "figure", "measure"),
    [
        ("Police detained 25 protesters in the capital.", "25 protesters", "detained"),
        ("The army evacuated 300 residents from the town.", "300 residents", "evacuated"),
        ("The two sides exchanged 88 prisoners on Friday.", "88 prisoners", "prisoners_exchanged"),
        ("Russia launched 40 missiles at Kyiv overnight.", "40 missiles", "projectiles_launched"),
        ("Gunners destroyed 12 tanks near the river.", "12 tanks", "equipment_destroyed"),
        ("Moscow deployed some 3,000 troops to the border.", "some 3,000 troops", "troops"),
        ("Donors pledged $500 million in aid for the region.", "$500 million", "aid_amount"),
        ("Eleven people are still missing after the blast.", "Eleven people", "missing"),
        ("The death toll rose to 40 people on Sunday.", "40 people", "killed"),
        ("The strike left 17 casualties among rescuers.", "17 casualties", "casualties"),
        ("Airstrikes kill and wound dozens of civilians.", "dozens of civilians", "casualties"),
        ("14 rebels killed in clashes near the dam", "14 rebels", "killed"),
        ("11 members of the militia killed in an ambush", "11 members", "killed"),
        ("Shelling raised the death toll to 12 people on Monday.", "12 people", "killed"),
        ("The battle left 59 civilians dead this week.", "59 civilians", "killed"),
        ("26 martyrs were buried in the town on Friday.", "26 martyrs", "killed"),
        ("12 killed by shelling on the old market", "12", "killed"),
        ("Blast at a depot kills at least 9 of the guards", "at least 9", "killed"),
        ("Landmines kill 25 displaced men at the border", "25 displaced men", "killed"),
        ("The strike claimed the lives of 14 farmers on Tuesday.", "14 farmers", "killed"),
        ("Some 300 miners lost their lives in the flood.", "Some 300 miners", "killed"),
        ("The fire left 8 guards of the prison dead.", "8 guards", "killed"),
        ("Shelling leaves more than 40 dead in the suburbs", "more than 40", "killed"),
        ("The rebels announced the killing of 11 soldiers.", "11 soldiers", "killed"),
        ("The raid left 3 workers wounded.", "3 workers", "injured"),
        # the parser hangs "the lives" on a later verb
        (
            "The massacre of Tel Sabra claims the lives of 9 farmers mostly of women and "
            "hundreds of the displaced families at the camp suffer from hunger",
            "9 farmers",
            "killed",
        ),
    ],
)
def test_measures(pipeline: Pipeline, text: str, figure: str, measure: str) -> None:
    assert claim_for(extract(pipeline, text), figure).measure == measure


@pytest.mark.parametrize(
    ("text", "figure", "measure"),
    [
        # a casualty noun narrows only through a verb on the noun itself
        ("6 casualties killed in raids on the valley", "6 casualties", "killed"),
        ("20 casualties at least were killed by the blast.", "20 casualties", "killed"),
        ("15 casualties in shelling on the port and clashes nearby", "15 casualties", "casualties"),
        ("40 casualties, wounded and missing after the raid", "40 casualties", "casualties"),
        ("5 casualties and several others were wounded in the raid.", "5 casualties", "casualties"),
    ],
)
def test_casualties_narrowed_by_their_own_verb(
    pipeline: Pipeline, text: str, figure: str, measure: str
) -> None:
    assert claim_for(extract(pipeline, text), figure).measure == measure


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Nine people were killed in 2 explosions at the market.", "2 explosions"),
        ("Executions of prisoners continued in 4 provinces last year.", "4 provinces"),
        ("Doctors saved the lives of 22 children.", "22 children"),
        ("5 assassinations claimed lives in the city.", "5 assassinations"),
    ],
)
def test_figures_that_are_not_the_dead(pipeline: Pipeline, text: str, figure: str) -> None:
    claims = [c for c in extract(pipeline, text).claims if c.text == figure]
    assert all(c.measure != "killed" for c in claims)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A child was killed in the shelling on Monday.", [("A child", "killed", "child")]),
        ("Sniper fire kills a civilian near the bridge", [("a civilian", "killed", "civilian")]),
        ("A soldier died of his wounds overnight.", [("A soldier", "killed", "soldier")]),
        ("Police said a journalist was detained.", [("a journalist", "detained", "journalist")]),
        ("Soldier killed in an ambush near the dam", [("Soldier", "killed", "Soldier")]),
        ("The death of a nurse shocked the town.", [("a nurse", "killed", "nurse")]),
        (
            "A 45-year-old man was detained at the border.",
            [("A 45-year-old man", "detained", "45-year-old man")],
        ),
        (
            "Troops kill two farmers, a child and a teacher in the village",
            [
                ("two farmers", "killed", "farmers"),
                ("a child", "killed", "child"),
                ("a teacher", "killed", "teacher"),
            ],
        ),
    ],
)
def test_a_lone_person_is_a_victim_of_one_but_no_claim(
    pipeline: Pipeline, text: str, expected: list
) -> None:
    """ "A child was killed" states no number: no claim under the conventions, but a victim
    the events component counts."""
    doc = pipeline.nlp(pipeline.make_doc(Document(text=text, published="2024-08-13")))
    figures = sorted(doc._.sitroom_claims + doc._.sitroom_lone_victims, key=lambda c: c.span)
    assert [(c.text, c.measure, c.subject) for c in figures] == expected
    for lone in doc._.sitroom_lone_victims:
        assert (lone.value, lone.hedge) == (1, "exactly")
        assert lone.text[:1] in "aAS" and lone.id.startswith("v")
    assert all(c.text[:1] not in "aAS" for c in doc._.sitroom_claims)


@pytest.mark.parametrize(
    "text",
    [
        "A building was destroyed in the strike.",
        "A family was killed in the strike.",
        "A soldier killed two guards at the gate.",
        "Not a single civilian was hurt in the blast.",
        "A wounded soldier told reporters the town was quiet.",
        "The shelling killed the father of a volunteer.",
        "A man who killed two guards was on trial.",
    ],
)
def test_lone_people_that_are_no_toll_of_one(pipeline: Pipeline, text: str) -> None:
    doc = pipeline.nlp(pipeline.make_doc(Document(text=text, published="2024-08-13")))
    assert not [c for c in doc._.sitroom_claims + doc._.sitroom_lone_victims if c.value == 1]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Ivan Sirko, 52, was detained at his home on Friday.", "52"),
        ("Two men were detained 20 km from the border.", "20 km"),
        ("Shelling cut the odds of survival by 30 per cent.", "30"),
        ("The study shows 18 million families will be left struggling.", "18 million families"),
        ("Rising prices are leaving 40 people out of work.", "40 people"),
        ("The two were leaving a party when the car exploded.", "two"),
    ],
)
def test_ages_distances_shares_and_other_leaving(
    pipeline: Pipeline, text: str, figure: str
) -> None:
    claims = [c for c in extract(pipeline, text).claims if c.text == figure]
    assert all(c.measure not in ("killed", "detained", "displaced") for c in claims)


def test_people_who_left_their_homes_are_displaced(pipeline: Pipeline) -> None:
    claim = claim_for(
        extract(pipeline, "Some 5,000 residents have left the city."), "Some 5,000 residents"
    )
    assert claim.measure == "displaced"


def test_a_shared_noun_does_not_change_the_quantity(pipeline: Pipeline) -> None:
    """The claim takes the noun of "12 civilians" for the bare "121"; the quantity keeps its
    own (no) unit."""
    document = Document(text="12 civilians were killed and 121 injured.", outlet="Some Wire")
    doc = pipeline.nlp(pipeline.make_doc(document))
    bare = next(q for q in doc._.sitroom_quantities if q.span.text == "121")
    assert bare.unit is None
    assert [c.unit for c in doc._.sitroom_claims if c.text == "121"] == ["people"]


def test_a_bare_figure_of_another_clause_takes_no_earlier_noun(pipeline: Pipeline) -> None:
    """Only a coordinated figure shares a noun: the toll of the second clause is dead people,
    not airstrikes, and "5 tanks ... and damaged 12" shares its tanks."""
    extraction = extract(
        pipeline,
        "More than 40 airstrikes hit Dravnik on Monday, and the death toll there rose to 9.",
    )
    toll = claim_for(extraction, "9")
    assert (toll.measure, toll.unit) == ("killed", "people")
    extraction = extract(pipeline, "Marivka's defenders destroyed 5 tanks and damaged 12.")
    assert claim_for(extraction, "12").unit == "tank"


def test_items_glued_by_a_bare_semicolon_are_read(pipeline: Pipeline) -> None:
    """Headline digests join items with ";" and no space: the figure and place still count."""
    extraction = extract(pipeline, "Shelling on Dravnik;14 were killed in Marivka;Aid arrives.")
    assert [(c.measure, c.value) for c in extraction.claims] == [("killed", 14.0)]
    assert "Marivka" in [place.name for place in extraction.places]


@pytest.mark.parametrize(
    "text",
    [
        "The convoy travelled 300 kilometres in 2023.",
        "Turnout was 64 percent, the commission said.",
        "The front line is 40 kilometres long.",
        "One of the officials said the plan had been approved in 2024.",
    ],
)
def test_figures_that_are_not_claims(pipeline: Pipeline, text: str) -> None:
    assert extract(pipeline, text).claims == []


def test_every_claim_points_at_its_figure_and_sentence(kursk: Extraction) -> None:
    assert [c.id for c in kursk.claims] == [f"c{i}" for i in range(1, len(kursk.claims) + 1)]
    for claim in kursk.claims:
        assert KURSK[claim.span[0] : claim.span[1]] == claim.text
        assert claim.sentence_span[0] <= claim.span[0] < claim.span[1] <= claim.sentence_span[1]


def test_vague_amounts_read_as_their_interval(pipeline) -> None:
    """ "dozens of soldiers" is stored with a representative 24 in [12, 99]; shown, the interval
    says what the source said, a number would claim a precision it did not give."""
    from sitroom.report import figure

    extraction = pipeline.extract(
        "The army said dozens of its soldiers had been killed and about 1,000 people displaced.",
        published="2024-11-30",
    )
    shown = {c.measure: figure(c) for c in extraction.claims}
    assert shown == {"killed": "12–99 people", "displaced": "approximately 1,000 people"}


@pytest.mark.parametrize(
    ("text", "figure", "measure"),
    [
        # troops: soldiers and units that nothing else measures
        ("Some 40,000 soldiers are massed near the northern border.", "Some 40,000 soldiers",
         "troops"),
        ("The enemy has concentrated up to 15 battalion tactical groups near the town.",
         "up to 15 battalion tactical groups", "troops"),
        # aid: money and the items of a package, the item as unit
        ("The package includes 120 armoured vehicles and 4 howitzers.", "120 armoured vehicles",
         "aid_amount"),
        ("Parliament approved $2.5bn in military assistance for Kyiv.", "$2.5bn", "aid_amount"),
        ("Donors pledged more aid on Monday. These include 300 drones and 20 boats.",
         "300 drones", "aid_amount"),
        # casualties: losses, eliminated, killed or wounded or captured
        ("The ministry said it had eliminated 60 fighters near the river.", "60 fighters",
         "casualties"),
        ("Its losses exceed 2,000 men, the report said.", "2,000 men", "casualties"),
        ("The army killed, wounded or captured 900 soldiers.", "900 soldiers", "casualties"),
        # missing, evacuated, displaced, detained
        ("Two sailors died and 14 were missing after the attack.", "14", "missing"),
        ("Rescuers said 230 residents had been rescued from the flooded basement.",
         "230 residents", "evacuated"),
        ("More than 9,000 people have been forced to flee their homes.",
         "More than 9,000 people", "displaced"),
        # projectiles: launched when they strike, intercepted when shot down
        ("Officials said three cruise missiles struck the port overnight.",
         "three cruise missiles", "projectiles_launched"),
        ("The frigate was sunk with two anti-ship missiles.", "two anti-ship missiles",
         "projectiles_launched"),
        ("Air defences shot down 18 drones over the capital.", "18 drones",
         "projectiles_intercepted"),
        # equipment: aircraft shot down, units of equipment eliminated
        ("Gunners shot down two helicopters near the coast.", "two helicopters",
         "equipment_destroyed"),
        ("The army claimed to have destroyed 9 units of military equipment.", "9 units",
         "equipment_destroyed"),
        # other conflict counts, with the counted noun
        ("About 400 people were taking shelter in the metro station.", "About 400 people",
         "other"),
        ("Some 20,000 civilians are believed to be trapped in the city.",
         "Some 20,000 civilians", "other"),
        ("Monitors have verified more than 60 attacks on hospitals.", "more than 60 attacks",
         "other"),
        ("At least 25 people sustained injuries in the blast.", "At least 25 people",
         "injured"),
    ],
)  # fmt: skip
def test_measures_as_the_conventions_define_them(
    pipeline: Pipeline, text: str, figure: str, measure: str
) -> None:
    assert claim_for(extract(pipeline, text), figure).measure == measure


@pytest.mark.parametrize(
    "text",
    [
        "Vovchansk, a town of about 17,000 people, was shelled again.",
        "Refugees crowd into the city of some 700,000 on the coast.",
        "A battalion normally comprises about 800 troops.",
        "The gun can fire 4,000 rounds a minute at incoming drones.",
        "He vowed to fight back if so much as one soldier crossed the border.",
        "Hundreds of fans posed for pictures outside the stadium.",
        "Several villages and a few farms were shelled overnight.",
    ],
)
def test_figures_that_are_no_claims_under_the_conventions(pipeline: Pipeline, text: str) -> None:
    assert extract(pipeline, text).claims == []


def test_repeats_point_at_the_first_mention(pipeline: Pipeline) -> None:
    extraction = extract(
        pipeline,
        "The governor said 31 people were killed in the strike. Rescuers worked through the "
        "night. By morning, the governor said, 31 people had been killed and the search was "
        "over.\n\nCongress approved a $61bn (£49bn) package for Kyiv.",
    )
    first, again = [c for c in extraction.claims if c.measure == "killed"]
    assert (first.repeat_of, again.repeat_of) == (None, first.id)
    dollars, pounds = [c for c in extraction.claims if c.measure == "aid_amount"]
    assert (dollars.repeat_of, pounds.repeat_of) == (None, dollars.id)


def test_a_fraction_counts_in_the_number_it_is_a_fraction_of(pipeline: Pipeline) -> None:
    extraction = extract(
        pipeline,
        "About half of the town's 80,000 residents have fled, the mayor said. "
        "Two thirds of the 900 pupils were evacuated. A third of the villagers have left.",
    )
    figures = [(c.text, c.measure, c.value, c.low, c.high) for c in extraction.claims]
    assert figures == [
        ("About half", "displaced", 40_000, 36_000, 44_000),
        ("Two thirds", "evacuated", 600, 600, 600),
    ]  # the bases (80,000 residents, 900 pupils) and a fraction of no number are no figures


@pytest.mark.parametrize(
    "text",
    [
        "The new sanctions package targets £4bn of Russian exports and 40 banks.",
        "In May, a court sentenced to death two men accused of spying.",
    ],
)
def test_trade_sanctions_and_death_sentences_are_no_claims(pipeline: Pipeline, text: str) -> None:
    assert extract(pipeline, text).claims == []


def test_damaged_vehicles_are_a_conflict_count_not_destroyed_equipment(pipeline: Pipeline) -> None:
    claim = claim_for(
        extract(pipeline, "Six civilian cars were damaged in the blast."), "Six civilian cars"
    )
    assert claim.measure == "other"


@pytest.mark.parametrize(
    ("text", "figure", "place"),
    [
        # a place that acts or speaks is not where the figure happened
        (
            "A rocket attack killed 22 people at a station, the president said, warning "
            "that Moscow might attempt something cruel.",
            "22 people",
            None,
        ),
        ("Shelling killed 6 civilians in Kherson on Monday.", "6 civilians", "Kherson"),
        ("Its troops hold 300 square kilometres of the Kursk region.", "300 square kilometres",
         "Kursk"),
    ],
)  # fmt: skip
def test_a_claim_is_placed_where_its_sentence_says_it_happened(
    pipeline: Pipeline, text: str, figure: str, place: str | None
) -> None:
    claim = claim_for(extract(pipeline, text), figure)
    assert (claim.place or "").startswith(place or "") and (place is not None) == bool(claim.place)


def test_an_archive_photo_caption_holds_no_claim(pipeline: Pipeline) -> None:
    archive = "FILE - Rescuers carry one of three people killed in the shelling of Dravnik, May 2."
    assert extract(pipeline, archive).claims == []
    current = "Firefighters work where 4 people were killed in Dravnik. (AP Photo/Ivan Petrenko)"
    assert [c.text for c in extract(pipeline, current).claims] == ["4 people"]


def test_people_who_surrender_are_detained(pipeline: Pipeline) -> None:
    text = (
        "The ministry said 1,026 soldiers of the 36th brigade had surrendered in Harvik. "
        "Nearly 300 fighters have handed themselves over to the besiegers."
    )
    extraction = extract(pipeline, text)
    assert [(c.text, c.measure) for c in extraction.claims] == [
        ("1,026 soldiers", "detained"),
        ("Nearly 300 fighters", "detained"),
    ]


def test_animals_killed_are_no_toll_of_people(pipeline: Pipeline) -> None:
    found = extract(
        pipeline,
        "Russian shelling killed two farmers and 300 cows on a farm near Kherson on Monday, the "
        "regional governor said. Scientists say the war has killed at least 5,000 dolphins in "
        "the Black Sea.",
    )
    assert [(c.measure, c.value, c.unit) for c in found.claims] == [
        ("killed", 2, "people"),
        ("other", 300, "cow"),
        ("other", 5000, "dolphin"),
    ]
    tolls = [e.fatalities.value for e in found.events if e.fatalities is not None]
    assert tolls == [2]


def test_a_figure_someone_plans_pledges_or_expects_on_a_condition_is_no_toll(
    pipeline: Pipeline,
) -> None:
    """The conventions count a plan or a quota as another conflict figure, not as people
    evacuated or displaced; a pledged aid package stays aid."""
    found = extract(
        pipeline,
        "Officials plan to evacuate 5,000 residents from Kupiansk next week, the governor "
        "said. Rescuers managed to evacuate 300 people from the flooded villages on Monday. "
        "Poland will take in up to a million refugees if Russia invades, officials said. "
        "Shelling killed five people in Kherson on Monday, the governor said, adding that the "
        "toll could rise if more bodies are found.",
    )
    assert [(c.measure, c.value) for c in found.claims] == [
        ("other", 5000),
        ("evacuated", 300),
        ("other", 1_000_000),
        ("killed", 5),
    ]
