"""Telegram channels: Telegram Desktop exports (result.json) and saved public channel pages
(``https://t.me/s/<channel>``).

The export is one object: the channel's ``name``, ``type`` and numeric ``id``, and its
``messages``. A post is a message of ``type`` "message"; its ``text`` is a string or a list of
strings and entity objects (``{"type": "bold", "text": ...}``, links, hashtags), the same
pieces as ``text_entities``. Each post with text becomes one Document: the channel is the outlet,
the post's link (``https://t.me/c/<channel id>/<post id>``, the form that needs no username) its
URL, its date the publication date, and a forwarded post keeps who it came from
(``forwarded_from``), which the claims component records as the relay of every claim in it.
An album is exported as one message per picture with the caption on one of them: the pictures
without text are no posts of their own. Service messages (pins, joins) are skipped.

A saved public page (``t.me/s/<channel>``, the channel's web preview) holds one
``tgme_widget_message`` block per post (an album is one block), with the post's
``data-post="<channel>/<id>"``, its text, its ``<time datetime>`` and, for a forward, the
name it was forwarded from; each post with text becomes a Document the same way, its URL
``https://t.me/<channel>/<id>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import lxml.html

from sitroom.errors import MarkupError, RecordError
from sitroom.ingest.rejected import Rejected
from sitroom.model import Document

#: Export ``type`` values of a channel or a chat whose messages are posts.
CHAT_TYPES = frozenset(
    {"public_channel", "private_channel", "public_supergroup", "private_supergroup"}
)


def is_telegram_export(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("messages"), list)
        and value.get("type") in CHAT_TYPES
    )


def read_telegram_export(export: dict, *, source: str) -> Iterator[Document | Rejected]:
    """One Document per post with text; a malformed message is Rejected as ``source#<id>``."""
    channel = export.get("name") or None
    channel_id = export.get("id")
    for message in export["messages"]:
        if not isinstance(message, dict) or message.get("type") != "message":
            continue
        where = f"{source}#{message.get('id', '?')}"
        try:
            text = post_text(message.get("text", ""))
        except RecordError as exc:
            yield Rejected.from_error(exc, where)
            continue
        if not text.strip():
            continue  # a picture of an album, a sticker: its caption, if any, is another message
        post_id = message.get("id")
        url = f"https://t.me/c/{channel_id}/{post_id}" if channel_id and post_id else None
        yield Document(
            text=text,
            url=url,
            outlet=channel,
            published=message.get("date") or None,
            source=where,
            forwarded_from=message.get("forwarded_from") or None,
        )


def post_text(text: Any) -> str:
    """A message's text: the string itself, or its pieces joined (entities by their text)."""
    if isinstance(text, str):
        return text
    if not isinstance(text, list):
        raise RecordError('"text" must be a string or a list of pieces')
    pieces = []
    for piece in text:
        if isinstance(piece, str):
            pieces.append(piece)
        elif isinstance(piece, dict) and isinstance(piece.get("text"), str):
            pieces.append(piece["text"])
        else:
            raise RecordError("a text piece is neither a string nor an entity with text")
    return "".join(pieces)


#: What marks a saved t.me/s page: its post blocks.
PAGE_MARKER = b"tgme_widget_message"


def is_telegram_page(data: bytes) -> bool:
    return PAGE_MARKER in data[:200_000] and b"data-post=" in data


def read_telegram_page(data: bytes, *, source: str) -> Iterator[Document]:
    """One Document per post with text of a saved ``t.me/s/<channel>`` page, oldest first."""
    try:
        page = lxml.html.fromstring(data)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise MarkupError(f"not a readable Telegram page: {exc}") from None
    title = _first_text(page, "tgme_channel_info_header_title")
    for post in page.xpath('//div[@data-post and contains(@class, "tgme_widget_message")]'):
        text = _post_text(post)
        if not text.strip():
            continue
        stamp = post.xpath('.//a[contains(@class, "tgme_widget_message_date")]//time/@datetime')
        yield Document(
            text=text,
            url=f"https://t.me/{post.get('data-post')}",
            outlet=_first_text(post, "tgme_widget_message_owner_name") or title,
            published=stamp[0] if stamp else None,
            source=f"{source}#{post.get('data-post')}",
            forwarded_from=_first_text(post, "tgme_widget_message_forwarded_from_name"),
        )


def _has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def _first_text(element: Any, css_class: str) -> str | None:
    found = element.xpath(f".//*[{_has_class(css_class)}]")
    text = " ".join(found[0].text_content().split()) if found else ""
    return text or None


def _post_text(post: Any) -> str:
    """The post's text with its line breaks (``<br>``) kept."""
    blocks = post.xpath(f".//div[{_has_class('tgme_widget_message_text')}]")
    if not blocks:
        return ""
    block = blocks[0]
    for br in block.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return block.text_content().strip()
