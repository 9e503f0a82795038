"""URLs of the content app: articles, topics, authors, search, feeds and the sitemap."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .feeds import LatestArticlesAtomFeed, LatestArticlesFeed
from .sitemaps import SITEMAPS

app_name = "content"
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("search/", views.search, name="search"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("feed/atom/", LatestArticlesAtomFeed(), name="feed_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("category/<slug:slug>/", views.category_detail, name="category_detail"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("author/<slug:slug>/", views.author_detail, name="author_detail"),
    path("preview/<id:pk>/", views.article_preview, name="article_preview"),
    path("<slug:slug>/", views.article_detail, name="article_detail"),
]
