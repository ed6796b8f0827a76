"""Universal Dependencies trees in the scheme sitroom's components walk.

The components were written on spaCy's English models, whose trees follow the ClearNLP scheme
(:mod:`sitroom.nlp.syntax` names its roles). Parsers of other languages (natasha for Russian,
spaCy's French model) follow Universal Dependencies, which differs in shape as well as labels:

* a preposition hangs under its noun as its ``case``; here it heads the noun, as ``prep`` with
  the noun as its ``pobj`` ("в -> Харькове", "dans -> attaque");
* a name's first word heads the others (``flat:name``); here the last word heads the name and
  the others are its ``compound`` ("Вячеслав <- Гладков");
* labels are renamed one for one (obj -> dobj, nsubj:pass -> nsubjpass, aux:tense -> aux, ...).

:func:`to_components_scheme` converts a tree given as head indices and labels;
:func:`break_cycles` mends a tree a head-by-head parser returned with a cycle; the
``sitroom_ud_scheme`` component converts a parsed Doc in place.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc

#: Universal Dependencies labels renamed one for one into the components' scheme.
RENAMED = {
    "root": "ROOT",
    "obj": "dobj",
    "iobj": "dative",
    "nsubj:pass": "nsubjpass",
    "csubj:pass": "csubjpass",
    "aux:pass": "auxpass",
    "acl:relcl": "relcl",
    "nummod:gov": "nummod",
    "nummod:entity": "nummod",
    "obl:agent": "agent",
    "nmod:poss": "poss",
    "aux:tense": "aux",
    "aux:caus": "aux",
    "obl:arg": "obl",
    "obl:mod": "obl",
}
#: A name's parts after its first word (its head in Universal Dependencies).
FLAT = frozenset({"flat", "flat:name", "flat:foreign"})
#: Relations of a noun that a preposition (its "case") introduces: the preposition takes the
#: noun's place in the tree.
PREPOSITIONAL = frozenset({"obl", "nmod", "advcl", "acl"})


def break_cycles(heads: list[int], sentence_root: list[int | None]) -> None:
    """natasha's parser chooses each word's head on its own, so a sentence can come back with a
    cycle ("a -> b -> a"); the first word found on one hangs from the sentence's root instead
    (or becomes a root if the sentence has none outside the cycle)."""
    done: set[int] = set()
    for start in range(len(heads)):
        path: list[int] = []
        on_path: set[int] = set()
        i = start
        while i not in done and heads[i] != i:
            if i in on_path:
                root = sentence_root[i]
                heads[i] = root if root is not None and root not in on_path else i
                break
            path.append(i)
            on_path.add(i)
            i = heads[i]
        done.update(path)


def to_components_scheme(heads: list[int], deps: list[str], pos: list[str]) -> None:
    """Universal Dependencies -> the components' scheme, in place (see the module docstring);
    ``pos`` are the universal parts of speech."""
    children: dict[int, list[int]] = {}
    for i, head in enumerate(heads):
        if head != i:
            children.setdefault(head, []).append(i)
    for first, kids in list(children.items()):  # names: the last part becomes the head
        parts = [k for k in kids if deps[k] in FLAT]
        if not parts:
            continue
        last = max(parts)
        heads[last], deps[last] = (last if heads[first] == first else heads[first]), deps[first]
        for k in [first, *kids]:
            if k != last:
                heads[k] = last
                if k == first or k in parts:
                    deps[k] = "compound"
    children = {}
    for i, head in enumerate(heads):
        if head != i:
            children.setdefault(head, []).append(i)
    for noun, kids in children.items():  # prepositions take their noun's place
        case = next((k for k in sorted(kids) if deps[k] == "case" and pos[k] == "ADP"), None)
        relation = deps[noun].split(":")[0]  # "obl:mod", "obl:arg": an obl
        if case is None or heads[noun] == noun or relation not in PREPOSITIONAL:
            continue
        heads[case], deps[case] = heads[noun], "agent" if deps[noun] == "obl:agent" else "prep"
        heads[noun], deps[noun] = case, "pobj"
    for i, dep in enumerate(deps):
        if heads[i] == i:
            deps[i] = "ROOT"
        elif dep == "case":  # a preposition left under its noun ("около 1000 километров")
            deps[i] = "prep"
        else:
            deps[i] = RENAMED.get(dep, dep)


def split_at_line_breaks(heads: list[int], texts: list[str]) -> None:
    """A line break ends a sentence (a paragraph, a caption, a dateline), whatever the parser
    joined across it: a word whose head lies across a line break becomes a root, in place.
    ``texts`` are the tokens with their trailing whitespace."""
    line = 0
    lines = []
    for text in texts:
        lines.append(line)
        line += "\n" in text
    for i, head in enumerate(heads):
        if lines[head] != lines[i] and not texts[i].isspace():
            heads[i] = i


class UDScheme:
    """Converts a Doc a Universal Dependencies parser made (see the module docstring) and maps
    its entity labels to the English models' (``labels``: PER -> PERSON, LOC -> GPE, ...)."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels

    def __call__(self, doc: Doc) -> Doc:
        heads = [t.head.i for t in doc]
        # a number the parser took for a determiner ("1 000 kilomètres": det) counts its noun
        deps = ["nummod" if t.dep_ == "det" and t.like_num else t.dep_ for t in doc]
        split_at_line_breaks(heads, [t.text + t.whitespace_ for t in doc])
        to_components_scheme(heads, deps, [t.pos_ for t in doc])
        # spaCy stores a head as its offset from the token, negative ones wrapped to uint64
        offsets = numpy.array([head - i for i, head in enumerate(heads)], dtype="int64")
        labels = numpy.array([doc.vocab.strings.add(dep) for dep in deps], dtype="uint64")
        doc.from_array([HEAD, DEP], numpy.column_stack([offsets.astype("uint64"), labels]))
        doc.ents = [
            doc.char_span(e.start_char, e.end_char, label=self.labels.get(e.label_, e.label_))
            for e in doc.ents
        ]
        return doc


@Language.factory("sitroom_ud_scheme", default_config={"labels": {}})
def make_ud_scheme(nlp: Language, name: str, labels: dict[str, str]) -> UDScheme:
    return UDScheme(labels)
