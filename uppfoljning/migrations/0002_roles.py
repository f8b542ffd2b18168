from django.db import migrations

ROLES = ("Strateg", "Placeringssamordnare", "Chef", "Socialsekreterare", "Administratör")


def create_role_groups(apps, schema_editor):
    # Permissions are attached by uppfoljning.roles.sync_role_permissions
    # after migrate, once every app's permissions exist.
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("uppfoljning", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
