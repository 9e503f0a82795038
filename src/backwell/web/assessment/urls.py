"""URLs of the assessment app."""

from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.start, name="start"),
    path("safety-check/", views.safety_check, name="safety_check"),
    path("<id:pk>/stop/", views.stop, name="stop"),
    path("<id:pk>/results/", views.results, name="results"),
    path("<id:pk>/discard/", views.discard, name="discard"),
    path("<id:pk>/<slug:step>/", views.step_view, name="step"),
]
