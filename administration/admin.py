"""Admin for the municipality's settings, the user audit log, users and groups.

Users and roles are the Administratör's to manage on our own pages
(administration.views). Django's User and Group admins could make anyone
superuser, set passwords and grant any permission, so they are open to
superusers only, and even they cannot delete a user the records name (they
deactivate instead) nor delete, rename or re-permission a role group: the
role table in uppfoljning.roles is the one source of what a role may do.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from administration.anvandare import namns_i_registren
from administration.models import Anvandarhandelse, Kommuninstallning
from uppfoljning import roles
from uppfoljning.admin_base import NoDeleteAdmin

User = get_user_model()


@admin.register(Kommuninstallning)
class KommuninstallningAdmin(NoDeleteAdmin):
    """Read here; changed on /administration/kommun/, whose form checks the logo."""

    list_display = ("kommunens_namn", "forvaltning", "namnd")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Anvandarhandelse)
class AnvandarhandelseAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by the application only."""

    list_display = ("tidpunkt", "anvandare", "handelse", "detalj", "utford_av")
    list_filter = ("handelse",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyMixin:
    """Every permission held only by a superuser, whatever the auth permissions say."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


def _protect(protected, objs, why):
    """Add `objs` to the delete page's protected list, which blocks the deletion."""
    return [*protected, *(f"{obj} – {why}" for obj in objs)]


class ContainedUserAdmin(SuperuserOnlyMixin, UserAdmin):
    # Permissions come from roles (groups) only: none granted one by one.
    readonly_fields = ("user_permissions", "last_login", "date_joined")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and namns_i_registren(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # The bulk "delete selected" action asks here, not has_delete_permission(obj).
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        named = [user for user in objs if namns_i_registren(user)]
        why = "finns i historiken; avaktivera kontot i stället"
        return deleted, counts, perms_needed, _protect(protected, named, why)


class RoleGroupAdmin(SuperuserOnlyMixin, GroupAdmin):
    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.name in roles.ROLES:
            # Synced from uppfoljning.roles after every migrate; a rename would break has_role.
            return ("name", "permissions")
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.name in roles.ROLES:
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        role_groups = [group for group in objs if group.name in roles.ROLES]
        return deleted, counts, perms_needed, _protect(protected, role_groups, "är en roll")


for model, model_admin in ((User, ContainedUserAdmin), (Group, RoleGroupAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
