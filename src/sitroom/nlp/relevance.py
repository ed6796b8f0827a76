"""The ``sitroom_relevance`` component: does a text report armed conflict, political violence
or a crisis they cause?

sitroom's claims and events are conflict facts. Read without this test, a football report's
"killed the game off" made a death toll, a film's "$75m budget" a figure, and a flu season an
ACLED row. The component decides, before claims and events are made:

* per **document** (``nlp/topics.py``): the weight of its conflict words ("troops",
  "shelling", "ceasefire", "refugees", named armed groups, and a little for casualty words such
  as "killed") against that of sport, entertainment, business, technology, health (disease),
  natural-disaster and accident words. A document is *other news* when its other words weigh at
  least ``MIN_OTHER`` and more than its conflict words, or when it is long (``LONG`` words or
  more) and has almost no conflict word (less than ``MIN_DENSITY`` per 100 words). Otherwise,
  and in particular when a short text has no evidence either way ("Three people were killed in
  Homs"), it is conflict news;
* per **sentence**: in conflict news every sentence counts except one about another topic with
  no conflict word of its own ("Covid killed 300 people in the region last month"); in other
  news only a sentence whose own conflict words are strong (two strong words or three, and far
  more than its other words: "insurgents blew up a pipeline near Kirkuk, killing three guards")
  counts, or, in a *mixed* document (other news as dense in conflict words as war reporting),
  any sentence whose conflict words outweigh its others. Casualty words ("killed", "dead")
  never make a sentence count on their own: sport ("killed the game off") and disaster news use
  them too.

The decision is stored as ``doc._.sitroom_relevance`` (a :class:`Relevance`); ``sitroom_claims``
and ``sitroom_events`` make nothing in sentences it leaves out, and everything when the component
is not in the pipeline. It reads only the text (no model, no entities: fast and deterministic),
so the exports take the same decision again from a stored extraction
(:func:`sitroom.nlp.topics.document_verdict` and :func:`~sitroom.nlp.topics.relevant_sentence`):
ACLED and GKG rows come from conflict news only, documents stored before this component
included.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitroom.nlp.doctext import doc_text
from sitroom.nlp.topics import sentences_counted

if not Doc.has_extension("sitroom_relevance"):
    Doc.set_extension("sitroom_relevance", default=None)


@dataclass(frozen=True)
class Relevance:
    """The component's decision for one document.

    ``conflict``: whether the document is conflict news; ``topic``: otherwise, the other topic
    it is mostly about; ``mixed``: other news that says much about conflict too (its sentences
    about conflict count); ``scores``: the weight of each topic's words in the whole text
    (``casualty`` apart from ``conflict``); ``sentences``: the start characters of the
    sentences whose figures and events count."""

    conflict: bool
    topic: str | None
    mixed: bool
    scores: dict[str, float]
    sentences: frozenset[int]

    def covers(self, span: Span) -> bool:
        """Whether the sentence of ``span`` counts."""
        return span.sent.start_char in self.sentences


def assess(text: str, sentences: list[tuple[int, int]], *, lang: str = "en") -> Relevance:
    """The decision for a text (in language ``lang``) split into sentences (character spans)."""
    document, scores, kept = sentences_counted(text, sentences, lang=lang)
    return Relevance(document.conflict, document.topic, document.mixed, scores, kept)


class RelevanceJudge:
    """Stores a :class:`Relevance` as ``doc._.sitroom_relevance`` (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        spans = [(s.start_char, s.end_char) for s in doc.sents]
        doc._.sitroom_relevance = assess(doc_text(doc), spans, lang=doc.lang_)
        return doc


@Language.factory("sitroom_relevance")
def make_relevance_judge(nlp: Language, name: str) -> RelevanceJudge:
    return RelevanceJudge()
