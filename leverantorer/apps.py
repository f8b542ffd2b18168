from django.apps import AppConfig


class LeverantorerConfig(AppConfig):
    name = "leverantorer"
    verbose_name = "Leverantörer"
