"""The five roles of DOMAIN.md as auth groups, and what each may do.

Groups are created by a data migration; their model permissions are synced
from ROLE_PERMISSIONS after every migrate (post_migrate), so a permission
granted here reaches existing databases without a hand-written migration.
"""

from django.contrib.auth.models import Group, Permission

STRATEG = "Strateg"
PLACERINGSSAMORDNARE = "Placeringssamordnare"
CHEF = "Chef"
SOCIALSEKRETERARE = "Socialsekreterare"
ADMINISTRATOR = "Administratör"

ROLES = (STRATEG, PLACERINGSSAMORDNARE, CHEF, SOCIALSEKRETERARE, ADMINISTRATOR)

# "app_label.codename" per role. Later features add their models' permissions.
ROLE_PERMISSIONS = {
    STRATEG: [],
    PLACERINGSSAMORDNARE: [],
    CHEF: [],
    SOCIALSEKRETERARE: [],
    ADMINISTRATOR: [
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        "uppfoljning.view_heartbeat",
    ],
}


def _permission(label):
    app_label, codename = label.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise LookupError(f"Role permission {label!r} does not exist.") from None


def sync_role_permissions():
    """Create the role groups and give each exactly the permissions listed."""
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([_permission(label) for label in ROLE_PERMISSIONS[role]])


def has_role(user, *roles):
    """True when the user belongs to any of the given role groups."""
    if not user.is_authenticated:
        return False
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return bool(names.intersection(roles))
