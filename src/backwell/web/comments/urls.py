"""URLs of the comments app."""

from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("post/<id:article_id>/", views.comment_post, name="post"),
    path("challenge/", views.challenge, name="challenge"),
]
