from django.apps import AppConfig, apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs):
    # post_migrate is sent once per app, in INSTALLED_APPS order, and each
    # app's permissions are created by its own send. Sync after the last
    # one, when every permission a role may name exists. Then every kod the
    # code names in a word list exists too (a test's flush empties them).
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from uppfoljning.ordlistor import sakerstall_koder
    from uppfoljning.roles import sync_role_permissions

    sync_role_permissions()
    sakerstall_koder(kwargs.get("using", "default"))


class UppfoljningConfig(AppConfig):
    name = "uppfoljning"
    verbose_name = "Uppföljning"

    def ready(self):
        post_migrate.connect(_sync_roles, dispatch_uid="uppfoljning.sync_roles")
        from uppfoljning.sessions import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="uppfoljning.stamp_login")
