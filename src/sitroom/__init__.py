"""sitroom: sourced, structured, comparable facts from conflict and crisis news."""

from sitroom.errors import SitroomError
from sitroom.model import SCHEMA, Document, Extraction

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Document",
    "Extraction",
    "Pipeline",
    "PipelineConfig",
    "SitroomError",
    "extract",
    "ingest_into",
    "open_store",
]


def __getattr__(name: str):
    # The pipeline imports spaCy, which takes a second: load it only when it is asked for.
    if name in ("Pipeline", "extract"):
        from sitroom.nlp import pipeline

        return getattr(pipeline, name)
    if name == "PipelineConfig":
        from sitroom.nlp.pipeline_config import PipelineConfig

        return PipelineConfig
    if name == "open_store":  # SQLAlchemy and Alembic load only when a database is used
        from sitroom.store import open_store

        return open_store
    if name == "ingest_into":
        from sitroom.ingestion import ingest_into

        return ingest_into
    raise AttributeError(name)
