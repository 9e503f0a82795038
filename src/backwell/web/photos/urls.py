"""URLs of the photos app."""

from django.urls import path

from . import views

app_name = "photos"
urlpatterns = [
    path("", views.capture, name="capture"),
    path("history/", views.history, name="history"),
    path("preference/", views.preference, name="preference"),
    path("analysis/<int:pk>/", views.analysis_review, name="analysis"),
    path("analysis/<int:pk>/measure/", views.analysis_measure, name="measure"),
    path("analysis/<int:pk>/confirm/", views.analysis_confirm, name="confirm"),
    path("analysis/<int:pk>/delete/", views.analysis_delete, name="analysis_delete"),
    path("photo/<int:pk>/", views.photo_image, name="image"),
    path("photo/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("video/<int:pk>/", views.video_progress, name="video"),
    path("video/<int:pk>/status/", views.video_status, name="video_status"),
]
