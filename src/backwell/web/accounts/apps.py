"""App configuration."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "backwell.web.accounts"
    label = "accounts"
