"""The example articles shipped with sitroom (news-style texts written for the project)."""

from __future__ import annotations

import json
from importlib import resources

from sitroom.model import Document


def example_documents() -> list[Document]:
    """The examples as Documents, with the publication date and outlet of each."""
    folder = resources.files("sitroom.data").joinpath("examples")
    meta = json.loads(folder.joinpath("meta.json").read_text(encoding="utf-8"))
    documents = []
    for name in sorted(meta):
        text = folder.joinpath(f"{name}.txt").read_text(encoding="utf-8")
        documents.append(
            Document(
                text=text,
                published=meta[name]["published"],
                outlet=meta[name]["outlet"],
                title=name.replace("_", " "),
                source=f"examples/{name}.txt",
            )
        )
    return documents
