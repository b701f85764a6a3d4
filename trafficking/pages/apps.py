from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "trafficking.pages"
    label = "pages"
