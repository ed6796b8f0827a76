"""Language identification with py3langid, cautious on short texts."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from sitroom.errors import LanguageError

#: Fewer letters than this are not enough to tell a language by character n-grams.
MIN_LETTERS = 40
#: Below this probability the guess is not trusted. Short English headlines come out as
#: Nigerian Pidgin ("pcm") or French at 0.2-0.7, while real non-English text scores above 0.9.
MIN_CONFIDENCE = 0.9
_CYRILLIC_LANGUAGES = ("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg", "tt", "ba")


@cache
def _identifier(languages: tuple[str, ...] | None = None) -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages:
        identifier.set_languages(list(languages))
    return identifier


def detect_language(text: str) -> str | None:
    """ISO 639 code of the text's language, or None when the text does not tell.

    A text written mostly in Cyrillic is not English however short it is; then only the
    Cyrillic-script languages compete, so a best guess is always given.
    """
    letters = [char for char in text if char.isalpha()]
    cyrillic = sum(1 for char in letters if "\u0400" <= char <= "\u052f")
    if letters and cyrillic * 2 > len(letters):
        return _identifier(_CYRILLIC_LANGUAGES).classify(text)[0]
    if len(letters) < MIN_LETTERS:
        return None
    language, confidence = _identifier().classify(text)
    return language if confidence >= MIN_CONFIDENCE else None


def require_english(text: str) -> str | None:
    """The detected language (None if unknown); LanguageError if it is known and not English."""
    language = detect_language(text)
    if language not in (None, "en"):
        raise LanguageError(f"not English (detected: {language})")
    return language
