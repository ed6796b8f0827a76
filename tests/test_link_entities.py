"""Cross-document entity resolution: spelling families merge, namesakes stay apart.

The articles in fixtures/linking are written for these tests: a wire report and an RT-style
report of the same day (Zelenskiy / Vladimir Zelensky, Kyiv / Kiev, Zaporizhzhia / Zaporozhye
Region, Oleksandr Syrskyi / Aleksandr Syrsky), and three articles about two different people
named Kovalenko (a deputy defence minister and a village head).
"""

from __future__ import annotations

from conftest import FIXTURES
from sitroom.ingestion import ingest_into
from sitroom.link.entities import (
    Profile,
    best_match,
    blocking_keys,
    first_names_compatible,
    linking_names,
    match,
    matchable,
    place_key,
    same_place,
)
from sitroom.model import Document, Entity, Mention
from sitroom.store import open_store

ARTICLES = ["wire", "rt", "minister", "village", "followup"]


def person(name: str, *aliases: str, titles: tuple[str, ...] = (), affiliation=None) -> Entity:
    return Entity(
        "e1",
        name,
        "PERSON",
        (0, len(name)),
        aliases=list(aliases),
        titles=list(titles),
        affiliation=affiliation,
    )


def test_transliteration_families() -> None:
    assert place_key("Kiev") == place_key("Kyiv")
    assert place_key("Zaporozhye Region") == place_key("Zaporizhzhia")
    assert place_key("Lugansk") == place_key("Luhansk")
    assert place_key("Niger") != place_key("Nigeria")
    assert first_names_compatible("Vladimir", "Volodymyr")
    assert first_names_compatible("Aleksandr", "Oleksandr")
    assert not first_names_compatible("Aleksandr", "Aleksandra")


def test_people_who_share_a_surname_stay_apart() -> None:
    minister = Profile("PERSON", ["Andriy Kovalenko", "Kovalenko"], ["Deputy Defence Minister"])
    head = Profile("PERSON", ["Olena Kovalenko", "Kovalenko"], ["head of the village council"])
    candidates = {1: minister, 2: head}
    assert best_match(person("Olena Kovalenko"), candidates)[0] == 2
    bare_with_title = person("Kovalenko", titles=("deputy minister",))
    assert best_match(bare_with_title, candidates)[0] == 1
    assert best_match(person("Kovalenko"), candidates) is None  # no evidence: not linked
    assert match(person("Ivan Kovalenko"), minister) is None


def test_affiliations_that_conflict_keep_organisations_apart() -> None:
    ministry = Entity("e1", "Defence Ministry", "ORG", (0, 16), affiliation="Russia")
    assert match(ministry, Profile("ORG", ["Defence Ministry"], [], ["Ukraine"])) is None
    assert match(ministry, Profile("ORG", ["Defence Ministry"], [], ["Russia"])) is not None


def entity(name: str, kind: str, *aliases: str, affiliation=None) -> Entity:
    return Entity("e1", name, kind, (0, len(name)), aliases=list(aliases), affiliation=affiliation)


def test_places_the_gazetteer_knows_apart_stay_apart() -> None:
    # one consonant skeleton, two places the gazetteer knows
    for ours, theirs in [("Syria", "Surrey"), ("Tunisia", "Tennessee"), ("Rimini", "Romania")]:
        assert place_key(ours) == place_key(theirs)
        assert match(entity(ours, "GPE"), Profile("GPE", [theirs])) is None
    # a spelling it does not know, of a place whose spellings it lists
    assert not same_place("Dabaa", "Dubai")
    assert not same_place("Luiba", "Libya")
    # transliterations it lists as one place, typos, and villages it lists no spellings for
    for ours, theirs in [
        ("Kiev", "Kyiv"),
        ("Odessa", "Odesa"),
        ("Lugansk", "Luhansk province"),
        ("Enerhodar", "Energodar"),
        ("St Petersberg", "St Petersburg"),
        ("Chaplino", "Chaplyne"),
    ]:
        assert match(entity(ours, "GPE"), Profile("GPE", [theirs])) is not None, ours


def test_acronyms_and_aliases_that_link() -> None:
    chambers = Profile("ORG", ["British Chambers of Commerce", "BCC"])
    assert match(entity("BBC", "ORG"), chambers) is None  # BBC and BCC share a spelling key
    assert match(entity("BCC", "ORG"), chambers) is not None
    assert match(entity("U.N.", "ORG"), Profile("ORG", ["UN"])) is not None
    # in-document clustering errors do not spread: only forms of the name link
    kremlin = entity("Kremlin", "ORG", "Pentagon", affiliation="Russia")
    assert linking_names(kremlin) == ["Kremlin"]
    assert "ORG:pentagon" not in blocking_keys(kremlin)
    assert match(entity("Russian troops", "ORG", "RT"), Profile("ORG", ["RT"])) is None
    assert (
        match(entity("Turkish Treasury", "ORG", "Treasury"), Profile("ORG", ["Treasury"])) is None
    )
    nato = entity("North Atlantic Treaty Organization", "ORG", "NATO")
    assert match(nato, Profile("ORG", ["NATO"])) is not None
    ministry = entity("Ministry of Defence", "ORG", "Defence Ministry", "MoD")
    assert linking_names(ministry) == ["Ministry of Defence", "Defence Ministry"]
    assert linking_names(person("Liz Truss", "Truss", "Tories", "Truss's")) == [
        "Liz Truss",
        "Truss",
        "Truss's",
    ]


def test_names_that_are_two_things_joined_link_to_nothing() -> None:
    for junk in ("Justin Tallis/Pool", "FILE - Ukrainian"):
        assert blocking_keys(person(junk)) == set()
        assert match(person(junk), Profile("PERSON", [junk])) is None


def test_copies_of_one_entity_tie_and_the_oldest_is_taken() -> None:
    # a document named the ministry "MoD" and "MoD.": two canonical entities, one name
    copies = {1: Profile("ORG", ["MoD"]), 2: Profile("ORG", ["MoD."])}
    assert best_match(entity("MoD", "ORG"), copies)[0] == 1
    # one acronym, two bodies: not linked
    fsb = {1: Profile("ORG", ["Federation of Small Businesses", "FSB"]), 2: Profile("ORG", ["FSB"])}
    assert best_match(entity("FSB", "ORG"), fsb) is None
    ministries = {
        1: Profile("ORG", ["Defence Ministry"], [], ["Russia"]),
        2: Profile("ORG", ["Defence Ministry"], [], ["Ukraine"]),
    }
    assert best_match(entity("Defence Ministry", "ORG"), ministries) is None


def _ingest_articles(db: str, pipeline) -> None:
    documents = [
        Document(
            text=(FIXTURES / "linking" / f"{name}.txt").read_text(encoding="utf-8"),
            source=name,
            outlet="RT" if name == "rt" else "Wire",
            published="2024-08-10",
        )
        for name in ARTICLES
    ]
    with open_store(db) as store:
        # One at a time: linking is incremental, each article meets what is already stored.
        for document in documents:
            assert ingest_into(store, [document], pipeline=pipeline).ingested == 1


def test_entities_merge_across_documents(db_url: str, pipeline) -> None:
    _ingest_articles(db_url, pipeline)
    with open_store(db_url) as store:
        [zelensky] = store.entities(name="Zelensky", kind="PERSON")
        assert zelensky.documents == 2
        assert {"Vladimir Zelensky", "Zelenskiy"} <= {zelensky.name, *zelensky.variants}
        [syrskyi] = store.entities(name="Syrskyi", kind="PERSON")
        assert syrskyi.documents == 2 and "Aleksandr Syrsky" in syrskyi.variants
        [kyiv] = store.entities(name="Kiev", kind="GPE")
        assert kyiv.name == "Kyiv" and kyiv.documents == 3
        [zaporizhzhia] = store.entities(name="Zaporizhzhia", kind="GPE")
        assert zaporizhzhia.documents == 2


def test_two_kovalenkos_stay_apart_across_documents(db_url: str, pipeline) -> None:
    _ingest_articles(db_url, pipeline)
    with open_store(db_url) as store:
        people = {e.name: e for e in store.entities(name="Kovalenko", kind="PERSON")}
        assert set(people) == {"Andriy Kovalenko", "Olena Kovalenko"}
        # the follow-up names only "Kovalenko", the deputy defence minister: linked by title
        assert people["Andriy Kovalenko"].documents == 2
        assert people["Olena Kovalenko"].documents == 1


def test_a_first_name_alone_does_not_join_another_person_of_that_first_name() -> None:
    kondrashov = Entity(
        id="e1",
        name="Vladimir Kondrashov",
        kind="PERSON",
        span=(0, 19),
        mentions=[Mention("Vladimir Kondrashov", (0, 19)), Mention("Vladimir", (40, 48))],
        aliases=["Vladimir"],
    )
    putin = Profile(kind="PERSON", names=["Vladimir Putin", "Putin", "Vladimir"])
    assert match(kondrashov, putin) is None


def test_a_bare_surname_with_nothing_to_go_by_is_not_offered_again() -> None:
    """No later entity could match it, so it gets no blocking keys in the store; anything with
    a first name, title or affiliation stays a candidate."""
    assert not matchable(person("Kovalenko"))
    assert matchable(person("Kovalenko", titles=("deputy minister",)))
    assert matchable(person("Ivan Kovalenko"))
    assert matchable(person("Kovalenko", "Ivan Kovalenko"))
    assert matchable(Entity("e1", "Kovalenko", "ORG", (0, 9)))
    alone = Profile("PERSON", names=["Kovalenko"])
    for later in (
        person("Kovalenko"),
        person("Ivan Kovalenko"),
        person("Kovalenko", titles=("mayor",)),
        person("Kovalenko", affiliation="Ukraine"),
    ):
        assert match(later, alone) is None


def _canonical_entities(store) -> list:
    return sorted(
        (e.kind, e.name, e.documents, tuple(e.variants)) for e in store.entities(limit=1000)
    )


def test_relink_rebuilds_the_links_from_stored_extractions(db_url: str, pipeline) -> None:
    """(Claim groups: tests/test_claim_groups.py.)"""
    _ingest_articles(db_url, pipeline)
    with open_store(db_url) as store:
        ingested = _canonical_entities(store)
        assert store.relink(batch_size=2) == len(ARTICLES)
        assert _canonical_entities(store) == ingested
        [zelensky] = store.entities(name="Zelensky", kind="PERSON")
        assert zelensky.documents == 2


def test_relink_command(db_url: str, pipeline) -> None:
    from typer.testing import CliRunner

    from sitroom.cli import app

    _ingest_articles(db_url, pipeline)
    result = CliRunner().invoke(app, ["relink", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert f"{len(ARTICLES)} documents linked" in result.output


def test_a_country_by_its_short_form_and_foreign_ministries_by_their_country(
    db_url: str, pipeline
) -> None:
    documents = [
        Document(
            text="The U.S. will send $300 million in air defence aid to Kyiv, officials said.",
            outlet="Wire D",
            published="2024-03-02",
        ),
        Document(
            text="The United States announced new sanctions on Moscow on Tuesday.",
            outlet="Wire E",
            published="2024-03-02",
        ),
        Document(
            text="Ukraine's Foreign Ministry said 12 civilians were killed in Kharkiv overnight.",
            outlet="Wire A",
            published="2024-03-01",
        ),
        Document(
            text="Turkey's Foreign Ministry said it was ready to host talks in Istanbul.",
            outlet="Wire B",
            published="2024-03-01",
        ),
    ]
    with open_store(db_url) as store:
        ingest_into(store, documents, pipeline=pipeline)
        [america] = store.entities(name="United States", kind="GPE")
        ministries = store.entities(name="Foreign Ministry", kind="ORG")
    assert america.documents == 2 and {america.name, *america.variants} >= {"U.S.", "United States"}
    assert sorted(m.affiliation for m in ministries) == ["Turkey", "Ukraine"]
