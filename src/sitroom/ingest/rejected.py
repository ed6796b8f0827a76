"""The record of an input that could not be turned into a Document."""

from __future__ import annotations

from dataclasses import dataclass

from sitroom.errors import InputError


@dataclass
class Rejected:
    """One input document that was not ingested, and why, in one line a user can act on."""

    source: str
    code: str
    message: str

    @classmethod
    def from_error(cls, error: InputError, source: str) -> Rejected:
        return cls(source=source, code=error.code, message=error.message)
