from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "trafficking.core"
    label = "core"
