"""The ``sitroom_quotes`` component: direct, indirect and mixed quotes with their speakers.

Results go on ``doc._.sitroom_quotes`` as :class:`sitroom.model.Quote` objects, ids "q1", "q2"...
in text order. It runs after ``sitroom_entities`` and works in four steps:

1. quotations are found by their marks (:mod:`sitroom.nlp.quotemarks`), independently of the
   parse, so multi-paragraph quotations and stray punctuation do not confuse it;
2. speech cues are verbs from ``nlp/lang/en/speech_cues.txt`` ("said", "warned", "estimated")
   outside quotations, plus "according to"; each cue's speaker is its grammatical subject;
3. each quotation is attached to the cue right after it (``"...," he said`` / ``said X``) or
   right before it (``X said: "..."``); a quotation split by its cue (``"We will," he said,
   "win."``) becomes one quote; a dash byline after it (``” ― Carla Mendes``) signs it; a
   quotation with no cue takes the subject of the narration around or just before it, or
   continues an attributed one in the same or the previous paragraph (news style), with lower
   confidence (see :func:`_continuations`);
4. cues left over give reported speech: the cue's clausal complement ("said *that ...*", "*...*,
   officials said") or the rest of the sentence ("according to X, *...*"); when that content
   holds a quotation the quote is *mixed*.

Speakers are resolved to entity ids by :mod:`sitroom.nlp.speakers`. A split quotation's ``span``
covers both parts (and the cue between them); its ``text`` is the two parts joined.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitroom.model import Quote
from sitroom.nlp.actors import role_nouns
from sitroom.nlp.doctext import doc_text
from sitroom.nlp.lang import language_file, lexicon
from sitroom.nlp.quotemarks import quote_segments
from sitroom.nlp.speakers import SpeakerResolver
from sitroom.nlp.syntax import DEP

#: Tokens a cue may be separated from the quotation it introduces by ("said on Monday:").
MAX_LEAD_GAP = 10
#: Quotations shorter than this (in words) after a cue without a colon are quoted phrases.
MIN_INTRODUCED_WORDS = 4
#: Quotations without a cue and shorter than this (in words) are scare quotes or titles.
MIN_UNATTRIBUTED_WORDS = 6
#: Quotations shorter than this (in words) take no speaker from the narration around them.
MIN_NARRATED_WORDS = 4
TRAILING_PUNCT = frozenset({",", ".", ":", ";", "—", "–", "-"})
#: A byline after a quotation: spaces, a dash, spaces ("...” ― Pamela Padilla").
_BYLINE_DASH = re.compile(r"[^\S\n]*(?:[―—–]|--?)[^\S\n]*(?=\w)")
#: Entity types (spaCy labels) whose subject of a sentence of narration may speak the
#: quotation in or after it.
NARRATOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: A verb hanging from another verb, whose subject it shares ("said and added").
_CHAINED_VERB_DEPS = DEP.conjunct | DEP.open_complement | DEP.adverbial_clause
#: Complements that make an adjacent cue no cue ("continued to fight", "read the report").
_ADJACENT_COMPLEMENT_DEPS = DEP.open_complement | DEP.object
_PARAGRAPH_BREAK = re.compile(r"\n\s*")

if not Doc.has_extension("sitroom_quotes"):
    Doc.set_extension("sitroom_quotes", default=None)


@dataclass(frozen=True)
class Words:
    """This module's word lists in one language (lang/<code>/attribution.toml, ``[quotes]``)."""

    #: Verbs that cue speech only when a quotation is in their phrase ("called them
    #: “deplorables”").
    quoting_verbs: frozenset[str]
    #: Verbs that cue a quotation right next to them ("She continued, “...”", "“...,” he
    #: shouted") but never introduce reported speech ("continued to fight", "read the report").
    adjacent_cues: frozenset[str]
    #: Relative pronouns whose speech verb's speaker is the noun the clause hangs from.
    relative_subjects: frozenset[str]
    #: Pronouns that, as the subject of narration, may speak the quotation in or after it.
    personal_subjects: frozenset[str]
    #: Speech verbs that cue a quotation only with their particle ("pointed out").
    particle_cues: dict[str, str]
    #: Words that may stand between a speech verb and its quotation ("said that “...”").
    complementizers: frozenset[str]


@cache
def words(lang: str) -> Words:
    """The word lists of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    lists = lexicon(lang, "attribution")["quotes"]
    return Words(
        quoting_verbs=frozenset(lists["quoting_verbs"]),
        adjacent_cues=frozenset(lists["adjacent_cues"]),
        relative_subjects=frozenset(lists["relative_subjects"]),
        personal_subjects=frozenset(lists["personal_subjects"]),
        particle_cues=dict(lists["particle_cues"]),
        complementizers=frozenset(lists["complementizers"]),
    )


@cache
def source_phrases(lang: str) -> tuple[tuple[str, ...], ...]:
    """Phrases after which a text names its source ("according to X", "по данным X"), each
    as its words (``lang/<code>/attribution.toml``, ``[claimants] source_phrases``)."""
    phrases = lexicon(lang, "attribution")["claimants"]["source_phrases"]
    return tuple(tuple(phrase.split()) for phrase in phrases)


@dataclass(frozen=True)
class SourcePhrase:
    """A source phrase in a text: its tokens and the nouns that name the source after it."""

    tokens: Span
    sources: list[Token]


def source_phrase_at(token: Token, limit: int | None = None) -> SourcePhrase | None:
    """The source phrase that starts at ``token`` (ending before ``limit``), if one does: the
    source is the object of one of its words ("according to X"; "D'" heads "d'après X") or
    the noun in the genitive its last word governs ("по данным Минобороны")."""
    doc = token.doc
    end_limit = len(doc) if limit is None else limit
    for phrase in source_phrases(doc.lang_):
        end = token.i + len(phrase)
        if end > end_limit or tuple(t.lower_ for t in doc[token.i : end]) != phrase:
            continue
        sources = [
            child
            for word in reversed(doc[token.i : end])
            for child in word.children
            if child.dep_ in DEP.prep_object or (child.dep_ in DEP.noun_modifier and child.i >= end)
        ]
        return SourcePhrase(doc[token.i : end], sources)
    return None


@cache
def speech_cues(lang: str = "en") -> frozenset[str]:
    """Lemmas of verbs that report speech, writing or stated belief
    (``lang/<lang>/speech_cues.txt``)."""
    text = language_file(lang, "speech_cues.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@dataclass
class _Cue:
    token: Token
    text: str
    speaker: Span | None
    adjacent_only: bool = False  # cues a quotation next to it, never reported speech
    source_phrase: bool = False  # "according to X": what X says is the rest of the sentence
    phrase_end: int = -1  # the last word of such a phrase and its source


@dataclass
class _Segment:
    start: int  # characters, marks included
    end: int
    first: int  # tokens, [first, last)
    last: int


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    cue: _Cue | None
    text: str | None = None
    inherited: _Found | None = None
    narrated: bool = False  # speaker from the sentence around or before it, not from a cue


# -- cues ---------------------------------------------------------------------------------------


def speaker_phrase(head: Token) -> Span:
    """The speaker phrase: the head with its left modifiers ("the regional governor"), a name
    extended to its whole entity ("John Smith"), an adjective right after the noun ("l'armée
    malienne")."""
    doc = head.doc
    start, end = head.left_edge.i, head.i + 1
    office = _office_in_coordination(head)
    if office is not None:  # "the environment and energy minister": one person's title
        end = office.i + 1
    if head.ent_iob_ in ("B", "I"):
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    for child in head.children:  # an adjective after the noun: "l'armée malienne"
        if (
            child.i == end
            and child.pos_ == "ADJ"
            and child.dep_ in DEP.adjective_modifier
            and not any(child.children)
        ):
            end += 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end]


def _office_in_coordination(head: Token) -> Token | None:
    """The office noun a coordination ends in when the parser made its first field the head
    ("the [environment] and energy minister"): a plain noun, not itself an office or a name,
    joined to an office noun."""
    roles = role_nouns(head.doc.lang_)
    if head.pos_ != "NOUN" or head.ent_type_ or head.lemma_.lower() in roles:
        return None
    return next(
        (c for c in head.children if c.dep_ in DEP.conjunct and c.lemma_.lower() in roles),
        None,
    )


def _subject(verb: Token, inside: list[int]) -> Span | None:
    w = words(verb.doc.lang_)
    for child in verb.children:
        if child.dep_ in DEP.any_subject and inside[child.i] < 0:
            if child.lower_ in w.relative_subjects and verb.dep_ in DEP.relative_clause:
                return speaker_phrase(verb.head)
            return speaker_phrase(child)
    if verb.tag_ == "VBG":
        gerund_subject = _gerund_subject(verb, inside)
        if gerund_subject is not None:
            return gerund_subject
    if (
        verb.dep_ in _CHAINED_VERB_DEPS
        and verb.head.pos_ in ("VERB", "AUX")
        and verb.head is not verb
    ):
        return _subject(verb.head, inside)
    return _stranded_speaker(verb, inside)


def _stranded_speaker(verb: Token, inside: list[int]) -> Span | None:
    """The speaker of a cue the parser left without a subject: a person named right after the
    cue ("— відповів Олег Коваленко": the subject after its verb, taken for an apposition), or,
    when the parser hung the speaker as an apposition on the clause before ("... killed in
    Kherson, the regional governor, Oleksandr Prokudin, said"), the person, organisation or
    apposition right before the cue, a comma apart at most."""
    doc = verb.doc
    after = verb.i + 1
    if after < len(doc) and inside[after] < 0 and doc[after].ent_type_ == "PERSON":
        return speaker_phrase(_name_end(doc[after]))
    i = verb.i - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i < 0 or inside[i] >= 0:
        return None
    token = doc[i]
    if token.ent_type_ in ("PERSON", "ORG") or (
        token.dep_ in DEP.appositive and token.pos_ == "NOUN"
    ):
        return speaker_phrase(token)
    return None


def _name_end(token: Token) -> Token:
    """The last word of the name a word opens or stands in ("Олег" -> "Коваленко")."""
    doc = token.doc
    end = token.i
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return doc[end]


def _gerund_subject(verb: Token, inside: list[int]) -> Span | None:
    """The understood subject of a participle cue without one of its own: the person right
    before it ("footage of Hillary Clinton asking, “...”"), else the subject of the clause it
    hangs from ("Blige sings before asking her", "she recalled thinking")."""
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.ent_type_ == "PERSON" and inside[before.i] < 0:
        return speaker_phrase(before)
    head = verb.head
    if verb.dep_ in DEP.prep_complement and head.dep_ in DEP.preposition:
        head = head.head
    elif verb.dep_ not in DEP.object:
        return None
    if head is verb or head.pos_ not in ("VERB", "AUX"):
        return None
    return _subject(head, inside)


def _find_cues(doc: Doc, inside: list[int]) -> dict[int, _Cue]:
    verbs = speech_cues(doc.lang_)
    w = words(doc.lang_)
    cues: dict[int, _Cue] = {}
    for token in doc:
        if inside[token.i] >= 0:
            continue
        if (phrase := source_phrase_at(token)) is not None:
            speaker = speaker_phrase(phrase.sources[0]) if phrase.sources else None
            words_of_phrase = " ".join(t.lower_ for t in phrase.tokens)  # "according to"
            end = max([phrase.tokens.end - 1, *(s.right_edge.i for s in phrase.sources)])
            cues[token.i] = _Cue(
                token, words_of_phrase, speaker, source_phrase=True, phrase_end=end
            )
        elif token.pos_ == "VERB" and (
            token.lemma_.lower() in verbs
            or (token.lemma_.lower() in w.quoting_verbs and _quotes_in_subtree(token, inside))
        ):
            particle = w.particle_cues.get(token.lemma_.lower())
            if particle is not None and not any(c.lower_ == particle for c in token.children):
                continue  # "point" is a cue only in "pointed out"
            cues[token.i] = _Cue(token, token.text, _subject(token, inside))
        elif token.pos_ == "VERB" and token.lemma_.lower() in w.adjacent_cues:
            if any(c.dep_ in _ADJACENT_COMPLEMENT_DEPS and inside[c.i] < 0 for c in token.children):
                continue  # "continued to fight", "read the report"
            cues[token.i] = _Cue(token, token.text, _subject(token, inside), adjacent_only=True)
    return cues


# -- direct quotes ------------------------------------------------------------------------------


def _segments(doc: Doc) -> tuple[list[_Segment], list[int]]:
    """Quotation segments with their token ranges, and for each token the segment it is in."""
    inside = [-1] * len(doc)
    segments = []
    for start, end in quote_segments(doc_text(doc), lang=doc.lang_):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        number = len(segments)
        segments.append(_Segment(start, end, span.start, span.end))
        inside[span.start : span.end] = [number] * len(span)
    return segments, inside


def _words(doc: Doc, seg: _Segment) -> int:
    return len(doc_text(doc)[seg.start : seg.end].split())


def _breaks(token: Token) -> bool:
    return "\n" in token.text


def _cue_after(doc: Doc, seg: _Segment, cues: dict[int, _Cue], inside: list[int]) -> _Cue | None:
    """A cue right after the quotation: ``," he said`` / ``," said Smith`` / ``," Smith, the
    governor, said``: the first word after it is the cue or part of the cue's subject."""
    dash = _BYLINE_DASH.match(doc_text(doc), seg.end)
    byline = None
    if dash is not None:
        mark = seg.end + len(dash.group()) - len(dash.group().lstrip())
        byline = _dash_byline(doc, mark, dash.end())
    if byline is not None:
        return byline
    if _ends_embedded_sentence(doc, seg):
        return None
    j = seg.last
    while j < len(doc) and doc[j].is_punct and inside[j] < 0:
        j += 1
    if j >= len(doc) or inside[j] >= 0 or _breaks(doc[j]):
        return None
    for i in range(j, min(j + 20, len(doc))):
        cue = cues.get(i)
        if cue is not None:
            subject = cue.speaker.root if cue.speaker is not None else None
            covers = subject is not None and subject.left_edge.i <= j <= subject.right_edge.i
            return cue if i == j or covers else None
        if inside[i] >= 0 or _breaks(doc[i]) or (doc[i].is_sent_end and doc[i].is_punct):
            return None
    return None


def _ends_embedded_sentence(doc: Doc, seg: _Segment) -> bool:
    """A quoted phrase closing its writer's sentence (``Japan branded it an “outlaw nation.”``):
    the next sentence's speaker ("Russia insisted ...") did not say it."""
    if doc_text(doc)[seg.start : seg.end].rstrip("\"”’' ")[-1:] != ".":
        return False
    before = seg.first - 1
    while before >= 0 and doc[before].is_space and not _breaks(doc[before]):
        before -= 1
    return before >= 0 and not _breaks(doc[before]) and not doc[before].is_punct


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _dash_byline(doc: Doc, dash: int, name: int) -> _Cue | None:
    """``"..." — Pamela Padilla``: a name right after a dash signs the quotation. The name is a
    person or organisation entity, or (vox-pop lists NER misses) two to five capitalised words
    ending the paragraph or followed by punctuation."""
    dash_token, first = _token_at(doc, dash), _token_at(doc, name)
    if dash_token is None or first is None:
        return None
    if first.ent_type_ in ("PERSON", "ORG") and first.ent_iob_ == "B":
        return _Cue(dash_token, doc_text(doc)[dash:name].strip(), speaker_phrase(first))
    end = first.i
    while end < len(doc) and end - first.i < 5 and _name_word(doc[end]):
        end += 1
    after = doc[end] if end < len(doc) else None
    if end - first.i < 2 or not (after is None or after.is_punct or _breaks(after)):
        return None
    return _Cue(dash_token, doc_text(doc)[dash:name].strip(), doc[first.i : end])


def _name_word(token: Token) -> bool:
    """A capitalised word or an initial ("Christina N Luis Olidem", "Edwin G. Monroy")."""
    text = token.text.rstrip(".")
    return text[:1].isupper() and text.isalpha() and not token.is_stop


def _cue_before(
    doc: Doc, seg: _Segment, cues: dict[int, _Cue], inside: list[int]
) -> tuple[_Cue, str] | None:
    """A cue right before the quotation (``X said: "..."``), with the gap's last character."""
    for i in range(seg.first - 1, max(seg.first - 1 - MAX_LEAD_GAP, -1), -1):
        token = doc[i]
        if inside[i] >= 0 or (_breaks(token) and not (i > 0 and doc[i - 1].text == ":")):
            return None
        cue = cues.get(i)
        if cue is not None:
            gap = [t for t in doc[i + 1 : seg.first] if not t.is_space]
            if any(t.pos_ in ("VERB", "AUX") for t in gap):
                return None
            last = gap[-1].text if gap else ""
            if last != ":" and _words(doc, seg) < MIN_INTRODUCED_WORDS:
                return None  # a phrase ("called it a “hoax”") belongs to reported speech
            introduced = last in ("", ":", ",") or last in words(doc.lang_).complementizers
            return (cue, last) if introduced else None
        if token.is_sent_end and token.is_punct and token.text not in (":", ","):
            return None
    return None


def _is_split_pair(doc: Doc, first: _Segment, second: _Segment, cue: _Cue) -> bool:
    """``"We will," he said, "win."`` or ``"We will win," he said. "We are strong."``: the gap
    between the parts is the cue clause (ending with a comma, colon or full stop), all in one
    paragraph."""
    if not first.last <= cue.token.i < second.first:
        return False
    gap = doc[first.last : second.first]
    if any(_breaks(t) for t in gap):
        return False
    return len(gap) > 0 and gap[-1].text in (",", ":", ".")


def _direct_quotes(
    doc: Doc, segments: list[_Segment], cues: dict[int, _Cue], inside: list[int]
) -> tuple[list[_Found], list[int], set[int]]:
    """Attributed quotations, indices of the unattributed segments, and the cues used."""
    found: list[_Found] = []
    loose: list[int] = []
    used: set[int] = set()
    k = 0
    while k < len(segments):
        seg = segments[k]
        after = _cue_after(doc, seg, cues, inside)
        before = _cue_before(doc, seg, cues, inside)
        cue = before[0] if before and (before[1] == ":" or after is None) else after
        if cue is None:
            loose.append(k)
            k += 1
            continue
        used.add(cue.token.i)
        quote = _Found(seg.start, seg.end, "direct", cue)
        nxt = segments[k + 1] if k + 1 < len(segments) else None
        if (
            cue is after
            and nxt is not None
            and _is_split_pair(doc, seg, nxt, cue)
            and _cue_after(doc, nxt, cues, inside) is None
            and _cue_before(doc, nxt, cues, inside) in (None, (cue, ","), (cue, ":"))
        ):
            quote = _Found(
                seg.start,
                nxt.end,
                "direct",
                cue,
                text=doc_text(doc)[seg.start : seg.end] + " " + doc_text(doc)[nxt.start : nxt.end],
            )
            k += 1
        found.append(quote)
        k += 1
    return found, loose, used


# -- reported speech ----------------------------------------------------------------------------


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].text in TRAILING_PUNCT or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in TRAILING_PUNCT or doc[end - 1].is_space):
        end -= 1
    return start, end


def _content(cue: _Cue, quoting: bool) -> tuple[int, int] | None:
    """Token range of what the cue reports, or None."""
    token = cue.token
    doc = token.doc
    if cue.source_phrase:
        second = doc[token.i + 1] if token.i + 1 < len(doc) else token
        prep = second.head if token.dep_ not in DEP.preposition else token
        sent = token.sent
        # the phrase and its source: "по словам губернатора, ..." even when the parser hangs
        # the sentence from the source's noun
        phrase_end = max(prep.right_edge.i, cue.phrase_end)
        left = _trim(doc, sent.start, prep.left_edge.i)
        right = _trim(doc, phrase_end + 1, sent.end)
        best = max((left, right), key=lambda r: r[1] - r[0])
        return best if best[1] - best[0] >= 3 else None
    clauses = _clauses(token)
    if clauses:
        return clauses[0][0], clauses[-1][1]
    if quoting:
        # "called them “deplorables”": the rest of the verb phrase
        start, end = _trim(doc, token.i + 1, token.right_edge.i + 1)
        if end - start >= 2:
            return start, end
    return None


def _clauses(cue: Token) -> list[tuple[int, int]]:
    """Token ranges of the cue's clausal complements on one side of it (the side of the first
    one), contiguous save for a conjunction or punctuation ("claimed that fraud is “a big
    problem” but “nobody has the guts”"). A clause across a paragraph break is a parse error
    joining two paragraphs, never what the cue reports."""
    doc = cue.doc
    ranges: list[tuple[int, int]] = []
    for child in cue.children:
        if child.dep_ not in DEP.clausal_complement:
            continue
        start, end = _trim(doc, child.left_edge.i, child.right_edge.i + 1)
        if end - start < 3 or start <= cue.i < end:
            continue
        lo, hi = (end, cue.i) if end <= cue.i else (cue.i + 1, start)
        if any(_breaks(t) for t in doc[lo:hi]) or any(_breaks(t) for t in doc[start:end]):
            continue
        if ranges and (start < cue.i) != (ranges[0][0] < cue.i):
            continue
        if ranges and not all(
            t.is_punct or t.dep_ in DEP.coordinator for t in doc[ranges[-1][1] : start]
        ):
            break
        ranges.append((start, end))
    return ranges


def _quotes_in_subtree(token: Token, inside: list[int]) -> bool:
    return any(inside[i] >= 0 for i in range(token.i + 1, token.right_edge.i + 1))


def _cover_segments(start: int, end: int, segments: list[_Segment]) -> tuple[int, int]:
    """Widen reported content to whole quotations: the parse often leaves a closing
    ``."`` outside the clause."""
    for seg in segments:
        if seg.start < end and start < seg.end:
            start, end = min(start, seg.start), max(end, seg.end)
    return start, end


def _reported(
    doc: Doc,
    cues: dict[int, _Cue],
    used: set[int],
    segments: list[_Segment],
    direct: list[_Found],
    inside: list[int],
) -> tuple[list[_Found], set[int]]:
    """Indirect and mixed quotes from the unused cues, and the segments they absorb."""
    taken = [(q.start, q.end) for q in direct]
    found = []
    absorbed: set[int] = set()
    for i, cue in cues.items():
        if i in used or cue.speaker is None or cue.adjacent_only:
            continue
        content = _content(cue, _quotes_in_subtree(cue.token, inside))
        if content is None:
            continue
        start, end = doc[content[0]].idx, doc[content[1] - 1].idx + len(doc[content[1] - 1])
        start, end = _cover_segments(start, end, segments)
        if any(s < end and start < e for s, e in taken):
            continue
        inner = [k for k, seg in enumerate(segments) if seg.start < end and start < seg.end]
        kind = "mixed" if inner else "indirect"
        if len(inner) == 1 and (segments[inner[0]].start, segments[inner[0]].end) == (start, end):
            kind = "direct"
        absorbed.update(inner)
        taken.append((start, end))
        found.append(_Found(start, end, kind, cue))
    return found, absorbed


# -- unattributed quotations --------------------------------------------------------------------


def _paragraph_index(starts: list[int], char: int) -> int:
    return bisect.bisect_right(starts, char) - 1


def _continuations(
    doc: Doc,
    segments: list[_Segment],
    loose: list[int],
    attributed: list[_Found],
    inside: list[int],
) -> list[_Found]:
    """Quotations without a cue, in text order. The speaker is, first, the subject of the
    sentence the quotation is embedded in ("Reid has called Trump a “con artist”"); else that
    of an attributed quotation earlier in the same paragraph; else the subject of the sentence
    of narration just before it ("Sanders praised young voters. “They are sick of it.”"); else
    that of a quotation in the previous paragraph (news style continues a speaker's quotation
    in a new paragraph without repeating the cue). Otherwise the quotation is kept
    unattributed if long enough."""
    paragraphs = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(doc_text(doc))]
    by_start = sorted(attributed, key=lambda q: q.start)
    found: list[_Found] = []
    for k in sorted(loose):
        seg = segments[k]
        starts = [q.start for q in by_start]
        i = bisect.bisect_left(starts, seg.start) - 1
        previous = by_start[i] if i >= 0 else None
        here = _paragraph_index(paragraphs, seg.start)
        distance = here - _paragraph_index(paragraphs, previous.end) if previous else 2
        embedded, narrator = _narrator(doc, seg, inside)
        if _words(doc, seg) < MIN_NARRATED_WORDS:
            narrator = None
        quote: _Found | None = None
        if embedded and narrator is not None:
            quote = _Found(seg.start, seg.end, "direct", narrator, narrated=True)
        elif previous is not None and distance == 0:
            quote = _inherit(seg, previous)
        elif narrator is not None:
            quote = _Found(seg.start, seg.end, "direct", narrator, narrated=True)
        elif previous is not None and distance == 1 and previous.kind == "direct":
            quote = _inherit(seg, previous)
        elif len(doc_text(doc)[seg.start : seg.end].split()) >= MIN_UNATTRIBUTED_WORDS:
            quote = _Found(seg.start, seg.end, "direct", None)
        if quote is None:
            continue
        found.append(quote)
        if quote.cue is not None:
            bisect.insort(by_start, quote, key=lambda q: q.start)
    return found


def _inherit(seg: _Segment, previous: _Found) -> _Found:
    return _Found(
        seg.start, seg.end, "direct", previous.cue, inherited=previous, narrated=previous.narrated
    )


def _narrator(doc: Doc, seg: _Segment, inside: list[int]) -> tuple[bool, _Cue | None]:
    """Whether the quotation is embedded in a sentence of narration, and the narrated speaker:
    the subject of that sentence, or, for a quotation opening its sentence, of the sentence
    just before it in the same or the previous paragraph when that one holds no quotation.
    Only subjects naming an entity or a personal pronoun count."""
    sentence = doc[seg.first].sent
    lead = [t for t in doc[sentence.start : seg.first] if not (t.is_punct or t.is_space)]
    if any(_breaks(t) for t in doc[sentence.start : seg.first]):
        lead = []
    if lead:
        return True, _narration_subject(sentence, inside)
    if sentence.start == 0:
        return False, None
    previous = doc[sentence.start - 1].sent
    if any(inside[i] >= 0 for i in range(previous.start, previous.end)):
        return False, None
    if sum("\n" in t.text for t in doc[previous.start : seg.first]) > 1:
        return False, None  # a break inside the previous sentence: not one sentence of narration
    return False, _narration_subject(previous, inside)


def _narration_subject(sentence: Span, inside: list[int]) -> _Cue | None:
    w = words(sentence.doc.lang_)
    root = sentence.root
    if inside[root.i] >= 0 or root.pos_ not in ("VERB", "AUX"):
        return None
    subject = _subject(root, inside)
    if subject is None or not (
        subject.root.ent_type_ in NARRATOR_TYPES or subject.root.lower_ in w.personal_subjects
    ):
        return None
    return _Cue(root, root.text, subject, adjacent_only=True)


# -- the component ------------------------------------------------------------------------------


def _to_quote(number: int, found: _Found, doc: Doc, resolver: SpeakerResolver) -> Quote:
    cue = found.cue
    speaker = speaker_span = None
    confidence = 0.2
    if cue is not None and cue.speaker is not None:
        resolution = resolver.resolve(cue.speaker)
        speaker = resolution.entity
        speaker_span = (cue.speaker.start_char, cue.speaker.end_char)
        confidence = resolution.confidence
    if found.kind != "direct":
        confidence *= 0.9
    if found.inherited is not None:
        confidence *= 0.8
    if found.narrated:
        confidence *= 0.6
    return Quote(
        id=f"q{number}",
        text=found.text or doc_text(doc)[found.start : found.end],
        span=(found.start, found.end),
        kind=found.kind,
        speaker=speaker,
        speaker_span=speaker_span,
        cue=cue.text if cue is not None and not found.narrated else None,
        confidence=round(confidence, 2),
    )


class QuoteExtractor:
    """Finds quotes and their speakers (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        segments, inside = _segments(doc)
        cues = _find_cues(doc, inside)
        direct, loose, used = _direct_quotes(doc, segments, cues, inside)
        reported, absorbed = _reported(doc, cues, used, segments, direct, inside)
        attributed = direct + reported
        loose = [k for k in loose if k not in absorbed]
        found = attributed + _continuations(doc, segments, loose, attributed, inside)
        found.sort(key=lambda q: (q.start, q.end))
        resolver = SpeakerResolver(doc, doc._.sitroom_entities or [])
        doc._.sitroom_quotes = [
            _to_quote(n, q, doc, resolver) for n, q in enumerate(found, start=1)
        ]
        return doc


@Language.factory("sitroom_quotes")
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor()
