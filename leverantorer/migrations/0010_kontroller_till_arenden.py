"""The checks leave the register's state for arenden's (arenden 0010); no table changes.

Their content types are moved from app label leverantorer to arenden here,
once the models exist in arenden's state only, so every permission keeps its
id and every role grant (group permission) and user grant survives. If a
partial `migrate arenden` let post_migrate create arenden content types and
permissions first, those twins are merged into the old ones (grants joined,
twins deleted), so no permission exists twice.
"""

from django.db import migrations

MOVED = (
    "ivokontroll",
    "historicalivokontroll",
    "kreditkontroll",
    "historicalkreditkontroll",
    "avropskontroll",
    "historicalavropskontroll",
    "kontrollsvep",
    "kontrollschema",
    "kontrollfil",
)


def _move_content_types(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    try:
        LogEntry = apps.get_model("admin", "LogEntry")
    except LookupError:
        LogEntry = None
    for model in MOVED:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue  # A fresh database: post_migrate creates them under the new label.
        twin = ContentType.objects.filter(app_label=target, model=model).first()
        if twin is not None:
            for permission in Permission.objects.filter(content_type=twin):
                kept = Permission.objects.filter(
                    content_type=old, codename=permission.codename
                ).first()
                if kept is None:
                    permission.content_type = old
                    permission.save(update_fields=["content_type"])
                    continue
                kept.group_set.add(*permission.group_set.all())
                kept.user_set.add(*permission.user_set.all())
                permission.delete()
            if LogEntry is not None:
                LogEntry.objects.filter(content_type=twin).update(content_type=old)
            twin.delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _move_content_types(apps, "leverantorer", "arenden")


def backwards(apps, schema_editor):
    _move_content_types(apps, "arenden", "leverantorer")


class Migration(migrations.Migration):
    dependencies = [
        ("leverantorer", "0009_ordlistor"),
        ("arenden", "0010_kontroller_fran_leverantorer"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="avropskontroll",
                    name="avtal",
                ),
                migrations.RemoveField(
                    model_name="avropskontroll",
                    name="kontrollerad_av",
                ),
                migrations.RemoveField(
                    model_name="avropskontroll",
                    name="verksamhet",
                ),
                migrations.RemoveField(
                    model_name="historicalavropskontroll",
                    name="avtal",
                ),
                migrations.RemoveField(
                    model_name="historicalavropskontroll",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalavropskontroll",
                    name="kontrollerad_av",
                ),
                migrations.RemoveField(
                    model_name="historicalavropskontroll",
                    name="verksamhet",
                ),
                migrations.RemoveField(
                    model_name="historicalivokontroll",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalivokontroll",
                    name="registrerad_av",
                ),
                migrations.RemoveField(
                    model_name="historicalivokontroll",
                    name="svep",
                ),
                migrations.RemoveField(
                    model_name="historicalivokontroll",
                    name="verksamhet",
                ),
                migrations.RemoveField(
                    model_name="historicalkreditkontroll",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalkreditkontroll",
                    name="leverantor",
                ),
                migrations.RemoveField(
                    model_name="historicalkreditkontroll",
                    name="registrerad_av",
                ),
                migrations.RemoveField(
                    model_name="historicalkreditkontroll",
                    name="svep",
                ),
                migrations.RemoveField(
                    model_name="ivokontroll",
                    name="registrerad_av",
                ),
                migrations.RemoveField(
                    model_name="ivokontroll",
                    name="svep",
                ),
                migrations.RemoveField(
                    model_name="ivokontroll",
                    name="verksamhet",
                ),
                migrations.RemoveField(
                    model_name="kontrollfil",
                    name="uppladdad_av",
                ),
                migrations.DeleteModel(
                    name="Kontrollschema",
                ),
                migrations.RemoveField(
                    model_name="kontrollsvep",
                    name="startad_av",
                ),
                migrations.RemoveField(
                    model_name="kreditkontroll",
                    name="svep",
                ),
                migrations.RemoveField(
                    model_name="kreditkontroll",
                    name="leverantor",
                ),
                migrations.RemoveField(
                    model_name="kreditkontroll",
                    name="registrerad_av",
                ),
                migrations.DeleteModel(
                    name="Avropskontroll",
                ),
                migrations.DeleteModel(
                    name="HistoricalAvropskontroll",
                ),
                migrations.DeleteModel(
                    name="HistoricalIvoKontroll",
                ),
                migrations.DeleteModel(
                    name="HistoricalKreditkontroll",
                ),
                migrations.DeleteModel(
                    name="IvoKontroll",
                ),
                migrations.DeleteModel(
                    name="Kontrollfil",
                ),
                migrations.DeleteModel(
                    name="Kontrollsvep",
                ),
                migrations.DeleteModel(
                    name="Kreditkontroll",
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
