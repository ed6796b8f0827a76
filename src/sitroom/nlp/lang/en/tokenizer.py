"""English tokenizer adjustments for news text."""

from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex


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
