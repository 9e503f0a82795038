"""URLs of the programs app."""

from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("start/", views.start, name="start"),
    path("print/", views.print_view, name="print"),
    path("week/<int:week>/day/<int:day>/", views.day, name="day"),
    path("week/<int:week>/day/<int:day>/item/<int:index>/swap/", views.swap, name="swap"),
    path("session/<int:week>/<int:day>/", views.session, name="session"),
    path("session/<int:week>/<int:day>/items/", views.log_item, name="log_item"),
    path("session/<int:week>/<int:day>/pain/", views.log_pain, name="log_pain"),
    path("exercise/<slug:slug>/", views.exercise_detail, name="exercise"),
    path("exercise/<slug:slug>.svg", views.exercise_picture, name="exercise_picture"),
]
