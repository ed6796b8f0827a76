"""The places component on news-style sentences: spans, ids, features and coordinates."""

import pytest

from sitroom.nlp.geo import PlaceResolver


def places(pipeline, text):
    return pipeline.extract(text).places


def test_kursk_incursion(pipeline):
    text = (
        "Ukrainian forces pushed deeper into the Kursk region on Tuesday. Fighting was reported "
        "near Sudzha, and drones hit Kursk overnight."
    )
    found = places(pipeline, text)
    assert [(p.id, p.name, p.feature, p.country_code, p.precision) for p in found] == [
        ("p1", "Kursk Oblast", "admin1", "RU", "3"),
        ("p2", "Sudzha", "city", "RU", "2"),
        ("p3", "Kursk", "city", "RU", "1"),
    ]
    assert found[0].span == (text.index("Kursk region"), text.index("Kursk region") + 12)
    assert found[2].lat == pytest.approx(51.7269, abs=0.01)
    assert found[2].lon == pytest.approx(36.1846, abs=0.01)
    assert found[1].admin1 == "Kursk Oblast"


def test_aliases_join_one_place(pipeline):
    text = "Russian missiles struck Kyiv and Kharkov. Kiev said the attack killed two people."
    found = places(pipeline, text)
    kyiv = found[0]
    assert (kyiv.id, kyiv.name, kyiv.gazetteer_id) == ("p1", "Kyiv", "gn:703448")
    assert [m.span for m in kyiv.mentions] == [(24, 28), (42, 46)]
    assert found[1].name == "Kharkiv"
    assert found[1].country_code == "UA"


def test_regions_by_suffix(pipeline):
    text = "Officials in Donetsk province and Kursk Oblast reported attacks."
    found = places(pipeline, text)
    assert [(p.name, p.feature, p.span) for p in found] == [
        ("Donetsk", "admin1", (13, 29)),
        ("Kursk Oblast", "admin1", (34, 46)),
    ]


def test_gaza_and_demonym_territory(pipeline):
    text = (
        "An Israeli strike in Gaza killed 12 people, officials in the Gaza Strip said. "
        "Moscow said drones had entered Russian territory."
    )
    found = places(pipeline, text)
    gaza = next(p for p in found if p.name == "Gaza Strip")
    assert [m.text for m in gaza.mentions] == ["Gaza", "Gaza Strip"]
    assert gaza.precision == "3"
    russia = next(p for p in found if p.name == "Russia")
    assert (russia.feature, russia.precision) == ("country", "country")
    assert [m.text for m in russia.mentions] == ["Russian"]
    # "An Israeli strike" is not a place reference
    assert "Israel" not in {p.name for p in found}


def test_resolve_gold_spans(pipeline):
    nlp = pipeline.nlp
    text = "Shelling hit Zaporozhye and the Turkish border town of Kilis."
    doc = nlp(text)
    resolver: PlaceResolver = nlp.get_pipe("sitroom_places")
    spans = [(13, 23), (32, 39), (55, 60)]
    entries = resolver.resolve_spans(doc, spans)
    assert [(e.name, e.country_code) for e in entries] == [
        ("Zaporizhzhya", "UA"),
        ("Turkey", "TR"),
        ("Kilis", "TR"),
    ]


def test_deterministic(pipeline):
    text = "Fighting continued around Pokrovsk and Toretsk in the Donetsk region."
    first = [p.__dict__ for p in places(pipeline, text)]
    assert first == [p.__dict__ for p in places(pipeline, text)]
    assert first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # several places around Cairns outweigh the population of Edmonton, Alberta
        (
            "Floods cut roads between Cairns, Mareeba and Edmonton, and Townsville was put on "
            "alert.",
            ("AU", "Queensland"),
        ),
        # a single Albertan place agrees with the big city anyway
        ("Oil sands workers left Fort McMurray for Edmonton.", ("CA", "Alberta")),
    ],
)
def test_homonym_by_document_context(pipeline, text, expected):
    edmonton = next(p for p in places(pipeline, text) if p.name == "Edmonton")
    assert (edmonton.country_code, edmonton.admin1) == expected


def test_city_tagged_as_nationality(pipeline):
    # the NER tags "Aleppo" as NORP here; a gazetteer name that is no demonym is a place
    found = places(pipeline, "Five civilians were killed by bombardment on Aleppo")
    assert [(p.name, p.country_code) for p in found] == [("Aleppo", "SY")]


def test_arabic_article_variants(pipeline):
    text = "Fighting went on in al-Dumayr and Qamishli; three people were killed in al-Raqqah."
    found = places(pipeline, text)
    assert [(p.name, p.country_code) for p in found] == [
        ("Aḑ Ḑumayr", "SY"),
        ("Al Qāmishlī", "SY"),
        ("Ar Raqqah", "SY"),
    ]


def test_compass_word_before_unknown_name(pipeline):
    found = places(pipeline, "Shelling hit towns in the Eastern Zorvala and in Damascus.")
    # an unknown name stays unresolved rather than becoming Ghana's Eastern Region
    assert all(p.country_code in (None, "SY") for p in found)
    assert found[-1].name == "Damascus"


def test_language_is_not_a_town(pipeline):
    found = places(pipeline, "The statement in English was read in Moscow.")
    assert [p.name for p in found] == ["Moscow"]


def test_county_gives_state_context(pipeline):
    text = (
        "Deputies in Metcalfe County and Barren County searched for the driver, who was "
        "later found in Glasgow."
    )
    found = places(pipeline, text)
    glasgow = next(p for p in found if p.name == "Glasgow")
    assert (glasgow.country_code, glasgow.admin1) == ("US", "Kentucky")


def test_transliteration_variants(pipeline):
    text = "Warplanes struck Deir Ezzor on Sunday, and clashes went on in Tal Abyad."
    found = places(pipeline, text)
    assert [(p.name, p.country_code) for p in found] == [
        ("Deir ez-Zor", "SY"),
        ("Tall Abyaḑ", "SY"),
    ]


def test_transliteration_variant_needs_a_fitting_country(pipeline):
    # the story names only German places: a Syrian look-alike of an unknown name is no answer
    text = "Tourists on the island of Rugeen left Berlin and Hamburg for the coast."
    found = places(pipeline, text)
    assert all(p.country_code in (None, "DE") for p in found)


def test_place_compounds(pipeline):
    text = (
        "Regime forces shelled the Latakia Mountains, clashes went on in Eastern Daraa "
        "and jets struck Reef Hama."
    )
    found = places(pipeline, text)
    assert [(p.mentions[0].text, p.country_code) for p in found] == [
        ("Latakia Mountains", "SY"),
        ("Eastern Daraa", "SY"),
        ("Reef Hama", "SY"),
    ]


def test_compass_compound_needs_a_big_place(pipeline):
    found = places(pipeline, "Aides in the West Wing met reporters in Washington.")
    assert [p.country_code for p in found if p.name != "West Wing"] == ["US"]


def test_ocean_is_not_a_town(pipeline):
    text = "Storms formed over the tropical Atlantic while the eastern Pacific stayed warm."
    found = places(pipeline, text)
    assert [(p.name, p.feature) for p in found] == [("Atlantic", "sea"), ("Pacific", "sea")]


def test_place_then_its_region(pipeline):
    text = "A wildfire forced evacuations near Tacoma, Washington, and in Paris, Texas."
    found = places(pipeline, text)
    assert [(p.name, p.feature, p.country_code) for p in found] == [
        ("Tacoma", "city", "US"),
        ("Washington", "admin1", "US"),
        ("Paris", "city", "US"),
        ("Texas", "admin1", "US"),
    ]


def test_state_cue_prefers_the_state(pipeline):
    found = places(pipeline, "Farmers in Washington state lost crops to the drought.")
    assert [(p.name, p.feature) for p in found] == [("Washington", "admin1")]


def test_seat_of_unknown_population_with_context(pipeline):
    # Madaya (Syria) has no population in GeoNames; Syrian context beats Madaya, Myanmar
    found = places(pipeline, "Shelling hit Daraa, and a man died from hunger in Madaya.")
    assert [p.country_code for p in found] == ["SY", "SY"]


def test_a_zero_width_space_stuck_to_a_name_does_not_hide_the_place(pipeline):
    text = "Airstrikes hit rebel positions in \u200b\u200bPalmyra on Monday."
    [place] = places(pipeline, text)
    assert (text[place.span[0] : place.span[1]], place.country_code) == ("Palmyra", "SY")


def test_place_named_with_its_state_keeps_that_sense(pipeline):
    text = (
        "PARIS, Ky. (AP) -- A barn fire in Paris was put out on Sunday. The owner, of "
        "Cynthiana, said Paris firefighters arrived within minutes."
    )
    found = places(pipeline, text)
    paris = [p for p in found if p.name == "Paris"]
    assert len(paris) == 1 and (paris[0].country_code, paris[0].admin1) == ("US", "Kentucky")
    assert len(paris[0].mentions) == 3


def test_names_of_the_same_state_support_each_other(pipeline):
    # Adair County lies in several states; Russell Springs only in Kentucky
    text = (
        "Flooding closed schools in Adair County and in Columbia, and a shelter opened in "
        "Russell Springs."
    )
    adair = next(p for p in places(pipeline, text) if p.name == "Adair County")
    assert adair.admin1 == "Kentucky"


def resolve_spans(pipeline, text, names):
    doc = pipeline.nlp(text)
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    return pipeline.nlp.get_pipe("sitroom_places").resolve_spans(doc, spans)


def test_facility_named_after_its_place(pipeline):
    text = (
        "Lawyers rallied outside the Delhi High Court, students at the University of Alberta "
        "walked out, and the Russian Embassy issued a statement."
    )
    names = ["Delhi High Court", "University of Alberta", "Russian Embassy"]
    delhi, alberta, embassy = resolve_spans(pipeline, text, names)
    assert (delhi.name, delhi.country_code) == ("Delhi", "IN")
    assert (alberta.name, alberta.feature) == ("Alberta", "admin1")
    assert embassy is None  # a demonym names no place of the building


def test_valley_and_official_country_names(pipeline):
    text = "Growers in the Salinas Valley sell to Korea, the Republic of Armenia and Mexico."
    names = ["Salinas Valley", "Korea", "Republic of Armenia"]
    salinas, korea, armenia = resolve_spans(pipeline, text, names)
    assert (salinas.name, salinas.admin1) == ("Salinas", "California")
    assert (korea.feature, korea.country_code) == ("country", "KR")
    assert (armenia.feature, armenia.country_code) == ("country", "AM")


def test_small_place_in_a_facility_name_needs_its_region_named(pipeline):
    text = (
        "Councillors met at Nenagh Town Hall, and roads near Roscrea and Thurles were closed. "
        "Fans queued at the Rogers Centre in Toronto."
    )
    names = ["Nenagh Town Hall", "Roscrea", "Thurles", "Rogers Centre", "Toronto"]
    nenagh, _, _, rogers, _ = resolve_spans(pipeline, text, names)
    assert (nenagh.name, nenagh.country_code) == ("Nenagh", "IE")
    assert rogers is None  # named after a person, not Rogers, Arkansas


def test_generic_words_of_an_institution_name_are_no_place(pipeline):
    text = "Staff at City Hall and the European Central Bank were evacuated."
    assert resolve_spans(pipeline, text, ["City Hall", "European Central Bank"]) == [None, None]


def test_towns_near_each_other_support_each_other(pipeline):
    # Surfside Beach lies next to Garden City, South Carolina ("Garden City" alone is also a
    # name of Singapore); Enfield, next to Edmonton, is the north London one
    text = "Lifeguards were posted at Surfside Beach and Garden City after the storm."
    assert [(p.name, p.admin1) for p in places(pipeline, text)] == [
        ("Surfside Beach", "South Carolina"),
        ("Garden City", "South Carolina"),
    ]
    text = "Flooding closed roads in Edmonton and in Enfield on Tuesday."
    enfield = next(p for p in places(pipeline, text) if p.name.startswith("Enfield"))
    assert enfield.country_code == "GB"


def test_region_named_after_its_centre(pipeline):
    # GeoNames has no region called "Kharkiv" or "Odesa": the phrase means the region whose
    # largest town bears the name, not the town
    text = "Drones struck the Kharkiv region overnight and hit a port in the Odesa region."
    found = places(pipeline, text)
    assert [(p.feature, p.country_code) for p in found] == [("admin1", "UA"), ("admin1", "UA")]
    assert found[1].name == "Odessa"
    # "<X> region" where a region is called "<X> Oblast": Moscow Oblast, not the city
    found = places(pipeline, "A drone fell in the Moscow region on Tuesday.")
    assert [(p.name, p.feature) for p in found] == [("Moscow Oblast", "admin1")]
    # a city's metropolitan "region" is not the state it is the largest town of
    found = places(pipeline, "Flooding hit the Houston region on Monday.")
    assert [p.feature for p in found] == ["city"]


def test_transliterations_agree_with_each_other(pipeline):
    # both names are found only as transliteration variants: the one that lies in a single
    # country (Deir ez-Zor) settles the other (Ad Dumayr, Syria, not Dhamar, Yemen)
    text = "Fighting flared near Al-Dameer airbase, and warplanes bombed Deir Ezzor airport."
    found = places(pipeline, text)
    assert [(p.name, p.country_code) for p in found] == [
        ("Aḑ Ḑumayr", "SY"),
        ("Deir ez-Zor", "SY"),
    ]
    # a variant found only abroad (Egypt, Jordan) gives way to the Syrian context
    text = "Airstrikes targeted the Husayniyah area in the western Deir Ezzor countryside."
    found = places(pipeline, text)
    assert [p.country_code for p in found if p.gazetteer_id] == ["SY"]


@pytest.mark.parametrize(
    "text",
    [
        "A man was shot by Turkish border guards, and executions went on in Al-Raqqah city.",
        "Warplanes hit the border with Iraq and the outskirts of Deir Ezzor on Monday.",
    ],
)
def test_named_neighbour_or_demonym_does_not_block_a_variant(pipeline, text):
    found = places(pipeline, text)
    assert "SY" in {p.country_code for p in found}


def test_town_of_unknown_population_under_its_own_name(pipeline):
    # Ariha, Syria (a district seat of unknown population) over Jericho, whose alternate
    # name is Ariha
    found = places(pipeline, "Warplanes carried out raids on Ariha city on Friday.")
    assert [(p.country_code, p.feature) for p in found] == [("SY", "city")]


def test_lone_compass_word_shares_the_next_name(pipeline):
    text = "Clashes went on in the Eastern and Western Ghouta on Sunday."
    found = places(pipeline, text)
    assert [p.name for p in found] == ["Eastern Ghouta", "Western Ghouta"]
    assert all(p.country_code == "SY" for p in found)


def test_small_town_starting_an_organisation_name(pipeline):
    text = "A car bomb exploded at the garage of Police Officers' Club in the capital Damascus."
    assert [p.name for p in places(pipeline, text)] == ["Damascus"]


def test_conflict_region_aliases(pipeline):
    text = (
        "Fighting was reported in Hodeidah, in eastern Hadramawt, in Oromia, in North Kivu, "
        "in the Bekaa Valley, in Anbar and in Kobani."
    )
    found = places(pipeline, text)
    assert [p.country_code for p in found] == ["YE", "YE", "ET", "CD", "LB", "IQ", "SY"]


def test_place_opening_or_closing_an_organisation_name(pipeline):
    text = (
        "The California Department of Public Health confirmed two cases. A spokesman for the "
        "Children's Hospital of Manitoba declined to comment, the Washington Post reported."
    )
    found = places(pipeline, text)
    assert [(p.name, [m.text for m in p.mentions]) for p in found] == [
        ("California", ["California"]),
        ("Manitoba", ["Manitoba"]),
    ]  # a newspaper's name is not a place mention


def test_place_in_an_armed_group_name_is_not_a_location(pipeline):
    text = "The Syria Democratic Forces took two villages near Manbij on Monday."
    assert [p.name for p in places(pipeline, text)] == ["Manbij"]


def test_all_caps_dateline_is_a_place(pipeline):
    found = places(pipeline, "RALEIGH, N.C. (AP) - A new report shows that rents rose again.")
    assert [(p.name, p.country_code) for p in found][:1] == [("Raleigh", "US")]
    found = places(pipeline, "WINNIPEG — The opposition called for an inquiry on Monday.")
    assert [p.name for p in found] == ["Winnipeg"]


def test_month_names_after_in_are_dates_not_towns(pipeline):
    # March, England; May, India; August, Georgia... a DATE entity is never a place
    text = "The offensive began in August near Kupiansk and stalled in March; talks were in May."
    assert [(p.name, p.country_code) for p in places(pipeline, text)] == [("Kupyansk", "UA")]


def test_repeated_name_is_no_context_for_its_own_sense(pipeline):
    # four mentions of "London" used to vote for their own first guess (England) and outweigh
    # St. Thomas and Ontario; each name is context only for the others
    text = (
        "A man was stabbed in London on Sunday. London police said the suspect, from St. "
        "Thomas, was arrested near Highway 401 in Ontario. London officers later searched a "
        "home. Police in London said more charges may follow."
    )
    found = {p.name: p for p in places(pipeline, text)}
    assert (found["London"].country_code, found["London"].admin1) == ("CA", "Ontario")


def test_name_listed_with_states_is_a_state(pipeline):
    found = places(pipeline, "Hiring slowed in Oregon, California and Washington last year.")
    assert [(p.name, p.feature) for p in found][-1] == ("Washington", "admin1")


def test_list_of_states_is_not_place_comma_region(pipeline):
    # "Washington, West Virginia" inside a list is not a Washington in West Virginia
    text = "Cases were confirmed in Virginia, Washington, West Virginia and Wyoming."
    found = places(pipeline, text)
    assert [(p.name, p.feature) for p in found] == [
        ("Virginia", "admin1"),
        ("Washington", "admin1"),
        ("West Virginia", "admin1"),
        ("Wyoming", "admin1"),
    ]


def test_county_in_the_state_the_story_names(pipeline):
    found = places(pipeline, "Deputies in Iowa said the theft happened in Dallas County on Friday.")
    county = next(p for p in found if p.name == "Dallas County")
    assert (county.feature, county.admin1) == ("admin2", "Iowa")


def test_a_country_name_is_the_country_not_a_town_named_after_it(pipeline):
    """New York state has towns called Greece, Rome and Paris: a country's name must not count
    as one of them, or the story's American places drag Rome and Paris there too."""
    text = (
        "NEW YORK (AP) — The top seed from Serbia, who skipped Indian Wells, California, and the "
        "tournaments in Montreal and Cincinnati because he is not vaccinated, cannot enter the "
        "United States for the U.S. Open at Flushing Meadows. Players from Russia and Belarus "
        "may compete in New York, unlike at Wimbledon in London. The draw includes seeds from "
        "Spain, Italy, Greece, Australia and the Netherlands; the Greek player won titles in "
        "Rome and Paris this season."
    )
    found = {p.name: p.country_code for p in places(pipeline, text)}
    assert (found["Greece"], found["Rome"], found["Paris"]) == ("GR", "IT", "FR")


def test_seas_straits_and_the_planet(pipeline):
    text = (
        "Russia moved warships from the Baltic Sea to the North Sea, alarming the Baltics, "
        "while tankers queued at the Strait of Hormuz. Satellites watching Earth saw it all."
    )
    found = {p.name: (p.feature, p.country_code) for p in places(pipeline, text)}
    assert found["North Sea"] == ("sea", None)  # not North Sea, New York
    assert found["Baltic states"] == ("region", None)
    assert found["Strait of Hormuz"][0] == "sea"
    assert "Earth" not in found  # nor Earth, Texas


def test_institutions_named_by_their_seat_are_no_towns(pipeline) -> None:
    """Congress, Arizona and Casablanca ("white house") are not where these happened."""
    text = (
        "Senators in Congress said on Monday the aid would pass, and officials at the White "
        "House said the shelling of Kharkiv had to stop."
    )
    places = pipeline.extract(text, published="2022-05-19").places
    assert [place.name for place in places] == ["Kharkiv"]
