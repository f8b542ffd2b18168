from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Fictional demo data and the commands that load it (demo mode only).

    The top layer: it builds a register, a follow-up history and documents through
    the same models and services the application uses, so it may import every app
    and no app imports it.
    """

    name = "demo"
    verbose_name = "Demodata"
