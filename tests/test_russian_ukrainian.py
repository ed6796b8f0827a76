"""Russian and Ukrainian reports read in their own language: the Doc natasha builds, names in
their dictionary form, places, quotes, and names across scripts. Every text here is written for
these tests in the style of the region's news."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.folding import ascii_fold
from sitroom.gazetteer.places import gazetteer
from sitroom.model import Document, Extraction
from sitroom.nlp import ukrainian
from sitroom.nlp.names import same_name_token
from sitroom.nlp.pipeline import pipeline_for
from sitroom.nlp.pipeline_config import language_config
from sitroom.nlp.ud_scheme import break_cycles

RUSSIAN = (
    "Губернатор Белгородской области Вячеслав Гладков заявил, что в результате обстрела "
    "Шебекино пострадали трое мирных жителей.\n\n"
    "«Ночь была тяжёлой», — сказал Гладков. По словам Гладкова, в Белгороде повреждены дома.\n"
    "Атакам подверглись Курская, Белгородская и Запорожская области, а также Московская область."
)
UKRAINIAN = (
    "Голова Херсонської обласної військової адміністрації Олександр Прокудін повідомив, що "
    "внаслідок обстрілу Херсона постраждали двоє людей.\n"
    "Влада Харкова повідомила про вибухи. Він сказав, що у Львові спокійно. Міністерство "
    "оборони України та ЗСУ підтвердили бої, а Петро Порошенко прибув до Польщі."
)


def extract(text: str, lang: str) -> Extraction:
    return pipeline_for(language_config(lang)).extract(
        Document(text=text, lang=lang, published="2024-08-15")
    )


@pytest.fixture(scope="module")
def russian() -> Extraction:
    return extract(RUSSIAN, "ru")


@pytest.fixture(scope="module")
def ukrainian_report() -> Extraction:
    return extract(UKRAINIAN, "uk")


def names(extraction: Extraction, kind: str) -> list[str]:
    return [entity.name for entity in extraction.entities if entity.kind == kind]


# -- the Doc -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "lang"), [(RUSSIAN, "ru"), (UKRAINIAN, "uk")])
def test_the_doc_keeps_every_character_so_spans_index_the_original(text: str, lang: str) -> None:
    doc = pipeline_for(language_config(lang)).nlp(text)
    assert doc.text == text  # blank lines and the newline between paragraphs included
    extraction = extract(text, lang)
    items = [*extraction.entities, *extraction.places, *extraction.quotes]
    assert items
    for item in items:
        for mention in getattr(item, "mentions", None) or [item]:
            start, end = mention.span
            assert text[start:end] == mention.text


def test_a_preposition_heads_its_noun_and_a_name_its_last_word() -> None:
    doc = pipeline_for(language_config("ru")).nlp(
        "Губернатор Вячеслав Гладков сообщил о взрывах в Белгороде."
    )
    town = next(t for t in doc if t.text == "Белгороде")
    assert (town.dep_, town.head.text, town.head.dep_) == ("pobj", "в", "prep")
    first = next(t for t in doc if t.text == "Вячеслав")
    assert (first.dep_, first.head.text) == ("compound", "Гладков")
    assert next(t for t in doc if t.text == "сообщил").lemma_ == "сообщить"


def test_a_cycle_in_the_parse_hangs_from_the_sentence_root() -> None:
    # word 1 -> 2 -> 1 is a cycle; word 0 is the root
    heads = [0, 2, 1, 1]
    break_cycles(heads, [0, 0, 0, 0])
    assert heads[1] == 0 or heads[2] == 0
    for start in range(4):  # every word reaches the root
        seen, i = set(), start
        while heads[i] != i:
            assert i not in seen
            seen.add(i)
            i = heads[i]
        assert i == 0


# -- Russian -------------------------------------------------------------------------------


def test_russian_names_in_the_nominative_with_their_case_forms_joined(
    russian: Extraction,
) -> None:
    [gladkov] = [e for e in russian.entities if e.kind == "PERSON"]
    assert gladkov.name == "Вячеслав Гладков"
    assert "Гладкова" in gladkov.aliases  # "По словам Гладкова": the same man
    assert gladkov.titles == ["Губернатор Белгородской области"]


def test_russian_towns_and_regions_resolve(russian: Extraction) -> None:
    places = {(p.name, p.feature) for p in russian.places if p.gazetteer_id}
    assert ("Belgorod", "city") in places  # "в Белгороде"
    assert ("Shebekino", "city") in places
    regions = {p.name for p in russian.places if p.feature == "admin1"}
    # "Курская, Белгородская и Запорожская области": each adjective names its region
    assert {"Kursk Oblast", "Belgorod Oblast", "Moscow Oblast"} <= regions
    assert any(p.country_code == "UA" and p.feature == "admin1" for p in russian.places)


def test_russian_quotes_in_guillemets_and_reported_speech_have_speakers(
    russian: Extraction,
) -> None:
    speakers = {e.id: e.name for e in russian.entities}
    quotes = {(q.kind, speakers.get(q.speaker or "")) for q in russian.quotes}
    assert ("direct", "Вячеслав Гладков") in quotes  # «Ночь была тяжёлой», — сказал Гладков
    assert ("indirect", "Вячеслав Гладков") in quotes  # заявил, что ...
    direct = next(q for q in russian.quotes if q.kind == "direct")
    assert direct.text == "«Ночь была тяжёлой»"


# -- Ukrainian -----------------------------------------------------------------------------


def test_ukrainian_names_people_places_and_organisations(ukrainian_report: Extraction) -> None:
    people = names(ukrainian_report, "PERSON")
    assert "Олександр Прокудін" in people
    assert "Петро Порошенко" in people  # nominative, not the vocative of "Петра"
    assert not {"Влада Харкова", "Він"} & set(people)  # authorities; a pronoun
    organisations = names(ukrainian_report, "ORG")
    assert "Міністерство оборони України" in organisations
    assert "ЗСУ" in organisations  # an abbreviation the model left out
    places = {p.name for p in ukrainian_report.places if p.gazetteer_id}
    assert {"Kherson", "Kharkiv", "Lviv", "Poland"} <= places


@pytest.mark.parametrize(
    ("words", "kind", "form"),
    [
        (["Олександра", "Сирського"], "PER", "Олександр Сирський"),
        (["Петро", "Порошенко"], "PER", "Петро Порошенко"),
        (["Херсонської", "області"], "LOC", "Херсонська область"),
        (["Збройних", "Сил", "України"], "ORG", "Збройні Сили України"),
        (["Харкові"], "LOC", "Харків"),
        (["України"], "LOC", "Україна"),
    ],
)
def test_ukrainian_name_forms(words: list[str], kind: str, form: str) -> None:
    assert ukrainian.name_form(words, kind) == form


def test_ukrainian_function_words_are_told_from_names() -> None:
    assert ukrainian.function_pos("Вона") == "PRON"
    assert ukrainian.function_pos("Бо") == "PART"
    assert ukrainian.function_pos("Марина") is None
    assert ukrainian.lemma("заявив") == "заявити"


# -- names across scripts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Зеленский", "Zelensky"),
        ("Зеленський", "Zelenskyy"),
        ("Сырский", "Syrskyi"),
        ("Сирський", "Syrskyi"),
        ("Гладков", "Gladkov"),
    ],
)
def test_a_name_in_cyrillic_and_in_latin_script_is_one_name(cyrillic: str, latin: str) -> None:
    assert same_name_token(cyrillic, latin)


def test_folding_transliterates_other_scripts_and_keeps_latin_letters() -> None:
    assert ascii_fold("Харків") == "kharkiv"
    assert ascii_fold("Muñoz") == "munoz"
    assert ascii_fold("Łukasz") == "łukasz"  # a Latin letter: left as it was


@pytest.mark.parametrize(
    ("name", "place"),
    [("Харьков", "Kharkiv"), ("Харків", "Kharkiv"), ("Україна", "Ukraine"), ("Польща", "Poland")],
)
def test_the_gazetteer_knows_russian_and_ukrainian_names(name: str, place: str) -> None:
    assert place in {entry.name for entry in gazetteer().lookup(name)}


def test_a_stem_finds_the_towns_it_begins() -> None:
    found = {entry.name for _, entry in gazetteer().lookup_stem("zaporozh", 2)}
    assert "Zaporizhzhia" in found


# -- the language layer ------------------------------------------------------------------


def _keys(table: dict, prefix: str = "") -> set[str]:
    """Every key of a TOML table, nested ones as "table.key"; a mapping of words to values
    (a table whose values are not tables) counts as one key."""
    found = set()
    for name, value in table.items():
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            found |= _keys(value, f"{prefix}{name}.")
        else:
            found.add(prefix + name)
    return found


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_a_language_gives_every_word_list_english_has_for_its_components(lang: str) -> None:
    """The components a language's pipeline runs read the same lists as in English: a list
    missing from its files would fail on the first document, so a test fails first."""
    from sitroom.nlp.lang import language_dir, language_file, lexicon

    directory = language_dir(lang)
    assert directory is not None
    for entry in directory.iterdir():
        english = language_file("en", entry.name).is_file()  # dates.toml is theirs alone
        if entry.name.endswith(".toml") and entry.name != "pipeline.toml" and english:
            name = entry.name.removesuffix(".toml")
            missing = _keys(lexicon("en", name)) - _keys(lexicon(lang, name))
            assert not missing, f"lang/{lang}/{entry.name} lacks {sorted(missing)}"
    for needed in ("speech_cues.txt", "roles.txt", "forces.txt", "figure_cues.txt"):
        assert directory.joinpath(needed).is_file(), needed


# -- figures, claims and dates -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Губернатор Белгородской области Вячеслав Гладков заявил, что в результате обстрела "
            "Шебекино погибли 12 мирных жителей, ещё не менее 20 человек получили ранения.",
            "ru",
            [
                ("killed", 12.0, "exactly", "Вячеслав Гладков"),
                ("injured", 20.0, "at_least", "Вячеслав Гладков"),
            ],
        ),
        (
            "По данным Минобороны России, за сутки силы ПВО сбили 47 беспилотников.",
            "ru",
            [("projectiles_intercepted", 47.0, "exactly", "Минобороны России")],
        ),
        (
            "Эвакуированы около 1,5 миллиона жителей, ранены 1,2 тыс. человек.",
            "ru",
            [
                ("evacuated", 1_500_000.0, "approximately", None),
                ("injured", 1200.0, "exactly", None),
            ],
        ),
        (
            "Зеленский заявил, что за два года войны погибли 31’000 украинских солдат.",
            "ru",
            [("killed", 31_000.0, "exactly", "Зеленский")],  # thousands after an apostrophe
        ),
        (
            "Росія втратила понад 600 тисяч військових, а внаслідок обстрілу загинули двоє людей.",
            "uk",
            [("casualties", 600_000.0, "more_than", None), ("killed", 2.0, "exactly", None)],
        ),
    ],
)
def test_russian_and_ukrainian_claims(
    text: str, lang: str, expected: list[tuple[str, float, str, str | None]]
) -> None:
    claims = extract(text, lang).claims
    assert [(c.measure, c.value, c.hedge, c.claimant_name) for c in claims] == expected


def test_a_date_is_no_figure_and_dates_a_claim() -> None:
    claims = extract(
        "16 февраля в Белгороде погибли 3 человека, сообщил губернатор Вячеслав Гладков.", "ru"
    ).claims
    assert [(c.value, c.as_of, c.place) for c in claims] == [(3.0, "2024-02-16", "Belgorod")]
    [claim] = extract("За 14 серпня росіяни вбили 1 жителя Донеччини.", "uk").claims
    assert (claim.value, claim.as_of) == (1.0, "2024-08-14")


@pytest.mark.parametrize(
    ("lang", "text", "found"),
    [
        (
            "ru",
            "16 февраля 2023 года погибли. В понедельник и вчера. В феврале 2023 г.",
            [
                ("16 февраля 2023 года", "2023-02-16", None),
                ("В понедельник", "2024-08-12", "2024-08-15"),
                ("вчера", "2024-08-14", "2024-08-15"),
                ("феврале 2023 г.", "2023-02", None),
            ],
        ),
        (
            "uk",
            "Учора і 20 серпня. У середу, 7 травня 2023 року.",
            [
                ("Учора", "2024-08-14", "2024-08-15"),
                ("20 серпня", "2023-08-20", "2024-08-15"),  # after the report: last year's
                ("У середу", "2024-08-14", "2024-08-15"),
                ("7 травня 2023 року", "2023-05-07", None),
            ],
        ),
    ],
)
def test_dates_are_read_against_the_publication_date(
    lang: str, text: str, found: list[tuple[str, str, str | None]]
) -> None:
    times = (
        pipeline_for(language_config(lang))
        .extract(Document(text=text, lang=lang, published="2024-08-15"))
        .times
    )
    assert [(t.text, t.value, t.anchor) for t in times] == found


def test_one_person_across_russian_ukrainian_and_english_reports(tmp_path: Path) -> None:
    """Зеленский, Зеленський and Zelenskyy are one entity across the store, found by any of
    the spellings."""
    from sitroom.ingestion import ingest_into
    from sitroom.store import open_store

    reports = [
        Document(
            id="ru-1",
            lang="ru",
            published="2024-08-15",
            text="Президент Украины Владимир Зеленский заявил, что ситуация на фронте сложная.",
        ),
        Document(
            id="uk-1",
            lang="uk",
            published="2024-08-15",
            text="Президент України Володимир Зеленський заявив, що ситуація на фронті складна.",
        ),
        Document(
            id="en-1",
            lang="en",
            published="2024-08-15",
            text="Ukrainian President Volodymyr Zelenskyy said the front was in a hard state.",
        ),
    ]
    with open_store(str(tmp_path / "s.db")) as store:
        ingest_into(store, reports)  # each report read by its language's pipeline
        for spelling in ("Зеленский", "Зеленський", "Zelensky"):
            [person] = store.entities(kind="PERSON", name=spelling)
            assert person.documents == 3, spelling


def test_a_russian_ministry_figure_and_an_english_report_of_it_are_one_group(
    tmp_path: Path,
) -> None:
    """Cross-language claim groups: the counted things are named in English in every language
    (беспилотник -> drone), the place is the gazetteer's, so the two figures meet and agree."""
    from sitroom.ingestion import ingest_into
    from sitroom.store import open_store

    reports = [
        Document(
            id="ru-2",
            lang="ru",
            outlet="Вестник",
            published="2024-08-15",
            text="Министерство обороны России сообщило, что в ночь на четверг силы ПВО сбили 47 "
            "украинских беспилотников над Белгородской областью.",
        ),
        Document(
            id="en-2",
            lang="en",
            outlet="Harbor Ledger",
            published="2024-08-15",
            text="Russia's Defence Ministry said on Thursday that its air defences had shot down "
            "47 Ukrainian drones over the Belgorod region overnight.",
        ),
    ]
    with open_store(str(tmp_path / "s.db")) as store:
        ingest_into(store, reports)
        [group] = store.claim_groups(measure="projectiles_intercepted")
    assert group.place == "belgorod oblast"  # the group key; shown capitalised
    assert sorted((m.doc_id, m.unit, m.verdict) for m in group.members) == [
        ("en-2", "drone", "agree"),
        ("ru-2", "drone", "agree"),
    ]


def test_the_reader_shows_the_original_text_and_its_language(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from sitroom.ingestion import ingest_into
    from sitroom.store import open_store
    from sitroom.web.api import create_app

    db_url = f"sqlite:///{tmp_path / 's.db'}"
    with open_store(db_url) as store:
        ingest_into(store, [Document(id="ru-3", lang="ru", published="2024-08-15", text=RUSSIAN)])
    with TestClient(create_app(db_url)) as client:
        page = client.get("/documents/ru-3").text
    assert "in Russian" in page
    assert '<div class="text" lang="ru">' in page
    assert "Гладков" in page  # the text as written, not a translation


def test_every_language_sitroom_reads_has_a_name_for_people() -> None:
    from sitroom.nlp.lang import LANGUAGE_NAMES, supported_languages

    assert set(supported_languages()) <= set(LANGUAGE_NAMES)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "ru",
            "В результате обстрела Шебекино 16 февраля погибли 12 мирных жителей, сообщил "
            "губернатор Вячеслав Гладков.",
            ("strike", "artillery", "Shebekino", "2024-02-16", 12.0),
        ),
        (
            "uk",
            "Внаслідок обстрілу Херсона загинули двоє людей, повідомив Олександр Прокудін.",
            ("strike", "artillery", "Kherson", "2024-08-15", 2.0),
        ),
    ],
)
def test_russian_and_ukrainian_events_with_their_figures(
    lang: str, text: str, expected: tuple[str, str, str, str, float]
) -> None:
    [event] = extract(text, lang).events
    assert event.fatalities is not None
    found = (event.type, event.sub_type, event.place_name, event.date, event.fatalities.value)
    assert found == expected


@pytest.mark.parametrize(
    ("lang", "text", "quote", "speaker"),
    [
        (
            "ru",
            "Командир батальона Иван Петров рассказал о боях.\n"
            "— Мы не отступим ни на шаг, — сказал Петров. — Ни на шаг.\n",
            "Мы не отступим ни на шаг,",
            "Иван Петров",
        ),
        (
            "uk",
            "Журналіст запитав командира про втрати.\n"
            "— Ми тримаємо позиції, — відповів Олег Коваленко.\n",
            "Ми тримаємо позиції,",
            "Олег Коваленко",
        ),
    ],
)
def test_speech_after_a_dash_is_a_quote_with_its_speaker(
    lang: str, text: str, quote: str, speaker: str
) -> None:
    extraction = extract(text, lang)
    names = {e.id: e.name for e in extraction.entities}
    first = extraction.quotes[0]
    assert (first.kind, first.text, names.get(first.speaker or "")) == ("direct", quote, speaker)


def test_a_region_named_in_three_languages_is_one_entity(tmp_path: Path) -> None:
    """Курская область, Курська область and the Kursk region: one place entity, because a
    place entity named in another script also goes by the gazetteer name it resolved to."""
    from sitroom.ingestion import ingest_into
    from sitroom.store import open_store

    reports = [
        Document(
            id="ru-4",
            lang="ru",
            published="2024-08-15",
            text="Бои продолжаются в Курской области, сообщили в штабе.",
        ),
        Document(
            id="uk-4",
            lang="uk",
            published="2024-08-15",
            text="Бої тривають у Курській області, повідомили у штабі.",
        ),
        Document(
            id="en-4",
            lang="en",
            published="2024-08-15",
            text="Fighting went on in Russia's Kursk Oblast, the staff said.",
        ),
    ]
    with open_store(str(tmp_path / "s.db")) as store:
        ingest_into(store, reports)
        [kursk] = store.entities(name="Kursk Oblast")
    assert kursk.documents == 3
    assert {"Курская область", "Курська область"} <= {kursk.name, *kursk.variants}


def test_exports_judge_conflict_relevance_in_the_documents_language() -> None:
    """The exports (ACLED, GKG) judge conflict relevance again from the text, in the document's
    language: a long Russian war report keeps its figures (judged with English words it would
    be "other news" and lose them)."""
    from sitroom.export.common import conflict_only
    from sitroom.nlp.topics import document_verdict

    text = " ".join([RUSSIAN] * 4)  # long enough for the density rule
    report = extract(text, "ru")
    assert len(text.split()) >= 60 and report.claims
    assert not document_verdict(text, lang="en").conflict
    assert document_verdict(text, lang="ru").conflict
    assert conflict_only(report) is report


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "ru",
            "В матче чемпионата сборная победила со счетом 3:1, трое игроков были травмированы, "
            "сообщил тренер клуба. Следующий матч турнира пройдет в субботу.",
        ),
        (
            "fr",
            "Trois joueurs ont été blessés lors du match de championnat, a indiqué l'entraîneur "
            "du club, qui a salué la victoire de l'équipe au tournoi.",
        ),
    ],
)
def test_sport_news_makes_no_claims_in_russian_and_french(lang: str, text: str) -> None:
    """The relevance component judges a text by the language's topic words, compared by stem:
    three players hurt in a championship match are no conflict figure (without the component
    they are an injured claim)."""
    pipeline = pipeline_for(language_config(lang))
    report = Document(text=text, lang=lang, published="2024-08-15")
    assert pipeline.extract(report).claims == []
    with pipeline.nlp.select_pipes(disable=["sitroom_relevance"]):
        assert [c.measure for c in pipeline.extract(report).claims] == ["injured"]


def test_a_source_phrase_makes_the_rest_of_the_sentence_its_reported_speech() -> None:
    """ "По словам X, ..." is X's reported speech, and the claimant of its figures, as
    "according to X, ..." is in English (one list of source phrases per language)."""
    extraction = extract(
        "Губернатор Вячеслав Гладков посетил Шебекино. По словам губернатора Вячеслава "
        "Гладкова, в результате обстрела погибли двое мирных жителей.",
        "ru",
    )
    names = {e.id: e.name for e in extraction.entities}
    [quote] = [q for q in extraction.quotes if q.cue == "по словам"]
    assert quote.kind == "indirect" and names.get(quote.speaker or "") == "Вячеслав Гладков"
    assert quote.text.startswith("в результате обстрела погибли")
    [claim] = extraction.claims
    assert (claim.measure, claim.value, claim.claimant_name) == (
        "killed",
        2.0,
        "Вячеслав Гладков",
    )


def test_a_russian_range_from_to_is_one_figure() -> None:
    report = extract(
        "От 10 до 15 мирных жителей погибли в результате обстрела Херсона, сообщил губернатор.",
        "ru",
    )
    assert [(c.measure, c.low, c.high) for c in report.claims] == [("killed", 10, 15)]
    assert report.claims[0].text.startswith("От 10 до 15")
