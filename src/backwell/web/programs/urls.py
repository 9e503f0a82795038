"""URLs of the programs app."""

from django.urls import path

from . import offline, views

app_name = "programs"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("start/", views.start, name="start"),
    path("print/", views.print_view, name="print"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/", offline.offline_pages, name="offline_pages"),
    path("print/full/", views.print_full, name="print_full"),
    path("week/<small:week>/day/<small:day>/", views.day, name="day"),
    path("week/<small:week>/day/<small:day>/item/<small:index>/swap/", views.swap, name="swap"),
    path("session/<small:week>/<small:day>/", views.session, name="session"),
    path("session/<small:week>/<small:day>/items/", views.log_item, name="log_item"),
    path("session/<small:week>/<small:day>/pain/", views.log_pain, name="log_pain"),
    path("exercise/<slug:slug>/", views.exercise_detail, name="exercise"),
    path("exercise/<slug:slug>.svg", views.exercise_picture, name="exercise_picture"),
]
