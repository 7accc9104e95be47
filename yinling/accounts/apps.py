from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yinling.accounts"
    label = "accounts"
