"""Editors write issues, preview them, send a test to themselves, and send to confirmed subscribers."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .emails import issue_context
from .models import ConsentEvent, Delivery, Issue, Subscriber

# The preview is an email, styled inline as email must be; it may use inline styles, but no scripts.
PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'"


class ConsentEventInline(admin.TabularInline[ConsentEvent, Subscriber]):
    model = ConsentEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "wording", "source", "at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin[Subscriber]):
    list_display = ("email", "status", "created_at", "confirmed_at", "unsubscribed_at")
    list_filter = ("status",)
    search_fields = ("email",)
    readonly_fields = ("email", "status", "created_at", "confirmed_at", "unsubscribed_at")
    inlines = (ConsentEventInline,)
    actions = ("unsubscribe_selected",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Addresses join only through double opt-in, never typed in by staff.
        return False

    @admin.action(description=gettext_lazy("Unsubscribe the selected addresses"))
    def unsubscribe_selected(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> None:
        for subscriber in queryset:
            services.subscriber_unsubscribe(subscriber=subscriber, source=f"staff: {request.user}")
        self.message_user(request, _("Unsubscribed."), messages.SUCCESS)


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin[Issue]):
    list_display = ("subject", "status", "created_at", "progress_text")
    list_filter = ("status",)
    search_fields = ("subject",)
    readonly_fields = ("status", "send_started_at", "sent_at", "progress", "editor_tools")
    fields = ("subject", "body", "editor_tools", "status", "progress", "send_started_at", "sent_at")

    class Media:
        js = ("newsletter/admin-progress.js",)
        css = {"all": ("newsletter/admin.css",)}

    def get_readonly_fields(self, request: HttpRequest, obj: Issue | None = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != Issue.Status.DRAFT:
            # What went out must stay what the record says went out.
            fields += ("subject", "body")
        return fields

    @admin.display(description=gettext_lazy("sent"))
    def progress_text(self, obj: Issue) -> str:
        progress = services.issue_progress(issue=obj)
        return f"{progress.sent} / {progress.total}" if progress.total else "—"

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, obj: Issue) -> str:
        if obj.pk is None:
            return "—"
        p = services.issue_progress(issue=obj)
        return format_html(
            '<div class="issue-progress" data-progress-url="{}" data-status="{}">'
            '<progress max="{}" value="{}" aria-label="{}">{}%</progress> '
            '<span class="issue-progress-text">{}</span></div>',
            reverse("admin:newsletter_issue_progress", args=[obj.pk]),
            obj.status,
            p.total or 1,
            p.sent,
            _("Sending progress"),
            p.percent,
            _("%(sent)d of %(total)d sent · %(queued)d queued · %(in_flight)d in flight · %(failed)d failed")
            % {
                "sent": p.sent,
                "total": p.total,
                "queued": p.queued,
                "in_flight": p.in_flight,
                "failed": p.failed,
            },
        )

    @admin.display(description=gettext_lazy("preview and send"))
    def editor_tools(self, obj: Issue) -> str:
        if obj.pk is None:
            return _("Save the draft first; then you can preview it, send a test to yourself, and send it.")
        return format_html(
            '<a class="button" href="{}" target="_blank" rel="noopener">{}</a> '
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
            reverse("admin:newsletter_issue_preview", args=[obj.pk]),
            _("Preview"),
            reverse("admin:newsletter_issue_send_test", args=[obj.pk]),
            _("Send a test to me"),
            reverse("admin:newsletter_issue_send", args=[obj.pk]),
            {
                Issue.Status.DRAFT: _("Send to subscribers"),
                Issue.Status.SENDING: _("Resume sending"),
                Issue.Status.SENT: _("Sending report"),
            }[Issue.Status(obj.status)],
        )

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<id:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_issue_preview",
            ),
            path(
                "<id:pk>/send-test/",
                self.admin_site.admin_view(self.send_test_view),
                name="newsletter_issue_send_test",
            ),
            path("<id:pk>/send/", self.admin_site.admin_view(self.send_view), name="newsletter_issue_send"),
            path(
                "<id:pk>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="newsletter_issue_progress",
            ),
        ]
        return own + super().get_urls()

    def _issue(self, request: HttpRequest, pk: int) -> Issue:
        issue = get_object_or_404(Issue, pk=pk)
        if not self.has_change_permission(request, issue):
            raise PermissionDenied
        return issue

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = self._issue(request, pk)
        context = issue_context(issue, unsubscribe_url="#unsubscribe-link-goes-here")
        response = TemplateResponse(request, "newsletter/email/issue.html", context)
        response["Content-Security-Policy"] = PREVIEW_POLICY
        response["X-Robots-Tag"] = "noindex"
        return response

    def send_test_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = self._issue(request, pk)
        to_email = getattr(request.user, "email", "")
        if request.method == "POST":
            if not to_email:
                self.message_user(
                    request, _("Your account has no email address to send a test to."), messages.ERROR
                )
            else:
                try:
                    services.issue_send_test(issue=issue, to_email=to_email)
                except OSError as error:
                    self.message_user(
                        request,
                        _("The mail server could not be reached (%(error)s). Check EMAIL_URL.")
                        % {"error": error},
                        messages.ERROR,
                    )
                else:
                    self.message_user(
                        request, _("Test sent to %(email)s.") % {"email": to_email}, messages.SUCCESS
                    )
            return HttpResponseRedirect(reverse("admin:newsletter_issue_change", args=[issue.pk]))
        return TemplateResponse(
            request,
            "admin/newsletter/issue/confirm_action.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "issue": issue,
                "title": _("Send a test of “%(subject)s”") % {"subject": issue.subject},
                "question": _("Send this issue, marked [TEST], to %(email)s only?") % {"email": to_email},
                "button": _("Send the test"),
            },
        )

    def send_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = self._issue(request, pk)
        progress = services.issue_progress(issue=issue)
        confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count()
        if request.method == "POST":
            if issue.status == Issue.Status.DRAFT:
                total = services.issue_start_sending(issue=issue)
                self.message_user(
                    request,
                    _("Sending to %(total)d subscribers has started.") % {"total": total},
                    messages.SUCCESS,
                )
            elif issue.status == Issue.Status.SENDING:
                services.issue_resume_sending(issue=issue)
                self.message_user(
                    request,
                    _("Sending resumed. Deliveries already claimed are not sent twice."),
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(reverse("admin:newsletter_issue_change", args=[issue.pk]))
        if issue.status == Issue.Status.DRAFT:
            question = _(
                "Send “%(subject)s” to all %(count)d confirmed subscribers now? This cannot be undone."
            ) % {
                "subject": issue.subject,
                "count": confirmed,
            }
            button = _("Send now")
        elif issue.status == Issue.Status.SENDING:
            question = _(
                "%(sent)d of %(total)d sent, %(queued)d still queued. If a worker stopped, resume sending: "
                "nobody gets the issue twice."
            ) % {"sent": progress.sent, "total": progress.total, "queued": progress.queued}
            button = _("Resume sending")
        else:
            question = _("This issue has been sent (%(sent)d of %(total)d).") % {
                "sent": progress.sent,
                "total": progress.total,
            }
            button = ""
        return TemplateResponse(
            request,
            "admin/newsletter/issue/confirm_action.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "issue": issue,
                "title": _("Send “%(subject)s”") % {"subject": issue.subject},
                "question": question,
                "button": button,
            },
        )

    def progress_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        issue = self._issue(request, pk)
        p = services.issue_progress(issue=issue)
        issue.refresh_from_db(fields=["status"])
        return JsonResponse(
            {
                "status": issue.status,
                "total": p.total,
                "sent": p.sent,
                "queued": p.queued,
                "in_flight": p.in_flight,
                "failed": p.failed,
                "text": _(
                    "%(sent)d of %(total)d sent · %(queued)d queued · %(in_flight)d in flight · %(failed)d failed"
                )
                % {
                    "sent": p.sent,
                    "total": p.total,
                    "queued": p.queued,
                    "in_flight": p.in_flight,
                    "failed": p.failed,
                },
            }
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ("issue", "subscriber", "status", "claimed_at", "sent_at", "error")
    list_filter = ("status", "issue")
    list_select_related = ("issue", "subscriber")
    readonly_fields = ("issue", "subscriber", "status", "claimed_at", "sent_at", "error")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
