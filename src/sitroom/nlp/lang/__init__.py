"""Everything language-specific, one package per language (``lang/<code>/``): the pipeline
configuration, the tokenizer's adjustments, the word lists every component reads (no component
compares a word of its own), the dependency labels by grammatical role (``syntax.toml``) and the
few pieces written as code (English's time grammar, ``inflection.py``). What holds for any
language (calendar arithmetic, spans, the data model) stays in :mod:`sitroom.nlp`."""

from __future__ import annotations

import importlib
import tomllib
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import ModuleType
from typing import Any

#: The names of the languages sitroom reads, for people (a test checks every language
#: directory has one).
LANGUAGE_NAMES = {"en": "English", "fr": "French", "ru": "Russian", "uk": "Ukrainian"}


def language_name(code: str | None) -> str:
    """A language code as people name the language ("ru" -> "Russian"); the code itself when
    sitroom does not read the language, "unknown language" when there is none."""
    if not code:
        return "unknown language"
    return LANGUAGE_NAMES.get(code, code)


#: The language a document is read in when its own is unknown or unsupported.
DEFAULT_LANGUAGE = "en"


def reading_language(code: str | None) -> str:
    """The language whose pipeline reads a document of language ``code``: its own when sitroom
    has one for it, else English."""
    return code if code and language_dir(code) is not None else DEFAULT_LANGUAGE


def language_dir(code: str) -> Traversable | None:
    """The package directory of a supported language, or None."""
    if not code.isalpha():
        return None
    directory = files(__name__) / code
    return directory if directory.joinpath("pipeline.toml").is_file() else None


def supported_languages() -> list[str]:
    """The codes of the languages sitroom has a pipeline for."""
    return sorted(
        entry.name
        for entry in files(__name__).iterdir()
        if entry.is_dir() and entry.joinpath("pipeline.toml").is_file()
    )


def language_file(code: str, filename: str) -> Traversable:
    """A data file (a lexicon) of a language's layer: ``lang/<code>/<filename>``."""
    return files(__name__).joinpath(code, filename)


@cache
def language_module(code: str, name: str) -> ModuleType | None:
    """A piece of a language's layer written as code (``lang/<code>/<name>.py``: the English
    time grammar, inflection), or None where the language has none."""
    module = f"{__name__}.{code}.{name}"
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise  # the module exists but something it imports does not
        return None


@cache
def lexicon(code: str, name: str) -> dict[str, Any]:
    """The word lists of one component in a language (``lang/<code>/<name>.toml``), by name.
    Callers turn each list into the collection they need (frozenset, tuple, dict)."""
    return tomllib.loads(language_file(code, f"{name}.toml").read_text("utf-8"))
