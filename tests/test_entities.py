"""The entity component on news-style passages written for these tests."""

from sitroom.model import Entity, Extraction
from sitroom.nlp.pipeline import Pipeline

INCURSION = (
    "Ukraine's top commander, Oleksandr Syrskyi, said on Tuesday his forces control about "
    "1,000 square kilometres of Russia's Kursk region.\n\n"
    "Russia's acting regional governor of Kursk, Alexei Smirnov, told President Vladimir Putin "
    "that Ukrainian troops had taken 28 communities. Smirnov said 121,000 people had fled.\n\n"
    "Syrkyi did not say how many soldiers took part. Kremlin spokesman Dmitry Peskov said "
    "Kyiv's forces would be driven out."
)


def span_of(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return (start, start + len(needle))


def by_name(extraction: Extraction, name: str) -> Entity:
    matches = [e for e in extraction.entities if e.name == name]
    assert len(matches) == 1, [e.name for e in extraction.entities]
    return matches[0]


def test_people_with_titles_affiliation_and_place(pipeline: Pipeline) -> None:
    ex = pipeline.extract(INCURSION)
    syrskyi = by_name(ex, "Oleksandr Syrskyi")
    assert syrskyi.kind == "PERSON"
    assert syrskyi.span == span_of(INCURSION, "Oleksandr Syrskyi")
    assert syrskyi.titles == ["top commander"]
    assert syrskyi.affiliation == "Ukraine"

    smirnov = by_name(ex, "Alexei Smirnov")
    assert smirnov.titles == ["acting regional governor"]
    assert smirnov.affiliation == "Russia"
    assert smirnov.place == "Kursk"
    assert [m.span for m in smirnov.mentions] == [
        span_of(INCURSION, "Alexei Smirnov"),
        span_of(INCURSION, "Smirnov", 2),
    ]

    putin = by_name(ex, "Vladimir Putin")
    assert putin.titles == ["President"]

    peskov = by_name(ex, "Dmitry Peskov")
    assert peskov.titles == ["spokesman"]
    assert peskov.affiliation == "Russia"  # the Kremlin stands for Russia


def test_typo_joins_the_full_name(pipeline: Pipeline) -> None:
    ex = pipeline.extract(INCURSION)
    syrskyi = by_name(ex, "Oleksandr Syrskyi")
    assert syrskyi.aliases == ["Syrkyi"]
    assert syrskyi.mentions[-1].span == span_of(INCURSION, "Syrkyi")


def test_kursk_is_a_place_not_a_product(pipeline: Pipeline) -> None:
    ex = pipeline.extract(INCURSION)
    kursk = by_name(ex, "Kursk")
    assert kursk.kind == "GPE"
    assert [m.span for m in kursk.mentions] == [
        span_of(INCURSION, "Kursk"),
        span_of(INCURSION, "Kursk", 2),
    ]


def test_generic_armed_forces_are_one_force_per_country(pipeline: Pipeline) -> None:
    ex = pipeline.extract(INCURSION)
    forces = [e for e in ex.entities if e.kind == "FORCE"]
    assert len(forces) == 1
    ukraine = forces[0]
    assert ukraine.name == "Ukrainian troops"
    assert ukraine.affiliation == "Ukraine"
    assert ukraine.aliases == ["Kyiv's forces"]
    assert ukraine.mentions[1].span == span_of(INCURSION, "Kyiv's forces")


def test_spelling_variants_are_one_person(pipeline: Pipeline) -> None:
    text = (
        "President Volodymyr Zelenskiy visited troops near the border on Friday. "
        "Zelenskyy said the operation would continue. Later, Zelensky thanked allies "
        "for air defence systems."
    )
    ex = pipeline.extract(text)
    zelensky = by_name(ex, "Volodymyr Zelenskiy")
    assert zelensky.aliases == ["Zelenskyy", "Zelensky"]
    assert zelensky.titles == ["President"]
    assert [m.span for m in zelensky.mentions] == [
        span_of(text, "Volodymyr Zelenskiy"),
        span_of(text, "Zelenskyy"),
        span_of(text, "Zelensky", 2),
    ]


def test_two_people_sharing_a_surname_stay_apart(pipeline: Pipeline) -> None:
    text = (
        "Defence Minister Andriy Kovalenko said on Monday that the bridge had been hit twice. "
        "In the village of Zarichne, its head, Olena Kovalenko, said residents had no power. "
        "The minister, Kovalenko, promised repairs within a week."
    )
    ex = pipeline.extract(text)
    andriy = by_name(ex, "Andriy Kovalenko")
    olena = by_name(ex, "Olena Kovalenko")
    assert andriy.id != olena.id
    assert andriy.titles == ["Defence Minister"]
    assert [m.span for m in olena.mentions] == [span_of(text, "Olena Kovalenko")]
    # "The minister, Kovalenko" is the minister, by title, though Olena was named last.
    assert andriy.mentions[-1].span == span_of(text, "Kovalenko", 3)


def test_organisations_acronyms_and_named_forces(pipeline: Pipeline) -> None:
    text = (
        "The Rapid Support Forces (RSF) shelled El Fasher overnight, the United Nations said. "
        "The RSF denied the report. The Russian Defence Ministry said separately that the "
        "Armed Forces of Ukraine had lost 40 drones; the Defence Ministry gave no evidence."
    )
    ex = pipeline.extract(text)
    rsf = by_name(ex, "Rapid Support Forces")
    assert rsf.kind == "FORCE"
    assert rsf.affiliation == "Sudan"
    assert [m.span for m in rsf.mentions] == [
        span_of(text, "Rapid Support Forces"),
        span_of(text, "RSF"),
        span_of(text, "RSF", 2),
    ]
    ministry = by_name(ex, "Russian Defence Ministry")
    assert ministry.kind == "ORG"
    assert ministry.affiliation == "Russia"
    assert ministry.aliases == ["Defence Ministry"]
    afu = by_name(ex, "Armed Forces of Ukraine")
    assert (afu.kind, afu.affiliation) == ("FORCE", "Ukraine")


def test_apposition_with_prepositional_title(pipeline: Pipeline) -> None:
    text = (
        "Mykhailo Podolyak, an adviser to the head of the presidential office, wrote that "
        "Moscow was losing control. Belarusian leader Alexander Lukashenko disagreed."
    )
    ex = pipeline.extract(text)
    assert by_name(ex, "Mykhailo Podolyak").titles == [
        "adviser to the head of the presidential office"
    ]
    lukashenko = by_name(ex, "Alexander Lukashenko")
    assert (lukashenko.titles, lukashenko.affiliation) == (["leader"], "Belarus")


def test_entities_are_deterministic_and_ordered(pipeline: Pipeline) -> None:
    first = pipeline.extract(INCURSION).to_json()
    assert first == pipeline.extract(INCURSION).to_json()
    ex = pipeline.extract(INCURSION)
    starts = [e.span[0] for e in ex.entities]
    assert starts == sorted(starts)
    assert [e.id for e in ex.entities] == [f"e{i}" for i in range(1, len(ex.entities) + 1)]
    for entity in ex.entities:
        for mention in entity.mentions:
            assert INCURSION[mention.span[0] : mention.span[1]] == mention.text


def test_acronym_without_the_parent_prefix(pipeline: Pipeline) -> None:
    text = (
        "The UN Office for the Coordination of Humanitarian Affairs said aid convoys were "
        "blocked. OCHA said 40 trucks were waiting at the crossing."
    )
    ex = pipeline.extract(text)
    office = by_name(ex, "UN Office for the Coordination of Humanitarian Affairs")
    assert office.aliases == ["OCHA"]
    assert office.mentions[1].span == span_of(text, "OCHA")


def test_country_aliases_named_as_organisations_stay_apart(pipeline: Pipeline) -> None:
    text = (
        "The Kremlin denied that its troops had shelled the plant. The Pentagon said on "
        "Monday that the Kremlin was preparing a new offensive in the south."
    )
    ex = pipeline.extract(text)
    kremlin, pentagon = by_name(ex, "Kremlin"), by_name(ex, "Pentagon")
    assert kremlin.id != pentagon.id
    assert (kremlin.affiliation, pentagon.affiliation) == ("Russia", "United States")
    assert [m.span for m in pentagon.mentions] == [span_of(text, "Pentagon")]


def test_name_is_cut_at_a_spaced_dash_or_slash(pipeline: Pipeline) -> None:
    text = (
        "'We cannot pay these bills,' said Suzanne Noble - Kilburn.\n\n"
        "FILE - Pope Francis arrives for his weekly audience at the Vatican.\n\n"
        "Prime Minister Boris Johnson visited Kyiv on Wednesday. (Justin Tallis/Pool via AP)"
    )
    ex = pipeline.extract(text)
    assert by_name(ex, "Suzanne Noble").span == span_of(text, "Suzanne Noble")
    assert by_name(ex, "Pope Francis").span == span_of(text, "Pope Francis")
    assert by_name(ex, "Justin Tallis").span == span_of(text, "Justin Tallis")


def test_a_place_is_not_taken_for_a_similar_surname(pipeline: Pipeline) -> None:
    text = (
        "Shop owner Rhys Schofield said his energy bill had tripled. Prices in Sheffield "
        "rose faster than in London, Schofield said."
    )
    ex = pipeline.extract(text)
    schofield = by_name(ex, "Rhys Schofield")
    assert [m.text for m in schofield.mentions] == ["Rhys Schofield", "Schofield"]
    assert by_name(ex, "Sheffield").kind == "GPE"


def test_known_place_tagged_organisation_after_attack_word(pipeline: Pipeline) -> None:
    text = (
        "Helicopters dropped barrel bombs on Darayya, and a man was killed by a sniper "
        "in al-Mayadin."
    )
    labels = {ent.text: ent.label_ for ent in pipeline.nlp(text).ents}
    assert labels["Darayya"] == "GPE"
    assert labels["al-Mayadin"] == "GPE"


def _labels(pipeline: Pipeline, text: str) -> dict[str, str]:
    return {ent.text: ent.label_ for ent in pipeline.nlp(text).ents}


def test_known_place_after_at_from_or_compass_of_is_repaired(pipeline: Pipeline) -> None:
    # the NER tags these PERSON / ORG / PERSON
    labels = _labels(
        pipeline,
        "Six explosions hit at Sayeda Zeinab and Zahraa. Police said the gunmen had come "
        "from Menoufia. Kurdish police chased three gunmen to the east of Tal Abyad on Monday.",
    )
    assert labels["Sayeda Zeinab"] == "GPE"
    assert labels["Menoufia"] == "GPE"
    assert labels["Tal Abyad"] == "GPE"


def test_known_place_as_object_of_an_attack_verb(pipeline: Pipeline) -> None:
    labels = _labels(pipeline, "Airstrikes target al-Qaryatayn and its vicinity.")
    assert labels["al-Qaryatayn"] == "GPE"  # ORG to the NER


def test_known_place_before_neighbourhoods_but_not_a_group(pipeline: Pipeline) -> None:
    labels = _labels(
        pipeline, "Mortars again target Aleppo neighborhoods, and Christian neighborhoods are calm."
    )
    assert labels["Aleppo"] == "GPE"  # NORP to the NER
    assert labels["Christian"] == "NORP"


def test_known_place_listed_with_places(pipeline: Pipeline) -> None:
    labels = _labels(
        pipeline, "Cases were confirmed in Kisumu, Migori and Homa Bay, the ministry said."
    )
    assert labels["Migori"] == "GPE"
    assert labels["Homa Bay"] == "GPE"


def test_acronym_and_speaker_are_not_repaired(pipeline: Pipeline) -> None:
    labels = _labels(
        pipeline,
        "Tunisia rejected a grant from NATO. Talks were held in Paris and London, Conrad said.",
    )
    assert labels["NATO"] == "ORG"
    assert labels["Conrad"] == "ORG"


def test_a_demonym_tagged_as_a_place_before_a_noun_is_a_nationality(pipeline: Pipeline) -> None:
    text = "Ukrainian officials said 14 people were killed in the strike on Kharkiv on Tuesday."
    extraction = pipeline.extract(text, published="2024-08-13")
    assert [p.name for p in extraction.places] == ["Kharkiv"]
    assert [c.claimant_name for c in extraction.claims] == ["Ukrainian officials"]
    # as a noun phrase of place it still names the country
    shelled = pipeline.extract("Russian artillery shelled Ukrainian territory overnight.")
    assert [p.country_code for p in shelled.places] == ["UA"]


def test_an_acronym_that_names_no_place_of_note_stays_an_organisation(pipeline: Pipeline) -> None:
    text = "The Sweden Democrats used to be skeptical toward NATO membership but changed course."
    extraction = pipeline.extract(text)
    assert by_name(extraction, "NATO").kind == "ORG"  # not Nato, a Philippine town
    assert [p.name for p in extraction.places] == ["Sweden"]
    dateline = pipeline.extract("KYIV, Ukraine (AP) — Shelling hit the city overnight.")
    assert [p.name for p in dateline.places] == ["Kyiv", "Ukraine"]
    assert "United Arab Emirates" in {p.name for p in pipeline.extract("The UAE said so.").places}


def test_an_acute_accent_typed_for_an_apostrophe_splits_like_one(pipeline: Pipeline) -> None:
    text = "Ukraine´s president said Russia isn´t ready, and Zaporizhzhia´s plant was shelled."
    extraction = pipeline.extract(text)
    assert {(e.name, e.kind) for e in extraction.entities} >= {
        ("Ukraine", "GPE"),
        ("Russia", "GPE"),
        ("Zaporizhzhia", "GPE"),
    }
    assert not any("´" in e.name for e in extraction.entities)
    ukraine = by_name(extraction, "Ukraine")
    assert text[slice(*ukraine.span)] == "Ukraine"  # spans index the text as written


def test_photo_credits_and_links_are_not_people(pipeline: Pipeline) -> None:
    text = (
        "Firefighters work at the site of a strike in Kyiv. (AP Photo/Efrem Lukatsky, File) "
        "Follow the coverage at https://twitter.com/AP_Sports and on the wire."
    )
    names = {(e.name, e.kind) for e in pipeline.extract(text).entities}
    assert ("Kyiv", "GPE") in names  # the photographer of a credit is no one in the news
    assert not any("Lukatsky" in n or "File" in n or "Photo" in n or "://" in n for n, _ in names)


def test_names_in_a_photo_credit_are_no_entities(pipeline: Pipeline) -> None:
    text = (
        "Rescuers searched the rubble of a school in Kharkiv on Friday. (AP Photo/Marta Kovach)\n"
        "Mayor Ihor Terekhov said two people were injured."
    )
    extraction = pipeline.extract(text, published="2024-03-01", outlet="Some Wire")
    names = {e.name for e in extraction.entities}
    assert "Ihor Terekhov" in names and not names & {"Marta Kovach", "AP", "AP Photo"}
