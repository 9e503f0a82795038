"""URLs of the comments app."""

from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("post/<id:article_id>/", views.comment_post, name="post"),
    path("post/<id:article_id>/signed-in/", views.comment_post_signed_in, name="post_signed_in"),
    path("challenge/", views.challenge, name="challenge"),
]
