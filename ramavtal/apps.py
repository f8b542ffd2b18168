from django.apps import AppConfig


class RamavtalConfig(AppConfig):
    name = "ramavtal"
    verbose_name = "Ramavtal"
