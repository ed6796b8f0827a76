"""Text folding shared by names and places: the form two spellings of one name have in common."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def ascii_fold(text: str) -> str:
    """Lowercase ASCII: accents removed, apostrophes and dashes dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = re.sub(r"['’`ʼ‘]", "", stripped)
    return " ".join(re.sub(r"[-‐‑–]", " ", stripped).casefold().split())
