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

REGISTER_MODELS = {
    "ramavtal": ["ramavtal", "avtalsomrade", "niva", "riskbedomning"],
    "leverantorer": ["leverantor", "foretradare", "verksamhet", "avtal", "beslut", "placering"],
}


def _perms(*actions):
    return [
        f"{app}.{action}_{model}"
        for app, models in REGISTER_MODELS.items()
        for model in models
        for action in actions
    ]


# "app_label.codename" per role. Nobody may delete register records: the
# committee may ask about any of them (ending, pausing or archiving instead).
ROLE_PERMISSIONS = {
    STRATEG: [
        *_perms("view", "add", "change"),
        "ramavtal.import_register",
        "leverantorer.view_skyddad_adress",
    ],
    PLACERINGSSAMORDNARE: [*_perms("view"), "leverantorer.view_skyddad_adress"],
    CHEF: _perms("view"),
    SOCIALSEKRETERARE: [],
    ADMINISTRATOR: [
        *_perms("view"),
        "ramavtal.import_register",
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
