"""The dictionary form of a name as the text inflects it ("Юрия Лужкова" -> "Юрий Лужков").

In a language that declines names, one person or town is written in several case forms; the
language's tokenizer (natasha for Russian) records each named entity's nominative form in
``doc._.sitroom_name_forms`` (character span -> form). Components that compare or show names ask
:func:`name_form`; for English the text is its own form.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

if not Doc.has_extension("sitroom_name_forms"):
    Doc.set_extension("sitroom_name_forms", default=None)


def record_name_forms(doc: Doc, forms: dict[tuple[int, int], str]) -> None:
    """Keep the dictionary forms of a Doc's names (character span -> form)."""
    doc._.sitroom_name_forms = forms


def name_form(span: Span) -> str:
    """The dictionary form of a name span: its recorded form, the form of the recorded name it
    ends (a name trimmed of a leading word), else its text."""
    forms = span.doc._.sitroom_name_forms
    if not forms:
        return span.text
    form = forms.get((span.start_char, span.end_char))
    if form is not None:
        return form
    for (start, end), whole in forms.items():
        if end == span.end_char and start < span.start_char:
            words = whole.split()
            wanted = len(span.text.split())
            return " ".join(words[-wanted:]) if len(words) >= wanted else span.text
    return span.text
