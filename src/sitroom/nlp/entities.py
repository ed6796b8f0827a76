"""The ``sitroom_entities`` component: document-level entities with titles and affiliations.

It reads the (corrected) NER spans and the dependency parse and produces one
:class:`sitroom.model.Entity` per person, organisation, armed force or political unit, stored on
``doc._.sitroom_entities``:

* mentions of one referent are joined: full names with their later short forms ("Syrskyi"),
  transliteration variants ("Zelenskiy" / "Zelenskyy" / "Zelensky"), typos ("Syrkyi"), acronyms
  ("Rapid Support Forces" / "RSF"); two people sharing a surname stay apart unless a first name
  or title says otherwise, and a bare surname goes to the closest matching person;
* titles, affiliation and place come from premodifiers ("Kremlin spokesman Dmitry Peskov"),
  appositions ("Russia's acting regional governor of Kursk, Alexei Smirnov") and possessives;
* armed forces named generically ("Ukrainian forces", "Kyiv's troops") become FORCE entities,
  one per country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from sitroom.gazetteer.actors import countries, country_of
from sitroom.model import Entity, Mention
from sitroom.nlp.actors import named_forces, role_nouns
from sitroom.nlp.lang import lexicon
from sitroom.nlp.name_forms import name_form
from sitroom.nlp.names import (
    ascii_fold,
    compatible_first_names,
    initials,
    same_name_token,
    spelling_key,
)
from sitroom.nlp.names import words as name_words
from sitroom.nlp.numbers import words as number_words
from sitroom.nlp.syntax import DEP


@dataclass(frozen=True)
class Words:
    """This module's word lists in one language (lang/<code>/entities.toml, ``[entities]``)."""

    #: Head nouns of generically named forces ("Ukrainian forces", "Kyiv's troops").
    force_heads: tuple[str, ...]
    #: Words between the country and the head noun ("Ukrainian armed forces").
    force_modifiers: tuple[str, ...]
    #: Words that make a capitalised name an organisation, never a person.
    organisation_words: frozenset[str]
    #: How an organisation's name is compared: spellings taken as one, words left out, heads
    #: written before their field ("the Ministry of Defence" is the Defence Ministry).
    organisation_spellings: dict[str, str]
    organisation_fillers: frozenset[str]
    inverted_heads: frozenset[str]


@cache
def words(lang: str) -> Words:
    """The word lists of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "entities")["entities"]
    return Words(
        force_heads=tuple(lists["force_heads"]),
        force_modifiers=tuple(lists["force_modifiers"]),
        organisation_words=frozenset(lists["organisation_words"]),
        organisation_spellings=dict(lists["organisation_spellings"]),
        organisation_fillers=frozenset(lists["organisation_fillers"]),
        inverted_heads=frozenset(lists["inverted_heads"]),
    )


NAME_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "FORCE": "FORCE", "GPE": "GPE", "LOC": "LOC"}
TITLE_DEPS = frozenset(
    DEP.compound
    | DEP.adjective_modifier
    | DEP.noun_modifier
    | DEP.possessive
    | DEP.case
    | DEP.punctuation
    | DEP.noun_adverbial
)
MAX_TITLE_TOKENS = 10
#: Children of a title noun left out of the title.
_EXCLUDED_TITLE_DEPS = (
    DEP.determiner
    | DEP.relative_clause
    | DEP.clausal_modifier
    | DEP.appositive
    | DEP.punctuation
    | DEP.adverbial_clause
    | DEP.coordinator
    | DEP.conjunct
)

if not Doc.has_extension("sitroom_entities"):
    Doc.set_extension("sitroom_entities", default=None)


@dataclass
class _Mention:
    span: Span
    kind: str
    force_country: str | None = None

    @cached_property
    def name(self) -> str:
        """The name in its dictionary form ("Юрия Лужкова" -> "Юрий Лужков"; English: as
        written)."""
        return name_form(self.span)

    @cached_property
    def words(self) -> list[str]:
        if self.name != self.span.text:
            return self.name.split()
        return [t.text for t in self.span if not t.is_punct]


@dataclass
class _Cluster:
    kind: str
    mentions: list[_Mention] = field(default_factory=list)
    key: str = ""
    affiliation: str | None = None

    @property
    def first(self) -> _Mention:
        return self.mentions[0]

    def full_names(self) -> list[list[str]]:
        return [m.words for m in self.mentions if len(m.words) >= 2]


@dataclass
class _Context:
    titles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    place: str | None = None


def _trim(span: Span) -> Span | None:
    """The name proper: no caption label, credit or place after a dash, no leading article or
    honorific, no trailing possessive."""
    start, end = _name_part(span)
    doc = span.doc
    w = name_words(doc.lang_)
    while start < end and (
        doc[start].lower_ in w.articles or doc[start].lower_.rstrip(".") in w.honorifics
    ):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return Span(doc, start, end, label=span.label) if end > start else None


def _name_part(span: Span) -> tuple[int, int]:
    """Token bounds of the name in a span that runs across a slash or a spaced dash.

    spaCy reads "Suzanne Noble - Kilburn" (a Daily Mail speaker and her town) and the photo
    credit "Justin Tallis/Pool" as one name; the name is the first part, unless that part is
    an upper-case caption label ("FILE - Pope Francis").
    """
    parts, start = [], span.start
    for token in span:
        if _is_separator(token):
            parts.append((start, token.i))
            start = token.i + 1
    parts.append((start, span.end))
    parts = [(s, e) for s, e in parts if e > s]
    if not parts:
        return span.start, span.start
    if len(parts) > 1 and _is_caption_label(span.doc[parts[0][0] : parts[0][1]]):
        return parts[1]
    return parts[0]


def _is_separator(token: Token) -> bool:
    """A slash (also glued to the next word, "Junge /NTB"), or a dash with a space on both
    sides (not the hyphen of "Mather-Holgate")."""
    if token.text.startswith("/"):
        return True
    spaced = token.i > 0 and bool(token.whitespace_) and bool(token.nbor(-1).whitespace_)
    return spaced and token.text in ("-", "–", "—")


def _is_caption_label(span: Span) -> bool:
    """One upper-case word before a spaced dash, as AP captions begin: "FILE - ..."."""
    return len(span) == 1 and span[0].is_alpha and span[0].is_upper and len(span[0]) >= 3


#: A photo credit or caption byline: "(AP Photo/Efrem Lukatsky)", "AP Photo", "Photo: Jane
#: Doe/Reuters", "Photograph: ... /Getty Images". Names inside it are no entities.
PHOTO_CREDIT = re.compile(
    r"\([^()\n]{0,40}\bPhotos?\b[^()\n]{0,80}\)"
    r"|\b[A-Z][\w.&]*(?: [A-Z][\w.&]*)? Photos?(?:/[^\n,;.]{1,60})?"
    r"|\bPhoto(?:graph)?s?(?: credit)?: [^\n]{1,80}?(?=$|\n|\. )",
)


def _looks_like_titled_person(span: Span) -> bool:
    """A two- or three-word name tagged ORG that carries a personal title is a person:
    "The governor of the Sumy region, Volodymyr Artiukh" (spaCy: ORG)."""
    organisation_words = words(span.doc.lang_).organisation_words
    if not 2 <= len(span) <= 3 or any(t.lower_ in organisation_words for t in span):
        return False
    if not all(t.pos_ == "PROPN" and t.is_title for t in span):
        return False
    return any(title for title, _, _ in (_prenominal_title(span), _appositive_title(span)))


class EntityResolver:
    """Builds document entities from NER spans (see the module docstring)."""

    def __init__(self, nlp: Language) -> None:
        w = words(nlp.lang)  # the pipeline's language: that of every Doc it makes
        self.matcher = Matcher(nlp.vocab)
        demonyms = sorted({d.casefold() for c in countries() for d in c.demonyms})
        country_words = sorted(
            {n.casefold() for c in countries() for n in (c.name, *c.other_names) if " " not in n}
        )
        modifiers = {"LOWER": {"IN": list(w.force_modifiers)}, "OP": "*"}
        head = {"LOWER": {"IN": list(w.force_heads)}}
        self.matcher.add(
            "FORCE",
            [
                [{"LOWER": {"IN": demonyms}}, modifiers, head],
                [{"LOWER": {"IN": country_words}}, {"TAG": "POS"}, modifiers, head],
                [{"ENT_TYPE": "GPE", "OP": "+"}, {"TAG": "POS"}, modifiers, head],
            ],
            greedy="LONGEST",
        )
        self.forces_by_alias = {
            alias.casefold(): force
            for force in named_forces(nlp.lang)
            for alias in (force.name, *force.aliases)
        }

    def __call__(self, doc: Doc) -> Doc:
        mentions = self._mentions(doc)
        clusters = self._cluster(mentions)
        doc._.sitroom_entities = self._entities(clusters)
        return doc

    # -- mentions ---------------------------------------------------------------------------

    def _mentions(self, doc: Doc) -> list[_Mention]:
        forces = []
        for _, start, end in self.matcher(doc):
            span = Span(doc, start, end, label="FORCE")
            gpe = " ".join(t.text for t in span if t.ent_type_ == "GPE")
            country = country_of(span[0].text) or country_of(gpe)
            forces.append(_Mention(span, "FORCE", force_country=country))
        covered = {i for m in forces for i in range(m.span.start, m.span.end)}

        mentions = list(forces)
        credits = [m.span() for m in PHOTO_CREDIT.finditer(doc.text)]
        for ent in doc.ents:
            kind = NAME_LABELS.get(ent.label_)
            trimmed = _trim(ent) if kind else None
            if trimmed is None:
                continue
            if any(
                start <= trimmed.start_char and trimmed.end_char <= end for start, end in credits
            ):
                continue  # "(AP Photo/Efrem Lukatsky)": who took the picture, not the news
            if kind in ("ORG", "FORCE") and covered & set(range(trimmed.start, trimmed.end)):
                continue
            if kind == "ORG" and _looks_like_titled_person(trimmed):
                kind = "PERSON"
            mentions.append(_Mention(trimmed, kind))
        mentions.sort(key=lambda m: m.span.start)
        return self._recover_person_mentions(doc, mentions)

    def _recover_person_mentions(self, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
        """Surnames of known people that NER missed or mislabelled become PERSON mentions.

        spaCy tags a lone "Smirnov" as NORP or misses a typo like "Syrkyi"; a token is taken when
        it matches the surname of a full name tagged PERSON in the same document. A word tagged
        as a place must be spelt as the surname, not a near miss: "Sheffield" is no typo of
        Schofield.
        """
        surnames = {m.words[-1] for m in mentions if m.kind == "PERSON" and len(m.words) >= 2}
        if not surnames:
            return mentions
        surname_keys = {spelling_key(s) for s in surnames}

        verdicts: dict[str, bool] = {}

        def is_surname(token: Token) -> bool:
            if token.text not in verdicts:
                verdicts[token.text] = (
                    token.is_title
                    and len(token) >= 4
                    and country_of(token.text) is None
                    and any(same_name_token(token.text, s) for s in surnames)
                )
            return verdicts[token.text]

        taken = {i for m in mentions for i in range(m.span.start, m.span.end)}
        result = []
        for m in mentions:
            if (
                m.kind not in ("PERSON", "FORCE")
                and len(m.span) == 1
                and is_surname(m.span[0])
                and (m.kind == "ORG" or spelling_key(m.span.text) in surname_keys)
            ):
                result.append(
                    _Mention(Span(doc, m.span.start, m.span.end, label="PERSON"), "PERSON")
                )
            else:
                result.append(m)
        for token in doc:
            if token.i not in taken and token.pos_ == "PROPN" and is_surname(token):
                result.append(_Mention(Span(doc, token.i, token.i + 1, label="PERSON"), "PERSON"))
        result.sort(key=lambda m: m.span.start)
        return result

    # -- clustering -------------------------------------------------------------------------

    def _cluster(self, mentions: list[_Mention]) -> list[_Cluster]:
        clusters: list[_Cluster] = []
        people = [m for m in mentions if m.kind == "PERSON"]
        clusters += _cluster_people(people)
        for m in mentions:
            if m.kind == "PERSON":
                continue
            if m.kind == "FORCE" and m.force_country is not None:
                key, affiliation = "force:" + m.force_country, m.force_country
            elif m.kind in ("ORG", "FORCE"):
                key, affiliation = self._organisation_key(m)
            else:
                key, affiliation = m.kind + ":" + ascii_fold(m.name), None
            target = next((c for c in clusters if c.key == key), None)
            if target is None and m.kind in ("ORG", "FORCE"):
                target = _acronym_or_unaffiliated_match(m, key, clusters)
            if target is None:
                target = _Cluster(m.kind, key=key, affiliation=affiliation)
                clusters.append(target)
            target.mentions.append(m)
        return clusters

    def _organisation_key(self, m: _Mention) -> tuple[str, str | None]:
        force = self.forces_by_alias.get(m.span.text.casefold())
        if force is not None:
            return "force:" + force.name, force.affiliation
        affiliation = None
        core = []
        for token in m.span:
            country = country_of(token.text)
            if country is not None and affiliation is None and token.i == m.span.start:
                affiliation = country
                continue
            core.append(token.text)
        if affiliation is None:
            affiliation = _possessor_country(m.span)
        if not core:
            # a country's one-word alias ("Kremlin", "Pentagon") is the name itself; an empty
            # core would make every such organisation in a document one entity
            core = [t.text for t in m.span]
        return "org:" + _organisation_core(core, m.span.doc.lang_), affiliation

    # -- entities ---------------------------------------------------------------------------

    def _entities(self, clusters: list[_Cluster]) -> list[Entity]:
        clusters = sorted(clusters, key=lambda c: c.first.span.start)
        entities = []
        for number, cluster in enumerate(clusters, start=1):
            context = _Context()
            for m in cluster.mentions:
                if cluster.kind in ("PERSON", "ORG", "FORCE"):
                    _add_context(context, m.span)
            name = _best_name(cluster)
            surfaces = []
            for m in cluster.mentions:
                if m.span.text != name and m.span.text not in surfaces:
                    surfaces.append(m.span.text)
            entities.append(
                Entity(
                    id=f"e{number}",
                    name=name,
                    kind=cluster.kind,
                    span=(cluster.first.span.start_char, cluster.first.span.end_char),
                    mentions=[
                        Mention(m.span.text, (m.span.start_char, m.span.end_char))
                        for m in cluster.mentions
                    ],
                    aliases=surfaces,
                    titles=context.titles,
                    affiliation=cluster.affiliation or context.affiliation,
                    place=context.place,
                )
            )
        return entities


def _cluster_people(people: list[_Mention]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    full = [m for m in people if len(m.words) >= 2]
    short = [m for m in people if len(m.words) < 2]
    for m in full:
        first, last = m.words[0], m.words[-1]
        target = next(
            (
                c
                for c in clusters
                if any(
                    same_name_token(last, name[-1]) and compatible_first_names(first, name[0])
                    for name in c.full_names()
                )
            ),
            None,
        )
        if target is None:
            target = _Cluster("PERSON", key="person:" + spelling_key(" ".join(m.words)))
            clusters.append(target)
        target.mentions.append(m)
    for m in short:
        word = m.words[0] if m.words else m.span.text
        candidates = [
            c for c in clusters if any(same_name_token(word, name[-1]) for name in c.full_names())
        ]
        if not candidates:
            candidates = [
                c
                for c in clusters
                if any(spelling_key(word) == spelling_key(n[0]) for n in c.full_names())
            ]
        target = _closest_cluster(m, candidates) if candidates else None
        if target is None:
            target = next((c for c in clusters if c.key == "person:" + spelling_key(word)), None)
        if target is None:
            target = _Cluster("PERSON", key="person:" + spelling_key(word))
            clusters.append(target)
        target.mentions.append(m)
    for c in clusters:
        c.mentions.sort(key=lambda m: m.span.start)
    return clusters


def _closest_cluster(m: _Mention, candidates: list[_Cluster]) -> _Cluster:
    """Of several people a bare surname could mean, the one with a matching title, else the
    one mentioned most recently before it (the nearest after it if none precedes)."""
    if len(candidates) == 1:
        return candidates[0]
    own = _Context()
    _add_context(own, m.span)
    title_words = {w.casefold() for title in own.titles for w in title.split()}
    if title_words:
        by_title = [c for c in candidates if _title_words_of(c) & title_words]
        if len(by_title) == 1:
            return by_title[0]

    def distance(c: _Cluster) -> tuple[int, int]:
        before = [x.span.start for x in c.mentions if x.span.start < m.span.start]
        if before:
            return (0, m.span.start - max(before))
        return (1, min(x.span.start for x in c.mentions) - m.span.start)

    return min(candidates, key=distance)


def _title_words_of(cluster: _Cluster) -> set[str]:
    context = _Context()
    for x in cluster.mentions:
        _add_context(context, x.span)
    return {w.casefold() for title in context.titles for w in title.split()}


def _acronym_or_unaffiliated_match(
    m: _Mention, key: str, clusters: list[_Cluster]
) -> _Cluster | None:
    orgs = [c for c in clusters if c.kind in ("ORG", "FORCE")]
    text = m.span.text
    if text.isupper() and 2 <= len(text) <= 6:
        for c in orgs:
            if any(text in _acronyms(x.words) for x in c.mentions):
                return c
    own = _acronyms(m.words)
    for c in orgs:
        if any(x.span.text in own for x in c.mentions if x.span.text.isupper()):
            return c
    core = key.split(":", 1)[1]
    same_core = [c for c in orgs if c.key.startswith("org:") and c.key.split(":", 1)[1] == core]
    return same_core[0] if len(same_core) == 1 else None


def _acronyms(words: list[str]) -> set[str]:
    """Acronyms a name may go by: "Rapid Support Forces" -> RSF; "UN Office for the
    Coordination of Humanitarian Affairs" -> UNOCHA and, without its parent's prefix, OCHA."""
    found = {initials(words)}
    if len(words) > 2 and words[0].isupper():
        found.add(initials(words[1:]))
    return found


def _organisation_core(names: list[str], lang: str) -> str:
    """Spelling- and order-insensitive core of an organisation name."""
    w = words(lang)
    folded = [ascii_fold(name) for name in names]
    for spelling, same in w.organisation_spellings.items():
        folded = [name.replace(spelling, same) for name in folded]
    folded = [name for name in folded if name and name not in w.organisation_fillers]
    genitive = number_words(lang).genitive_prepositions
    if len(folded) >= 3 and folded[0] in w.inverted_heads and folded[1] in genitive:
        folded = [*folded[2:], folded[0]]
    return " ".join(folded)


def _possessor_country(span: Span) -> str | None:
    """'Russia's Defence Ministry' -> Russia."""
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].tag_ == "POS":
        return country_of(doc[span.start - 2].text)
    return None


def _best_name(cluster: _Cluster) -> str:
    """The longest surface form (in words) that is not a possessive ("Kyiv's forces"), the
    earliest of equals."""
    best = max(
        cluster.mentions,
        key=lambda m: (not any(t.tag_ == "POS" for t in m.span), len(m.words), -m.span.start),
    )
    return best.name


# -- titles, affiliation, place ---------------------------------------------------------------


def _add_context(context: _Context, span: Span) -> None:
    for title, affiliation, place in (_prenominal_title(span), _appositive_title(span)):
        if title:
            _add_title(context.titles, title)
        context.affiliation = context.affiliation or affiliation
        context.place = context.place or place


def _add_title(titles: list[str], title: str) -> None:
    """Add a title unless a more specific one is known ("minister" after "Defence Minister");
    a more specific title replaces a generic one."""
    new = " " + title.casefold()
    for i, known in enumerate(titles):
        old = " " + known.casefold()
        if old.endswith(new):
            return
        if new.endswith(old):
            titles[i] = title
            return
    titles.append(title)


def _entity_at(token: Token) -> Span | None:
    """The entity span a token belongs to, found from its IOB tags (no scan of doc.ents)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def _affiliation_or_place(tokens: list[Token]) -> tuple[str | None, str | None]:
    """From modifier tokens: a country (or org) is an affiliation, another place is a place."""
    affiliation = place = None
    seen: set[int] = set()
    for token in tokens:
        if token.i in seen:
            continue
        ent = _entity_at(token)
        text = ent.text if ent is not None else token.text
        if ent is not None:
            seen.update(range(ent.start, ent.end))
        country = country_of(text) or country_of(token.text)
        if country is not None:
            affiliation = affiliation or country
        elif ent is not None and ent.label_ in ("ORG", "FORCE"):
            affiliation = affiliation or ent.text
        elif ent is not None and ent.label_ in ("GPE", "LOC"):
            place = place or ent.text
    return affiliation, place


def _title_text(tokens: list[Token], head: Token) -> str | None:
    """Title from its tokens: entity modifiers and possessors stripped from the front. Its head
    must name a role ("spokesman", "governor"): no role, no title."""
    i = 0
    while i < len(tokens) and (
        tokens[i].ent_type_ in ("GPE", "NORP", "ORG", "FORCE", "LOC")
        or tokens[i].tag_ == "POS"
        or tokens[i].pos_ == "DET"
    ):
        i += 1
    rest = tokens[i:]
    while rest and (rest[-1].is_punct or rest[-1].tag_ == "POS"):
        rest = rest[:-1]
    if not rest or len(rest) > MAX_TITLE_TOKENS or not _is_role(head):
        return None
    text = "".join(t.text_with_ws for t in rest).strip()
    return text or None


def _prenominal_title(span: Span) -> tuple[str | None, str | None, str | None]:
    """'Kremlin spokesman Dmitry Peskov': tokens left of the name in its own phrase."""
    doc = span.doc
    honorifics = name_words(doc.lang_).honorifics
    root = span.root
    tokens: list[Token] = []
    i = span.start - 1
    while i >= 0:
        token = doc[i]
        if token.i < root.left_edge.i or (token.dep_ not in TITLE_DEPS and token.tag_ != "POS"):
            break
        if token.is_punct and token.text not in ("-", "‑"):
            break
        if token.lower_.rstrip(".") in honorifics:
            break
        tokens.insert(0, token)
        i -= 1
    if not tokens:
        return None, None, None
    affiliation, place = _affiliation_or_place(tokens)
    return _title_text(tokens, tokens[-1]), affiliation, place


def _is_role(token: Token) -> bool:
    roles = role_nouns(token.doc.lang_)
    return token.lower_ in roles or token.lemma_.lower() in roles


def _role_noun_above(noun: Token) -> Token | None:
    """The topmost role noun in a chain of 'of'/'to' phrases ending at this noun.

    spaCy often hangs the name in "an adviser to the head of the presidential office, Mykhailo
    Podolyak" on "office"; the title starts at "adviser"."""
    chain = [noun]
    while (
        chain[-1].dep_ in DEP.prep_object
        and chain[-1].head.dep_ in DEP.preposition
        and chain[-1].head.head.pos_ in ("NOUN", "PROPN")
    ):
        chain.append(chain[-1].head.head)
    roles = [t for t in chain if _is_role(t)]
    return roles[-1] if roles else None


def _appositive_title(span: Span) -> tuple[str | None, str | None, str | None]:
    """'Ukraine's senior commander, Oleksandr Syrskyi' and 'Podolyak, an adviser to ...'."""
    root = span.root
    candidates = [c for c in root.children if c.dep_ in DEP.appositive]
    if root.dep_ in DEP.appositive:
        # the name hangs on its title ("the governor, X") or on a noun before it, with the
        # title as a sibling ("a few kilometres from the border, the head of ..., X")
        candidates += [root.head, *(c for c in root.head.children if c.dep_ in DEP.appositive)]
    nouns = [
        _role_noun_above(c)
        for c in candidates
        if c != root and c.pos_ == "NOUN" and not c.ent_type_
    ]
    noun = next((n for n in nouns if n is not None), None)
    if noun is None:
        return None, None, None

    excluded: set[int] = {t.i for t in root.subtree} if root in noun.subtree else set()
    modifiers: list[Token] = []
    place_tokens: list[Token] = []
    genitive = number_words(span.doc.lang_).genitive_prepositions
    for child in noun.children:
        if child.dep_ in _EXCLUDED_TITLE_DEPS:
            excluded.update(t.i for t in child.subtree)
        elif child.dep_ in DEP.possessive:
            excluded.update(t.i for t in child.subtree)
            modifiers.extend(child.subtree)
        elif child.dep_ in DEP.preposition and child.lower_ in genitive:
            objects = [t for t in child.subtree if t.ent_type_ in ("GPE", "LOC")]
            if objects:
                excluded.update(t.i for t in child.subtree)
                place_tokens.extend(objects)
    kept = [t for t in noun.subtree if t.i not in excluded]
    # the contiguous run of kept tokens around the noun
    run = [noun]
    kept_ids = {t.i for t in kept}
    doc = noun.doc
    j = noun.i - 1
    while j >= 0 and j in kept_ids:
        run.insert(0, doc[j])
        j -= 1
    j = noun.i + 1
    while j < len(doc) and j in kept_ids:
        run.append(doc[j])
        j += 1
    affiliation, _ = _affiliation_or_place(modifiers + [t for t in run if t.ent_type_])
    of_country, place = _affiliation_or_place(place_tokens)
    return _title_text(run, noun), affiliation or of_country, place


@Language.factory("sitroom_entities")
def make_entity_resolver(nlp: Language, name: str) -> EntityResolver:
    return EntityResolver(nlp)
