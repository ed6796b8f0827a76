"""Language identification with py3langid, tuned for a stream of mostly English news.

py3langid's model assumes every language is equally likely; sitroom reads English news, so
English wins whenever it is the model's first choice, while any other language must be a
confident guess before a text counts as not English. Measured on the English corpora in
eval-data, short English headlines come out as English at 0.2-0.9 probability and are
otherwise taken for Nigerian Pidgin, French or Latin at up to 0.7; real non-English text scores
above 0.9. A wrong "en" costs some extraction quality, a wrong rejection loses the document.
"""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from sitroom.errors import LanguageError
from sitroom.nlp.lang import language_dir, supported_languages

#: Fewer letters than this are not enough to tell a language by character n-grams.
MIN_LETTERS = 40
#: Probability a language other than English needs to be reported.
MIN_CONFIDENCE = 0.9
#: Only the start of a text is looked at: enough to tell the language, and langid is slow.
SAMPLE_CHARS = 2000
_CYRILLIC_LANGUAGES = ("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg", "tt", "ba")


@cache
def _identifier(only: tuple[str, ...] | None = None) -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if only:
        identifier.set_languages(list(only))
    return identifier


def detect_language(text: str) -> str | None:
    """ISO 639 code of the text's language, or None when the text does not tell.

    A text written mostly in Cyrillic is not English however short it is; then only the
    Cyrillic-script languages compete, so a best guess is always given.
    """
    sample = text[:SAMPLE_CHARS]
    letters = [char for char in sample if char.isalpha()]
    cyrillic = sum(1 for char in letters if "\u0400" <= char <= "\u052f")
    if letters and cyrillic * 2 > len(letters):
        return _identifier(_CYRILLIC_LANGUAGES).classify(sample)[0]
    if len(letters) < MIN_LETTERS:
        return None
    language, confidence = _identifier().classify(sample)
    return language if language == "en" or confidence >= MIN_CONFIDENCE else None


def require_supported(text: str) -> str | None:
    """The detected language (None if unknown); LanguageError, naming the languages sitroom
    reads, if it is known and sitroom has no pipeline for it (``nlp/lang/<code>/``)."""
    language = detect_language(text)
    if language is not None and language_dir(language) is None:
        reads = ", ".join(supported_languages())
        raise LanguageError(
            f"not a language sitroom reads (detected: {language}; it reads: {reads})"
        )
    return language
