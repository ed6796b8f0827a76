"""Quotes and speaker attribution on news-style passages written for these tests."""

import pytest

from sitroom.model import Extraction
from sitroom.nlp.quotemarks import quote_segments


def quotes(pipeline, text: str) -> tuple[Extraction, list]:
    extraction = pipeline.extract(text)
    return extraction, extraction.quotes


def span_text(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def entity_named(extraction: Extraction, name: str) -> str:
    return next(e.id for e in extraction.entities if e.name == name)


# -- quotation marks ------------------------------------------------------------------------------


def test_segments_straight_and_curly():
    text = 'He said: "We will win." She said: “So will we.”'
    assert [text[s:e] for s, e in quote_segments(text)] == ['"We will win."', "“So will we.”"]


def test_segments_multi_paragraph_quotation_runs_to_its_closing_mark():
    text = "“First paragraph.\n\n“Second paragraph,” he said."
    assert quote_segments(text) == [(0, len("“First paragraph.\n\n“Second paragraph,”"))]


def test_segments_nested_single_quotes_and_apostrophes_stay_inside():
    text = "“It’s what they call a ‘special operation’,” she said."
    assert [text[s:e] for s, e in quote_segments(text)] == [
        "“It’s what they call a ‘special operation’,”"
    ]


def test_segments_ignore_a_stray_unclosed_mark():
    text = 'A stray " mark here.\n\n“A real quote,” he said.'
    assert [text[s:e] for s, e in quote_segments(text)] == ["“A real quote,”"]


# -- direct quotes --------------------------------------------------------------------------------


def test_straight_quote_with_surname_speaker(pipeline):
    text = (
        "Kursk governor Alexei Smirnov spoke on Monday.\n\n"
        '"We will rebuild every house," Smirnov said.'
    )
    ex, (q,) = quotes(pipeline, text)
    assert (q.kind, q.text, span_text(text, q.speaker_span), q.cue) == (
        "direct",
        '"We will rebuild every house,"',
        "Smirnov",
        "said",
    )
    assert q.speaker == entity_named(ex, "Alexei Smirnov")
    assert q.id == "q1"


def test_curly_quote_whose_speaker_is_introduced_only_after_it(pipeline):
    text = "“The bridge is gone,” said Olena Kovalenko, the mayor of Sumy."
    ex, (q,) = quotes(pipeline, text)
    assert q.span == (0, 21)
    assert q.speaker == entity_named(ex, "Olena Kovalenko")
    assert span_text(text, q.speaker_span) == "Olena Kovalenko"
    assert q.confidence >= 0.9


def test_split_quote_is_one_quote_with_the_pronoun_speaker(pipeline):
    text = "Defence Minister Rustem Umerov visited the front. “We will,” he said, “win.”"
    ex, (q,) = quotes(pipeline, text)
    assert q.text == "“We will,” “win.”"
    assert q.span == (text.index("“We"), len(text))
    assert q.speaker == entity_named(ex, "Rustem Umerov")
    assert span_text(text, q.speaker_span) == "he"


def test_multi_paragraph_quote(pipeline):
    text = (
        "General Oleksandr Syrskyi addressed the troops on Friday.\n\n"
        "“The enemy is exhausted. We hold the line.\n\n"
        "“Our units have recaptured two villages,” Syrskyi said."
    )
    ex, (q,) = quotes(pipeline, text)
    assert q.span == (text.index("“The"), text.index(" Syrskyi said"))
    assert q.speaker == entity_named(ex, "Oleksandr Syrskyi")


def test_stray_punctuation_after_the_closing_mark(pipeline):
    text = 'Mayor Ihor Terekhov said: "The shelling lasted all night,".\n\nResidents stayed inside.'
    ex, (q,) = quotes(pipeline, text)
    assert q.text == '"The shelling lasted all night,"'
    assert q.speaker == entity_named(ex, "Ihor Terekhov")


def test_nested_single_quotes(pipeline):
    text = (
        "Ukrainian President Volodymyr Zelensky said: "
        "“They called it a ‘special operation’ but it is a war.”"
    )
    ex, (q,) = quotes(pipeline, text)
    assert q.text == "“They called it a ‘special operation’ but it is a war.”"
    assert q.speaker == entity_named(ex, "Volodymyr Zelensky")


def test_two_quotes_two_speakers(pipeline):
    text = (
        "“We have lost contact with the convoy,” said a statement from the Red Cross. "
        "Later Ivan Fedorov, the head of Zaporizhzhia region, said: “The convoy is safe.”"
    )
    ex, (q1, q2) = quotes(pipeline, text)
    assert (q1.id, q1.text, q1.speaker) == (
        "q1",
        "“We have lost contact with the convoy,”",
        entity_named(ex, "Red Cross"),
    )
    assert (q2.id, q2.text, q2.speaker) == (
        "q2",
        "“The convoy is safe.”",
        entity_named(ex, "Ivan Fedorov"),
    )


# -- reported and mixed speech --------------------------------------------------------------------


def test_reported_speech_cues(pipeline):
    text = (
        "Kremlin spokesman Dmitry Peskov said that the talks had stalled. "
        "According to the United Nations, more than 2,000 people have fled the region. "
        "Peskov told reporters the army would respond. "
        "The Institute for the Study of War estimated that Russian forces lost 300 men."
    )
    ex, found = quotes(pipeline, text)
    peskov = entity_named(ex, "Dmitry Peskov")
    assert [(q.kind, q.text, q.speaker, q.cue) for q in found] == [
        ("indirect", "that the talks had stalled", peskov, "said"),
        (
            "indirect",
            "more than 2,000 people have fled the region",
            entity_named(ex, "United Nations"),
            "according to",
        ),
        ("indirect", "the army would respond", peskov, "told"),
        (
            "indirect",
            "that Russian forces lost 300 men",
            entity_named(ex, "Institute for the Study of War"),
            "estimated",
        ),
    ]


def test_warned_cue(pipeline):
    text = "Governor Vitaliy Kim warned that more drones were on their way."
    ex, (q,) = quotes(pipeline, text)
    assert (q.kind, q.text, q.cue) == ("indirect", "that more drones were on their way", "warned")
    assert q.speaker == entity_named(ex, "Vitaliy Kim")


def test_mixed_quote(pipeline):
    text = "Governor Vyacheslav Gladkov said the attack was “a deliberate strike on civilians.”"
    ex, (q,) = quotes(pipeline, text)
    assert q.kind == "mixed"
    assert q.text == "the attack was “a deliberate strike on civilians.”"
    assert q.speaker == entity_named(ex, "Vyacheslav Gladkov")


# -- speaker resolution ---------------------------------------------------------------------------


def test_pronoun_speaker_after_a_paragraph_about_one_person(pipeline):
    text = (
        "Vyacheslav Gladkov, the governor of Belgorod, visited the damaged school on Tuesday. "
        "He met parents and teachers.\n\n"
        "He said the windows would be replaced within a week."
    )
    ex, (q,) = quotes(pipeline, text)
    assert q.text == "the windows would be replaced within a week"
    assert q.speaker == entity_named(ex, "Vyacheslav Gladkov")
    assert span_text(text, q.speaker_span) == "He"


def test_title_speaker(pipeline):
    text = (
        "Vyacheslav Gladkov, the governor of Belgorod, visited the school. "
        "Three people were injured, the governor said."
    )
    ex, (q,) = quotes(pipeline, text)
    assert (q.text, span_text(text, q.speaker_span)) == (
        "Three people were injured",
        "the governor",
    )
    assert q.speaker == entity_named(ex, "Vyacheslav Gladkov")


def test_unresolvable_speaker_is_null_with_low_confidence(pipeline):
    text = "The shelling continued overnight. “Nobody slept,” a resident said."
    _, (q,) = quotes(pipeline, text)
    assert q.text == "“Nobody slept,”"
    assert q.speaker is None
    assert span_text(text, q.speaker_span) == "a resident"
    assert q.confidence < 0.6


def test_pronoun_without_anyone_to_refer_to_stays_null(pipeline):
    text = "Shelling resumed at dawn. “Nobody slept,” she said."
    _, (q,) = quotes(pipeline, text)
    assert q.speaker is None
    assert q.confidence < 0.5


def test_scare_quotes_are_not_quotes(pipeline):
    text = "Moscow calls the incursion a terrorist act and the war a “special military operation.”"
    _, found = quotes(pipeline, text)
    assert all(q.kind != "direct" for q in found)


def test_deterministic(pipeline):
    text = "“We will,” he said, “win.” Peskov said that the talks had stalled."
    first = pipeline.extract(text).to_dict()["quotes"]
    assert first == pipeline.extract(text).to_dict()["quotes"]


# -- gender, continuations, bylines, narration ----------------------------------------------------


def test_she_skips_the_man_mentioned_last(pipeline):
    text = (
        "Maria Lopez spoke to the crowd after Mr. Daniel Brooks left the stage. "
        "“We will not leave this city,” she said."
    )
    ex, (q,) = quotes(pipeline, text)
    assert q.span == (text.index("“We"), text.index(" she said"))
    assert span_text(text, q.speaker_span) == "she"
    assert q.speaker == entity_named(ex, "Maria Lopez")


def test_he_after_the_same_paragraph_is_the_man(pipeline):
    text = (
        "Maria Lopez spoke to the crowd after Mr. Daniel Brooks left the stage. "
        "“We will not leave this city,” he said."
    )
    ex, (q,) = quotes(pipeline, text)
    assert q.speaker == entity_named(ex, "Daniel Brooks")


def test_entity_gender_from_honorific_title_and_first_name():
    from sitroom.model import Entity, Mention
    from sitroom.nlp.speakers import entity_gender

    text = "Mr. Clarke met the spokeswoman Dana Wells and Olena Kovalenko."

    def person(name: str, start: int, titles: list[str] | None = None) -> Entity:
        span = (start, start + len(name))
        return Entity("e", name, "PERSON", span, [Mention(name, span)], titles=titles or [])

    assert entity_gender(person("Clarke", 4), text) == "m"
    assert entity_gender(person("Dana Wells", 31, ["spokeswoman"]), text) == "f"
    assert entity_gender(person("Olena Kovalenko", text.index("Olena")), text) == "f"
    assert entity_gender(person("Xu Wen", 0), text) is None


def test_cueless_paragraph_continues_the_previous_speaker(pipeline):
    text = (
        "“We will rebuild every house,” Governor Alexei Smirnov said.\n\n"
        "“The first families will move back in May.\n\n"
        "“Nobody will be forgotten.”"
    )
    ex, (q1, q2) = quotes(pipeline, text)
    assert q2.span == (text.index("“The first"), len(text))
    assert q2.speaker == q1.speaker == entity_named(ex, "Alexei Smirnov")
    assert q2.confidence < q1.confidence


def test_cueless_quotation_after_narration_takes_the_narrated_subject(pipeline):
    text = (
        "“We will rebuild every house,” Governor Alexei Smirnov said.\n\n"
        "Opposition leader Ana Ruiz disagreed with the governor.\n\n"
        "“This budget leaves our hospitals without money for another year.”"
    )
    ex, (_, q) = quotes(pipeline, text)
    assert q.span == (text.index("“This"), len(text))
    assert span_text(text, q.speaker_span) == "Opposition leader Ana Ruiz"
    assert q.speaker == entity_named(ex, "Ana Ruiz")
    assert q.cue is None and q.confidence < 0.6


def test_quotation_embedded_in_narration_takes_its_subject(pipeline):
    text = (
        "Senator Ana Ruiz attacked the plan as “a budget that leaves our hospitals without money.”"
    )
    ex, (q,) = quotes(pipeline, text)
    assert q.text == "“a budget that leaves our hospitals without money.”"
    assert q.speaker == entity_named(ex, "Ana Ruiz")
    assert q.cue is None


def test_dash_bylines_sign_quotations(pipeline):
    text = (
        "Readers sent us their views.\n\n"
        "“The war has changed everything for my family.” ― Carla Mendes\n\n"
        "“I want my son to come home safely this year.”― Tomas N Herrera.\n\n"
    )
    _, (q1, q2) = quotes(pipeline, text)
    assert (q1.text, span_text(text, q1.speaker_span), q1.cue) == (
        "“The war has changed everything for my family.”",
        "Carla Mendes",
        "―",
    )
    assert q2.text == "“I want my son to come home safely this year.”"
    assert span_text(text, q2.speaker_span) == "Tomas N Herrera"


def test_new_cue_verbs(pipeline):
    text = (
        "“Why is this bank not too big to manage?” Senator Jon Harlow demanded.\n\n"
        "Mayor Ihor Terekhov visited the shelter on Friday.\n\n"
        "He continued, “Every family here will get heating before the winter comes.”"
    )
    ex, (q1, q2) = quotes(pipeline, text)
    assert (q1.text, q1.cue, q1.speaker) == (
        "“Why is this bank not too big to manage?”",
        "demanded",
        entity_named(ex, "Jon Harlow"),
    )
    assert (q2.cue, span_text(text, q2.speaker_span), q2.speaker) == (
        "continued",
        "He",
        entity_named(ex, "Ihor Terekhov"),
    )


def test_participle_cue_takes_the_person_before_it(pipeline):
    text = "The video shows Olena Kovalenko asking, “Who will rebuild our school if not us?”"
    ex, (q,) = quotes(pipeline, text)
    assert (q.text, q.cue) == ("“Who will rebuild our school if not us?”", "asking")
    assert q.speaker == entity_named(ex, "Olena Kovalenko")


def test_phrase_closing_a_sentence_is_not_the_next_speakers(pipeline):
    text = (
        "Ukraine branded the strike “a war crime against civilians.” "
        "Russia insisted that its forces hit only military targets."
    )
    ex, (q1, q2) = quotes(pipeline, text)
    assert (q1.kind, q1.speaker) == ("mixed", entity_named(ex, "Ukraine"))
    assert (q2.text, q2.speaker) == (
        "that its forces hit only military targets",
        entity_named(ex, "Russia"),
    )


def test_reported_speech_over_two_conjoined_clauses(pipeline):
    text = (
        "Governor Vitaliy Kim claimed that the damage was “very limited” "
        "but “nobody can say when power returns.”"
    )
    ex, (q,) = quotes(pipeline, text)
    assert q.kind == "mixed"
    assert q.text == "that the damage was “very limited” but “nobody can say when power returns.”"
    assert q.speaker == entity_named(ex, "Vitaliy Kim")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the parse makes "the regional governor, Oleksandr Prokudin" an apposition of Kherson
        (
            "Three people were killed in shelling in Kherson, the regional governor, "
            "Oleksandr Prokudin, said.",
            "Oleksandr Prokudin",
        ),
        # the parse makes "environment" the subject and "minister" its conjunct
        (
            "Greece will provide 1.9 billion euros in subsidies to help households, the "
            "environment and energy minister announced on Tuesday.",
            "the environment and energy minister",
        ),
    ],
)
def test_speaker_of_a_cue_the_parser_misattaches(pipeline, text: str, speaker: str):
    extraction, found = quotes(pipeline, text)
    [quote] = found
    assert quote.kind == "indirect"
    assert span_text(text, quote.speaker_span) == speaker
    assert [c.claimant_name for c in extraction.claims] == [speaker]


def test_quotation_marks_are_the_documents_languages(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A language whose layer lists « » finds its quotation; English, which does not, none."""
    from sitroom.nlp import lang

    (tmp_path / "attribution.toml").write_text(
        '[quote_marks]\nstraight = []\nopening = ["«"]\nclosing = ["»"]\ndialogue_dashes = []\n',
        encoding="utf-8",
    )
    english_file = lang.language_file

    def language_file(code: str, filename: str):
        return tmp_path / filename if code == "xx" else english_file(code, filename)

    monkeypatch.setattr(lang, "language_file", language_file)
    text = "Le gouverneur a dit : « Nous tiendrons la ville ». Fin."
    start = text.index("«")
    assert quote_segments(text, lang="xx") == [(start, text.index("»") + 1)]
    assert quote_segments(text) == []
