import unicodedata

from django.db import migrations


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def fill(apps, schema_editor):
    # A derived search column, not history-worthy: update() is fine here.
    for name in ("Leverantor", "Verksamhet"):
        model = apps.get_model("leverantorer", name)
        for pk, namn in model.objects.values_list("pk", "namn").iterator():
            model.objects.filter(pk=pk).update(sokbar_namn=fold(namn))


class Migration(migrations.Migration):
    dependencies = [("leverantorer", "0003_kontroller_och_sokning")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
