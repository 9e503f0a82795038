"""URLs of the accounts app."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/confirm/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("privacy/", views.privacy, name="privacy"),
    path("settings/", views.settings_page, name="settings"),
    path("email/", views.email_change, name="email_change"),
    path("email/confirm/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("my-data.zip", views.data_download, name="data_download"),
    path("delete/", views.delete_account, name="delete"),
]
