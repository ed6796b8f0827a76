"""The ``sitroom_events`` component: typed events with actors, place, date and figures.

Event types (``Event.type``; sub-types in ``Event.sub_type``):

* ``battle``: armed clashes, fighting, ambushes.
* ``offensive``: an offensive, assault, advance, incursion or invasion.
* ``strike``: remote violence; sub-types ``air`` (airstrikes, warplanes, helicopters),
  ``missile`` (missiles, rockets), ``drone``, ``artillery`` (shelling, mortars) and
  ``explosive`` (explosions, IEDs, car bombs).
* ``attack_on_civilians``: attacks whose targets are civilians, massacres, executions,
  assassinations.
* ``territorial_change``: ``captured``, ``retaken`` or ``controls`` (a force holds a place).
* ``displacement``: people flee, are displaced or evacuated.
* ``arrest_detention``: arrests, detentions; sub-type ``abduction`` for kidnappings.
* ``protest``: protests, demonstrations, rallies; sub-type ``riot``.
* ``statement``: a leader or body announces, vows, condemns, denies, ... (linked to the quote).
* ``threat``: threatens, warns, promises a response / retaliation (linked to the quote).
* ``negotiation``: talks, negotiations; sub-type ``ceasefire`` for truces.
* ``aid``: aid deliveries, convoys, assistance.
* ``other``: a violent incident reported only by its victims ("three people were killed"),
  or an unspecified incident.

``data/acled_types.tsv`` maps types and sub-types to ACLED ``event_type`` /
``sub_event_type`` where ACLED has a counterpart; ``nlp/lang/en/event_triggers.tsv`` is the trigger
lexicon (lemma, part of speech, type, sub-type, weight).

How an event is built, per sentence (only the sentences that the ``sitroom_relevance``
component counts as conflict news, when it ran: a football "battle" or a flu toll makes none):

1. **Triggers**: tokens whose lemma (or lemma + particle / object: "take control", "shoot
   down", "drop bombs"; or modifier + lemma: "barrel bombs", "human losses") is in the
   lexicon; a noun with a subject or object is looked up as the verb the tagger missed in
   headline syntax ("Warplanes bomb Hama"). A trigger governed by, or governing, another
   trigger through a subject, object, compound or modifier link ("airstrikes targeted", "a
   drone attack") is the same event; the more specific type wins, but two different actions
   in subject-verb position stay apart (a misparse of two clauses). Casualty words ("killed",
   "dead", "martyrs") only make an event when the sentence has no other violent trigger, and
   join only violent triggers.
2. **Type**: "attack" / "shoot" become attack_on_civilians when the targets are civilians, a
   strike when a weapon is named, otherwise a battle; casualty-only events likewise by victims.
3. **Actors and targets**: entities in subject / agent / possessor position act; entities in
   object / passive-subject position or after "on/against" are targeted. Places in object
   position are the event's place, not targets.
4. **Place**: the sentence's place nearest to the trigger, preferring places attached to it
   and putting nationality words last ("Turkish guards"); a place the gazetteer lacks gives
   way to a resolved one of its phrase or attached to the trigger, at a coarser precision.
5. **Date**: the sentence's time nearest to the trigger, else the publication date with
   ``date_precision`` "publication".
6. **Figures**: killed / injured / displaced claims of the sentence go to the nearest event
   that can have them (violent ones for killed and injured). A victims-only event with no
   place of its own joins the violent event of the neighbouring sentence ("Airstrikes hit
   Saraqeb. At least 17 people were killed.") unless a line break separates them.
7. **Statements and threats** by people with titles, organisations and forces are linked to
   their quote; the quote's cue makes a statement event when no trigger did.

Events of one document that share type, place and date are merged into one (mentions, actors,
figures joined). Confidence: the trigger's weight, raised by an actor, a place, a stated date
and a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.model import Claim, Entity, Event, Figure, Mention, Place, Quote, TimeRef
from sitroom.nlp.claims import LONE_PREFIX
from sitroom.nlp.doctext import doc_text
from sitroom.nlp.figures import upstream
from sitroom.nlp.lang import language_file, language_module, lexicon
from sitroom.nlp.numbers import words as number_words
from sitroom.nlp.syntax import DEP
from sitroom.vocabulary import event_types

if not Doc.has_extension("sitroom_events"):
    Doc.set_extension("sitroom_events", default=None)

#: Types that are political violence (the ones casualty figures belong to): data/event_types.tsv.
VIOLENT_TYPES = frozenset(t.name for t in event_types().values() if t.violent)
#: When two triggers name one event, the higher rank gives the type.
_RANK = {t.name: t.rank for t in event_types().values()}
LEADER_KINDS = frozenset({"ORG", "FORCE", "GPE"})
_ACTOR_DEPS = (
    DEP.subject | DEP.agent | DEP.possessive | DEP.compound | DEP.adjective_modifier
    | DEP.noun_modifier
)  # fmt: skip
_TARGET_DEPS = DEP.object | DEP.passive_subject | DEP.prep_object | DEP.attribute
_LINK_DEPS = (
    DEP.subject | DEP.passive_subject | DEP.object | DEP.compound | DEP.adjective_modifier
    | DEP.noun_modifier | DEP.prep_object | DEP.preposition | DEP.clausal_modifier
    | DEP.relative_clause | DEP.adverbial_clause | DEP.open_complement | DEP.conjunct
    | DEP.appositive | DEP.noun_adverbial
)  # fmt: skip
_DIRECT_LINK_DEPS = _LINK_DEPS - (DEP.conjunct | DEP.adverbial_clause | DEP.relative_clause)
_PARTICLE_OBJECT_DEPS = DEP.particle | DEP.object
_MODIFIER_DEPS = DEP.adjective_modifier | DEP.compound | DEP.noun_modifier
_ARGUMENT_DEPS = DEP.subject | DEP.object
_OWNER_DEPS = DEP.subject | DEP.possessive
_NAME_MODIFIER_DEPS = DEP.possessive | DEP.adjective_modifier
_AFFILIATION_DEPS = DEP.compound | DEP.adjective_modifier | DEP.noun_modifier | DEP.possessive
_CONTEXT_DEPS = _MODIFIER_DEPS | DEP.subject | DEP.passive_subject | DEP.agent | DEP.preposition


@dataclass(frozen=True)
class Words:
    """This module's word lists in one language (lang/<code>/events.toml)."""

    #: Words that give a strike its weapon sub-type, by sub-type (space-separated).
    subtype_cues: dict[str, str]
    #: Each of those words -> its sub-type (a word under two sub-types: the later one).
    subtype_of: dict[str, str]
    #: Nouns for civilians (victims that make an attack on civilians).
    civilians: frozenset[str]
    #: Nouns for fighters (victims that make a battle).
    fighters: frozenset[str]
    #: Other nouns for people, whose place modifier is an affiliation ("an Iran combat engineer").
    role_nouns: frozenset[str]
    #: More nouns for people, as victims of an execution or a murder ("a poet and his son").
    victim_nouns: frozenset[str]
    #: Nouns through which a phrase names what it is part of ("control of the town", "parts of it").
    partitives: frozenset[str]
    #: Nouns for what a territorial change takes besides a named place.
    ground_nouns: frozenset[str]
    #: Nouns that make a statement a threat ("vowed revenge").
    threat_nouns: frozenset[str]
    #: Prepositions of the agent ("by the army") and of a target after a noun trigger ("an
    #: attack on the town").
    agent_prepositions: frozenset[str]
    target_prepositions: frozenset[str]
    #: "the town fell to the rebels": verbs of falling and the preposition of the side.
    falling_verbs: frozenset[str]
    falling_prepositions: frozenset[str]
    #: Nouns of an armed force a place may fall to ("fell to Russian forces").
    force_nouns: frozenset[str]
    #: Words that make a quote a threat besides threat_nouns ("they will pay").
    threat_words: frozenset[str]


@cache
def words(lang: str) -> Words:
    """The word lists of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "events")
    subtype_cues = {sub: " ".join(cues) for sub, cues in lists["subtype_cues"].items()}
    return Words(
        subtype_cues=subtype_cues,
        subtype_of={w: sub for sub, cues in subtype_cues.items() for w in cues.split()},
        civilians=frozenset(lists["civilians"]),
        fighters=frozenset(lists["fighters"]),
        role_nouns=frozenset(lists["role_nouns"]),
        victim_nouns=frozenset(lists["victim_nouns"]),
        partitives=frozenset(lists["partitives"]),
        ground_nouns=frozenset(lists["ground_nouns"]),
        threat_nouns=frozenset(lists["threat_nouns"]),
        agent_prepositions=frozenset(lists["agent_prepositions"]),
        target_prepositions=frozenset(lists["target_prepositions"]),
        falling_verbs=frozenset(lists["falling_verbs"]),
        falling_prepositions=frozenset(lists["falling_prepositions"]),
        force_nouns=frozenset(lists["force_nouns"]),
        threat_words=frozenset(lists["threat_words"]),
    )


@dataclass(frozen=True)
class TriggerEntry:
    type: str
    sub_type: str | None
    weight: float


@cache
def trigger_lexicon(lang: str = "en") -> dict[tuple[str, str], TriggerEntry]:
    """(lemma, "V" | "N") -> entry, from nlp/lang/<lang>/event_triggers.tsv ("*" fills both)."""
    text = language_file(lang, "event_triggers.tsv").read_text("utf-8")
    lexicon: dict[tuple[str, str], TriggerEntry] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        lemma, pos, type_, sub_type, weight, _ = line.split("\t")  # last: nlp/topics.py's
        entry = TriggerEntry(type_, sub_type or None, float(weight))
        for p in ("V", "N") if pos == "*" else (pos,):
            lexicon.setdefault((lemma, p), entry)
    return lexicon


@cache
def acled_table() -> dict[tuple[str, str | None], tuple[str, str]]:
    """(type, sub_type or None) -> (ACLED event_type, sub_event_type), from acled_types.tsv."""
    text = resources.files("sitroom.data").joinpath("acled_types.tsv").read_text("utf-8")
    table: dict[tuple[str, str | None], tuple[str, str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        type_, sub_type, event_type, sub_event_type = line.split("\t")
        table[(type_, sub_type or None)] = (event_type, sub_event_type)
    return table


def acled_types(type_: str, sub_type: str | None) -> tuple[str | None, str | None]:
    """ACLED (event_type, sub_event_type) for a sitroom type, or (None, None)."""
    table = acled_table()
    found = table.get((type_, sub_type)) or table.get((type_, None))
    return found if found else (None, None)


# ----------------------------------------------------------------------------- triggers


@dataclass
class _Mention:
    """One trigger in one sentence, before events are merged."""

    token: Token
    type: str
    sub_type: str | None
    weight: float
    extra: list[Token] = field(default_factory=list)  # tokens of the same event

    @property
    def tokens(self) -> list[Token]:
        return [self.token, *self.extra]


def _pos(token: Token) -> str | None:
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        return "V"
    if token.pos_ in ("NOUN", "PROPN", "ADJ"):
        return "N"
    return None


def lookup_trigger(token: Token) -> TriggerEntry | None:
    """The lexicon entry for a token, trying lemma + particle / object and modifier + lemma
    ("barrel bombs", "human losses") first. A noun with a subject or object is a verb the
    tagger missed in terse headline syntax ("Warplanes bomb Hama", "Missiles target the
    airport"): its verb entry comes first."""
    pos = _pos(token)
    if pos is None:
        return None
    lexicon = trigger_lexicon(token.doc.lang_)
    for p in ("V", "N") if pos == "N" and _takes_arguments(token) else (pos,):
        entry = _lookup_as(token, p, lexicon)
        if entry is not None:
            return entry
    if pos == "N" and token.tag_ == "VBN":  # "the wounded"
        return lexicon.get((token.lemma_.lower(), "V"))
    return None


def _lookup_as(
    token: Token, pos: str, lexicon: dict[tuple[str, str], TriggerEntry]
) -> TriggerEntry | None:
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ in _PARTICLE_OBJECT_DEPS or (
            child.dep_ in DEP.adverb_modifier and child.i == token.i + 1
        ):
            entry = lexicon.get((f"{lemma} {child.lemma_.lower()}", pos))
            if entry is not None:
                return entry
        if child.dep_ in _MODIFIER_DEPS and child.i < token.i:
            entry = lexicon.get((f"{child.lower_} {lemma}", pos))
            if entry is not None:
                return entry
    for form in (lemma, token.lower_, *_title_case_singular(token)):
        entry = lexicon.get((form, pos))
        if entry is not None:
            return entry
    return None


def _takes_arguments(token: Token) -> bool:
    """A noun with a subject or object, or a singular noun between a plural noun and a name
    or determiner ("Missiles target Palmyra" tagged as nouns: an English noun compound takes a
    singular modifier, "missile target")."""
    if token.pos_ != "NOUN":
        return False
    if any(c.dep_ in _ARGUMENT_DEPS for c in token.children):
        return True
    doc = token.doc
    if token.tag_ != "NN" or not 0 < token.i < len(doc) - 1:
        return False
    before, after = doc[token.i - 1], doc[token.i + 1]
    return before.tag_ == "NNS" and after.pos_ in ("PROPN", "DET")


def _title_case_singular(token: Token) -> tuple[str, ...]:
    """The singular of a plural that title case made a proper noun, whose lemma is then the
    word itself ("Deadly New Attacks in Aleppo" -> "attack", "Clashes" -> "clash")."""
    if token.pos_ != "PROPN" or not token.is_title:
        return ()
    return _singulars(token.doc.lang_)(token.lower_)


@cache
def _singulars(lang: str) -> Callable[[str], tuple[str, ...]]:
    """How ``lang`` makes a plural singular (``nlp/lang/<code>/inflection.py``), or a function
    that finds none where the language has no such rule."""
    inflection = language_module(lang, "inflection")
    return inflection.singulars if inflection is not None else lambda word: ()


def _sub_type_from(tokens: Iterable[Token]) -> str | None:
    listed = list(tokens)
    if not listed:
        return None
    subtype_of = words(listed[0].doc.lang_).subtype_of
    for token in listed:
        for form in (token.lemma_.lower(), token.lower_):
            if form in subtype_of:
                return subtype_of[form]
    return None


def _context(token: Token) -> list[Token]:
    """The trigger, its modifiers and the heads of its subject and instrument phrases."""
    out = [token]
    for child in token.children:
        if child.dep_ in _CONTEXT_DEPS:
            out.append(child)
            out.extend(
                c
                for c in child.children
                if c.dep_ in DEP.compound | DEP.adjective_modifier | DEP.prep_object
            )
            if child.dep_ in DEP.agent | DEP.preposition:
                for pobj in (c for c in child.children if c.dep_ in DEP.prep_object):
                    out.extend(
                        c for c in pobj.children if c.dep_ in DEP.compound | DEP.adjective_modifier
                    )
    if token.dep_ in DEP.compound | DEP.adjective_modifier:
        out.append(token.head)
    return out


def _linked(a: Token, b: Token) -> bool:
    """Whether two triggers name one event: one governs the other (possibly through a
    preposition), or they share a noun chunk ("Russian drone attack")."""
    for x, y in ((a, b), (b, a)):
        if x.head == y and x.dep_ in _DIRECT_LINK_DEPS:
            return True
        if x.head.dep_ in DEP.preposition and x.head.head == y and x.dep_ in DEP.prep_object:
            return True
        if x.dep_ in DEP.agent or (x.head.dep_ in DEP.agent and x.head.head == y):
            return True
    return False


def _find_triggers(sentence: Span, places: dict[int, Place]) -> list[_Mention]:
    """The trigger mentions of a sentence; ``places`` maps token indices to their places."""
    found: list[_Mention] = []
    for token in sentence:
        entry = lookup_trigger(token)
        if entry is None:
            continue
        if entry.type == "statement" and token.pos_ != "VERB":
            continue
        type_, sub = entry.type, entry.sub_type or _sub_type_from(_context(token))
        projectile = _projectile_subject(token)
        if type_ == "territorial_change" and projectile is not None:
            type_, sub = "strike", projectile  # "shells fell on the town"
        elif type_ == "territorial_change" and not _about_ground(token, places):
            continue
        if type_ == "attack_on_civilians" and not _about_people(token, places):
            continue
        found.append(_Mention(token, type_, sub, entry.weight))
    return _join_linked(found)


def _about_ground(token: Token, places: dict[int, Place]) -> bool:
    """Whether a capture / fall / retake names ground: what it takes or what falls is a place,
    a noun for ground or a name, or it names nothing ("after the capture" is kept). "Shares
    fell", "captured 40 percent of the market" and "captured the pilot" are no territorial
    change."""
    named = _undergoer(token)
    return not named or any(_ground(a, places) for a in named) or _to_a_force(token)


def _about_people(token: Token, places: dict[int, Place]) -> bool:
    """Whether an execution / slaughter / murder is done to people (or, for a noun, at a place:
    "the massacre of Houla"), or to no one named: "the company executed its plan" and
    "farmers slaughter thousands of chickens" are no attack."""
    named = _undergoer(token)
    at_place = token.pos_ != "VERB" and any(_ground(a, places) for a in named)
    return not named or at_place or any(_people(a) for a in named)


def _to_a_force(token: Token) -> bool:
    """Whatever falls to an armed force is ground ("<name> fell to the rebels / Russian
    forces": the name may be one the NER and gazetteer miss), unlike what falls to a number."""
    w = words(token.doc.lang_)
    return any(
        pobj.lemma_.lower() in w.fighters or pobj.lemma_.lower() in w.force_nouns
        for pobj in _objects_of(token, w.falling_prepositions)
    )


def _undergoer(token: Token) -> list[Token]:
    """Who or what a trigger is done to, as written: its object ("captured the town"), the
    object of "of" after a noun ("the capture of the town"), else its passive or intransitive
    subject ("the town was retaken", "the town fell"). "control of X" and "parts of X" are X;
    pronouns name nothing ("regain control of it"), nor does a bare "took control"."""
    genitive = number_words(token.doc.lang_).genitive_prepositions
    objects = [c for c in token.children if c.dep_ in DEP.object | DEP.attribute]
    objects += _objects_of(token, genitive)
    subjects = [c for c in token.children if c.dep_ in DEP.passive_subject | DEP.subject]
    partitives = words(token.doc.lang_).partitives
    named: list[Token] = []
    for argument in objects or subjects:
        while argument.lemma_.lower() in partitives:
            inner = _objects_of(argument, genitive)
            if not inner:
                break
            argument = inner[0]
        if argument.pos_ != "PRON" and argument.lemma_.lower() not in partitives:
            named.append(argument)
    return named


def _objects_of(token: Token, prepositions: frozenset[str]) -> list[Token]:
    """The objects of one of ``prepositions`` hanging from ``token`` ("the capture *of the
    town*")."""
    return [
        pobj
        for prep in token.children
        if prep.dep_ in DEP.preposition and prep.lower_ in prepositions
        for pobj in prep.children
        if pobj.dep_ in DEP.prep_object
    ]


def _ground(token: Token, places: dict[int, Place]) -> bool:
    """A phrase naming ground: a place or a noun for ground in it ("the village of Krynky",
    "Russian positions"), or a name no one took for a person or an organisation (a village
    the NER and the gazetteer do not know)."""
    if token.pos_ == "PROPN" and token.ent_type_ not in ("PERSON", "ORG", "NORP"):
        return True
    ground_nouns = words(token.doc.lang_).ground_nouns
    return any(
        t.i in places or t.ent_type_ in ("GPE", "LOC", "FAC") or t.lemma_.lower() in ground_nouns
        for t in token.subtree
    )


def _people(token: Token) -> bool:
    """A phrase naming people: a number ("executed 20"), or a person, group or noun for people
    in it ("a poet and his son", "15 ISIS operatives", "the sister of a commander")."""
    w = words(token.doc.lang_)
    return token.pos_ == "NUM" or any(
        t.ent_type_ in ("PERSON", "NORP", "ORG")
        or t.lemma_.lower() in w.civilians
        or t.lemma_.lower() in w.fighters
        or t.lemma_.lower() in w.role_nouns
        or t.lemma_.lower() in w.victim_nouns
        for t in token.subtree
    )


def _projectile_subject(token: Token) -> str | None:
    """The weapon sub-type of a trigger's subject ("rockets" in "rockets fell on Sderot")."""
    subtype_of = words(token.doc.lang_).subtype_of
    for child in token.children:
        if child.dep_ in DEP.subject | DEP.possessive and child.lemma_.lower() in subtype_of:
            return subtype_of[child.lemma_.lower()]
    return None


def _join_linked(found: list[_Mention]) -> list[_Mention]:
    """Fold triggers that name one event into the highest-ranked of them."""
    joined: list[_Mention] = []
    for mention in found:
        partner = next(
            (m for m in joined if any(_linked(mention.token, t) for t in m.tokens)), None
        )
        if partner is None or not _compatible(partner, mention):
            joined.append(mention)
            continue
        if _RANK[mention.type] > _RANK[partner.type]:
            partner.extra.append(partner.token)
            partner.token, partner.type = mention.token, mention.type
            partner.weight = max(partner.weight, mention.weight)
        else:
            partner.extra.append(mention.token)
        partner.sub_type = partner.sub_type or mention.sub_type
    return joined


def _compatible(a: _Mention, b: _Mention) -> bool:
    """Whether two linked triggers can be one event. Victim words join only violent events
    (a toll next to "truce" or "protest" is an incident of its own); violent triggers join
    unless they are two different actions in subject-verb position, which in terse headlines is
    mostly a misparse of two clauses ("Clashes in Daraa and helicopters drop barrel bombs")."""
    violent = VIOLENT_TYPES | {"attack", "casualty"}
    if "casualty" in (a.type, b.type):
        return a.type in violent and b.type in violent
    if a.type in violent and b.type in violent:
        return not _two_actions(a, b)
    return a.type == b.type


_GENERIC = frozenset({"attack", "other"})


def _two_actions(a: _Mention, b: _Mention) -> bool:
    """A trigger that is the subject of another, of a different specific type or sub-type."""
    if a.type in _GENERIC or b.type in _GENERIC:
        return False
    if a.type == b.type and (a.sub_type == b.sub_type or None in (a.sub_type, b.sub_type)):
        return False
    return any(
        x.dep_ in DEP.subject and x.head == y
        for s, o in ((a, b), (b, a))
        for x in s.tokens
        for y in o.tokens
    )


# ------------------------------------------------------------------------ participants


class _Index:
    """Token -> entity / place lookups for one Doc."""

    def __init__(self, doc: Doc, entities: list[Entity], places: list[Place]) -> None:
        self.entity_of: dict[int, Entity] = {}
        self.place_of: dict[int, Place] = {}
        for entity in entities:
            for span in _spans(entity.mentions, entity.span):
                for token in _tokens(doc, span):
                    self.entity_of.setdefault(token.i, entity)
        for place in places:
            for span in _spans(place.mentions, place.span):
                for token in _tokens(doc, span):
                    self.place_of.setdefault(token.i, place)

    def entity_near(self, token: Token) -> Entity | None:
        """The entity a phrase headed by ``token`` names (itself, a modifier or "of X")."""
        if token.i in self.entity_of:
            return self.entity_of[token.i]
        for deps in (
            DEP.appositive | DEP.compound | DEP.noun_modifier,
            DEP.possessive | DEP.adjective_modifier,
        ):  # a name before a country
            for child in token.children:
                if child.dep_ in deps and child.i in self.entity_of:
                    return self.entity_of[child.i]
        for pobj in _objects_of(token, number_words(token.doc.lang_).genitive_prepositions):
            if pobj.i in self.entity_of:
                return self.entity_of[pobj.i]
        return None


def _spans(mentions: list[Mention], first: tuple[int, int]) -> list[tuple[int, int]]:
    return [m.span for m in mentions] or [first]


def _tokens(doc: Doc, span: tuple[int, int]) -> list[Token]:
    found = doc.char_span(span[0], span[1], alignment_mode="expand")
    return list(found) if found is not None else []


def _participants(mention: _Mention, index: _Index) -> tuple[list[str], list[str], list[Token]]:
    """(actor ids, target ids, tokens naming targets) for one trigger."""
    actors: list[str] = []
    targets: list[str] = []
    target_heads: list[Token] = []
    w = words(mention.token.doc.lang_)
    for trigger in mention.tokens:
        for child in trigger.children:
            role = None
            heads = [child]
            if child.dep_ in _ACTOR_DEPS:
                role = "actor"
            elif child.dep_ in _TARGET_DEPS:
                role = "target"
            elif child.dep_ in DEP.agent | DEP.preposition:
                heads = [c for c in child.children if c.dep_ in DEP.prep_object]
                if child.dep_ in DEP.agent or child.lower_ in w.agent_prepositions:
                    role = "actor"
                elif child.lower_ in w.target_prepositions and _pos(trigger) == "N":
                    role = "target"
                elif child.lower_ in w.falling_prepositions and trigger.lemma_ in w.falling_verbs:
                    role = "actor"  # "the town fell to the rebels"
            if role is None:
                continue
            for head in heads + [c for h in heads for c in h.children if c.dep_ in DEP.conjunct]:
                if role == "target":
                    target_heads.append(head)
                entity = index.entity_near(head)
                if entity is None or entity.id in actors + targets:
                    continue
                if entity.kind in ("GPE", "LOC") and (
                    role == "target" or head.dep_ in DEP.prep_object
                ):
                    continue  # a place acted upon is where the event is, not a target
                (actors if role == "actor" else targets).append(entity.id)
    return actors, targets, target_heads


def _victims(mention: _Mention, target_heads: list[Token], sentence: Span) -> str | None:
    """'civilians' or 'fighters' when the targets or the victims counted say so."""
    w = words(sentence.doc.lang_)
    lemmas = {t.lemma_.lower() for h in target_heads for t in h.subtree}
    for token in mention.tokens:
        for child in token.children:
            if child.dep_ in DEP.passive_subject | DEP.object | DEP.subject or token.dep_ in (
                DEP.adjective_modifier | DEP.clausal_modifier
            ):
                lemmas |= {t.lemma_.lower() for t in child.subtree}
        if token.dep_ in DEP.clausal_modifier | DEP.adjective_modifier:
            lemmas.add(token.head.lemma_.lower())
    if lemmas & w.civilians:
        return "civilians"
    if lemmas & w.fighters:
        return "fighters"
    return None


def _resolve_type(mention: _Mention, victims: str | None) -> tuple[str, str | None]:
    """Final (type, sub_type) of generic attack and casualty triggers."""
    type_, sub = mention.type, mention.sub_type
    if type_ in ("attack", "casualty"):
        if victims == "civilians" and sub in (None, "explosive") and type_ == "attack":
            return "attack_on_civilians", None
        if sub is not None:
            return "strike", sub
        if type_ == "attack":
            return ("attack_on_civilians", None) if victims == "civilians" else ("battle", None)
        if victims == "civilians":
            return "attack_on_civilians", None
        return ("battle", None) if victims == "fighters" else ("other", None)
    if type_ == "strike" and sub is None:
        return type_, None
    if type_ == "statement" and _threatening(mention.token):
        return "threat", None
    return type_, sub


def _threatening(token: Token) -> bool:
    """'promises a worthy response', 'vowed revenge'."""
    threat_nouns = words(token.doc.lang_).threat_nouns
    return any(t.lemma_.lower() in threat_nouns for t in token.subtree if t.i != token.i)


# ----------------------------------------------------------------------- place and time


@dataclass(frozen=True)
class _Where:
    """An event's place and the precision it has for the event (coarser when the event
    took a containing place because its own is not in the gazetteer)."""

    place: Place
    precision: str | None


_PHRASE_DEPS = (
    DEP.compound | DEP.adjective_modifier | DEP.noun_modifier | DEP.conjunct | DEP.appositive
)


def _place(mention: _Mention, sentence: Span, index: _Index, actors: list[str]) -> _Where | None:
    """The sentence's place for a trigger: attached to it before not, nearest first, names of
    nationality ("Turkish guards", "an Iran engineer") last. A place the gazetteer cannot
    resolve gives way to a resolved one in its own phrase ("Handarat camp and Aleppo
    countryside") or attached to the same trigger ("a massacre in Turmanin town at the
    countryside of Idlib"), at a coarser precision."""
    ranked: list[tuple[int, int, Token, Place]] = []
    for token in sentence:
        place = index.place_of.get(token.i)
        if place is None:
            continue
        entity = index.entity_of.get(token.i)
        if entity is not None and entity.id in actors and token.dep_ in _OWNER_DEPS:
            continue
        if token.dep_ in _NAME_MODIFIER_DEPS and token.head.ent_type_ == "PERSON":
            continue
        attached = any(t in mention.tokens for t in token.ancestors)
        rank = 2 if _affiliation(token) else 0 if attached else 1
        ranked.append((rank, min(abs(token.i - t.i) for t in mention.tokens), token, place))
    if not ranked:
        return None
    ranked.sort(key=lambda r: r[:2])
    best = ranked[0][3]
    return _Where(best, best.precision) if best.lat is not None else _resolved_instead(ranked)


def _resolved_instead(ranked: list[tuple[int, int, Token, Place]]) -> _Where:
    """For an event whose best place is not in the gazetteer: the nearest resolved place in
    that place's phrase, else the best resolved one attached to the trigger, as "2" (near a
    town) or coarser; else the unresolved place itself."""
    _, _, token, best = ranked[0]
    phrase = {t.i for t in _phrase_top(token).subtree}
    resolved = [r for r in ranked if r[3].lat is not None]
    inside = sorted((r for r in resolved if r[2].i in phrase), key=lambda r: abs(r[2].i - token.i))
    fallback = next(iter(inside), None) or next((r for r in resolved if r[0] == 0), None)
    if fallback is None:
        return _Where(best, best.precision)
    place = fallback[3]
    return _Where(place, "2" if place.precision == "1" else place.precision)


def _phrase_top(token: Token) -> Token:
    """The head of the noun phrase a place name is part of, through modifiers and
    coordination ("Handarat" in "Handarat camp and Aleppo countryside" -> "camp")."""
    while token.dep_ in _PHRASE_DEPS and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head
    return token


def _affiliation(token: Token) -> bool:
    """Whether a place word says whose people are rather than where the event is: a
    nationality adjective ("Turkish border guards") or a name modifying a noun for people
    ("an Iran combat engineer")."""
    if token.ent_type_ == "NORP" and token.pos_ == "ADJ":
        return True
    return token.dep_ in _AFFILIATION_DEPS and _person_word(token.head)


def _person_word(token: Token) -> bool:
    """A noun naming people ("engineer", "fighters", "guards"), not an area ("countryside")."""
    w = words(token.doc.lang_)
    lemma = token.lemma_.lower()
    return lemma in w.civilians or lemma in w.fighters or lemma in w.role_nouns


def _time(mention: _Mention, sentence: Span, times: list[TimeRef]) -> TimeRef | None:
    doc = sentence.doc
    candidates = []
    for time in times:
        if time.value is None or time.kind == "duration":
            continue
        if not (sentence.start_char <= time.span[0] < sentence.end_char):
            continue
        span = doc.char_span(time.span[0], time.span[1], alignment_mode="expand")
        position = span.start if span is not None else mention.token.i
        candidates.append((abs(position - mention.token.i), time))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


# ------------------------------------------------------------------------------ figures

_FIGURE_MEASURES = {"killed": "fatalities", "injured": "injured", "displaced": "displaced",
                    "evacuated": "displaced"}  # fmt: skip


def _assign_claims(drafts: list[_Draft], claims: list[Claim], doc: Doc) -> None:
    """Give each killed / injured / displaced claim to the nearest event of its sentence
    that can carry it."""
    for claim in claims:
        slot = _FIGURE_MEASURES.get(claim.measure)
        if slot is None:
            continue
        span = doc.char_span(claim.span[0], claim.span[1], alignment_mode="expand")
        if span is None:
            continue
        fitting = [
            d
            for d in drafts
            if d.sentence == claim.sentence_span or _within(claim.span, d.sentence)
        ]
        wanted = [d for d in fitting if (d.type in VIOLENT_TYPES) == (slot != "displaced")]
        if slot == "displaced":
            wanted = [d for d in fitting if d.type == "displacement"] or wanted
        if not wanted:
            continue
        target = min(wanted, key=lambda d: min(abs(t.i - span.root.i) for t in d.mention.tokens))
        target.claims.setdefault(slot, []).append(claim)


def _fold_victim_reports(drafts: list[_Draft], doc: Doc) -> list[_Draft]:
    """Give a victims-only event with no place of its own to the violent event of the
    sentence just before (else just after) in the same paragraph: "Airstrikes hit Saraqeb on
    Monday. At least 17 people were killed." is one strike with 17 dead."""
    starts = {s.start_char: i for i, s in enumerate(doc.sents)}
    text = doc_text(doc)
    kept: list[_Draft] = []
    for draft in drafts:
        target = None
        if draft.mention.type == "casualty" and draft.place is None:
            target = _neighbour_event(draft, drafts, starts, text)
        if target is None:
            kept.append(draft)
            continue
        target.merged.append(draft)
        for slot, claims in draft.claims.items():
            target.claims.setdefault(slot, []).extend(claims)
    return kept


def _neighbour_event(
    draft: _Draft, drafts: list[_Draft], starts: dict[int, int], text: str
) -> _Draft | None:
    """The nearest violent, non-victims-only event of the previous, else the next sentence
    (one sentence further when the parser cut a headline into fragments: "17 martyrs | and |
    wounded in air strikes"), unless a line break separates the two sentences."""
    own = starts.get(draft.sentence[0])
    if own is None:
        return None
    for step in (-1, 1, -2, 2):
        near = [
            d
            for d in drafts
            if d.type in VIOLENT_TYPES
            and d.mention.type != "casualty"
            and starts.get(d.sentence[0]) == own + step
        ]
        if near and not _line_break_between(draft.sentence, near[0].sentence, text):
            return near[-1] if step < 0 else near[0]
    return None


def _line_break_between(a: tuple[int, int], b: tuple[int, int], text: str) -> bool:
    first, second = sorted((a, b))
    gap = text[first[0] : second[0]]
    return "\n" in gap[len(gap.rstrip()) :] or "\n" in text[first[1] : second[0]]


def _within(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def figure(claims: list[Claim]) -> Figure | None:
    """The event's figure: the largest claim (a total and its parts: the total), with every
    claim id and claimant behind it."""
    if not claims:
        return None
    top = max(claims, key=lambda c: c.value if c.value is not None else c.low or 0)
    claimants: list[str] = []
    for claim in claims:
        name = claim.claimant_name
        if name and name not in claimants:
            claimants.append(name)
    return Figure(
        value=top.value,
        low=top.low,
        high=top.high,
        hedge=top.hedge,
        claims=[c.id for c in claims if not c.id.startswith(LONE_PREFIX)],  # claims only
        claimants=claimants,
    )


# ------------------------------------------------------------------------------- events


@dataclass
class _Draft:
    mention: _Mention
    type: str
    sub_type: str | None
    sentence: tuple[int, int]
    actors: list[str]
    targets: list[str]
    place: _Where | None
    time: TimeRef | None
    quote: str | None = None
    claims: dict[str, list[Claim]] = field(default_factory=dict)
    merged: list[_Draft] = field(default_factory=list)


def _quote_for(mention: _Mention, quotes: list[Quote], sentence: tuple[int, int]) -> Quote | None:
    """The quote a statement / threat trigger introduces: its cue word, or the speech it
    governs within the sentence."""
    token = mention.token
    for quote in quotes:
        if quote.speaker_span is None:
            continue
        inside = _within(quote.span, sentence) or _within(quote.speaker_span, sentence)
        if inside and (quote.cue or "").lower() == token.lower_:
            return quote
    own = token.sent  # spaCy finds a token's sentence by scanning: look it up once
    for quote in quotes:
        if quote.span[0] <= token.idx < quote.span[1]:
            continue
        if _within(quote.span, (own.start_char, own.end_char)):
            return quote
    return None


def _leader(actors: list[str], entities: dict[str, Entity]) -> bool:
    """Whether a statement's actor speaks for someone: a titled person or a body."""
    for actor in actors:
        entity = entities.get(actor)
        if entity is not None and (entity.kind in LEADER_KINDS or entity.titles):
            return True
    return False


def _quote_events(
    quotes: list[Quote], drafts: list[_Draft], doc: Doc, entities: dict[str, Entity],
    index: _Index, times: list[TimeRef],
) -> list[_Draft]:  # fmt: skip
    """Statement events for quotes by leaders that no trigger already covers."""
    linked = {d.quote for d in drafts if d.quote}
    lang = doc.lang_
    extra: list[_Draft] = []
    for quote in quotes:
        if quote.id in linked or quote.speaker is None or quote.speaker_span is None:
            continue
        if not _leader([quote.speaker], entities):
            continue
        cue = _cue_token(doc, quote)
        if cue is None:
            continue
        sentence = cue.sent
        mention = _Mention(cue, "statement", None, 0.6)
        type_ = "threat" if _threatening_text(quote.text, lang=lang) else "statement"
        extra.append(
            _Draft(
                mention=mention,
                type=type_,
                sub_type=None,
                sentence=(sentence.start_char, sentence.end_char),
                actors=[quote.speaker],
                targets=[],
                place=_place(mention, sentence, index, [quote.speaker]),
                time=_time(mention, sentence, times),
                quote=quote.id,
            )
        )
    return extra


def _threatening_text(text: str, *, lang: str = "en") -> bool:
    lowered = text.lower()
    w = words(lang)
    return any(word in lowered for word in w.threat_nouns | w.threat_words)


def _cue_token(doc: Doc, quote: Quote) -> Token | None:
    """The cue verb of a quote: the token spelt like ``quote.cue`` nearest its speaker."""
    if not quote.cue or quote.speaker_span is None:
        return None
    lo = min(quote.span[0], quote.speaker_span[0])
    hi = max(quote.span[1], quote.speaker_span[1]) + 40
    window = doc.char_span(lo, min(hi, len(doc_text(doc))), alignment_mode="expand")
    if window is None:
        return None
    found = [t for t in window if t.lower_ == quote.cue.lower()]
    if not found:
        return None
    return min(found, key=lambda t: abs(t.idx - quote.speaker_span[0]))


def _sentence_drafts(
    sentence: Span, index: _Index, times: list[TimeRef], quotes: list[Quote],
    entities: dict[str, Entity],
) -> list[_Draft]:  # fmt: skip
    mentions = _find_triggers(sentence, index.place_of)
    violent = [m for m in mentions if m.type not in ("casualty",) and (
        m.type in VIOLENT_TYPES or m.type == "attack")]  # fmt: skip
    casualties = [m for m in mentions if m.type == "casualty"]
    if violent:
        mentions = [m for m in mentions if m.type != "casualty"]
    elif len(casualties) > 1:
        mentions = [m for m in mentions if m.type != "casualty"] + casualties[:1]
        mentions[-1].extra.extend(m.token for m in casualties[1:])
    span = (sentence.start_char, sentence.end_char)
    drafts: list[_Draft] = []
    for mention in mentions:
        actors, targets, heads = _participants(mention, index)
        type_, sub = _resolve_type(mention, _victims(mention, heads, sentence))
        quote = None
        if type_ in ("statement", "threat"):
            quote_found = _quote_for(mention, quotes, span)
            quote = quote_found.id if quote_found else None
            if quote_found is not None and quote_found.speaker and not actors:
                actors = [quote_found.speaker]
            if not _leader(actors, entities) and quote is None:
                continue  # "residents say": not a statement event
        drafts.append(
            _Draft(
                mention=mention,
                type=type_,
                sub_type=sub,
                sentence=span,
                actors=actors,
                targets=targets,
                place=_place(mention, sentence, index, actors),
                time=_time(mention, sentence, times),
                quote=quote,
            )
        )
    return drafts


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """Merge drafts that share type, place and date (a place is required to merge)."""
    merged: list[_Draft] = []
    for draft in drafts:
        same = next((m for m in merged if _same_event(m, draft)), None)
        if same is None:
            merged.append(draft)
            continue
        same.merged.append(draft)
        same.sub_type = same.sub_type or draft.sub_type
        same.actors += [a for a in draft.actors if a not in same.actors]
        same.targets += [t for t in draft.targets if t not in same.targets]
        same.time = same.time or draft.time
        same.quote = same.quote or draft.quote
        for slot, claims in draft.claims.items():
            same.claims.setdefault(slot, []).extend(claims)
    return merged


def _same_event(a: _Draft, b: _Draft) -> bool:
    if a.type != b.type or a.place is None or b.place is None:
        return False
    if a.place.place.id != b.place.place.id:
        return False
    if a.sub_type and b.sub_type and a.sub_type != b.sub_type:
        return False
    a_date = a.time.value if a.time else None
    b_date = b.time.value if b.time else None
    return a_date == b_date or None in (a_date, b_date)


def _to_event(number: int, draft: _Draft, published: str | None) -> Event:
    tokens = [draft.mention.token] + [d.mention.token for d in draft.merged]
    fatalities = figure(draft.claims.get("fatalities", []))
    injured = figure(draft.claims.get("injured", []))
    displaced = figure(draft.claims.get("displaced", []))
    acled_type, acled_sub = acled_types(draft.type, draft.sub_type)
    date, precision = (
        (draft.time.value, draft.time.precision) if draft.time else (published, "publication")
    )
    confidence = draft.mention.weight
    confidence += 0.05 * bool(draft.actors) + 0.05 * bool(draft.place)
    confidence += 0.05 * bool(draft.time) + 0.05 * bool(fatalities or injured or displaced)
    confidence += 0.05 * bool(draft.merged)
    trigger = draft.mention.token
    return Event(
        id=f"v{number}",
        type=draft.type,
        span=draft.sentence,
        actors=draft.actors,
        place=draft.place.place.id if draft.place else None,
        date=date,
        fatalities=fatalities,
        injured=injured,
        displaced=displaced,
        confidence=round(min(confidence, 0.99), 2),
        sub_type=draft.sub_type,
        trigger=(trigger.idx, trigger.idx + len(trigger)),
        trigger_text=trigger.text,
        mentions=[Mention(t.text, (t.idx, t.idx + len(t))) for t in tokens],
        targets=draft.targets,
        acled_event_type=acled_type,
        acled_sub_event_type=acled_sub,
        place_name=draft.place.place.name if draft.place else None,
        place_precision=draft.place.precision if draft.place else None,
        date_precision=precision if date else None,
        time=draft.time.id if draft.time else None,
        quote=draft.quote,
    )


def extract_events(doc: Doc) -> list[Event]:
    """The events of a processed Doc (needs the entities, places, times, quotes, claims).
    Sentences that the relevance component leaves out (not conflict news) make none."""
    entities: list[Entity] = upstream(doc, "sitroom_entities") or []
    places: list[Place] = upstream(doc, "sitroom_places") or []
    times: list[TimeRef] = upstream(doc, "sitroom_times") or []
    quotes: list[Quote] = upstream(doc, "sitroom_quotes") or []
    claims: list[Claim] = upstream(doc, "sitroom_claims") or []
    claims = [*claims, *(upstream(doc, "sitroom_lone_victims") or [])]
    document = upstream(doc, "sitroom_document")
    published = document.published[:10] if document is not None and document.published else None
    index = _Index(doc, entities, places)
    by_id = {e.id: e for e in entities}
    relevance = upstream(doc, "sitroom_relevance")
    counted = relevance.sentences if relevance is not None else None
    drafts: list[_Draft] = []
    for sentence in doc.sents:
        if counted is None or sentence.start_char in counted:
            drafts.extend(_sentence_drafts(sentence, index, times, quotes, by_id))
    extra = _quote_events(quotes, drafts, doc, by_id, index, times)
    drafts.extend(d for d in extra if counted is None or d.sentence[0] in counted)
    drafts.sort(key=lambda d: d.mention.token.i)
    _assign_claims(drafts, claims, doc)
    drafts = _fold_victim_reports(drafts, doc)
    return [_to_event(n, d, published) for n, d in enumerate(_merge(drafts), start=1)]


def trigger_tokens(doc: Doc) -> list[Token]:
    """Every trigger token of every event mention (for trigger-level evaluation)."""
    places = _Index(doc, [], upstream(doc, "sitroom_places") or []).place_of
    return [m.token for s in doc.sents for m in _find_triggers(s, places)]


class EventExtractor:
    """Builds ``doc._.sitroom_events`` (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.sitroom_events = extract_events(doc)
        return doc


@Language.factory("sitroom_events")
def make_event_extractor(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor()
