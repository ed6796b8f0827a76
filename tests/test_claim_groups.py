"""Claim groups across sources: which figures are compared, and the verdicts they get."""

import math
from dataclasses import replace
from datetime import date

import pytest

from sitroom.examples import example_documents
from sitroom.ingestion import ingest_into
from sitroom.link.claims import ClaimFacts, parse_day, subject_class, verdicts
from sitroom.model import Claim, Document, Extraction, Place
from sitroom.store import open_store


def facts(
    doc: str,
    claim: str,
    low: float,
    high: float,
    claimant: str,
    day: str,
    measure: str = "killed",
) -> ClaimFacts:
    return ClaimFacts(
        doc_id=doc,
        claim_id=claim,
        measure=measure,
        low=low,
        high=high,
        claimant=claimant,
        day=date.fromisoformat(day),
        published=day,
    )


def test_overlapping_intervals_agree_and_disjoint_ones_contradict() -> None:
    at_least_12 = facts("a", "c1", 12, math.inf, "entity:1", "2024-08-13")
    exactly_31 = facts("b", "c1", 31, 31, "entity:2", "2024-08-15")
    exactly_12 = facts("c", "c4", 12, 12, "entity:1", "2024-08-15")
    judged = verdicts([at_least_12, exactly_31, exactly_12])
    assert judged[at_least_12.key] == "agree"  # [12, inf) holds both 12 and 31
    assert judged[exactly_31.key] == "contradict"
    assert judged[exactly_12.key] == "contradict"


def test_a_later_different_figure_of_the_same_claimant_is_an_update() -> None:
    first = facts("a", "c1", 900, 1100, "entity:7", "2024-08-12", "territory_area")
    later = facts("b", "c1", 1150, 1150, "entity:7", "2024-08-15", "territory_area")
    settlements = facts("c", "c2", 28, 28, "entity:9", "2024-08-13", "settlements")
    judged = verdicts([first, later, settlements])
    assert judged[later.key] == "update"
    assert judged[first.key] == "agree"
    assert judged[settlements.key] == "related"  # no other settlements figure to compare


def test_a_figure_repeating_one_of_two_earlier_ones_is_no_update() -> None:
    low = facts("a", "c2", 115, 115, "entity:3", "2024-08-13", "injured")
    high = facts("b", "c2", 121, 121, "entity:3", "2024-08-13", "injured")
    later = facts("c", "c5", 121, 121, "entity:3", "2024-08-14", "injured")
    assert verdicts([low, high, later])[later.key] == "agree"


def test_two_outlets_quoting_one_person_differently_on_one_day_contradict() -> None:
    one = facts("a", "c2", 121, 121, "entity:3", "2024-08-13", "injured")
    other = facts("b", "c2", 115, 115, "entity:3", "2024-08-13", "injured")
    assert verdicts([one, other]) == {one.key: "contradict", other.key: "contradict"}


def test_two_named_sources_in_one_article_are_compared() -> None:
    """(An outlet's own list of two tolls never shares a group: see the store test below.)"""
    ministry = facts("b", "c1", 31, 31, "entity:4", "2024-08-15")
    governor = facts("b", "c2", 12, 12, "entity:5", "2024-08-15")
    judged = verdicts([ministry, governor])
    assert judged == {ministry.key: "contradict", governor.key: "contradict"}


def test_republished_sentences_and_far_apart_figures() -> None:
    from dataclasses import replace

    from sitroom.link.claims import same_scale, same_subject

    report = facts("a", "c1", 12, 12, "entity:1", "2024-08-13")
    repost = replace(facts("b", "c3", 12, 12, "entity:1", "2024-08-13"), sentence="x")
    original = replace(report, sentence="x")
    # the same sentence in two documents is one report, not two sources agreeing
    assert verdicts([original, repost]) == {original.key: None, repost.key: None}
    war_toll = facts("c", "c1", 10_000, 10_000, "entity:2", "2024-08-13")
    assert not same_scale(war_toll, [report])
    assert same_scale(facts("d", "c1", 31, 31, "entity:3", "2024-08-15"), [report])
    tanks = replace(facts("e", "c1", 1800, 1800, "entity:4", "2024-08-13"), unit="tank")
    vehicles = replace(facts("f", "c1", 5000, 5000, "entity:5", "2024-08-13"), unit="vehicle")
    assert not same_scale(tanks, [vehicles])
    assert same_subject("military", "military:Ukraine")
    assert not same_subject("military:Russia", "military:Ukraine")
    assert not same_subject("civilian", "military")


def test_subjects_and_dates() -> None:
    assert subject_class("Ukrainian soldiers") == "military:Ukraine"
    assert subject_class("servicemen") == "military"
    assert subject_class("civilians") == "civilian"
    assert subject_class("people") is None
    assert parse_day("2024-08") == date(2024, 8, 1)
    assert parse_day("2024-08-09TNI") == date(2024, 8, 9)
    assert parse_day("PAST_REF") is None


def test_a_part_of_the_victims_is_compared_with_a_total_only_by_size() -> None:
    from dataclasses import replace

    everyone = facts("a", "c1", 250, math.inf, "entity:1", "2024-11-30")  # "more than 250"
    soldiers = replace(facts("b", "c1", 30, 42, "entity:2", "2024-11-30"), subject="military")
    civilians = replace(facts("c", "c1", 20, 20, "entity:3", "2024-11-30"), subject="civilian")
    judged = verdicts([everyone, soldiers, civilians])
    # soldiers and civilians among "more than 250 people": parts of it, nothing contested
    assert judged == {everyone.key: "related", soldiers.key: "part of", civilians.key: "part of"}
    # 300 civilians cannot be among at most 120 people
    total = facts("a", "c1", 100, 120, "entity:1", "2024-11-30")
    many = replace(facts("c", "c1", 300, 300, "entity:3", "2024-11-30"), subject="civilian")
    assert verdicts([total, many]) == {total.key: "contradict", many.key: "contradict"}
    # two figures of civilians are still compared with each other, the total beside them
    other = replace(facts("d", "c1", 12, 12, "entity:4", "2024-11-30"), subject="civilian")
    judged = verdicts([everyone, civilians, other])
    assert judged[civilians.key] == judged[other.key] == "contradict"
    assert judged[everyone.key] == "related"


@pytest.fixture
def kursk_store(db_url: str, pipeline):
    """The three Kursk example articles from three outlets, ingested in publication order
    (grouping is incremental: a later report joins the groups earlier ones made, which is
    also the order ``relink`` rebuilds them in)."""
    wanted = ("kursk_incursion", "kursk_moscow_view", "kursk_followup")
    documents = [d for d in example_documents() if any(w in d.source for w in wanted)]
    documents.sort(key=lambda d: (d.published or "", d.id))
    store = open_store(db_url)
    ingest_into(store, documents, pipeline=pipeline)
    yield store
    store.close()


def test_relink_rebuilds_the_same_groups(kursk_store) -> None:
    def state() -> list:
        return sorted(
            (g.measure, g.place, g.contested, tuple((m.text, m.verdict) for m in g.members))
            for g in kursk_store.claim_groups(limit=100)
        )

    ingested = state()
    assert any(contested for _, _, contested, _ in ingested)
    assert kursk_store.relink() == 3
    assert state() == ingested


def test_groups_across_outlets(kursk_store) -> None:
    contested = kursk_store.claim_groups(contested=True)
    by_measure = {g.measure: g for g in contested}
    assert set(by_measure) == {"territory", "killed", "injured"}

    territory = by_measure["territory"]
    assert territory.place == "kursk oblast"
    rows = [(m.text, m.claimant, m.outlet, m.verdict) for m in territory.members]
    assert rows == [
        ("about 1,000 square kilometres", "Oleksandr Syrskyi", "Invented Wire", "agree"),
        ("28 communities", "Alexei Smirnov", "Invented Wire", "contradict"),
        ("1,150 square kilometres", "Oleksandr Syrskyi", "Harbor Ledger", "update"),
        ("82 settlements", "Oleksandr Syrskyi", "Harbor Ledger", "contradict"),
    ]

    # "killed since the start of the incursion" is a running total: reports up to 3 days apart
    # are one quantity; the health ministry's 31 contradicts the governor's 12, and both
    # "at least 12" hold it
    killed = by_measure["killed"]
    assert sorted((m.outlet, m.text, m.verdict) for m in killed.members) == [
        ("Harbor Ledger", "12 civilians", "contradict"),
        ("Harbor Ledger", "31 civilians", "contradict"),
        ("Invented Wire", "At least 12 civilians", "agree"),
        ("Northern Courier", "at least 12", "agree"),
    ]
    # an organisation keeps its country
    ministry = next(m for m in killed.members if m.claimant == "Russia's Health Ministry")
    assert ministry.sentence.startswith("Russia's Health Ministry said separately")

    # two outlets quote the governor with different injury figures on the same day; his later
    # "121 injured" agrees with one of them
    injured = by_measure["injured"]
    assert sorted((m.outlet, m.text, m.verdict) for m in injured.members) == [
        ("Harbor Ledger", "121", "agree"),
        ("Invented Wire", "121", "contradict"),
        ("Northern Courier", "115 civilians", "contradict"),
    ]
    # the governor's unplaced figures are placed in the region he governs
    assert {m.claimant for m in injured.members} == {"Alexei Smirnov"}

    displaced = kursk_store.claim_groups(measure="displaced")
    assert [(m.text, m.verdict) for m in displaced[0].members] == [
        ("about 121,000 people", "agree"),
        ("about 180,000 people", "update"),
    ]
    assert displaced[0].contested is False


def test_claims_listing_marks_contested_figures(kursk_store) -> None:
    contested = kursk_store.claims(measure="killed", contested=True)
    assert {c.claimant for c in contested} == {"Alexei Smirnov", "Russia's Health Ministry"}


def _report(outlet: str, text: str, figure: str, place: Place) -> Extraction:
    """A one-claim extraction, as the pipeline would give it, for a store-level test."""
    return _placed(outlet, text, figure, "2024-03-02", place)


def test_regions_of_one_name_in_two_countries_are_not_one_group(db_url: str) -> None:
    """Groups are keyed by region name, and several countries have an "Eastern Province"."""
    text = "A bus crash killed {} people in the Eastern Province on Saturday, police said."
    saudi = Place("p1", "Eastern Province", (0, 0), feature="admin1", country_code="SA")
    lanka = Place("p1", "Eastern Province", (0, 0), feature="admin1", country_code="LK")
    reports = [  # the same toll in both countries: still two tolls
        _report("Gulf Wire", text.format("7"), "7 people", saudi),
        _report("Island Daily", text.format("7") + " The bus was full.", "7 people", lanka),
        _report("Coast Herald", text.format("7") + " Officials gave no names.", "7 people", lanka),
    ]
    with open_store(db_url) as store:
        store.ingest(reports)
        groups = store.claim_groups(measure="killed")  # those of two or more documents
    assert [sorted(m.outlet for m in g.members) for g in groups] == [
        ["Coast Herald", "Island Daily"]
    ]


def test_claims_filtered_by_place_include_figures_grouped_under_that_region(
    db_url: str, pipeline
) -> None:
    """A toll whose sentence names no place is grouped under the region the article is about;
    `sitroom claims --place` must find it there, as `sitroom groups` shows it."""
    belgorod = Document(
        text="Ukrainian drones struck an oil depot in Russia's Belgorod region overnight, the "
        "regional governor, Vyacheslav Gladkov, said on Tuesday. He said three civilians had "
        "been killed and eight injured when debris fell on a residential street.",
        outlet="Steppe Courier",
        published="2024-03-12",
    )
    officials = Document(
        text="Russia's Defence Ministry said on Tuesday that air defences had destroyed 25 drones "
        "over the Belgorod region. Local officials said five civilians had been killed in the "
        "attacks.",
        outlet="Volga Wire",
        published="2024-03-12",
    )
    kherson = Document(
        text="Russian shelling killed two people in the centre of Kherson on Tuesday, the city "
        "military administration said.",
        outlet="Volga Wire",
        published="2024-03-12",
    )
    with open_store(db_url) as store:
        ingest_into(store, [belgorod, officials, kherson], pipeline=pipeline)
        found = store.claims(measure="killed", place="Belgorod")
        contested = store.claims(measure="killed", place="belgorod", contested=True)
        elsewhere = store.claims(measure="killed", place="Kherson")
    assert sorted((c.outlet, c.value, c.place) for c in found) == [
        ("Steppe Courier", 3.0, None),
        ("Volga Wire", 5.0, None),
    ]
    assert {c.value for c in contested} == {3.0, 5.0}
    assert [(c.value, c.place) for c in elsewhere] == [(2.0, "Kherson")]


def test_a_claim_placed_in_a_town_is_found_by_its_region(db_url: str) -> None:
    """`claims(place="Kursk Oblast")` finds a figure placed in Sudzha, a town of that region."""
    text = "Shelling killed 4 people in Sudzha on Friday, officials said."
    sudzha = Place(
        "p1", "Sudzha", (text.index("Sudzha"), text.index("Sudzha") + 6),
        feature="city", country_code="RU", admin1="Kursk Oblast",
    )  # fmt: skip
    with open_store(db_url) as store:
        store.ingest([_report("Steppe Courier", text, "4 people", sudzha)])
        found = store.claims(place="Kursk Oblast")
    assert [(c.value, c.place) for c in found] == [(4.0, "Sudzha")]


def test_every_claim_carries_its_group_and_its_verdict_with_each_other_claim(
    db_url: str,
) -> None:
    text = "A missile strike killed {} people in Marivka on Saturday, officials said."
    marivka = Place("p1", "Marivka", (0, 0), feature="city", country_code="UA", admin1="Oblast A")
    reports = [
        _report("Gulf Wire", text.format("9"), "9 people", marivka),
        _report("Island Daily", text.format("9") + " The market was hit.", "9 people", marivka),
        _report(
            "Coast Herald", text.format("14") + " Rescuers are searching.", "14 people", marivka
        ),
    ]
    with open_store(db_url) as store:
        store.ingest(reports)
        claims = {c.outlet: c for c in store.claims(measure="killed")}
        [group] = store.claim_groups(measure="killed")
    assert len({c.group_id for c in claims.values()}) == 1
    assert claims["Gulf Wire"].group_id == group.id
    ref = {outlet: f"{c.doc_id}#{c.id}" for outlet, c in claims.items()}
    verdicts = {v.ref: v.verdict for v in claims["Gulf Wire"].verdicts}
    assert verdicts == {ref["Island Daily"]: "agree", ref["Coast Herald"]: "contradict"}
    assert claims["Gulf Wire"].to_dict()["verdicts"][0].keys() == {"with", "verdict"}
    member = next(m for m in group.members if m.outlet == "Coast Herald")
    assert {v.verdict for v in member.verdicts} == {"contradict"}


@pytest.mark.parametrize(
    ("sentence", "figure", "basis"),
    [
        ("Shelling killed 7 people in Dravnik on Monday, officials said.", "7 people", "event"),
        (
            "More than 2 million people have fled the region since the war began.",
            "2 million",
            "as_of",
        ),
        ("So far 340 civilians have been killed in the city, the mayor said.", "340", "as_of"),
        ("In the past 24 hours, 12 soldiers were killed along the front.", "12", "period"),
        ("The army is losing about 300 men a day, the ministry said.", "300", "period"),
        # a date dates an event; a "since" in another clause does not make a running total
        ("A strike killed 22 people this week - six months since the war began.", "22", "event"),
    ],
)
def test_the_kind_of_figure_is_read_near_it(sentence: str, figure: str, basis: str) -> None:
    from sitroom.link.claims import basis_of

    start = sentence.index(figure)
    assert basis_of(sentence, (start, start + len(figure)), (0, len(sentence))) == basis


def test_refugees_and_people_displaced_at_home_are_two_subjects() -> None:
    from sitroom.link.claims import subject_of

    text = (
        "The agency says 6 million people are displaced within Norland, along with the "
        "3.2 million who have left as refugees."
    )

    def subject(figure: str) -> str | None:
        start = text.index(figure)
        return subject_of("displaced", None, text, (start, start + len(figure)), (0, len(text)))

    assert subject("6 million") == "displaced:internal"
    assert subject("3.2 million") == "displaced:abroad"


def test_the_target_nearest_the_figure_anchors_an_event() -> None:
    from sitroom.link.claims import anchor_of

    text = "After the bridge was closed, a missile hit the railway station, killing 14 people."
    start = text.index("14")
    assert anchor_of(text, (start, start + 2), (0, len(text))) == "station"


def _placed(
    outlet: str,
    text: str,
    figure: str,
    day: str,
    place: Place,
    high: float | None = 0,
    value: float | None = None,
) -> Extraction:
    """A one-claim killed report of ``day``; ``high`` None: "at least" the figure's number."""
    if value is None:
        value = float(next(w for w in figure.split() if w[0].isdigit()))
    start = text.index(figure)
    document = Document(text=text, outlet=outlet, published=day, source=outlet)
    claim = Claim(
        "c1",
        "killed",
        figure,
        (start, start + len(figure)),
        (0, len(text)),
        value=value,
        low=value,
        high=value if high == 0 else high,
        hedge="exactly" if high == 0 else "at_least",
        measured="people",
        place=place.name,
        as_of=day,
    )
    return Extraction(document=document, places=[place], claims=[claim])


TOWN = Place("p1", "Dravnik", (0, 0), feature="city", country_code="UA", admin1="Oblast A")
OTHER_TOWN = Place("p1", "Marivka", (0, 0), feature="city", country_code="UA", admin1="Oblast A")
REGION = Place("p1", "Oblast A", (0, 0), feature="admin1", country_code="UA", admin1="Oblast A")


def test_two_towns_stay_apart_and_their_region_joins_the_one_it_agrees_with(db_url: str) -> None:
    text = "Shelling killed {} people in {} on Friday, officials said."
    reports = [
        _placed("Gulf Wire", text.format(9, "Dravnik"), "9 people", "2024-03-01", TOWN),
        _placed("Island Daily", text.format(3, "Marivka"), "3 people", "2024-03-01", OTHER_TOWN),
        # placed only in the region: it agrees with Dravnik's 9, not with Marivka's 3
        _placed("Coast Herald", text.format(9, "Oblast A"), "9 people", "2024-03-01", REGION),
    ]
    with open_store(db_url) as store:
        store.ingest(reports)
        groups = store.claim_groups(measure="killed")
    assert [sorted(m.outlet for m in g.members) for g in groups] == [["Coast Herald", "Gulf Wire"]]
    assert groups[0].contested is False


def test_reports_of_one_attack_on_a_station_group_across_days_when_they_agree(
    db_url: str,
) -> None:
    first = "A missile strike on the railway station in Dravnik killed 22 people, officials said."
    later = (
        "The strike on the train station in Dravnik that killed at least 22 people was condemned."
    )
    other = "A strike on the market in Dravnik killed 22 people, officials said on Sunday."
    reports = [
        _placed("Gulf Wire", first, "22 people", "2024-03-01", TOWN),
        _placed("Island Daily", later, "at least 22", "2024-03-20", TOWN, high=None),
        _placed("Coast Herald", other, "22 people", "2024-03-24", TOWN),
    ]
    with open_store(db_url) as store:
        store.ingest(reports)
        groups = store.claim_groups(measure="killed")
    assert [sorted(m.outlet for m in g.members) for g in groups] == [["Gulf Wire", "Island Daily"]]


def test_an_outlets_list_of_two_tolls_is_two_groups_and_a_repeat_is_one(db_url: str) -> None:
    text = (
        "Shelling killed 5 people in Dravnik on Friday. In another attack, 11 people were "
        "killed in Dravnik. The 5 people killed were buried on Saturday."
    )
    spans = [text.index("5 people"), text.index("11 people"), text.rindex("5 people")]
    figures = ["5 people", "11 people", "5 people"]
    claims = [
        Claim(
            f"c{i + 1}",
            "killed",
            figure,
            (start, start + len(figure)),
            (0, len(text)),
            value=float(figure.split()[0]),
            low=float(figure.split()[0]),
            high=float(figure.split()[0]),
            measured="people",
            place="Dravnik",
            repeat_of="c1" if i == 2 else None,
        )
        for i, (figure, start) in enumerate(zip(figures, spans, strict=True))
    ]
    document = Document(text=text, outlet="Gulf Wire", published="2024-03-02", source="x")
    extraction = Extraction(document=document, places=[TOWN], claims=claims)
    with open_store(db_url) as store:
        store.ingest([extraction])
        links = store.document_links(document.id).claims
    assert links["c1"].group_id == links["c3"].group_id != links["c2"].group_id


def _money(outlet: str, text: str, figure: str, amount: float, day: str) -> Extraction:
    norland = Place("p1", "Norland", (0, 0), feature="country", country_code="NL")
    extraction = _placed(outlet, text, figure, day, norland, value=amount)
    claim = replace(
        extraction.claims[0], measure="aid_amount", value=amount, low=amount, high=amount,
        unit="USD", measured=None,
    )  # fmt: skip
    return replace(extraction, claims=[claim])


def test_another_aid_package_or_a_rough_size_is_no_rival_figure(db_url: str) -> None:
    """Two different aid amounts are two packages, and "billions of dollars" is a size: only
    agreeing figures share a group, and nothing here is contested."""
    reports = [
        _money("Gulf Wire", "Norland will get a $3 billion arms package.", "$3 billion", 3e9,
               "2024-03-01"),
        _money("Island Daily", "It has sent $10.6 billion in aid to Norland so far.",
               "$10.6 billion", 10.6e9, "2024-03-01"),
        _money("Coast Herald", "Allies sent billions of dollars of weapons to Norland.",
               "billions of dollars", 2e9, "2024-03-01"),
        _money("Bay Post", "The new $2.98 billion package for Norland was signed.",
               "$2.98 billion", 2.98e9, "2024-03-01"),
    ]  # fmt: skip
    with open_store(db_url) as store:
        store.ingest(reports)
        groups = store.claim_groups(measure="aid_amount")
    assert [sorted(m.outlet for m in g.members) for g in groups] == [["Bay Post", "Gulf Wire"]]
    assert not any(g.contested for g in groups)


def test_a_regions_tolls_are_one_toll_only_when_they_agree_and_the_day_fits(
    db_url: str,
) -> None:
    """Placed no finer than the region, an event's toll is another attack's unless the figures
    agree (4 and 6 a day apart are two tolls, not a contradiction); agreeing, a report the next
    day is the same toll, but not a toll the text dates to another day."""
    text = "Shelling killed {} people in Oblast A, officials said."
    dated = "Six people were killed in Oblast A on Wednesday, the governor said."
    reports = [
        _placed("Gulf Wire", text.format(6), "6 people", "2024-03-05", REGION),
        _placed(
            "Island Daily", text.format(6) + " A school was hit.", "6 people", "2024-03-06", REGION
        ),
        _placed("Coast Herald", text.format(4), "4 people", "2024-03-06", REGION),
        _placed("Bay Post", dated, "Six people", "2024-03-06", REGION, value=6),
    ]
    wednesday = replace(reports[3].document, published="2024-03-07")  # reported on Thursday
    reports[3] = replace(reports[3], document=wednesday)
    with open_store(db_url) as store:
        store.ingest(reports)
        groups = store.claim_groups(measure="killed")
    assert [sorted(m.outlet for m in g.members) for g in groups] == [["Gulf Wire", "Island Daily"]]
    assert not groups[0].contested


def test_two_troop_figures_are_two_deployments_unless_they_agree(db_url: str) -> None:
    sent = "Norland will send 3,000 troops to Oblast A, officials said."
    standby = "Some 8,500 troops were put on standby for Oblast A, officials said."
    again = "The 3,000 troops Norland is sending to Oblast A will arrive soon."
    reports = [
        _placed("Gulf Wire", sent, "3,000 troops", "2024-03-01", REGION, value=3000),
        _placed("Island Daily", standby, "8,500 troops", "2024-03-01", REGION, value=8500),
        _placed("Coast Herald", again, "3,000 troops", "2024-03-02", REGION, value=3000),
    ]
    reports = [replace(r, claims=[replace(r.claims[0], measure="troops")]) for r in reports]
    with open_store(db_url) as store:
        store.ingest(reports)
        groups = store.claim_groups(measure="troops")
    assert [sorted(m.outlet for m in g.members) for g in groups] == [["Coast Herald", "Gulf Wire"]]
