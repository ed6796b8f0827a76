"""The ``sitroom_claims`` component: who claims which figure, of what, about whom, where, when.

For every quantity from ``sitroom_quantities`` it decides

* the **measure** (killed, injured, displaced, territory_area, ...) from the words that govern
  the figure: the counted noun ("deaths", "refugees"), its modifiers ("wounded soldiers"), and
  the verbs and nouns above it in the parse ("killed at least 12 civilians", "control about
  1,000 square kilometres", "gained control of 28 communities"), using ``data/measures.tsv``;
* the **subject**: the people counted ("civilians"), or for territory the force that holds it;
  a bare figure coordinated with a counted one ("12 civilians killed and 121 injured") shares
  its noun;
* the **claimant**: the speaker of the quote or reported speech the figure stands in, the
  source in "according to X", otherwise the outlet;
* the **place** and **time** the sentence ties it to (as_of falls back to publication).

Figures with no measure and no countable unit (distances, percentages, plain numbers) are not
claims.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.gazetteer.actors import country_of
from sitroom.model import Claim, Entity, Quote, TimeRef
from sitroom.nlp.doctext import doc_text
from sitroom.nlp.quantities import PEOPLE_NOUNS, Quantity

if not Doc.has_extension("sitroom_claims"):
    Doc.set_extension("sitroom_claims", default=None)

PROJECTILES = frozenset(
    "drone missile rocket projectile shell bomb shahed uav munition round warhead".split()
)
EQUIPMENT = frozenset(
    """tank vehicle aircraft helicopter plane jet system howitzer gun launcher ship boat
    vessel warship apc ifv truck radar artillery""".split()
)
CARGO = frozenset("tonne ton kilogram kg truck lorry convoy parcel".split())
#: Verbs whose figure is the new value of their subject or object ("the death toll rose to 40",
#: "raised the death toll to 12").
CHANGE_VERBS = frozenset(
    "rise climb reach stand increase jump grow be total exceed hit raise bring push lift".split()
)
#: Kinds of figure that are claims even when no word says what they measure.
COUNTABLE_KINDS = frozenset({"people", "settlements", "area", "projectile", "equipment"})
MAX_PATH = 4
#: How far a passive verb may follow the casualty noun it narrows ("12 casualties, including
#: children and women, were killed").
MAX_SUBJECT_GAP = 8
#: Measures that count people whatever noun the text uses for them.
PEOPLE_MEASURES = frozenset({"killed", "injured", "casualties", "missing", "detained"})
KILL_WORDS = frozenset({"kill", "die", "dead"})
#: Prepositions whose object is the setting of an event, not the people it counts.
SETTING_PREPOSITIONS = frozenset(
    "in at on by near across from during after before within inside into through".split()
)
#: Verbs whose object "lives" makes the figure a death toll.
LIFE_VERBS = frozenset({"claim", "take", "cost", "lose"})
WOUND_WORDS = frozenset({"wound", "injure", "hurt", "injured", "wounded"})
#: People nouns that do not name one person: "a family was killed" is no toll of 1.
GROUP_NOUNS = frozenset("people family crew staff personnel police troop body casualty".split())
#: What "a child was killed" can count: a toll of one needs a verb saying what happened to them.
SINGULAR_MEASURES = frozenset({"killed", "injured", "detained", "missing"})
#: Where a lone person noun stands to be counted: "a soldier died", "kills a civilian".
SINGULAR_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "conj", "appos"})
LENGTH_UNITS = frozenset({"km", "metre", "mile", "foot", "yard"})
#: What people leave when they are displaced ("thousands have left the city").
HOME_WORDS = frozenset(
    """home house country city town village region area district province land
    neighbourhood neighborhood""".split()
)


@dataclass(frozen=True)
class _Trigger:
    measure: str
    kinds: frozenset[str]


@cache
def measure_lexicon() -> dict[str, tuple[_Trigger, ...]]:
    """word -> its triggers, in file order (see data/measures.tsv)."""
    text = resources.files("sitroom.data").joinpath("measures.tsv").read_text(encoding="utf-8")
    lexicon: dict[str, list[_Trigger]] = {}
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        word, measure, kinds = line.split("\t")
        lexicon.setdefault(word, []).append(_Trigger(measure, frozenset(kinds.split(","))))
    return {word: tuple(triggers) for word, triggers in lexicon.items()}


def unit_kind(quantity: Quantity) -> str:
    """Coarse kind of a figure's unit, to choose among a trigger word's measures."""
    unit = quantity.unit
    lemma = quantity.noun.lemma_.lower() if quantity.noun is not None else None
    if unit is None:
        return "none"
    if unit in ("people", "settlements"):
        return unit
    if unit == "km2":
        return "area"
    if unit in LENGTH_UNITS:
        return "distance"  # "detained 20 km from the border": where, not whom
    if unit == "%":
        return "share"  # "kill 100% of revenues": a share, not a count
    if len(unit) == 3 and unit.isupper():
        return "money"
    if lemma in PROJECTILES or (
        quantity.noun is not None
        and any(c.lower_ in ("unmanned", "aerial") for c in quantity.noun.children)
    ):
        return "projectile"
    if lemma in EQUIPMENT:
        return "equipment"
    if lemma in CARGO:
        return "cargo"
    return "other"


def _word_forms(token: Token) -> list[str]:
    forms = [token.lemma_.lower(), token.lower_]
    particle = next(
        (
            c
            for c in token.children
            if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in ("down", "out", "off"))
        ),
        None,
    )
    if particle is not None:
        forms.insert(0, f"{token.lemma_.lower()} {particle.lower_}")
    return forms


def _lookup(token: Token, kind: str) -> str | None:
    lexicon = measure_lexicon()
    for form in _word_forms(token):
        for trigger in lexicon.get(form, ()):
            if kind in trigger.kinds or "*" in trigger.kinds:
                return trigger.measure
    return None


def _measure(quantity: Quantity, kind: str) -> str | None:
    """The measure from the words about the counted noun, then from the words governing the
    figure, then from a verb written just before it.

    A governing word can say more than the noun's own words: "5 casualties killed in
    airstrikes" are dead (``casualties`` narrows to killed or injured), and "mines kill 25
    displaced citizens" counts the dead, not the displaced (what the people were, a modifier,
    yields to their death)."""
    own, source = _own_measure(quantity, kind)
    if own is not None and source == "clause":
        return own
    if own == "casualties" and source == "noun" and quantity.noun is not None:
        return _narrowed_casualties(quantity.noun, kind)
    governing = _governing_measure(quantity, kind)
    if own is not None:
        return "killed" if source == "modifier" and governing == "killed" else own
    return governing or _verb_before(quantity, kind)


def _narrowed_casualties(noun: Token, kind: str) -> str:
    """'5 casualties killed in airstrikes', 'kill 2 casualties', '25 casualties at least were
    killed': killed (or injured) when the verb is on the casualty noun itself (its reduced
    relative clause, the verb it is the object or the close passive subject of); otherwise
    casualties ("15 casualties in shelling")."""
    verbs = [
        c  # not a list of states: "40 casualties, wounded and missing"
        for c in noun.children
        if c.dep_ in ("acl", "relcl") and not any(g.dep_ == "conj" for g in c.children)
    ]
    if noun.dep_ == "dobj" or _close_passive_subject(noun):
        verbs.append(noun.head)
    for verb in verbs:
        if (measure := _lookup(verb, kind)) in ("killed", "injured"):
            return measure
    return "casualties"


def _close_passive_subject(noun: Token) -> bool:
    """Whether the noun is the lone subject of the passive verb after it, close by.
    Telegraphic headlines string verbless phrases together ("8 casualties in shelling and a
    fighter was killed"), so a verb further away, or past another verb or a ';', is not the
    noun's own verb."""
    verb = noun.head
    between = noun.doc[noun.i + 1 : verb.i]
    return (
        noun.dep_ == "nsubjpass"
        and not any(c.dep_ == "conj" for c in noun.children)
        and not any(c.dep_.startswith("nsubj") and c != noun for c in verb.children)
        and len(between) <= MAX_SUBJECT_GAP
        and not any(";" in t.text or (t.pos_ == "VERB" and t.dep_ != "prep") for t in between)
    )


def _own_measure(quantity: Quantity, kind: str) -> tuple[str | None, str | None]:
    """(measure, where it was found: 'noun', 'modifier' or 'clause') from the counted noun, its
    modifiers ("wounded soldiers") and a reduced relative clause on it ("12 civilians killed",
    "11 members from the regime forces killed", "5 citizens and a child killed") or on a bare
    figure ("12 killed by shelling")."""
    noun = quantity.noun
    if noun is None:
        number = quantity.number.root
        for word in _bare_number_words(number):  # "100 dead", "dozens of dead"
            if (measure := _lookup(word, kind)) is not None:
                return measure, "modifier"
        clauses = [c for c in number.children if c.dep_ in ("acl", "relcl")]
    else:
        modifiers = [c for c in noun.children if c.dep_ in ("amod", "compound")]
        for source, tokens in (("noun", [noun]), ("modifier", modifiers)):
            for token in tokens:
                if (measure := _lookup(token, kind)) is not None:
                    return measure, source
        phrase = (*noun.subtree, *(t for c in noun.conjuncts for t in c.subtree))
        clauses = [t for t in phrase if t.dep_ in ("acl", "relcl")]
    for token in clauses:
        if (measure := _lookup(token, kind)) is not None:
            return measure, "clause"
    return None, None


def _bare_number_words(number: Token) -> list[Token]:
    """What a figure without a counted noun says of itself: "more than 100 dead" (an adjective
    on the number), "dozens of dead" (an adjective after "of")."""
    words = [c for c in number.children if c.dep_ == "amod" and c.i > number.i]
    for prep in (c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"):
        words.extend(w for w in prep.children if w.dep_ == "pobj" and w.pos_ == "ADJ")
    return words


def _left_in_state(token: Token, verb: Token) -> list[Token]:
    """'left 12 people dead', 'leaves 8 fighters of a faction dead': the state the figure is
    left in (a complement, or an adjective after the figure that the parser hung elsewhere)."""
    states = [c for c in verb.children if c.dep_ in ("oprd", "acomp")]
    if verb.lemma_.lower() == "leave" and token.dep_ == "dobj":
        states += [t for t in token.subtree if t.i > token.i and t.pos_ == "ADJ"]
    return states


def _lives_lost(token: Token, head: Token) -> bool:
    """'claims the lives of 22 citizens', 'took 28 lives', '620 civilians lost their lives' (but
    in '5 attacks claimed lives' the figure counts the attacks)."""
    lemma = head.lemma_.lower()
    if lemma == "life":
        return _after_life_verb(head)
    if token.lemma_.lower() == "life":
        return lemma in LIFE_VERBS
    return lemma == "lose" and token.dep_ == "nsubj" and _takes_lives(head)


def _after_life_verb(life: Token) -> bool:
    """Whether "lives" is the object of a life verb: its head, or the verb written just before
    it when the parser hung "the lives" elsewhere ("the massacre of X claims the lives of 14
    citizens and thousands ... suffer": "lives" parsed as the subject of "suffer")."""
    if life.head.lemma_.lower() in LIFE_VERBS:
        return True
    before = life.i - 1
    while before >= 0 and life.doc[before].dep_ in ("det", "poss"):
        before -= 1
    return before >= 0 and life.doc[before].lemma_.lower() in LIFE_VERBS


def _takes_lives(verb: Token) -> bool:
    """'claimed the lives', 'lost their lives'."""
    return verb.lemma_.lower() in LIFE_VERBS and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in verb.children
    )


def _governing_measure(quantity: Quantity, kind: str) -> str | None:
    """The measure from the verbs and nouns above the figure in the parse."""
    token = quantity.noun if quantity.noun is not None else quantity.number.root
    for _ in range(MAX_PATH):
        head = token.head
        if head == token or (token.dep_ == "conj" and token.pos_ in ("VERB", "ADJ")):
            break  # "killed 12 and injured 121": a coordinated predicate is another claim
        if _in_setting(quantity, token, head):
            break
        for state in _left_in_state(token, head):
            # "leaving 3 members dead", "left 59 civilians dead": the state, not the verb
            if (measure := _lookup(state, kind)) is not None:
                return measure
        if kind in ("people", "none", "other") and _lives_lost(token, head):
            return "killed"
        measure = _lookup(head, kind) if head.pos_ in ("VERB", "AUX", "ADJ", "NOUN") else None
        if measure is not None and not _left_behind(token, head):
            return measure
        if head.lemma_.lower() == "be":  # "28 communities were under Ukrainian control"
            for prep in (c for c in head.children if c.dep_ == "prep"):
                for word in prep.children:
                    if word.dep_ == "pobj" and (measure := _lookup(word, kind)):
                        return measure
        if head.lemma_.lower() in CHANGE_VERBS:
            # "the death toll rose to 40", "shelling raised the death toll to 12 persons"
            arguments = sorted(  # the object first: "casualties raise the death toll to 12"
                (c for c in head.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")),
                key=lambda c: c.dep_ != "dobj",
            )
            for argument in arguments:
                if token in argument.subtree:
                    continue
                for word in argument.subtree:
                    if kind in ("people", "none", "other") and _takes_lives(word):
                        return "killed"  # "the number of people who lost their lives"
                    if (measure := _lookup(word, kind)) is not None:
                        return measure
        if head.pos_ in ("VERB", "AUX") and head.dep_ not in ("conj", "xcomp", "acl", "relcl"):
            break
        token = head
    return None


def _left_behind(token: Token, verb: Token) -> bool:
    """'leaving 30 people out of work', '5,000 families were left without power', 'the two
    were leaving a party': not displacement. People are displaced by "leave" only when they
    are its subject and leave a home or a place ("thousands have left the city")."""
    if verb.lemma_.lower() != "leave":
        return False
    if token.dep_ != "nsubj":
        return True
    left = [c for c in verb.children if c.dep_ == "dobj"]
    return any(
        c.lemma_.lower() not in HOME_WORDS and c.ent_type_ not in ("GPE", "LOC") for c in left
    )


def _in_setting(quantity: Quantity, token: Token, head: Token) -> bool:
    """'killed in 2 attacks', 'executions in 4 provinces': a counted noun after a setting
    preposition is where or how, not whom. A bare figure there is a misparse ("after more than
    520 were killed"), and a preposition inside the figure's span is its hedge ("At Least 7")."""
    return (
        quantity.noun is not None
        and token.dep_ == "pobj"
        and head.lower_ in SETTING_PREPOSITIONS
        and not quantity.span.start <= head.i < quantity.span.end
    )


def _verb_before(quantity: Quantity, kind: str) -> str | None:
    """A people measure from the word just before the figure (or its hedge), when the parse
    did not link them: headlines such as "Explosion in an arsenal kills at least 12 of ..."
    parse "kills" as a noun. A death or wound word directly followed by a count is its verb."""
    start = quantity.span.start
    if start == 0:
        return None
    measure = _lookup(quantity.span.doc[start - 1], kind)
    return measure if measure in PEOPLE_MEASURES else None


def _singular_people(doc: Doc, counted: set[int]) -> list[Quantity]:
    """Lone people written with an article or as a bare noun ("a child was killed", "kills a
    civilian", headlines' "Soldier dies of wounds"): each is a figure of 1 spanning the noun
    phrase. Nouns a quantity already counts, plurals, groups and names are left out."""
    found = []
    for noun in doc:
        if noun.i in counted or noun.tag_ != "NN" or noun.ent_type_:
            continue
        if noun.lower_ not in PEOPLE_NOUNS or noun.lower_ in GROUP_NOUNS:
            continue
        determiners = [c for c in noun.children if c.dep_ in ("det", "poss", "nummod", "predet")]
        if determiners and (len(determiners) > 1 or determiners[0].lower_ not in ("a", "an")):
            continue
        if not determiners and noun.dep_ not in SINGULAR_DEPS - {"conj", "appos"}:
            continue  # "a journalist and political activist": one person
        start = noun.left_edge.i
        if any(t.lower_ in ("not", "no", "never") for t in doc[max(start - 1, 0) : noun.i]):
            continue  # "not a single soldier was killed"
        span = doc[start : noun.i + 1]
        found.append(Quantity(span, span[:1], 1.0, 1.0, 1.0, "exactly", "people", noun))
    return found


def _singular_measure(quantity: Quantity) -> str | None:
    """What happened to one person: a verb on the noun ("a child killed in shelling", "a man
    who was detained"), above it ("a journalist was detained", "kills a man and his wife"), or
    the noun it is "of" ("the death of a child"); never the noun's own words ("a wounded
    soldier told reporters" is no claim) nor a verb the person did ("a soldier killed 3
    people", "a man who shot 2 police")."""
    noun = quantity.noun
    assert noun is not None
    clauses = [
        c
        for c in noun.children
        if c.dep_ == "acl" or (c.dep_ == "relcl" and not any(d.dep_ == "dobj" for d in c.children))
    ]
    measure = next((m for c in clauses if (m := _lookup(c, "people")) is not None), None)
    slot = _person_slot(noun) if measure is None else None
    if slot is not None and slot.dep_ == "pobj":
        measure = _lookup(slot.head.head, "people")
    elif slot is not None and not _does_or_denies(slot):
        slot_figure = replace(quantity, noun=slot)
        measure = _governing_measure(slot_figure, "people") or _verb_before(quantity, "people")
    return measure if measure in SINGULAR_MEASURES else None


def _person_slot(noun: Token) -> Token | None:
    """The phrase a lone person stands in for the verb or noun that says what happened: the
    noun itself as a subject or object, "of" a noun ("the death of a child", not "the father
    of an activist"), or that of the name it describes ("Losev, a volunteer soldier, was
    killed") or the first item of its list ("kill two women, a child and two men"). A list
    item after a measure word is another item ("6 injuries and a man died")."""
    if noun.dep_ in ("appos", "conj"):
        if _lookup(noun.head, "people") is not None:
            return None
        return _person_slot(noun.head)
    if noun.dep_ in SINGULAR_DEPS:
        return noun
    of = noun.head
    if noun.dep_ == "pobj" and of.lower_ == "of" and _lookup(of.head, "people") is not None:
        return noun
    return None


def _does_or_denies(noun: Token) -> bool:
    """'a soldier killed 3 people' (the subject of a verb with an object does it), 'a man was
    not hurt'."""
    verb = noun.head
    agent = noun.dep_ == "nsubj" and any(c.dep_ == "dobj" for c in verb.children)
    return agent or any(c.dep_ == "neg" for c in verb.children)


def _killed_and_wounded(quantity: Quantity) -> bool:
    """'kill and wound dozens', '46 killed and injured': one figure for both is casualties.
    Only adjacent pairs count: in '12 killed and 121 injured' each figure has its own verb."""
    sentence = list(quantity.span.sent)
    for left, conjunction, right in zip(sentence, sentence[1:], sentence[2:], strict=False):
        if conjunction.lower_ not in ("and", "or"):
            continue
        pair = {left.lemma_.lower(), right.lemma_.lower()}
        if pair & KILL_WORDS and pair & WOUND_WORDS:
            return True
    return False


def _noun_phrase(noun: Token) -> str:
    """The counted noun with its adjectives and compounds: 'Ukrainian soldiers'."""
    left = [
        c
        for c in noun.children
        if c.i < noun.i and c.dep_ in ("amod", "compound") and not (c.like_num or c.is_punct)
    ]
    start = min([noun.i, *(c.i for c in left)])
    return noun.doc[start : noun.i + 1].text


def _agent(quantity: Quantity) -> Span | None:
    """For territory: who controls or took it (the subject of the governing verb)."""
    token = quantity.noun if quantity.noun is not None else quantity.number.root
    for _ in range(MAX_PATH):
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is None and token.dep_ == "conj":
                subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject.doc[subject.left_edge.i : subject.i + 1]
            return None
    return None


def _controller(quantity: Quantity, entities: list[Entity]) -> str | None:
    """Who holds the territory: the subject of "control/take", or the side in "under
    Ukrainian control"; a FORCE entity's name when one is meant."""
    agent = _agent(quantity)
    if agent is not None and not (agent.start <= quantity.number.start < agent.end):
        force = _entity_over(entities, agent)
        return force.name if force is not None and force.kind == "FORCE" else agent.text
    for token in quantity.span.sent:
        if token.lemma_.lower() == "control":
            for child in token.children:
                country = country_of(child.text) if child.dep_ in ("amod", "poss") else None
                if country is not None:
                    forces = [e for e in entities if e.kind == "FORCE" and e.affiliation == country]
                    return forces[0].name if forces else f"{child.text} forces"
    return None


def _entity_over(entities: list[Entity], span: Span) -> Entity | None:
    for entity in entities:
        for mention in entity.mentions:
            if mention.span[0] < span.end_char and span.start_char < mention.span[1]:
                return entity
    return None


def _extension(doc: Doc, name: str):
    """What an upstream component stored on the Doc; None when it is not in this pipeline
    (components can be disabled or replaced)."""
    return getattr(doc._, name) if Doc.has_extension(name) else None


def _place_mentions(doc: Doc, entities: list[Entity]) -> list[tuple[int, str, bool]]:
    """(start char, name, is a country) of every place mention: resolved places from the
    places component when it ran, and GPE/LOC entities; possessors are left out."""
    found = []
    for place in _extension(doc, "sitroom_places") or []:
        for mention in place.mentions:
            found.append((*mention.span, place.name, place.feature == "country"))
    for entity in entities:
        if entity.kind in ("GPE", "LOC"):
            for mention in entity.mentions:
                found.append((*mention.span, entity.name, country_of(entity.name) is not None))
    # "Russia's Health Ministry", "Ukraine's top commander": a possessor, not where it happened
    return [
        (start, name, country)
        for start, end, name, country in found
        if doc_text(doc)[end : end + 2] not in ("'s", "’s")
    ]


def _place(quantity: Quantity, sentence: Span, places: list[tuple[int, str, bool]]) -> str | None:
    """The most specific place named in the sentence, the closest to the figure first."""
    anchor = quantity.span.start_char
    in_sentence = [p for p in places if sentence.start_char <= p[0] < sentence.end_char]
    if not in_sentence:
        return None
    in_sentence.sort(key=lambda p: (p[2], abs(p[0] - anchor)))
    return in_sentence[0][1]


def _as_of(sentence: Span, times: list[TimeRef], published: str | None) -> str | None:
    for time in times:
        in_sentence = sentence.start_char <= time.span[0] < sentence.end_char
        dated = bool(time.value) and time.value[:1].isdigit()  # not PRESENT_REF, PAST_REF
        if in_sentence and dated and time.kind not in ("duration", "set"):
            return time.value
    return published


def _according_to(sentence: Span, entities: list[Entity]) -> tuple[Entity | None, str | None]:
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < sentence.end:
            to = token.doc[token.i + 1]
            if to.lower_ == "to":
                objects = [c for c in to.children if c.dep_ == "pobj"]
                if objects:
                    phrase = token.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1]
                    return _entity_over(entities, phrase), phrase.text
    return None, None


def _claimant(
    quantity: Quantity,
    sentence: Span,
    quotes: list[Quote],
    entities: list[Entity],
    outlet: str | None,
) -> tuple[str | None, str | None, str | None]:
    """(entity id, name, quote id) of whoever the figure is attributed to."""
    start = quantity.span.start_char
    for quote in quotes:
        if quote.span[0] <= start < quote.span[1]:
            if quote.speaker is not None:
                try:
                    name = next(e.name for e in entities if e.id == quote.speaker)
                except StopIteration:
                    name = None
                return quote.speaker, name, quote.id
            doc = sentence.doc
            written = (
                doc_text(doc)[quote.speaker_span[0] : quote.speaker_span[1]]
                if quote.speaker_span
                else None
            )
            return None, written, quote.id
    entity, written = _according_to(sentence, entities)
    if written is not None:
        return (entity.id if entity else None), (entity.name if entity else written), None
    return None, outlet, None


def _trimmed(sentence: Span) -> Span:
    """The sentence without the paragraph break spaCy attaches to its end."""
    end = sentence.end
    while end > sentence.start + 1 and sentence.doc[end - 1].is_space:
        end -= 1
    return sentence.doc[sentence.start : end]


class ClaimExtractor:
    """Turns the quantities of a Doc into Claims (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        quantities: list[Quantity] = doc._.sitroom_quantities or []
        entities: list[Entity] = _extension(doc, "sitroom_entities") or []
        quotes: list[Quote] = _extension(doc, "sitroom_quotes") or []
        times: list[TimeRef] = _extension(doc, "sitroom_times") or []
        document = _extension(doc, "sitroom_document")
        outlet = document.outlet if document is not None else None
        published = document.published if document is not None else None

        places = _place_mentions(doc, entities)
        singles = _singular_people(doc, {q.noun.i for q in quantities if q.noun is not None})
        single_ids = {id(q) for q in singles}
        claims: list[Claim] = []
        previous: tuple[Quantity, str | None] | None = None  # last counted figure in sentence
        for quantity in sorted([*quantities, *singles], key=lambda q: q.span.start):
            relevance = _extension(doc, "sitroom_relevance")  # None: not in the pipeline
            if relevance is not None and not relevance.covers(quantity.span):
                continue  # not a sentence of conflict news (nlp/relevance.py): no claim
            sentence = _trimmed(quantity.span.sent)
            if previous is not None and previous[0].span.sent.start != sentence.start:
                previous = None
            kind = unit_kind(quantity)
            unit = quantity.unit  # the claim's unit; the Quantity itself stays as read
            measured = _noun_phrase(quantity.noun) if quantity.noun is not None else None
            if kind == "none" and previous is not None:
                # "12 civilians were killed and 121 injured": the bare figure shares the noun
                kind, measured, unit = unit_kind(previous[0]), previous[1], previous[0].unit
            single = id(quantity) in single_ids
            if single:
                measure = _singular_measure(quantity)
                article = quantity.span[0].lower_ in ("a", "an")
                measured = (quantity.span[1:] if article else quantity.span).text
            else:
                measure = _measure(quantity, kind) or ("other" if kind in COUNTABLE_KINDS else None)
            if measure in PEOPLE_MEASURES and kind == "other":
                unit = "people"  # "14 rebels killed": whoever is killed are people
            if measure in ("killed", "injured") and _killed_and_wounded(quantity):
                measure = "casualties"
            if quantity.noun is not None and not single:  # "a child killed and 3 injured"
                previous = (quantity, measured)
            if measure is None:
                continue
            subject = measured
            if measure in ("territory_area", "settlements"):
                subject = _controller(quantity, entities) or subject
            claimant, claimant_name, quote = _claimant(quantity, sentence, quotes, entities, outlet)
            claims.append(
                Claim(
                    id=f"c{len(claims) + 1}",
                    measure=measure,
                    text=quantity.span.text,
                    span=(quantity.span.start_char, quantity.span.end_char),
                    sentence_span=(sentence.start_char, sentence.end_char),
                    value=quantity.value,
                    low=quantity.low,
                    high=quantity.high,
                    unit=unit,
                    hedge=quantity.hedge,
                    measured=measured,
                    subject=subject,
                    place=_place(quantity, sentence, places),
                    claimant=claimant,
                    claimant_name=claimant_name,
                    quote=quote,
                    as_of=_as_of(sentence, times, published),
                    original_value=quantity.original_value,
                    original_unit=quantity.original_unit,
                )
            )
        doc._.sitroom_claims = claims
        return doc


@Language.factory("sitroom_claims")
def make_claim_extractor(nlp: Language, name: str) -> ClaimExtractor:
    return ClaimExtractor()
