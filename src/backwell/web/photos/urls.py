"""URLs of the photos app."""

from django.urls import path

from . import views

app_name = "photos"
urlpatterns = [
    path("", views.capture, name="capture"),
    path("history/", views.history, name="history"),
    path("preference/", views.preference, name="preference"),
    path("analysis/<id:pk>/", views.analysis_review, name="analysis"),
    path("analysis/<id:pk>/measure/", views.analysis_measure, name="measure"),
    path("analysis/<id:pk>/confirm/", views.analysis_confirm, name="confirm"),
    path("analysis/<id:pk>/delete/", views.analysis_delete, name="analysis_delete"),
    path("photo/<id:pk>/", views.photo_image, name="image"),
    path("photo/<id:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("video/<id:pk>/", views.video_progress, name="video"),
    path("video/<id:pk>/status/", views.video_status, name="video_status"),
]
