"""What a figure counts: its measure (killed, injured, displaced, territory_area, ...).

The measure comes from the words that govern the figure: the counted noun ("deaths",
"refugees"), its modifiers ("wounded soldiers"), and the verbs and nouns above it in the parse
("killed at least 12 civilians", "control about 1,000 square kilometres", "gained control of
28 communities"), using ``nlp/lang/en/measures.tsv``. Lone people written with an article ("a child
was killed") are figures of one here; whether they become claims is the claims component's
decision.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Token

from sitroom.nlp.lang import language_file, lexicon
from sitroom.nlp.numbers import words as number_words
from sitroom.nlp.quantities import Quantity
from sitroom.nlp.quantities import words as quantity_words
from sitroom.nlp.syntax import DEP


@dataclass(frozen=True)
class Words:
    """The words of measures in one language (lang/<code>/figures.toml [measures])."""

    #: What a figure of things is (lemmas of its noun): projectiles, equipment or cargo.
    projectiles: frozenset[str]
    equipment: frozenset[str]
    cargo: frozenset[str]
    #: Animals: their figures are no toll of people.
    animal_nouns: frozenset[str]
    #: Verbs whose figure is the new value of their subject or object ("the death toll rose to
    #: 40", "raised the death toll to 12").
    change_verbs: frozenset[str]
    #: Verbs that say what happened through their object ("sustained injuries", "took shelter").
    light_verbs: frozenset[str]
    #: Verbs whose figure is what something is made of or can do, not what happened: "a group
    #: normally comprises 1,000 troops", "the gun can fire 5,000 rounds".
    defining_verbs: frozenset[str]
    hypothetical_aux: frozenset[str]
    intention_words: frozenset[str]
    sentencing_verbs: frozenset[str]
    #: Nouns of how many live somewhere ("a population of 40 million").
    population_words: frozenset[str]
    kill_words: frozenset[str]
    #: Prepositions whose object is the setting of an event, not the people it counts.
    setting_prepositions: frozenset[str]
    #: Verbs whose object "lives" makes the figure a death toll.
    life_verbs: frozenset[str]
    wound_words: frozenset[str]
    capture_words: frozenset[str]
    #: People nouns that do not name one person: "a family was killed" is no toll of 1.
    group_nouns: frozenset[str]
    #: Units of length, by the name a quantity's unit has.
    length_units: frozenset[str]
    #: What people leave when they are displaced ("thousands have left the city").
    home_words: frozenset[str]
    #: Nouns that count what their genitive names ("12 units of equipment").
    counting_nouns: frozenset[str]
    #: Words on a noun that make its figure projectiles ("unmanned aerial vehicles").
    projectile_modifiers: frozenset[str]
    #: Adverbs completing a verb ("shot down").
    verb_particles: frozenset[str]
    #: Conjunctions of a condition: what could happen, not what did ("if", "unless").
    conditional_markers: frozenset[str]
    infinitive_markers: frozenset[str]
    #: Prepositions of a sentence ("sentenced to death").
    sentencing_prepositions: frozenset[str]
    coordinators: frozenset[str]
    copulas: frozenset[str]
    #: "claimed the lives of 14", "12 people lost their lives".
    life_nouns: frozenset[str]
    losing_verbs: frozenset[str]
    #: "left 12 people dead", "thousands have left the city".
    leaving_verbs: frozenset[str]
    #: "<word> <preposition>" before a place's population ("home to 20,000 people").
    population_phrases: frozenset[str]
    #: Nouns of control of territory ("under Ukrainian control"), and how the forces of the
    #: side are named ("{side} forces").
    control_nouns: frozenset[str]
    side_forces: str


@cache
def words(lang: str) -> Words:
    """The words of measures in ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "figures")["measures"]
    return Words(
        projectiles=frozenset(lists["projectiles"]),
        equipment=frozenset(lists["equipment"]),
        cargo=frozenset(lists["cargo"]),
        animal_nouns=frozenset(lists["animal_nouns"]),
        change_verbs=frozenset(lists["change_verbs"]),
        light_verbs=frozenset(lists["light_verbs"]),
        defining_verbs=frozenset(lists["defining_verbs"]),
        hypothetical_aux=frozenset(lists["hypothetical_aux"]),
        intention_words=frozenset(lists["intention_words"]),
        sentencing_verbs=frozenset(lists["sentencing_verbs"]),
        population_words=frozenset(lists["population_words"]),
        kill_words=frozenset(lists["kill_words"]),
        setting_prepositions=frozenset(lists["setting_prepositions"]),
        life_verbs=frozenset(lists["life_verbs"]),
        wound_words=frozenset(lists["wound_words"]),
        capture_words=frozenset(lists["capture_words"]),
        group_nouns=frozenset(lists["group_nouns"]),
        length_units=frozenset(lists["length_units"]),
        home_words=frozenset(lists["home_words"]),
        counting_nouns=frozenset(lists["counting_nouns"]),
        projectile_modifiers=frozenset(lists["projectile_modifiers"]),
        verb_particles=frozenset(lists["verb_particles"]),
        conditional_markers=frozenset(lists["conditional_markers"]),
        infinitive_markers=frozenset(lists["infinitive_markers"]),
        sentencing_prepositions=frozenset(lists["sentencing_prepositions"]),
        coordinators=frozenset(lists["coordinators"]),
        copulas=frozenset(lists["copulas"]),
        life_nouns=frozenset(lists["life_nouns"]),
        losing_verbs=frozenset(lists["losing_verbs"]),
        leaving_verbs=frozenset(lists["leaving_verbs"]),
        population_phrases=frozenset(lists["population_phrases"]),
        control_nouns=frozenset(lists["control_nouns"]),
        side_forces=lists["side_forces"],
    )


def _genitive(token: Token) -> bool:
    """A preposition of a part or an owner ("of")."""
    return token.lower_ in number_words(token.doc.lang_).genitive_prepositions


#: What people can be made to do that a figure counts ("were forced to flee").
PEOPLE_FLOWS = frozenset({"displaced", "evacuated"})
#: Kinds of figure an aid context makes aid: money and the items of a package.
AID_KINDS = frozenset({"money", "cargo", "equipment", "projectile"})
MAX_PATH = 4
#: How far a passive verb may follow the casualty noun it narrows ("12 casualties, including
#: children and women, were killed").
MAX_SUBJECT_GAP = 8
#: Measures that count people whatever noun the text uses for them.
PEOPLE_MEASURES = frozenset({"killed", "injured", "casualties", "missing", "detained"})
#: What "a child was killed" can count: a toll of one needs a verb saying what happened to them.
SINGULAR_MEASURES = frozenset({"killed", "injured", "detained", "missing"})
#: Where a lone person noun stands to be counted: "a soldier died", "kills a civilian".
SINGULAR_DEPS = DEP.subject | DEP.passive_subject | DEP.object | DEP.conjunct | DEP.appositive
_ARGUMENT_DEPS = DEP.object | DEP.subject | DEP.passive_subject
_CLAUSE_DEPS = DEP.clausal_modifier | DEP.relative_clause
_STATE_DEPS = DEP.object_predicate | DEP.adjective_complement
_OWNER_DEPS = DEP.determiner | DEP.possessive
_AUXILIARY_DEPS = DEP.auxiliary | DEP.passive_auxiliary
_CHAINED_DEPS = DEP.conjunct | DEP.open_complement | DEP.clausal_modifier | DEP.relative_clause
_COMPLEMENT_DEPS = DEP.adjective_complement | DEP.attribute | DEP.open_complement
_ARTICLE_DEPS = DEP.determiner | DEP.possessive | DEP.numeric_modifier | DEP.predeterminer
_LISTED_DEPS = DEP.appositive | DEP.conjunct


@dataclass(frozen=True)
class _Trigger:
    measure: str
    kinds: frozenset[str]


@cache
def measure_lexicon(lang: str) -> dict[str, tuple[_Trigger, ...]]:
    """word -> its triggers in ``lang``, in file order (see nlp/lang/en/measures.tsv)."""
    text = language_file(lang, "measures.tsv").read_text(encoding="utf-8")
    lexicon: dict[str, list[_Trigger]] = {}
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        word, measure, kinds = line.split("\t")
        lexicon.setdefault(word, []).append(_Trigger(measure, frozenset(kinds.split(","))))
    return {word: tuple(triggers) for word, triggers in lexicon.items()}


def unit_kind(quantity: Quantity) -> str:
    """Coarse kind of a figure's unit, to choose among a trigger word's measures."""
    w = words(quantity.span.doc.lang_)
    unit = quantity.unit
    lemma = quantity.noun.lemma_.lower() if quantity.noun is not None else None
    if lemma in w.counting_nouns and quantity.noun is not None:  # "12 units of equipment"
        of = [p for c in quantity.noun.children if _genitive(c) for p in c.children]
        lemma = of[0].lemma_.lower() if of else lemma
    if unit is None:
        return "none"
    if unit in ("people", "settlements"):
        return unit
    if unit == "km2":
        return "area"
    if unit in w.length_units:
        return "distance"  # "detained 20 km from the border": where, not whom
    if unit == "%":
        return "share"  # "kill 100% of revenues": a share, not a count
    if len(unit) == 3 and unit.isupper():
        return "money"
    if lemma in w.projectiles or (
        quantity.noun is not None
        and any(c.lower_ in w.projectile_modifiers for c in quantity.noun.children)
    ):
        return "projectile"
    if lemma in w.equipment:
        return "equipment"
    if lemma in w.cargo:
        return "cargo"
    if lemma in w.animal_nouns:
        return "animal"
    return "other"


def _word_forms(token: Token) -> list[str]:
    w = words(token.doc.lang_)
    forms = [token.lemma_.lower(), token.lower_]
    particle = next(
        (
            c
            for c in token.children
            if c.dep_ in DEP.particle
            or (c.dep_ in DEP.adverb_modifier and c.lower_ in w.verb_particles)
        ),
        None,
    )
    if particle is not None:
        forms.insert(0, f"{token.lemma_.lower()} {particle.lower_}")
    return forms


def _lookup(token: Token, kind: str) -> str | None:
    lexicon = measure_lexicon(token.doc.lang_)
    for form in _word_forms(token):
        for trigger in lexicon.get(form, ()):
            if kind in trigger.kinds or "*" in trigger.kinds:
                return trigger.measure
    return None


def measure_of(quantity: Quantity, kind: str) -> str | None:
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


def classify(quantity: Quantity, kind: str) -> str | None:
    """The measure of a figure, or None when it is no claim: the measure its words give
    (:func:`measure_of`); otherwise troops for a figure of soldiers or units, aid for money or
    items where aid is the subject; nothing for a figure in a condition or a capability ("if
    one soldier crosses", "can fire 5,000 rounds"), a population ("a town of 3,500 people"),
    trade and sanctions, or one that nothing says happened to; "other" for a plan, a pledge or
    a figure on a condition."""
    if _hypothetical(quantity) or _population(quantity):
        return None
    measure = measure_of(quantity, kind)
    if measure not in (None, "aid_amount") and _not_yet(quantity):
        return "other"  # a plan, a pledge, a condition: a conflict count, not what happened
    if measure is None and kind in ("people", "other") and _counts_troops(quantity):
        measure = "troops"
    if measure is None and kind in AID_KINDS and _aid_context(quantity):
        measure = "aid_amount"
    if measure in ("aid_amount", "other") and _economic(quantity):
        return None  # "sanctions targeting £1.7bn of trade"
    return measure


def _clause_verb(quantity: Quantity) -> Token | None:
    """The verb of the clause the figure stands in."""
    token = quantity.noun if quantity.noun is not None else quantity.number.root
    for ancestor in (token, *token.ancestors):
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return None


def _hypothetical(quantity: Quantity) -> bool:
    w = words(quantity.span.doc.lang_)
    token = quantity.noun if quantity.noun is not None else quantity.number.root
    for ancestor in (token, *token.ancestors):
        if ancestor.dep_ in DEP.adverbial_clause and any(
            c.dep_ in DEP.marker and c.lower_ in w.conditional_markers for c in ancestor.children
        ):
            return True
    verb = _clause_verb(quantity)
    return verb is not None and any(
        c.dep_ in DEP.auxiliary and c.lower_ in w.hypothetical_aux for c in verb.children
    )


def _not_yet(quantity: Quantity) -> bool:
    """A figure of what someone plans, pledges or expects, or of what happens on a condition
    ("plans to evacuate 5,000", "pledged to take in 50,000 refugees", "will take in up to a
    million refugees if Russia invades"): the conventions count it as another conflict
    figure (a quota, a plan), not as people evacuated or displaced. Aid is counted when it is
    pledged, so an aid figure stays aid."""
    verb = _clause_verb(quantity)
    if verb is None:
        return False
    return _intended(verb, words(quantity.span.doc.lang_)) or _on_condition(verb)


def _on_condition(verb: Token) -> bool:
    """The figure's clause, or a clause it is the complement of, holds on a condition ("has
    braced itself to receive up to a million refugees if Russia invades")."""
    w = words(verb.doc.lang_)
    for clause in (verb, *(a for a in verb.ancestors if a.pos_ in ("VERB", "AUX"))):
        if any(
            c.dep_ in DEP.adverbial_clause
            and any(m.dep_ in DEP.marker and m.lower_ in w.conditional_markers for m in c.children)
            for c in clause.children
        ):
            return True
        if clause.dep_ not in DEP.open_complement:
            return False
    return False


def _intended(verb: Token, w: Words) -> bool:
    """The verb is an infinitive of an aim, a plan or a forecast ("plans to evacuate 5,000",
    "an operation to destroy the city and displace millions"): through its conjuncts to the
    first verb, which has "to" and stands under a word of intention. A purpose alone is not
    enough: "it took a deal to get the $61bn package through" tells that it went through."""
    first = verb
    while first.dep_ in DEP.conjunct and first.head.pos_ in ("VERB", "AUX"):
        first = first.head
    infinitive = any(
        c.dep_ in DEP.auxiliary and c.lower_ in w.infinitive_markers for c in first.children
    )
    return infinitive and first.head.lemma_.lower() in w.intention_words


def _population(quantity: Quantity) -> bool:
    """'a town of about 3,500 people', 'the city of some 1.8 million', 'a population of 40
    million', 'home to 20,000 people', "the city's four million population": how many live
    somewhere, a base and not a claim."""
    lang = quantity.span.doc.lang_
    w = words(lang)
    token = quantity.noun if quantity.noun is not None else quantity.number.root
    if token.lemma_.lower() in w.population_words:
        return True
    if token.dep_ in DEP.prep_object:
        preposition = token.head
        owner = preposition.head
        if _genitive(preposition) and (
            owner.lemma_.lower() in w.population_words | quantity_words(lang).settlement_nouns
            or owner.ent_type_ in ("GPE", "LOC")
        ):
            return True
        return f"{owner.lower_} {preposition.lower_}" in w.population_phrases
    return False


@cache
def economic_words(lang: str) -> dict[str, frozenset[str]]:
    """'sentence' and 'phrase' -> lemmas of economic measures in ``lang``
    (nlp/lang/en/economic_words.txt)."""
    text = language_file(lang, "economic_words.txt").read_text("utf-8")
    found: dict[str, set[str]] = {"sentence": set(), "phrase": set()}
    for line in text.split("\n"):
        if line and not line.startswith("#"):
            scope, word = line.split("\t")
            found[scope].add(word)
    return {scope: frozenset(words) for scope, words in found.items()}


def _economic(quantity: Quantity) -> bool:
    words = economic_words(quantity.span.doc.lang_)
    if any(t.lemma_.lower() in words["sentence"] for t in quantity.span.sent):
        return True
    token = quantity.noun if quantity.noun is not None else quantity.number.root
    return any(t.lemma_.lower() in words["phrase"] for t in token.subtree)


@cache
def troop_nouns(lang: str) -> frozenset[str]:
    """Lemmas of nouns that count military personnel or units in ``lang``
    (nlp/lang/en/troop_nouns.txt)."""
    text = language_file(lang, "troop_nouns.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.split("\n") if line.strip() and not line.startswith("#")
    )


def _counts_troops(quantity: Quantity) -> bool:
    """'150,000 soldiers massed at the border', 'up to 22 battalion tactical groups'; not a
    definition ("a battalion normally comprises 1,000 troops")."""
    noun = quantity.noun
    if noun is None:
        return False
    lang = noun.doc.lang_
    troops = troop_nouns(lang)
    pieces = [noun, *(c for c in noun.children if c.dep_ in DEP.noun_piece)]
    if not any(piece.lemma_.lower() in troops for piece in pieces):
        return False
    verb = _clause_verb(quantity)
    defining = {noun.head.lemma_.lower(), verb.lemma_.lower() if verb is not None else ""}
    return not (defining & words(lang).defining_verbs)


def _aid_context(quantity: Quantity) -> bool:
    """Whether aid is what the figure's sentence, or the one before it, is about ("The package
    includes 850 drones"; "Washington approved $500m. These include 18 howitzers ...")."""
    sentence = quantity.span.sent
    sentences = [sentence]
    if sentence.start > 0:  # a paragraph of news is often one sentence: across a break too
        sentences.append(sentence.doc[sentence.start - 1].sent)
    return any(_lookup(token, "money") == "aid_amount" for s in sentences for token in s)


def _narrowed_casualties(noun: Token, kind: str) -> str:
    """'5 casualties killed in airstrikes', 'kill 2 casualties', '25 casualties at least were
    killed': killed (or injured) when the verb is on the casualty noun itself (its reduced
    relative clause, the verb it is the object or the close passive subject of); otherwise
    casualties ("15 casualties in shelling")."""
    verbs = [
        c  # not a list of states: "40 casualties, wounded and missing"
        for c in noun.children
        if c.dep_ in _CLAUSE_DEPS and not any(g.dep_ in DEP.conjunct for g in c.children)
    ]
    if noun.dep_ in DEP.object or _close_passive_subject(noun):
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
        noun.dep_ in DEP.passive_subject
        and not any(c.dep_ in DEP.conjunct for c in noun.children)
        and not any(c.dep_ in DEP.any_subject and c != noun for c in verb.children)
        and len(between) <= MAX_SUBJECT_GAP
        and not any(
            ";" in t.text or (t.pos_ == "VERB" and t.dep_ not in DEP.preposition) for t in between
        )
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
        clauses = [c for c in number.children if c.dep_ in _CLAUSE_DEPS]
    else:
        modifiers = [c for c in noun.children if c.dep_ in DEP.attributive]
        for source, tokens in (("noun", [noun]), ("modifier", modifiers)):
            for token in tokens:
                if (measure := _lookup(token, kind)) is not None:
                    return measure, source
        phrase = (*noun.subtree, *(t for c in noun.conjuncts for t in c.subtree))
        clauses = [t for t in phrase if t.dep_ in _CLAUSE_DEPS]
    for token in clauses:
        if (measure := _lookup(token, kind)) is not None:
            return measure, "clause"
    return None, None


def _bare_number_words(number: Token) -> list[Token]:
    """What a figure without a counted noun says of itself: "more than 100 dead" (an adjective
    on the number), "dozens of dead" (an adjective after "of")."""
    words = [c for c in number.children if c.dep_ in DEP.adjective_modifier and c.i > number.i]
    for prep in (c for c in number.children if c.dep_ in DEP.preposition and _genitive(c)):
        words.extend(w for w in prep.children if w.dep_ in DEP.prep_object and w.pos_ == "ADJ")
    return words


def _left_in_state(token: Token, verb: Token) -> list[Token]:
    """'left 12 people dead', 'leaves 8 fighters of a faction dead': the state the figure is
    left in (a complement, or an adjective after the figure that the parser hung elsewhere)."""
    states = [c for c in verb.children if c.dep_ in _STATE_DEPS]
    if verb.lemma_.lower() in words(verb.doc.lang_).leaving_verbs and token.dep_ in DEP.object:
        states += [t for t in token.subtree if t.i > token.i and t.pos_ == "ADJ"]
    return states


def _lives_lost(token: Token, head: Token) -> bool:
    """'claims the lives of 22 citizens', 'took 28 lives', '620 civilians lost their lives' (but
    in '5 attacks claimed lives' the figure counts the attacks)."""
    w = words(token.doc.lang_)
    lemma = head.lemma_.lower()
    if lemma in w.life_nouns:
        return _after_life_verb(head)
    if token.lemma_.lower() in w.life_nouns:
        return lemma in w.life_verbs
    return lemma in w.losing_verbs and token.dep_ in DEP.subject and _takes_lives(head)


def _after_life_verb(life: Token) -> bool:
    """Whether "lives" is the object of a life verb: its head, or the verb written just before
    it when the parser hung "the lives" elsewhere ("the massacre of X claims the lives of 14
    citizens and thousands ... suffer": "lives" parsed as the subject of "suffer")."""
    w = words(life.doc.lang_)
    if life.head.lemma_.lower() in w.life_verbs:
        return True
    before = life.i - 1
    while before >= 0 and life.doc[before].dep_ in _OWNER_DEPS:
        before -= 1
    return before >= 0 and life.doc[before].lemma_.lower() in w.life_verbs


def _takes_lives(verb: Token) -> bool:
    """'claimed the lives', 'lost their lives'."""
    w = words(verb.doc.lang_)
    return verb.lemma_.lower() in w.life_verbs and any(
        c.dep_ in DEP.object and c.lemma_.lower() in w.life_nouns for c in verb.children
    )


def _governing_measure(quantity: Quantity, kind: str) -> str | None:
    """The measure from the verbs and nouns above the figure in the parse."""
    w = words(quantity.span.doc.lang_)
    token = quantity.noun if quantity.noun is not None else quantity.number.root
    for _ in range(MAX_PATH):
        head = token.head
        if head.dep_ in _AUXILIARY_DEPS and head.head != head:
            head = head.head  # "27 were missing" with the figure hung on the auxiliary
        if head == token or (token.dep_ in DEP.conjunct and token.pos_ in ("VERB", "ADJ")):
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
        if head.lemma_.lower() in w.copulas:  # "28 communities were under Ukrainian control"
            for prep in (c for c in head.children if c.dep_ in DEP.preposition):
                for word in prep.children:
                    if word.dep_ in DEP.prep_object and (measure := _lookup(word, kind)):
                        return measure
            # "27 were missing"
            for state in (c for c in head.children if c.dep_ in DEP.adjective_complement):
                if (measure := _lookup(state, kind)) is not None:
                    return measure
        if head.pos_ == "VERB" and (measure := _taken_measure(token, head, kind)):
            return measure
        if head.lemma_.lower() in w.change_verbs:
            # "the death toll rose to 40", "shelling raised the death toll to 12 persons"
            arguments = sorted(  # the object first: "casualties raise the death toll to 12"
                (c for c in head.children if c.dep_ in _ARGUMENT_DEPS),
                key=lambda c: c.dep_ not in DEP.object,
            )
            for argument in arguments:
                if token in argument.subtree:
                    continue
                for word in argument.subtree:
                    if kind in ("people", "none", "other") and _takes_lives(word):
                        return "killed"  # "the number of people who lost their lives"
                    if (measure := _lookup(word, kind)) is not None:
                        return measure
        if head.pos_ in ("VERB", "AUX") and head.dep_ not in _CHAINED_DEPS:
            break
        token = head
    return None


def _taken_measure(token: Token, verb: Token, kind: str) -> str | None:
    """What a verb that says nothing itself takes: "were forced to flee", "helped to leave",
    "are believed to be trapped", "sustained injuries", "were taking shelter"."""
    w = words(verb.doc.lang_)
    for action in (c for c in verb.children if c.dep_ in DEP.open_complement and c.i > token.i):
        # "believed to be trapped"
        passive = any(c.dep_ in DEP.passive_auxiliary for c in action.children)
        if (measure := _lookup(action, kind)) in PEOPLE_FLOWS or (passive and measure):
            return measure
        if action.lemma_.lower() in w.copulas:
            for state in (c for c in action.children if c.dep_ in _COMPLEMENT_DEPS):
                if (measure := _lookup(state, kind)) is not None:
                    return measure
    if verb.lemma_.lower() in w.light_verbs and token.dep_ in DEP.any_subject:
        for thing in (c for c in verb.children if c.dep_ in DEP.object):
            if (measure := _lookup(thing, kind)) is not None:
                return measure
    return None


def _left_behind(token: Token, verb: Token) -> bool:
    """'leaving 30 people out of work', '5,000 families were left without power', 'the two
    were leaving a party': not displacement. People are displaced by "leave" only when they
    are its subject and leave a home or a place ("thousands have left the city")."""
    if verb.lemma_.lower() not in words(verb.doc.lang_).leaving_verbs:
        return False
    if token.dep_ not in DEP.subject:
        return True
    left = [c for c in verb.children if c.dep_ in DEP.object]
    home_words = words(verb.doc.lang_).home_words
    return any(
        c.lemma_.lower() not in home_words and c.ent_type_ not in ("GPE", "LOC") for c in left
    )


def _in_setting(quantity: Quantity, token: Token, head: Token) -> bool:
    """'killed in 2 attacks', 'executions in 4 provinces': a counted noun after a setting
    preposition is where or how, not whom. A bare figure there is a misparse ("after more than
    520 were killed"), and a preposition inside the figure's span is its hedge ("At Least 7")."""
    return (
        quantity.noun is not None
        and token.dep_ in DEP.prep_object
        and head.lower_ in words(head.doc.lang_).setting_prepositions
        and not quantity.span.start <= head.i < quantity.span.end
    )


def _verb_before(quantity: Quantity, kind: str) -> str | None:
    """A people measure from the word just before the figure (or its hedge), when the parse
    did not link them: headlines such as "Explosion in an arsenal kills at least 12 of ..."
    parse "kills" as a noun. A death or wound word directly followed by a count is its verb."""
    start = quantity.span.start
    if start == 0:
        return None
    before = quantity.span.doc[start - 1]
    sentencing_verbs = words(before.doc.lang_).sentencing_verbs
    w = words(before.doc.lang_)
    if (
        before.head.lower_ in w.sentencing_prepositions
        and before.head.head.lemma_.lower() in sentencing_verbs
    ):
        return None  # "sentenced to death three men": a sentence, not a death
    measure = _lookup(before, kind)
    return measure if measure in PEOPLE_MEASURES else None


def singular_people(doc: Doc, counted: set[int]) -> list[Quantity]:
    """Lone people written with an article or as a bare noun ("a child was killed", "kills a
    civilian", headlines' "Soldier dies of wounds"): each is a figure of 1 spanning the noun
    phrase. Nouns a quantity already counts, plurals, groups and names are left out."""
    people_nouns = quantity_words(doc.lang_).people_nouns
    negations = quantity_words(doc.lang_).negations
    articles = number_words(doc.lang_).indefinite_articles
    w = words(doc.lang_)
    found = []
    for noun in doc:
        if noun.i in counted or noun.tag_ != "NN" or noun.ent_type_:
            continue
        if noun.lower_ not in people_nouns or noun.lower_ in w.group_nouns:
            continue
        determiners = [c for c in noun.children if c.dep_ in _ARTICLE_DEPS]
        if determiners and (len(determiners) > 1 or determiners[0].lower_ not in articles):
            continue
        if not determiners and noun.dep_ not in SINGULAR_DEPS - (DEP.conjunct | DEP.appositive):
            continue  # "a journalist and political activist": one person
        start = noun.left_edge.i
        if any(t.lower_ in negations for t in doc[max(start - 1, 0) : noun.i]):
            continue  # "not a single soldier was killed"
        span = doc[start : noun.i + 1]
        found.append(Quantity(span, span[:1], 1.0, 1.0, 1.0, "exactly", "people", noun))
    return found


def singular_measure(quantity: Quantity) -> str | None:
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
        if c.dep_ in DEP.clausal_modifier
        or (c.dep_ in DEP.relative_clause and not any(d.dep_ in DEP.object for d in c.children))
    ]
    measure = next((m for c in clauses if (m := _lookup(c, "people")) is not None), None)
    slot = _person_slot(noun) if measure is None else None
    if slot is not None and slot.dep_ in DEP.prep_object:
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
    if noun.dep_ in _LISTED_DEPS:
        if _lookup(noun.head, "people") is not None:
            return None
        return _person_slot(noun.head)
    if noun.dep_ in SINGULAR_DEPS:
        return noun
    of = noun.head
    if noun.dep_ in DEP.prep_object and _genitive(of) and _lookup(of.head, "people") is not None:
        return noun
    return None


def _does_or_denies(noun: Token) -> bool:
    """'a soldier killed 3 people' (the subject of a verb with an object does it), 'a man was
    not hurt'."""
    verb = noun.head
    agent = noun.dep_ in DEP.subject and any(c.dep_ in DEP.object for c in verb.children)
    return agent or any(c.dep_ in DEP.negation for c in verb.children)


def killed_and_wounded(quantity: Quantity) -> bool:
    """'kill and wound dozens', '46 killed and injured', 'killed, wounded or captured 900':
    one figure for several fates is casualties. Only adjacent pairs count: in '12 killed and
    121 injured' each figure has its own verb."""
    w = words(quantity.span.doc.lang_)
    sentence = list(quantity.span.sent)
    for left, conjunction, right in zip(sentence, sentence[1:], sentence[2:], strict=False):
        if conjunction.lower_ not in w.coordinators and conjunction.text != ",":
            continue
        pair = {left.lemma_.lower(), right.lemma_.lower()}
        fates = [bool(pair & fate) for fate in (w.kill_words, w.wound_words, w.capture_words)]
        if sum(fates) >= 2:
            return True
    return False
