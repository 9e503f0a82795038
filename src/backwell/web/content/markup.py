"""Markdown to safe HTML: rendered with `markdown`, then cleaned with `nh3` so no script survives."""

from __future__ import annotations

import html as html_entities

import markdown
import nh3

# Headings start at h2: the page's own title is the only h1.
ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre",
    "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def _demote_headings(html: str) -> str:
    # An author's "# Heading" would compete with the page title; make it an h2 instead of dropping it.
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


def render_markdown(text: str) -> str:
    """Markdown source → sanitised HTML fragment safe to mark as safe in a template."""
    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        _demote_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener",
        clean_content_tags={"script", "style"},
    )


def plain_text(text: str) -> str:
    """Markdown source → text with no markup, for search snippets and plain-text email parts."""
    html = markdown.markdown(text, extensions=["extra"], output_format="html")
    return html_entities.unescape(nh3.clean(html, tags=set(), clean_content_tags={"script", "style"})).strip()
