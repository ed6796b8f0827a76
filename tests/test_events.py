"""Events: types, triggers, actors, places, dates, figures linked to claims, merging."""

import pytest

from sitroom.model import Document, Event, Extraction
from sitroom.nlp.events import acled_types, trigger_lexicon
from sitroom.nlp.pipeline import Pipeline

KHARKIV = (
    "Russian missiles struck the city of Kharkiv on Tuesday, killing at least 12 civilians and "
    "wounding 40, regional governor Oleh Syniehubov said. Ukrainian forces captured the village "
    "of Robotyne. Police arrested 30 protesters in Tbilisi on Sunday."
)
RAFAH = (
    "Israeli airstrikes hit Rafah on Saturday, the Gaza health ministry said. The strikes on "
    "Rafah killed 35 people, according to the ministry."
)
GOMA = (
    "Clashes between the army and rebels erupted near Goma on Monday, killing 14 soldiers. "
    "Thousands of people protested in Kinshasa."
)
TEHRAN = (
    "Iran's supreme leader Ali Khamenei threatened Israel with a harsh response on Wednesday. "
    "The two sides resumed negotiations in Doha."
)
FASHER = (
    "A drone attack on a market in El Fasher killed nine civilians on Friday, local activists "
    "said. Unidentified gunmen kidnapped a journalist in Mogadishu."
)


def extract(pipeline: Pipeline, text: str) -> Extraction:
    return pipeline.extract(Document(text=text, published="2024-05-14", outlet="Some Wire"))


def event(extraction: Extraction, trigger: str) -> Event:
    [found] = [e for e in extraction.events if e.trigger_text == trigger]
    return found


@pytest.fixture(scope="module")
def kharkiv(pipeline: Pipeline) -> Extraction:
    return extract(pipeline, KHARKIV)


def test_missile_strike_with_figures_linked_to_claims(kharkiv: Extraction) -> None:
    strike = event(kharkiv, "struck")
    assert strike.id == "v1"
    assert (strike.type, strike.sub_type) == ("strike", "missile")
    assert strike.trigger == (17, 23)
    assert (strike.acled_event_type, strike.acled_sub_event_type) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert (strike.place_name, strike.place_precision) == ("Kharkiv", "1")
    assert (strike.date, strike.date_precision, strike.time) == ("2024-05-14", "day", "t1")
    assert strike.fatalities is not None and strike.injured is not None
    assert (strike.fatalities.value, strike.fatalities.hedge) == (12.0, "at_least")
    killed = next(c for c in kharkiv.claims if c.id == strike.fatalities.claims[0])
    assert (killed.measure, killed.text) == ("killed", "at least 12 civilians")
    assert strike.fatalities.claimants == ["Oleh Syniehubov"]
    assert strike.injured.value == 40.0


def test_statement_linked_to_its_quote(kharkiv: Extraction) -> None:
    said = event(kharkiv, "said")
    speaker = kharkiv.entity(said.actors[0])
    assert said.type == "statement"
    assert speaker.name == "Oleh Syniehubov"
    assert said.quote == kharkiv.quotes[0].id


def test_capture_and_arrest(kharkiv: Extraction) -> None:
    captured = event(kharkiv, "captured")
    assert (captured.type, captured.sub_type) == ("territorial_change", "captured")
    assert [kharkiv.entity(a).name for a in captured.actors] == ["Ukrainian forces"]
    assert captured.date_precision == "publication"
    arrest = event(kharkiv, "arrested")
    assert arrest.type == "arrest_detention"
    assert (arrest.place_name, arrest.date) == ("Tbilisi", "2024-05-12")
    assert arrest.acled_sub_event_type == "Arrests"


def test_mentions_in_two_sentences_merge(pipeline: Pipeline) -> None:
    ex = extract(pipeline, RAFAH)
    strikes = [e for e in ex.events if e.type == "strike"]
    assert len(strikes) == 1
    [strike] = strikes
    assert (strike.sub_type, strike.trigger_text, strike.date) == (
        "air",
        "airstrikes",
        "2024-05-11",
    )
    assert [m.text for m in strike.mentions] == ["airstrikes", "strikes"]
    assert strike.fatalities is not None and strike.fatalities.value == 35.0


def test_battle_and_protest(pipeline: Pipeline) -> None:
    ex = extract(pipeline, GOMA)
    battle = event(ex, "Clashes")
    assert (battle.type, battle.place_name, battle.date) == ("battle", "Goma", "2024-05-13")
    assert battle.fatalities is not None and battle.fatalities.value == 14.0
    protest = event(ex, "protested")
    assert (protest.type, protest.place_name) == ("protest", "Kinshasa")
    assert protest.acled_event_type == "Protests"


def test_threat_by_a_leader_and_negotiation(pipeline: Pipeline) -> None:
    ex = extract(pipeline, TEHRAN)
    threat = event(ex, "threatened")
    assert threat.type == "threat"
    assert [ex.entity(a).name for a in threat.actors] == ["Ali Khamenei"]
    assert threat.date == "2024-05-08"
    talks = event(ex, "negotiations")
    assert (talks.type, talks.place_name) == ("negotiation", "Doha")


def test_drone_strike_and_abduction(pipeline: Pipeline) -> None:
    ex = extract(pipeline, FASHER)
    drone = event(ex, "attack")
    assert (drone.type, drone.sub_type, drone.place_name) == ("strike", "drone", "El Fasher")
    assert drone.fatalities is not None and drone.fatalities.claimants == ["local activists"]
    kidnap = event(ex, "kidnapped")
    assert (kidnap.type, kidnap.sub_type) == ("arrest_detention", "abduction")
    assert kidnap.acled_event_type == "Violence against civilians"


def test_promise_of_a_response_is_a_threat(pipeline: Pipeline) -> None:
    ex = extract(pipeline, "Iran's supreme leader Ali Khamenei promised a worthy response.")
    [threat] = ex.events
    assert (threat.type, threat.trigger_text) == ("threat", "promised")
    assert ex.entity(threat.actors[0]).name == "Ali Khamenei"


def test_events_survive_json(kharkiv: Extraction) -> None:
    again = Extraction.from_json(kharkiv.to_json())
    assert again.events == kharkiv.events


def test_lexicon_and_acled_table() -> None:
    assert trigger_lexicon()[("airstrike", "N")].sub_type == "air"
    assert acled_types("strike", "drone") == ("Explosions/Remote violence", "Air/drone strike")
    assert acled_types("statement", None) == (None, None)


def test_nationality_words_are_not_the_event_place(pipeline: Pipeline) -> None:
    adviser = extract(pipeline, "A sniper killed an Iran adviser in Aleppo.")
    assert [e.place_name for e in adviser.events] == ["Aleppo"]
    guards = extract(pipeline, "Turkish border guards shot dead a man near Jarabulus.")
    assert [e.place_name for e in guards.events] == ["Jarābulus"]


def test_place_missing_from_the_gazetteer_gives_way_to_a_resolved_one(pipeline: Pipeline) -> None:
    phrase = extract(
        pipeline, "Heavy fighting raged in Kafr Zandouna camp and the Aleppo northern countryside."
    )
    assert [(e.place_name, e.place_precision) for e in phrase.events] == [("Aleppo", "2")]
    attached = extract(
        pipeline,
        "Eleven civilians were killed in a massacre carried out by warplanes in Kafr Zandouna "
        "town at the countryside of Idlib.",
    )
    assert [(e.place_name, e.place_precision) for e in attached.events] == [("Idlib", "2")]
    alone = extract(pipeline, "Government warplanes bombed Kafr Zandouna.")
    assert [(e.place_name, e.place_precision) for e in alone.events] == [("Kafr Zandouna", None)]


def test_title_case_plural_is_a_trigger(pipeline: Pipeline) -> None:
    headline = extract(pipeline, "Rebels Repel Attacks Near Idlib")
    assert [(e.trigger_text, e.place_name) for e in headline.events] == [("Attacks", "Idlib")]


def test_conflict_region_from_the_hand_kept_list(pipeline: Pipeline) -> None:
    shelled = extract(pipeline, "Government helicopters shelled the Eastern Ghouta on Friday.")
    [strike] = shelled.events
    place = next(p for p in shelled.places if p.id == strike.place)
    assert (strike.type, place.name, place.feature) == ("strike", "Eastern Ghouta", "region")
    assert (place.lat, place.lon) == pytest.approx((33.55, 36.4), abs=0.2)


def _types(pipeline: Pipeline, text: str) -> list[tuple[str, str | None, str]]:
    return [(e.type, e.sub_type, e.trigger_text) for e in extract(pipeline, text).events]


def test_conflict_phrasing_of_war_reports(pipeline: Pipeline) -> None:
    assert _types(pipeline, "Helicopters drop barrel bombs on Saraqeb") == [
        ("strike", "air", "drop")
    ]
    assert _types(pipeline, "Militants blew up a bridge near Mosul.") == [
        ("strike", "explosive", "blew")
    ]
    assert _types(pipeline, "Gunmen slaughtered a shepherd near Raqqa.") == [
        ("attack_on_civilians", None, "slaughtered")
    ]
    assert _types(pipeline, "Rockets fell on Sderot on Monday.") == [("strike", "missile", "fell")]


def test_headline_verbs_the_tagger_reads_as_nouns(pipeline: Pipeline) -> None:
    assert _types(pipeline, "Missiles target Palmyra") == [("strike", "missile", "target")]
    assert _types(pipeline, "Clashes in Hama and warplanes bomb Idlib") == [
        ("battle", None, "Clashes"),
        ("strike", None, "bomb"),
    ]


def test_martyrs_and_human_losses_are_victims_but_losses_alone_are_not(
    pipeline: Pipeline,
) -> None:
    martyrs = extract(pipeline, "Five martyrs in Daraa")
    [victims] = martyrs.events
    assert (victims.type, victims.place_name) == ("other", "Dar‘ā")
    assert victims.fatalities is not None and victims.fatalities.value == 5.0
    assert _types(pipeline, "Human losses in Homs") == [("other", None, "losses")]
    assert extract(pipeline, "The bank reported heavy losses in Frankfurt.").events == []


def test_a_toll_next_to_a_truce_is_an_incident_of_its_own(pipeline: Pipeline) -> None:
    ex = extract(pipeline, "Despite the truce, 40 people were killed in the province last week.")
    killed = event(ex, "killed")
    assert killed.fatalities is not None and killed.fatalities.value == 40.0
    assert event(ex, "truce").fatalities is None


def test_victims_reported_in_the_next_sentence_belong_to_the_event(pipeline: Pipeline) -> None:
    ex = extract(pipeline, "Airstrikes hit the town of Saraqeb on Monday. At least 17 people died.")
    [strike] = ex.events
    assert (strike.type, strike.place_name) == ("strike", "Saraqib")
    assert strike.fatalities is not None and strike.fatalities.value == 17.0
    assert [m.text for m in strike.mentions] == ["Airstrikes", "died"]
    apart = extract(pipeline, "Fighting raged in Daraa.\nSeven civilians died.")
    assert [e.type for e in apart.events] == ["battle", "attack_on_civilians"]
    assert event(apart, "Fighting").fatalities is None


def test_business_and_farm_news_with_war_words_make_no_event(pipeline: Pipeline) -> None:
    """A capture or fall needs ground, an execution or slaughter people (or nothing named)."""
    for text in (
        "Shares fell sharply after the company lost a key contract.",
        "The startup captured 40 percent of the market last year.",
        "The company executed its strategy flawlessly, analysts said.",
        "Farmers slaughter thousands of chickens to contain bird flu.",
        "The board took control of the company in March.",
    ):
        assert extract(pipeline, text).events == [], text
    for text, kind in (
        ("Rebels took control of the airport on Monday.", "territorial_change"),
        ("Kidal fell to the rebels on Tuesday.", "territorial_change"),  # a name NER misses
        ("The village was retaken by Ukrainian forces.", "territorial_change"),
        ("Militants executed 12 prisoners in the town square.", "attack_on_civilians"),
        ("Gunmen murdered a family of five in their home.", "attack_on_civilians"),
    ):
        assert [e.type for e in extract(pipeline, text).events] == [kind], text


def test_a_lone_victim_counts_in_the_event_without_a_claim(pipeline: Pipeline) -> None:
    """ "A child was killed" is no claim (no number is written), but the strike killed one."""
    extraction = extract(
        pipeline, "A child was killed when Russian artillery shelled Kupiansk on Sunday."
    )
    assert extraction.claims == []
    [strike] = [e for e in extraction.events if e.fatalities is not None]
    assert (strike.fatalities.value, strike.fatalities.claims) == (1, [])
