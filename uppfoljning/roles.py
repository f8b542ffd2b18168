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
FOLLOW_UP_MODELS = {
    "arenden": [
        "avvikelse",
        "signal",
        "eskaleringsregel",
        "stickprov",
        "stickprovfaktura",
        "registerkontroll",
        "metod",
        "tema",
        "ejgenomfordorsak",
        "uppfoljning",
        "informationsbegaran",
        "platsbesok",
        "brist",
        "uppfoljningleverantor",
        "dokumentbegaran",
        "observation",
    ],
    # Requirements, questionnaires, send-outs and their answers (enkater).
    "enkater": [
        "avtalskrav",
        "formular",
        "formularversion",
        "sektion",
        "fraga",
        "utskick",
        "mottagare",
        "svar",
        "svarvarde",
        "komplettering",
        "bristunderlag",
        "medarbetarenhet",
    ],
}


def _perms(*actions, models=REGISTER_MODELS):
    return [
        f"{app}.{action}_{model}"
        for app, names in models.items()
        for model in names
        for action in actions
    ]


# Checking a supplier before a call-off, and recording IVO and credit checks.
AVROP_PERMS = [
    f"arenden.{action}_{model}"
    for model in ("avropskontroll", "ivokontroll", "kreditkontroll")
    for action in ("view", "add")
]

# Word lists on /ordlistor/ (uppfoljning.ordlistor): administrators keep all of
# them; strategists, who run follow-ups, also keep methods, themes and reasons
# for not-done follow-ups (FOLLOW_UP_MODELS). Nobody deletes an entry: it is
# retired instead, so old records keep their word.
ORDLISTA_PERMS = [
    f"{app}.{action}_{model}"
    for app, model in (
        ("arenden", "metod"),
        ("arenden", "tema"),
        ("arenden", "avvikelsekategori"),
        ("arenden", "ejgenomfordorsak"),
        ("leverantorer", "beslutskal"),
    )
    for action in ("view", "add", "change")
]

# The reminder log is written by the scheduled task only; people may read it.
PAMINNELSE_PERMS = ["arenden.view_paminnelse", "enkater.view_enkatpaminnelse"]

# "app_label.codename" per role. Nobody may delete register records: the
# committee may ask about any of them (ending, pausing or archiving instead).
ROLE_PERMISSIONS = {
    STRATEG: [
        *_perms("view", "add", "change"),
        *_perms("view", "add", "change", models=FOLLOW_UP_MODELS),
        "ramavtal.import_register",
        "leverantorer.view_skyddad_adress",
        *AVROP_PERMS,
        *PAMINNELSE_PERMS,
        # IVO and credit sweeps: follow their progress, start one, import an export.
        "arenden.view_kontrollsvep",
        "arenden.add_kontrollsvep",
    ],
    # Coordinators and social workers report deviations and see their own;
    # coordinators also see cases and findings, which bear on call-offs.
    PLACERINGSSAMORDNARE: [
        *_perms("view"),
        "leverantorer.view_skyddad_adress",
        *AVROP_PERMS,
        "arenden.add_avvikelse",
        "arenden.view_uppfoljning",
        "arenden.view_brist",
    ],
    CHEF: [
        *_perms("view"),
        *_perms("view", models=FOLLOW_UP_MODELS),
        "arenden.view_avropskontroll",
        "arenden.view_ivokontroll",
        "arenden.view_kreditkontroll",
        "arenden.view_kontrollsvep",
    ],
    SOCIALSEKRETERARE: ["arenden.add_avvikelse"],
    ADMINISTRATOR: [
        *_perms("view"),
        *ORDLISTA_PERMS,
        "arenden.view_eskaleringsregel",
        "arenden.change_eskaleringsregel",
        "ramavtal.import_register",
        # Users and roles on our own pages only (administration.views); Django
        # admin's User and Group admins are for superusers.
        "administration.visa_anvandare",
        "administration.hantera_anvandare",
        "uppfoljning.view_heartbeat",
        "uppfoljning.view_atkomsthandelse",
        *PAMINNELSE_PERMS,
        # The municipality's settings page; the user audit log is read on user pages.
        "administration.view_kommuninstallning",
        "administration.change_kommuninstallning",
        "administration.view_anvandarhandelse",
    ],
}

# Rapporter: strategists write the annual report and the plan; managers (Chef)
# read, preview and download them; both may fastställa (freeze) a version.
REPORT_READ_PERMS = [
    "rapporter.view_arsrapport",
    "rapporter.view_uppfoljningsplan",
    "rapporter.view_planeradsarskild",
    "rapporter.view_rapportversion",
    "rapporter.faststall_arsrapport",
    "rapporter.faststall_uppfoljningsplan",
]
REPORT_WRITE_PERMS = [
    f"rapporter.{action}_{model}"
    for model in ("arsrapport", "uppfoljningsplan", "planeradsarskild")
    for action in ("add", "change")
]
ROLE_PERMISSIONS[STRATEG] += [*REPORT_READ_PERMS, *REPORT_WRITE_PERMS]
ROLE_PERMISSIONS[CHEF] += REPORT_READ_PERMS


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
