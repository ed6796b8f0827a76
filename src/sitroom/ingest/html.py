"""HTML: article pages through trafilatura, and HTML fragments (feed content) to plain text."""

from __future__ import annotations

from html.parser import HTMLParser

import lxml.etree
import lxml.html
import trafilatura

from sitroom.errors import MarkupError
from sitroom.ingest.text import decode_text
from sitroom.model import Document


def read_html(data: bytes, *, source: str, url: str | None = None) -> Document:
    """The main text of an article page, with its title, date and site name as the outlet.

    The URL is the page's canonical link when it has one (tracking parameters and mirror hosts
    then give the same document id), else ``url``, where the page was fetched from.

    ``favor_precision`` keeps navigation, teasers and footers out: boilerplate that reaches the
    text would later be read as claims. It also makes trafilatura give up on pages that have no
    article at all (its default mode returns the menu entries instead).
    """
    html = decode_text(data)
    page = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
    )
    if page is None or not (page.text or "").strip():
        if _too_deep(html):
            raise MarkupError(f"HTML nested too deeply to read (over {MAX_DEPTH} levels)")
        raise MarkupError("no article text found in the page")
    return Document(
        text=page.text,
        url=page.url or url,
        outlet=page.sitename or None,
        published=page.date or None,
        title=page.title or None,
        source=source,
    )


#: libxml2, trafilatura's parser, stops reading a page at this depth of nested elements.
MAX_DEPTH = 255


def _too_deep(html: str) -> bool:
    """Whether libxml2 gave up on the page at its nesting limit: the article may be there, but
    it cannot be read, which is worth saying rather than "no article text"."""
    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except (ValueError, lxml.etree.ParserError):  # an encoding declaration, an empty page
        return False
    return any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)


# Elements that start a new line of text; inline ones (a, b, em, span, ...) run on.
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header"),
        *("hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"),
    }
)
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            # line breaks in the source are spaces; only block elements start new lines
            self.parts.append(data.replace("\n", " "))


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one line per block, whitespace collapsed as a browser does.

    trafilatura expects whole pages and drops short fragments, so feed content is converted here.
    """
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)
