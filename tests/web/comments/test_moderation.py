"""Staff moderate in bulk in the admin: approve, reject or mark spam."""

from __future__ import annotations

import pytest
from django.test import Client

from backwell.web.comments.models import Comment
from backwell.web.comments.services import comments_moderate
from tests.web.content.factories import ArticleFactory
from tests.web.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "status"), [("approve", "approved"), ("reject", "rejected"), ("mark_spam", "spam")]
)
def test_staff_moderate_many_comments_at_once(client: Client, action: str, status: str) -> None:
    article = ArticleFactory()
    held = [
        Comment.objects.create(article=article, name=f"N{n}", email=f"n{n}@example.org", body=f"held {n}")
        for n in range(3)
    ]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    queue = client.get("/admin/comments/comment/").content.decode()
    assert "held 0" in queue and "n0@example.org" in queue
    response = client.post(
        "/admin/comments/comment/", {"action": action, "_selected_action": [c.pk for c in held[:2]]}
    )
    assert response.status_code == 302
    assert sorted(Comment.objects.values_list("status", flat=True)) == sorted([status, status, "pending"])
    page = client.get(article.get_absolute_url()).content.decode()
    assert ("held 0" in page) is (status == "approved")


@pytest.mark.datalayer
@pytest.mark.django_db
def test_moderation_records_when_and_refuses_to_move_back_to_the_queue() -> None:
    article = ArticleFactory()
    comment = Comment.objects.create(article=article, name="N", email="n@example.org", body="b")
    assert comments_moderate(comments=[comment], status="approved") == 1
    comment.refresh_from_db()
    assert comment.moderated_at is not None
    assert comments_moderate(comments=[comment], status="approved") == 0
    with pytest.raises(ValueError):
        comments_moderate(comments=[comment], status="pending")


@pytest.mark.django_db
def test_a_comment_approved_from_its_own_page_in_the_admin_appears_at_once(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    article = ArticleFactory()
    held = Comment.objects.create(article=article, name="Ann", email="ann@example.org", body="Held text")
    assert b"Held text" not in Client().get(article.get_absolute_url()).content
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/comments/comment/{held.pk}/change/",
            {
                "name": "Ann",
                "email": "ann@example.org",
                "website": "",
                "body": "Held text, typo fixed",
                "status": "approved",
            },
        )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == "approved" and held.moderated_at is not None
    assert b"Held text, typo fixed" in Client().get(article.get_absolute_url()).content
