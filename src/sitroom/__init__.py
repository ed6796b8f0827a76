"""sitroom: sourced, structured, comparable facts from conflict and crisis news."""

from sitroom.errors import SitroomError
from sitroom.model import SCHEMA, Document, Extraction

__version__ = "0.1.0"

__all__ = ["SCHEMA", "Document", "Extraction", "Pipeline", "SitroomError", "extract"]


def __getattr__(name: str):
    # The pipeline imports spaCy, which takes a second: load it only when it is asked for.
    if name in ("Pipeline", "extract"):
        from sitroom.nlp import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
