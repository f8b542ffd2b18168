from django.apps import AppConfig


class OversiktConfig(AppConfig):
    """The pages that gather from every layer: the start page, the supplier page,
    the main navigation and the root URLconf.

    The top layer (with the demo data): it may import every app, no app imports it.
    """

    name = "oversikt"
    verbose_name = "Översikt"
