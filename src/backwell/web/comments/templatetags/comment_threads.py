"""Template tags for comment threads under articles."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from backwell.web.content.models import Article

from ..forms import CommentForm, parent_id_from
from ..models import Comment
from ..selectors import comment_thread as thread_for
from ..text import comment_html, website_link

register = template.Library()


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context: dict[str, Any], article: Article) -> dict[str, Any]:
    """The approved replies under an article and the "Leave a reply" form."""
    request = context.get("request")
    comments = thread_for(article=article)
    wanted = parent_id_from(request.GET.get("replytocom", "") if request is not None else "")
    reply_to = next((c for c in comments if c.pk == wanted), None) if wanted else None
    return {
        "request": request,
        "article": article,
        "comments": comments,
        "count": _reply_count(comments),
        # Signed-in pages are never shared from the cache, so the form can be the person's own.
        "form": CommentForm(
            account=request.user if request is not None and request.user.is_authenticated else None
        ),
        "reply_to": reply_to,
        "parent_value": reply_to.pk if reply_to else "",
        # No challenge here: the page is cached for everyone, so the script fetches a fresh one.
        "challenge_json": "",
    }


def _reply_count(comments: list[Comment]) -> int:
    total = 0
    for comment in comments:
        total += 1 + len(getattr(comment, "approved_replies", []))
    return total


@register.filter
def comment_text(text: str) -> SafeString:
    return comment_html(text)


@register.simple_tag
def commenter(name: str, website: str) -> SafeString:
    return website_link(name, website)
