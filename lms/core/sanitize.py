"""The one place where user-authored Markdown/HTML becomes safe HTML.

Swap the sanitiser here and nowhere else. Lesson bodies are rendered with markdown-it-py
(CommonMark + tables), then cleaned by bleach with an allow-list of tags, attributes and
URL schemes; anything else is stripped or escaped.
"""

from __future__ import annotations

import bleach
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "s",
        "del",
        "ins",
        "mark",
        "sub",
        "sup",
        "small",
        "blockquote",
        "code",
        "pre",
        "kbd",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "a",
        "img",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "figure",
        "figcaption",
        "abbr",
        "span",
        "div",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "img": ["src", "alt", "title", "width", "height"],
    "th": ["align", "colspan", "rowspan", "scope"],
    "td": ["align", "colspan", "rowspan"],
    "abbr": ["title"],
    "ol": ["start"],
    "code": ["class"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
_md = (
    MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    .enable("table")
    .enable("strikethrough")
)


def sanitize(html: str) -> str:
    """Return ``html`` with everything executable or unknown removed."""
    return _cleaner.clean(html)


def render_markdown(text: str) -> str:
    """Render user-authored Markdown and sanitise the result."""
    return sanitize(_md.render(text or ""))


def is_safe_media_url(url: str) -> bool:
    """Only absolute http(s) URLs may be used as a video source."""
    lowered = url.strip().lower()
    return lowered.startswith(("https://", "http://")) and not any(c in url for c in "\"'<> ")
