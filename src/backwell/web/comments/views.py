"""Receive replies from the article page, and hand out fresh proof-of-work challenges."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from backwell.web.accounts.models import User
from backwell.web.content.models import Article
from backwell.web.core.client_address import client_address

from .forms import CommentForm, parent_id_from
from .models import Comment
from .proof_of_work import Verdict, challenge_issue, challenge_verify
from .rate_limits import comment_rate_allows
from .selectors import comment_reply_target
from .services import comment_create

logger = logging.getLogger(__name__)


def _challenge_message(verdict: Verdict) -> str:
    return {
        Verdict.MISSING: _(
            "The anti-spam check had not finished when you sent your reply. Wait until it says it is done, "
            "then send again. Your text is kept below."
        ),
        Verdict.INVALID: _(
            "The anti-spam check could not be confirmed. Reload the page to get a new check; "
            "your text is kept below, so copy it first if you reload."
        ),
        Verdict.EXPIRED: _(
            "The anti-spam check expired before you sent your reply. Reload to get a new one — a new check "
            "has already started below, and your text is kept."
        ),
        Verdict.REPLAYED: _(
            "This anti-spam check has already been used. A new one has started below; your text is kept, "
            "so you can send again once it is done."
        ),
    }[verdict]


def _form_again(request: HttpRequest, article: Article, form: CommentForm, status: int = 400) -> HttpResponse:
    reply_to = comment_reply_target(article=article, parent_id=parent_id_from(form.data.get("parent")))
    # The template never echoes the proof-of-work answer back: it must be solved afresh.
    return render(
        request,
        "comments/form_page.html",
        {
            "article": article,
            "article_url": article.get_absolute_url(),
            "form": form,
            "reply_to": reply_to,
            "parent_value": reply_to.pk if reply_to else "",
            "challenge_json": json.dumps(challenge_issue()),
        },
        status=status,
    )


# Exempt from CSRF on purpose: a reply here is anonymous (the session's identity is never used), so a
# forged cross-site post could do nothing a spammer cannot do directly, and the honeypot, rate limits
# and proof of work guard against both. This lets article pages be cached whole.
@csrf_exempt
@require_POST
def comment_post(request: HttpRequest, article_id: int) -> HttpResponse:
    return _receive(request, article_id, CommentForm(request.POST))


# A signed-in person's reply carries their account's name and email, so it is CSRF-protected: a
# forged post must never speak for them. Their article pages are never cached, so they hold a token.
@login_required
@require_POST
def comment_post_signed_in(request: HttpRequest, article_id: int) -> HttpResponse:
    account = request.user if isinstance(request.user, User) else None
    return _receive(request, article_id, CommentForm(request.POST, account=account))


def _receive(request: HttpRequest, article_id: int, form: CommentForm) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    article_url = article.get_absolute_url()
    if form.honeypot_filled():
        # Answer a bot exactly as a held reply would be answered, and keep nothing.
        logger.info("comment honeypot filled on article %s", article.pk)
        messages.success(
            request, _("Thank you. Your reply is waiting for a moderator and will appear once approved.")
        )
        return HttpResponseRedirect(f"{article_url}#comments")
    if not form.is_valid():
        return _form_again(request, article, form)
    verdict = challenge_verify(form.cleaned_data["altcha"])
    if verdict is not Verdict.OK:
        form.add_error(None, _challenge_message(verdict))
        return _form_again(request, article, form)
    if not comment_rate_allows(ip=client_address(request), email=form.cleaned_data["email"]):
        form.add_error(
            None,
            _(
                "You have sent several replies in a short time. Please wait ten minutes, then send this one again; your text is kept."
            ),
        )
        return _form_again(request, article, form, status=429)
    parent = comment_reply_target(article=article, parent_id=form.cleaned_data["parent"])
    if str(form.data.get("parent") or "").strip() and parent is None:
        form.add_error(
            None,
            _("The reply you were answering is no longer shown. Your text is kept: send it as a new reply."),
        )
        return _form_again(request, article, form)
    comment = comment_create(
        article=article,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        website=form.cleaned_data["website"],
        body=form.cleaned_data["body"],
        parent=parent,
    )
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Thank you. Your reply is published."))
        return HttpResponseRedirect(f"{article_url}#comment-{comment.pk}")
    messages.success(
        request, _("Thank you. Your reply is waiting for a moderator and will appear once approved.")
    )
    return HttpResponseRedirect(f"{article_url}#comments")


@never_cache
@require_GET
def challenge(request: HttpRequest) -> JsonResponse:
    """A fresh challenge for a page left open longer than a challenge lives."""
    return JsonResponse(challenge_issue())
