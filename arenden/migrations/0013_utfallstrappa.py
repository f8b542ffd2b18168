"""The outcome ladder replaces the four outcomes of a sample row, and the word
list of reasons gets the big city's words.

Old outcome -> ladder step: "åtgärdade efter påpekande" is a correction that
was made (åtgärdat: the follow-up's close date, else the last day of its
year); "hanteras fortfarande" is a correction still open; "sanktion" is a vite.
"""

import datetime

from django.db import migrations

OLD_TO_NEW = {"atgardade": "rattelse", "hanteras": "rattelse", "sanktion": "vite"}
NEW_REASONS = [
    "Verksamheten läggs ned",
    "Sammanslagen med annan verksamhet",
    "Omprioritering",
]


def forwards(apps, schema_editor):
    Row = apps.get_model("arenden", "UppfoljningLeverantor")
    for row in Row.objects.filter(utfall__in=OLD_TO_NEW).select_related("uppfoljning"):
        if row.utfall == "atgardade":
            case = row.uppfoljning
            row.atgardat = case.avslutad or datetime.date(case.ar or 2000, 12, 31)
        row.utfall = OLD_TO_NEW[row.utfall]
        row.save(update_fields=["utfall", "atgardat"])
    Orsak = apps.get_model("arenden", "EjGenomfordOrsak")
    for offset, name in enumerate(NEW_REASONS, start=50):
        if not Orsak.objects.filter(namn__iexact=name).exists():
            Orsak.objects.create(namn=name, ordning=offset)


def backwards(apps, schema_editor):
    Row = apps.get_model("arenden", "UppfoljningLeverantor")
    Row.objects.filter(utfall="rattelse", atgardat__isnull=False).update(utfall="atgardade")
    Row.objects.filter(utfall="rattelse").update(utfall="hanteras")
    Row.objects.filter(utfall__in=["vite", "havning", "komplettering"]).update(utfall="sanktion")
    Row.objects.filter(status="pagar").update(status="planerad")


class Migration(migrations.Migration):
    dependencies = [("arenden", "0012_urval_av_verksamheter")]

    operations = [migrations.RunPython(forwards, backwards)]
