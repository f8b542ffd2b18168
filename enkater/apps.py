from django.apps import AppConfig


class EnkaterConfig(AppConfig):
    name = "enkater"
    verbose_name = "Frågeformulär och krav"

    def ready(self):
        # The follow-up layer below asks us, through its hooks, whether a
        # follow-up may close and what its page shows of questionnaires.
        from enkater import hooks  # noqa: F401
