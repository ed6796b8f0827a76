"""Finding quotations by their marks: a character-level scan, independent of the parse.

Double quotation marks only (straight ``"`` and curly ``“ ”``, as the language's layer lists
them); single marks are left alone, so nested single quotes stay inside their quotation and
apostrophes never open one. In a language that writes speech after a dash (Russian,
Ukrainian: "— Мы не отступим, — сказал он. — Ни на шаг."), a line that opens with the dash is
speech up to the dash that opens the author's words, and again after the dash that closes them.
News style
repeats the opening mark at the start of each paragraph of a long quotation and closes it only
at the end: an open quotation continues into the next paragraph when that paragraph starts with
an opening mark; a quotation never closed is a stray mark and is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sitroom.model import Span
from sitroom.nlp.lang import lexicon


@dataclass(frozen=True)
class Words:
    """This module's quotation marks in one language (lang/<code>/attribution.toml,
    ``[quote_marks]``)."""

    #: Marks that open or close (a straight quote), that only open, that only close.
    straight: str
    opening: str
    closing: str
    #: Any of the marks, or a line break.
    mark_or_break: re.Pattern[str]
    #: Dashes that open a line of speech ("— Мы не отступим"); none in English.
    dialogue_dashes: str


@cache
def words(lang: str) -> Words:
    """The quotation marks of ``lang`` (a language code, as ``doc.lang_`` gives it)."""
    marks = lexicon(lang, "attribution")["quote_marks"]
    straight, opening, closing = (
        "".join(marks[side]) for side in ("straight", "opening", "closing")
    )
    return Words(
        straight=straight,
        opening=opening,
        closing=closing,
        mark_or_break=re.compile("[" + re.escape(straight + opening + closing) + "]|\n"),
        dialogue_dashes="".join(marks["dialogue_dashes"]),
    )


def _starts_with(text: str, i: int, opening: str) -> bool:
    """The paragraph starting at ``i`` begins (after spaces) with this opening mark."""
    j = i
    while j < len(text) and text[j] in " \t\n":
        j += 1
    return j < len(text) and text[j] == opening


def quote_segments(text: str, *, lang: str = "en") -> list[Span]:
    """Spans of quotations, marks included, in text order; the marks are those of ``lang``.

    A straight mark closes whatever quotation is open (writers mix “...," freely); a curly
    opening mark after an open straight one means the straight one was stray.

    >>> quote_segments('He said: "We will win."')
    [(9, 23)]
    """
    w = words(lang)
    segments: list[Span] = []
    open_at: int | None = None
    continuing = False  # just crossed a paragraph break inside a quotation
    for m in w.mark_or_break.finditer(text):
        i = m.start()
        if text[i] == "\n":
            if open_at is not None and not continuing:
                if _starts_with(text, i + 1, text[open_at]):
                    continuing = True
                else:
                    open_at = None  # never closed: a stray mark, not a quotation
            continue
        if continuing:
            continuing = False
            if text[i] in w.straight + w.opening:
                continue  # the repeated opening mark of a continued quotation
        if open_at is None:
            if text[i] not in w.closing:  # a closing mark with nothing open is stray
                open_at = i
        elif text[i] in w.opening:
            if text[open_at] in w.straight:
                open_at = i
        else:
            segments.append((open_at, i + 1))
            open_at = None
    if w.dialogue_dashes:
        segments = sorted(segments + _dialogue(text, w.dialogue_dashes))
    return [s for s in segments if s[1] - s[0] > 2]


def _dialogue(text: str, dashes: str) -> list[Span]:
    """The speech of lines that open with a dash: the parts between the dashes that open and
    close the author's words, which stand after speech ending in a comma, a stop, "!", "?" or
    an ellipsis."""
    found: list[Span] = []
    dash = "[" + re.escape(dashes) + "]"
    author = re.compile(rf"(?<=[,.!?…])\s+{dash}\s+")
    for line in re.finditer(rf"(?m)^[ \t]*{dash}[ \t]+(?P<speech>.+)$", text):
        start, end = line.start("speech"), line.end("speech")
        parts = [start]
        for m in author.finditer(text, start, end):
            parts += [m.start(), m.end()]
        parts.append(end)
        for n in range(0, len(parts) - 1, 2):  # speech, author, speech, author, ...
            if n == 0 or n % 4 == 0:
                found.append((parts[n], parts[n + 1]))
    return found
