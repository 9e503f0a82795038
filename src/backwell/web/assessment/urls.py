"""URLs of the assessment app."""

from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.start, name="start"),
    path("<int:pk>/stop/", views.stop, name="stop"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/<slug:step>/", views.step_view, name="step"),
]
