"""The text of a Doc, read once.

spaCy rebuilds ``Doc.text`` from the tokens on every access (linear in the document length), so
a component reading it once per quote, claim or time expression is quadratic: a 100,000-character
article took minutes. Components read the text through :func:`doc_text`, which keeps it on the
Doc (tokens may be merged or split, but the text of a Doc never changes).
"""

from __future__ import annotations

from spacy.tokens import Doc

if not Doc.has_extension("sitroom_text"):
    Doc.set_extension("sitroom_text", default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed on the first call and then kept on the Doc."""
    text = doc._.sitroom_text
    if text is None:
        text = doc._.sitroom_text = doc.text
    return text


def keep_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was made from, so that no component has to rebuild it."""
    doc._.sitroom_text = text
