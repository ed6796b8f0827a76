"""Typed errors. Library code raises these; the CLI turns them into one-line messages.

Each error carries a stable ``code`` (like spaCy's E-codes) so that reports and tests can refer
to the kind of failure without matching message text.
"""

from __future__ import annotations


class SitroomError(Exception):
    """Base class of every error sitroom raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.message}"


class InputError(SitroomError):
    """An input the user gave cannot be read as a news document."""

    code = "E100"


class EmptyDocumentError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class DecodeError(InputError):
    code = "E103"


class MarkupError(InputError):
    code = "E104"


class LanguageError(InputError):
    code = "E105"


class FetchError(InputError):
    code = "E106"


class DocumentTooLongError(InputError):
    """A document longer than the pipeline processes (sitroom.nlp.pipeline.MAX_CHARS)."""

    code = "E108"


class RecordError(InputError):
    """A record of a JSONL corpus is malformed (bad JSON, no text, wrong types)."""

    code = "E107"


class ConfigError(SitroomError):
    """sitroom is installed or configured wrongly (e.g. the spaCy model is missing)."""

    code = "E200"


class StoreError(SitroomError):
    """The database cannot be opened or used (bad URL, server down, unknown document)."""

    code = "E300"
