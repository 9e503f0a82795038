"""{{ text|plain }}: engine and knowledge-base texts shown with words, never ids (core/plain_words.py)."""

from django import template

from backwell.web.core.plain_words import plain_words

register = template.Library()


@register.filter
def plain(text: object) -> str:
    return plain_words(str(text)) if text is not None else ""
