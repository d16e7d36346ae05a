"""Markdown written by facilitators, rendered to HTML that is safe to show residents."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# CommonMark without raw HTML: facilitators write Markdown, never markup of their own.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
# Each block takes the direction of its own text: an English paragraph in an Arabic page (or
# the reverse) keeps its punctuation where it belongs.
OWN_DIRECTION = {tag: {"dir": "auto"} for tag in (
    "blockquote", "h2", "h3", "h4", "h5", "h6", "li", "p", "td", "th")}
# Rendered texts kept per process. The key is the text itself, so an edited text is a new key
# and can never be served from an older rendering.
CACHED_TEXTS = 128


def render_markdown(text: str | None) -> Markup:
    """HTML of `text`; sanitised again with nh3 so no script or unsafe link survives."""
    if not text:
        return Markup("")
    return _render(str(text))


@lru_cache(maxsize=CACHED_TEXTS)
def _render(text: str) -> Markup:
    """The sanitised HTML of a non-empty `text`, once per process and text."""
    html = _parser.render(text)
    # h1 is the page's own title: a body heading "# x" becomes a subheading.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values=OWN_DIRECTION,
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above
