"""URLs of the tracking app."""

from django.urls import path

from . import views

app_name = "tracking"
urlpatterns = [
    path("", views.progress_page, name="progress"),
    path("check-in/", views.daily_checkin, name="daily"),
    path("weekly/", views.weekly_checkin, name="weekly"),
    path("retest/", views.retest, name="retest"),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/create/", views.reminders_create, name="reminders_create"),
    path("reminders/revoke/", views.reminders_revoke, name="reminders_revoke"),
    path("reminders/settings/", views.reminders_settings, name="reminders_settings"),
    path("calendar/<id:feed_id>/<str:token>.ics", views.calendar, name="calendar"),
]
