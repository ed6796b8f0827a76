"""English inflection of the relevance vocabulary: the forms a lexicon word takes in text.

English is matched form by form (a stemmer conflates too much: "bombs" a weapon and a flop with
"bombing"), so the topic matcher asks this module for a word's plural and verb forms; the
irregular verb forms come from ``attribution.toml`` (``[topics.irregular]``). A language whose
``[topics] stems`` names a stemmer or lemmatiser needs no such module.
"""

from __future__ import annotations

from collections.abc import Mapping

_VOWELS = frozenset("aeiou")
#: The word after a noun phrase's head ("price *of* oil" inflects "price").
_OF = "of"


def plural(word: str) -> set[str]:
    """The plural of a noun: "troops", "ambushes", "militias", "casualties"."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return {word + "es"}
    if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
        return {word[:-1] + "ies"}
    return {word + "s"}


def verb_forms(word: str, irregular: Mapping[str, tuple[str, ...]]) -> set[str]:
    """A verb's third person, past and -ing forms ("shells", "shelled", "shelling"), doubled
    consonants both ways ("shot"/"shotted" are left to ``irregular``)."""
    forms = plural(word) | set(irregular.get(word, ()))
    doubled = (
        word + word[-1]
        if len(word) > 2 and word[-1] not in _VOWELS | {"w", "x", "y"} and word[-2] in _VOWELS
        else word
    )
    if word.endswith("ie"):
        forms |= {word + "d", word[:-2] + "ying"}
    elif word.endswith("ee"):
        forms |= {word + "d", word + "ing"}
    elif word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    elif len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ied", word + "ing"}
    else:
        forms |= {word + "ed", word + "ing", doubled + "ed", doubled + "ing"}
    return forms


def phrase_forms(
    words: tuple[str, ...], pos: str, irregular: Mapping[str, tuple[str, ...]]
) -> set[tuple[str, ...]]:
    """Every inflected form of a lexicon word or phrase: a noun phrase inflects its head (the
    word before "of", else the last), a verb phrase its verb (the first word) and its object."""
    if pos == "=":
        return {words}
    found = {words}
    if pos in ("N", "*"):
        head = words.index(_OF) - 1 if _OF in words[1:] else len(words) - 1
        found |= {(*words[:head], p, *words[head + 1 :]) for p in plural(words[head])}
    if pos in ("V", "*"):
        objects = [{w, *plural(w)} for w in words[1:]]
        for verb in {words[0], *verb_forms(words[0], irregular)}:
            rests: list[tuple[str, ...]] = [()]
            for options in objects:
                rests = [(*rest, option) for rest in rests for option in sorted(options)]
            found |= {(verb, *rest) for rest in rests}
    return found


def singulars(word: str) -> tuple[str, ...]:
    """The singulars a plural may have: "attacks" -> "attack", "clashes" -> "clash" (or
    "clashe"), "militias"; "casualties" -> "casualty"; none for a word not ending in "s"."""
    if not word.endswith("s"):
        return ()
    if word.endswith("ies"):
        return (word[:-3] + "y",)
    return (word[:-1], word[:-2]) if word.endswith("es") else (word[:-1],)
