"""Who a figure is attributed to, by the strict rule of the claims conventions.

A figure is attributed only when its own sentence attributes it, through (in this order):

1. a reporting verb above it in the parse, the figure in its complement (not its subject):
   speech verbs (``nlp/lang/en/speech_cues.txt``: "said", "announced", "estimated",
   "accused ... of"),
   verbs that put a figure on someone's authority (``nlp/lang/en/figure_cues.txt``: "counted",
   "verified", "recorded") and "put / gave the toll at"; or hung beside the clause that holds
   the figure ("..., officials said" parsed as parataxis);
2. the quote (direct or reported) the figure stands in, as the quotes component found it; a
   quotation with no speaker belongs to the source the passage is quoting;
3. "according to X" in the sentence;
4. a possessive speech act above it ("the governor's statement that 14 ...").

Otherwise the claim is the outlet's own. The agent of an act is not its claimant ("Germany will
send 20 tanks" is the outlet's), a communication act's agent is ("the prime minister unveiled a
£75m package"). A relay keeps the originating source as claimant and the relay beside it ("TASS
reported, citing the regional administration"), unless the cited source is only data
("British intelligence, citing Ukrainian data" stays British intelligence).

Claimants are named as people read them: a person by their entity's full name (without
titles), a body or an unnamed source by its phrase as written with its country and its "of" /
"from" modifiers ("Russia's Ministry of Defense", "officials from the Russian-backed
administration", "the governor of the Belgorod region" without the article); a pronoun or a
short definite description ("it", "they", "the agency") by the source it refers back to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.model import Entity, Quote
from sitroom.nlp.actors import role_nouns
from sitroom.nlp.doctext import doc_text
from sitroom.nlp.figures import figures, upstream
from sitroom.nlp.lang import language_file, lexicon
from sitroom.nlp.measures import words as measure_words
from sitroom.nlp.quotes import source_phrase_at, speaker_phrase, speech_cues
from sitroom.nlp.quotes import words as quote_words
from sitroom.nlp.speakers import SpeakerResolver
from sitroom.nlp.syntax import DEP, singular_noun


@dataclass(frozen=True)
class Words:
    """This module's word lists in one language (lang/<code>/attribution.toml,
    ``[claimants]``)."""

    #: Nouns a figure-giving "put", "give" or "provide" takes ("put the toll at 40").
    figure_nouns: frozenset[str]
    #: Nouns of a speech act whose possessor is its source ("the governor's statement that ...").
    speech_nouns: frozenset[str]
    #: What a relay may cite that names no source: the relay stays the claimant.
    vague_sources: frozenset[str]
    #: Prepositions whose phrase belongs to a source's name ("officials from the
    #: administration").
    name_prepositions: frozenset[str]
    #: Pronouns as sources: the source is what they refer back to.
    pronouns: frozenset[str]
    #: Articles a source's name is written without ("the Russian Defence Ministry" is Russian
    #: Defence Ministry) and a description with ("the regional governor").
    definite_articles: frozenset[str]
    #: Pronouns that refer back to a person, not a body.
    person_pronouns: frozenset[str]
    #: Verbs that give a figure through a noun of figures ("put the toll at 40").
    figure_giving_verbs: frozenset[str]
    #: Verbs of a claim that take lives as well ("the attack claimed 12 lives").
    claim_verbs: frozenset[str]
    #: Verbs of a relay naming its source ("citing the administration", "quoted X as saying").
    citing_verbs: frozenset[str]
    quoting_verbs: frozenset[str]


@cache
def words(lang: str) -> Words:
    """The word lists of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "attribution")["claimants"]
    return Words(
        figure_nouns=frozenset(lists["figure_nouns"]),
        speech_nouns=frozenset(lists["speech_nouns"]),
        vague_sources=frozenset(lists["vague_sources"]),
        name_prepositions=frozenset(lists["name_prepositions"]),
        pronouns=frozenset(lists["pronouns"]),
        definite_articles=frozenset(lists["definite_articles"]),
        person_pronouns=frozenset(lists["person_pronouns"]),
        figure_giving_verbs=frozenset(lists["figure_giving_verbs"]),
        claim_verbs=frozenset(lists["claim_verbs"]),
        citing_verbs=frozenset(lists["citing_verbs"]),
        quoting_verbs=frozenset(lists["quoting_verbs"]),
    )


#: How a cue's complement hangs from it: a clause, an object, a clause beside it.
COMPLEMENT_DEPS = frozenset(
    DEP.clausal_complement
    | DEP.open_complement
    | DEP.object
    | DEP.dative
    | DEP.attribute
    | DEP.object_predicate
    | DEP.parataxis
    | DEP.adjective_complement
)
#: Longest source phrase kept, in tokens.
MAX_NAME_TOKENS = 10
#: A verb hanging from another verb, whose subject it shares ("said and added").
_CHAINED_VERB_DEPS = DEP.conjunct | DEP.open_complement | DEP.adverbial_clause


@cache
def figure_cues(lang: str = "en") -> frozenset[str]:
    """Lemmas of verbs that give a figure on the subject's authority (speech verbs included;
    ``lang/<lang>/figure_cues.txt``)."""
    text = language_file(lang, "figure_cues.txt").read_text("utf-8")
    own = {line.strip() for line in text.split("\n") if line.strip() and not line.startswith("#")}
    return frozenset(own) | speech_cues(lang)


@dataclass(frozen=True)
class Attribution:
    """Who claims a figure: ``kind`` is person, organisation or outlet; ``name`` is None only
    for the outlet's own voice when the outlet is unknown."""

    name: str | None
    kind: str = "outlet"
    entity: str | None = None
    relay: str | None = None
    quote: str | None = None


class Attributor:
    """Attributes the figures of one document (see the module docstring)."""

    def __init__(
        self, doc: Doc, quotes: list[Quote], entities: list[Entity], outlet: str | None
    ) -> None:
        self.doc = doc
        self.quotes = quotes
        self.entities = {e.id: e for e in entities}
        self.outlet = Attribution(outlet)
        self.resolver = SpeakerResolver(doc, entities)
        #: sources named so far, in text order: what a pronoun or "the agency" refers back to
        self.sources: list[Attribution] = []

    def attribute(self, number: Token, sentence: Span) -> Attribution:
        """The claimant of the figure whose number's root is ``number``."""
        found = (
            self._reporting_verb(number, sentence)
            or self._quote(number)
            or self._according_to(sentence)
            or self._possessive_act(number, sentence)
        )
        if found is None:
            return self.outlet
        holding = self._holding_quote(number)
        if found.quote is None and holding is not None:
            found = replace(found, quote=holding.id)
        self.sources.append(found)
        return found

    def _holding_quote(self, number: Token) -> Quote | None:
        """The innermost quote the figure stands in."""
        holding = [q for q in self.quotes if q.span[0] <= number.idx < q.span[1]]
        return min(holding, key=lambda q: q.span[1] - q.span[0], default=None)

    # -- the four routes ---------------------------------------------------------------------

    def _reporting_verb(self, number: Token, sentence: Span) -> Attribution | None:
        child, node = number, number.head
        ancestors = {number.i}
        while node.i != child.i and sentence.start <= node.i < sentence.end:
            ancestors.add(node.i)
            if _is_cue(node) and _in_complement(child, node):
                found = self._by_cue(node)
                if found is not None:
                    return found
            child, node = node, node.head
        for token in sentence:  # "..., officials said": the cue beside the figure's clause
            if token.dep_ in DEP.parataxis and token.head.i in ancestors and _is_cue(token):
                found = self._by_cue(token)
                if found is not None:
                    return found
        return None

    def _quote(self, number: Token) -> Attribution | None:
        quote = self._holding_quote(number)
        if quote is None:
            return None
        if quote.speaker_span is not None:
            phrase = self.doc.char_span(*quote.speaker_span, alignment_mode="expand")
            found = self._source(phrase) if phrase is not None else None
            if found is not None:
                return replace(found, quote=quote.id)
        if quote.kind == "direct" and self.sources:  # the source the passage is quoting
            return replace(self.sources[-1], quote=quote.id)
        return None

    def _according_to(self, sentence: Span) -> Attribution | None:
        """The source a phrase of the language names: "according to X", "по данным X"."""
        for token in sentence:
            phrase = source_phrase_at(token, sentence.end)
            if phrase is not None and phrase.sources:
                found = self._source(_name_phrase(phrase.sources[0]))
                if found is not None:
                    return self._relayed(found, phrase.sources[0])
        return None

    def _possessive_act(self, number: Token, sentence: Span) -> Attribution | None:
        w = words(number.doc.lang_)
        for node in number.ancestors:
            if not sentence.start <= node.i < sentence.end:
                break
            if node.pos_ == "NOUN" and node.lemma_.lower() in w.speech_nouns:
                owner = next((c for c in node.children if c.dep_ in DEP.possessive), None)
                if owner is not None and owner.lower_ not in w.pronouns:
                    return self._source(_name_phrase(owner, possessive=True))
        return None

    # -- sources ------------------------------------------------------------------------------

    def _by_cue(self, verb: Token) -> Attribution | None:
        speaker = _speaker(verb)
        if speaker is None:
            return None
        found = self._source(speaker)
        if found is None:
            return None
        for cited in _cited(verb):
            inner = self._source(cited)
            if inner is not None:
                return replace(inner, relay=found.name)
        return found

    def _relayed(self, found: Attribution, source: Token) -> Attribution:
        """'according to TASS, citing the regional administration'."""
        for cited in _cited(source):
            inner = self._source(cited)
            if inner is not None:
                return replace(inner, relay=found.name)
        return found

    def _source(self, phrase: Span) -> Attribution | None:
        """The source a speaker phrase names (None for an empty or unresolvable pronoun)."""
        if len(phrase) == 0:
            return None
        lang = phrase.doc.lang_
        head = phrase.root
        if head.lower_ in words(lang).pronouns:
            return self._referent(phrase)
        person = self._person(phrase)
        if person is not None:
            return person
        if _is_short_description(phrase):
            earlier = self._earlier(head)
            if earlier is not None:
                return earlier
        name = _written_name(phrase)
        if not name:
            return None
        singular_role = singular_noun(head) and head.lemma_.lower() in role_nouns(lang)
        ref = self.resolver.mention_in(head.idx, head.idx + len(head), head.idx)
        holds_head = ref is not None and ref.start <= head.idx < ref.end
        kind = "person" if singular_role else "organisation"
        return Attribution(name, kind, entity=ref.entity if holds_head else None)

    def _person(self, phrase: Span) -> Attribution | None:
        """A named person: the phrase's head is (part of) a person's name, or a role noun whose
        apposition names one ("the regional governor, Oleksandr Prokudin"), or a title held by
        one person of the text ("the governor" after "Governor Vitaliy Kim")."""
        head = phrase.root
        ref = self.resolver.mention_in(head.idx, head.idx + len(head), head.idx)
        named = self.entities.get(ref.entity) if ref is not None else None
        if named is None or named.kind != "PERSON":  # "le ministre de la Défense, Sadio Camara"
            for child in head.children:
                if child.dep_ in DEP.appositive:
                    found = self.resolver.mention_in(child.idx, child.idx + len(child), child.idx)
                    ref = found if found is not None else ref
                    break
        role = head.lemma_.lower() in role_nouns(head.doc.lang_)
        if ref is None and role and singular_noun(head):
            # the title alone: "the deputy head of Zelenskyy's office" is not Zelenskyy
            entity_id = self.resolver.resolve(self.doc[phrase.start : head.i + 1]).entity
            entity = self.entities.get(entity_id) if entity_id else None
            return self._named(entity) if entity and entity.kind == "PERSON" else None
        entity = self.entities.get(ref.entity) if ref is not None else None
        if (entity is None or entity.kind != "PERSON") and role:
            entity = self._person_named_in(phrase)  # "le ministre de la Défense Sadio Camara"
        return self._named(entity) if entity is not None and entity.kind == "PERSON" else None

    def _person_named_in(self, phrase: Span) -> Entity | None:
        """The one person a title's phrase names after the title."""
        people = {
            ref.entity
            for token in phrase[1:]
            if token.ent_type_ == "PERSON"
            and (ref := self.resolver.mention_in(token.idx, token.idx + len(token), token.idx))
        }
        entities = [self.entities.get(entity_id) for entity_id in people if entity_id]
        return entities[0] if len(entities) == 1 else None

    def _named(self, entity: Entity) -> Attribution:
        return Attribution(entity.name, "person", entity=entity.id)

    def _referent(self, pronoun: Span) -> Attribution | None:
        """What a pronoun speaker refers to: the entity the resolver finds, else the last
        source named before it ("They also reported ..." after "according to the local
        health authority")."""
        resolved = self.resolver.resolve(pronoun).entity
        entity = self.entities.get(resolved) if resolved else None
        if entity is not None and entity.kind == "PERSON":
            return self._named(entity)
        if entity is not None:  # "the Russian Defense Ministry ... when it said": as written there
            mention = self._last_mention(entity, pronoun.start_char)
            if mention is not None and mention.root.lower_ not in words(self.doc.lang_).pronouns:
                return self._source(_name_phrase(mention.root))
        personal = pronoun.root.lower_ in words(self.doc.lang_).person_pronouns
        for source in reversed(self.sources):
            if (source.kind == "person") == personal:
                return replace(source, quote=None, relay=None)
        if entity is not None:
            return Attribution(entity.name, "organisation", entity=entity.id)
        return None

    def _last_mention(self, entity: Entity, before: int) -> Span | None:
        spans = [m.span for m in entity.mentions if m.span[1] <= before]
        if not spans:
            return None
        return self.doc.char_span(*max(spans), alignment_mode="expand")

    def _earlier(self, head: Token) -> Attribution | None:
        """A fuller name given earlier to what "the agency" or "the ministry" refers back to:
        a source named before whose name ends in the same word."""
        word = head.lower_
        for source in reversed(self.sources):
            if source.name and source.name.lower().split()[-1] == word:
                return replace(source, quote=None, relay=None)
        return None


# -- parse helpers ---------------------------------------------------------------------------


def _is_cue(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    lang = token.doc.lang_
    lemma = token.lemma_.lower()
    objects = [c for c in token.children if c.dep_ in DEP.object]
    w = words(lang)
    if lemma in w.figure_giving_verbs:  # "put the toll at 40", "gave a figure of 12"
        return any(o.lemma_.lower() in w.figure_nouns for o in objects)
    lives = measure_words(lang).life_nouns
    if lemma in w.claim_verbs and any(o.lemma_.lower() in lives for o in objects):
        return False  # "the attack claimed 12 lives"
    return lemma in figure_cues(lang)


def _in_complement(child: Token, cue: Token) -> bool:
    """Whether the child of a cue that leads to the figure is (part of) what the cue reports:
    its clause or object ("said [that] ...", "announced a package of ..."), a clause after a
    preposition ("accused Kyiv of carrying out ...") or the figure of "put the toll at 40";
    not its subject, nor where or when it was said ("said inside the centre, which houses
    800 refugees")."""
    if child.dep_ in DEP.adverbial_clause:  # "said, adding that ...", not "Speaking at ..., X said"
        return child.i > cue.i
    if child.dep_ in COMPLEMENT_DEPS:
        return True
    if child.dep_ in DEP.preposition:
        figure_at = cue.lemma_.lower() in words(cue.doc.lang_).figure_giving_verbs
        return figure_at or any(c.dep_ in DEP.prep_complement for c in child.children)
    return False


def _speaker(verb: Token) -> Span | None:
    """The source of a cue: its subject (a relative pronoun's antecedent), the agent of a
    passive cue ("was reported by the ministry"), the subject of the verb a non-finite cue
    hangs from ("used the trip to announce"), or a name the parser stranded right before it."""
    for child in verb.children:
        if child.dep_ in DEP.subject:
            relative = child.lower_ in quote_words(verb.doc.lang_).relative_subjects
            if relative and verb.dep_ in DEP.relative_clause:
                return _name_phrase(verb.head)
            return _name_phrase(child)
        if child.dep_ in DEP.agent:
            objects = [c for c in child.children if c.dep_ in DEP.prep_object]
            return _name_phrase(objects[0]) if objects else None
    if any(c.dep_ in DEP.passive_subject for c in verb.children):
        return None  # "it is said", "they were told": no source named
    if verb.dep_ in DEP.parataxis:  # an aside whose subject follows it, parsed as its object:
        inverted = [c for c in verb.children if c.dep_ in DEP.object and c.i > verb.i]
        if inverted:  # "..., a déclaré le ministre"
            return _name_phrase(inverted[0])
    head = verb.head
    if verb.dep_ in _CHAINED_VERB_DEPS and head.i != verb.i and head.pos_ == "VERB":
        return _speaker(head)
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.text == "," and verb.i > 1:
        before = verb.doc[verb.i - 2]
    if before is not None and before.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return _name_phrase(before)
    return None


def _cited(verb: Token) -> list[Span]:
    """Who a source cites or quotes: "reported, citing the administration", "quoted Zelensky as
    saying"; sources that are only data are left out."""
    w = words(verb.doc.lang_)
    found = []
    for child in verb.children:
        if child.lemma_.lower() in w.citing_verbs and child.tag_ == "VBG":
            found += [c for c in child.children if c.dep_ in DEP.object]
    if verb.lemma_.lower() in w.quoting_verbs:
        found += [c for c in verb.children if c.dep_ in DEP.object]
    vague_sources = w.vague_sources
    vague = [c for c in found if {c.lower_, c.lemma_.lower()} & vague_sources]
    return [_name_phrase(c) for c in found if c not in vague]


def _name_phrase(head: Token, *, possessive: bool = False) -> Span:
    """A source's phrase: the head with its left modifiers, a name's whole entity, and the
    prepositional phrases that belong to the name ("the governor of the Belgorod region",
    "officials from the Russian-backed administration"); not appositions, clauses or what
    follows a comma."""
    doc = head.doc
    w = words(doc.lang_)
    start, end = speaker_phrase(head).start, speaker_phrase(head).end
    for child in head.children:
        if (
            child.i < end
            or child.dep_ not in DEP.preposition
            or child.lower_ not in w.name_prepositions
        ):
            continue
        right = child.right_edge.i + 1
        tokens = doc[child.i : right]
        if right - start > MAX_NAME_TOKENS or any(_ends_name(t) for t in tokens):
            break
        end = right
    if possessive and end < len(doc) and doc[end - 1].tag_ == "POS":
        end -= 1
    return doc[start:end]


def _ends_name(token: Token) -> bool:
    """Punctuation or a verb (not a hyphen, not "Russian-backed") past which a phrase is no
    longer a source's name."""
    if token.is_punct:
        return token.text not in ("-", "‐", "‑")
    return token.pos_ == "VERB" and token.dep_ not in DEP.attributive


def _is_short_description(phrase: Span) -> bool:
    """'the agency', 'the ministry', 'the regional administration': a definite description
    with no name in it, which may refer back to a source named in full before."""
    return (
        phrase[0].lower_ in words(phrase.doc.lang_).definite_articles
        and len(phrase) <= 3
        and not any(t.ent_type_ or t.pos_ == "PROPN" for t in phrase)
    )


def _written_name(phrase: Span) -> str:
    """The phrase as written, without a possessive marker; a name without its article ("the
    Russian Defence Ministry" is Russian Defence Ministry), a description with it ("the
    regional governor")."""
    tokens = list(phrase)
    named = any(t.ent_type_ or t.pos_ == "PROPN" for t in tokens)
    article = tokens[0].lower_ in words(phrase.doc.lang_).definite_articles
    if named and article:
        tokens = tokens[1:]
    while tokens and tokens[-1].tag_ == "POS":
        tokens = tokens[:-1]
    if not tokens:
        return ""
    text = " ".join(doc_text(phrase.doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])].split())
    if article and not named:  # "The governor" opening a sentence is "the governor"
        return tokens[0].lower_ + text[len(tokens[0]) :]
    return text


class ClaimantReader:
    """The ``sitroom_claimants`` component: writes each figure's claimant
    (``span._.sitroom_source``, an :class:`Attribution`), the figures read in text order so a
    pronoun finds the source named before it. A reposted post (a Telegram forward) relays its
    origin for every figure in it."""

    def __call__(self, doc: Doc) -> Doc:
        document = upstream(doc, "sitroom_document")
        outlet = document.outlet if document is not None else None
        forwarded_from = document.forwarded_from if document is not None else None
        quotes: list[Quote] = upstream(doc, "sitroom_quotes") or []
        entities: list[Entity] = upstream(doc, "sitroom_entities") or []
        attributor = Attributor(doc, quotes, entities, outlet)
        for figure in figures(doc):
            reading = figure._.sitroom_reading
            source = attributor.attribute(reading.quantity.number.root, reading.sentence)
            if forwarded_from and not source.relay:
                source = replace(source, relay=forwarded_from)
            figure._.sitroom_source = source
        return doc


@Language.factory(
    "sitroom_claimants",
    requires=["span._.sitroom_reading"],
    assigns=["span._.sitroom_source"],
)
def make_claimant_reader(nlp: Language, name: str) -> ClaimantReader:
    return ClaimantReader()
