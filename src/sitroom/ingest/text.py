"""Plain text: bytes -> str, refusing binary, empty and undecodable input."""

from __future__ import annotations

import codecs

import charset_normalizer

from sitroom.errors import BinaryInputError, DecodeError, EmptyDocumentError
from sitroom.model import Document

# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE_BOMS = tuple(bom for bom, codec in _BOMS if codec != "utf-8-sig")
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v")
_SAMPLE_SIZE = 8192
_MAX_CONTROL_RATIO = 0.05
_PREFERRED_CODE_PAGES = ("cp1252", "cp1251")


def check_bytes(data: bytes) -> None:
    """Raise EmptyDocumentError for blank input and BinaryInputError for non-text bytes.

    Text never holds NUL bytes unless it is UTF-16/32, which announces itself with a BOM; other
    control characters beyond a small share mean an image, archive or executable.
    """
    if not data.strip():
        raise EmptyDocumentError("empty document")
    if data.startswith(_WIDE_BOMS):
        return
    sample = data[:_SAMPLE_SIZE]
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    if b"\x00" in data or controls > _MAX_CONTROL_RATIO * len(sample):
        raise BinaryInputError("binary file (not text)")


def decode_text(data: bytes) -> str:
    """Decode by BOM, else as UTF-8, else by charset_normalizer's guess (cp1251, latin-1, ...)."""
    check_bytes(data)
    text = _decode_by_bom(data)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    if not text.strip():
        raise EmptyDocumentError("empty document")
    return text


def _decode_by_bom(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise DecodeError(f"invalid {codec} text despite its byte order mark") from None
    return None


def _decode_legacy(data: bytes) -> str:
    """Decode with the code page charset_normalizer finds least garbled.

    Mostly-ASCII text with a few accented names decodes equally cleanly in every 8-bit code
    page, and charset_normalizer breaks such ties arbitrarily (cp1250 turns "Lefèvre" into
    "Lefčvre"). Among the cleanest candidates the code pages that legacy news text actually
    uses win: Western European, then Cyrillic.
    """
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise DecodeError("cannot tell the text encoding")
    cleanest = [match for match in matches if match.chaos <= matches[0].chaos]
    for code_page in _PREFERRED_CODE_PAGES:
        for match in cleanest:
            if code_page in match.could_be_from_charset:
                return str(match)
    return str(matches[0])


def read_text(data: bytes, *, source: str, url: str | None = None) -> Document:
    """A Document whose text is the decoded input exactly (only a BOM is dropped)."""
    return Document(text=decode_text(data), url=url, source=source)
