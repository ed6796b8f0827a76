"""Russian and Ukrainian text read by natasha and handed on as a spaCy Doc.

natasha (MIT, its models inside the wheel, nothing downloaded at run time) segments, tags,
parses (Universal Dependencies) and finds people, organisations and locations in Russian news.
:class:`NatashaTokenizer` stands in for a blank pipeline's tokenizer: it runs natasha once over
the text and builds the Doc from its tokens, with their parts of speech, morphology, lemmas,
heads and labels, sentences and entities, so sitroom's components read it like any parsed
Doc. Every character of the text is kept (whitespace between tokens becomes the tokens' trailing
space or a whitespace token), so spans index the original text.

The tree is handed on in the scheme the components walk (:mod:`sitroom.nlp.ud_scheme`: a
preposition heads its noun, a name's last word heads it). Entity labels follow the English
models' (PER -> PERSON, ORG -> ORG, LOC -> GPE), mended where the model errs
(:mod:`sitroom.nlp.natasha_names`). Each name's nominative form ("Юрия Лужкова" -> "Юрий
Лужков", natasha's normalisation) goes to ``doc._.sitroom_name_forms``
(:mod:`sitroom.nlp.name_forms`).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitroom.folding import with_capitals
from sitroom.nlp import ukrainian
from sitroom.nlp.name_forms import record_name_forms
from sitroom.nlp.natasha_names import mend_names, ukrainian_name
from sitroom.nlp.ud_scheme import break_cycles, to_components_scheme

#: natasha's entity labels -> the labels sitroom's components read.
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
#: The dependency label of a whitespace token (attached to the token before it).
SPACE_DEP = "dep"


@cache
def _models() -> dict[str, Any]:
    """natasha's segmenter, tagger, parser, NER and lemma dictionary, loaded once a process."""
    from natasha import (
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    embedding = NewsEmbedding()
    return {
        "segmenter": Segmenter(),
        "morph": NewsMorphTagger(embedding),
        "syntax": NewsSyntaxParser(embedding),
        "ner": NewsNERTagger(embedding),
        "vocab": MorphVocab(),
    }


class NatashaTokenizer:
    """A tokenizer that returns a Doc parsed by natasha (see the module's docstring). For
    Ukrainian (``lang="uk"``) lemmas and name forms come from :mod:`sitroom.nlp.ukrainian`."""

    def __init__(self, vocab: Vocab, lang: str = "ru") -> None:
        self.vocab = vocab
        self.lang = lang

    def __call__(self, text: str) -> Doc:
        from natasha import Doc as NatashaDoc

        models = _models()
        ukrainian_text = self.lang == "uk"
        parsed = NatashaDoc(ukrainian.as_russian_letters(text) if ukrainian_text else text)
        parsed.segment(models["segmenter"])
        parsed.tag_morph(models["morph"])
        parsed.parse_syntax(models["syntax"])
        parsed.tag_ner(models["ner"])
        for token in parsed.tokens:  # the words as written (the models read Russian letters)
            token.text = text[token.start : token.stop]
        if ukrainian_text:
            for token in parsed.tokens:
                token.lemma = ukrainian.lemma(token.text)
                word = token.text
                token.pos = ukrainian.function_pos(word) or ukrainian.verb_pos(word) or token.pos
            parsed.spans = [span for span in parsed.spans if ukrainian_name(span, text)]
        else:
            for token in parsed.tokens:
                feats = tuple(sorted((token.feats or {}).items()))
                token.lemma = _russian_lemma(token.text, token.pos, feats)
            for span in parsed.spans:
                span.normalize(models["vocab"])
        return _to_doc(self.vocab, text, parsed)

    # spaCy pickles a pipeline's tokenizer with it (process workers): natasha's models are
    # loaded again on the other side, never pickled.
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> NatashaTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> NatashaTokenizer:
        return self


def _to_doc(vocab: Vocab, text: str, parsed: Any) -> Doc:
    """The spaCy Doc of a natasha Doc, whitespace kept as spaces and whitespace tokens."""
    words: list[str] = []
    spaces: list[bool] = []
    pos: list[str] = []
    lemmas: list[str] = []
    morphs: list[str] = []
    deps: list[str] = []
    heads: list[int] = []
    index_of: dict[str, int] = {}  # natasha's "sentence_token" id -> token index
    natasha_heads: list[str | None] = []
    sentence_root: list[int | None] = []  # per token: the root of its sentence
    cursor = 0

    def add(word: str, token: Any | None) -> None:
        """A word of natasha's (``token``) or whitespace between them (None)."""
        words.append(word)
        spaces.append(False)
        pos.append(token.pos or "X" if token else "SPACE")
        lemmas.append(_lemma(token) if token else word)
        feats = sorted((token.feats or {}).items()) if token else []
        morphs.append("|".join(f"{k}={v}" for k, v in feats))
        deps.append(token.rel or "dep" if token else SPACE_DEP)
        natasha_heads.append(token.head_id if token else None)

    def add_gap(gap: str) -> None:
        """Whitespace: the previous word's trailing space, the rest a whitespace token."""
        if gap.startswith(" ") and words and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            add(gap, None)

    for sentence in parsed.sents:
        for token in sentence.tokens:
            add_gap(text[cursor : token.start])
            index_of[token.id] = len(words)
            add(token.text, token)
            cursor = token.stop
        root = next((index_of[t.id] for t in sentence.tokens if t.head_id not in index_of), None)
        sentence_root += [root] * (len(words) - len(sentence_root))
    add_gap(text[cursor:])
    sentence_root += [None] * (len(words) - len(sentence_root))
    for i, head in enumerate(natasha_heads):
        if head is None:  # whitespace: hangs from the token before it (or is its own root)
            heads.append(i - 1 if i else i)
        else:
            heads.append(index_of.get(head, i))
    break_cycles(heads, sentence_root)
    to_components_scheme(heads, deps, pos)
    doc = Doc(
        vocab,
        words=words,
        spaces=spaces,
        pos=pos,
        tags=pos,  # natasha has no finer tags; the universal ones stand in
        lemmas=lemmas,
        morphs=morphs,
        deps=deps,
        heads=heads,
    )
    ents = []
    forms = {}
    for span in parsed.spans:
        label = LABELS.get(span.type)
        entity = doc.char_span(span.start, span.stop, label=label) if label else None
        if entity is not None:
            ents.append(entity)
            if span.normal and span.normal != span.text:
                forms[span.start, span.stop] = span.normal
    doc.ents = mend_names(doc, ents, forms)
    record_name_forms(doc, forms)
    return doc


@lru_cache(maxsize=65536)
def _russian_lemma(word: str, pos: str | None, feats: tuple[tuple[str, str], ...]) -> str:
    """natasha's lemma of a word with its part of speech and features; cached, news repeats
    its words and each lookup is a dictionary analysis."""
    return _models()["vocab"].lemmatize(word, pos, dict(feats))


def _lemma(token: Any) -> str:
    """natasha's lemma, which is lower case, with a name's capitals ("Гладков", "ВСУ")."""
    lemma = token.lemma or token.text
    if token.pos == "PROPN" or (len(token.text) > 1 and token.text.isupper()):
        return with_capitals(lemma, token.text)
    return lemma


def use_natasha(nlp: Language) -> None:
    """Make ``nlp`` (a blank Russian or Ukrainian pipeline) read text with natasha."""
    nlp.tokenizer = NatashaTokenizer(nlp.vocab, nlp.lang)
