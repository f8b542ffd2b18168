from django.db import migrations

# The methods and themes of DOMAIN.md and the 2024 report; administrators
# add more (egenrapportering, digitala möten …) as data.
METODER = [
    "Enkät till socialsekreterare",
    "Enkät till leverantör",
    "Intervju med personal",
    "Begärda dokument",
    "Kontroll i IVO:s Placeringsstöd",
    "Anmält platsbesök",
    "Oanmält platsbesök",
    "Egenrapportering",
    "Digitalt möte",
]
TEMAN = [
    "Bemanning och kompetens",
    "Lokaler",
    "Genomförandeplan",
    "Uppföljningsrapporter",
    "Meddelarfrihet",
    "Avvikelsehantering",
    "Lex Sarah",
    "Rutiner för droger och alkohol",
    "Hälso- och sjukvård",
    "Barns besök",
    "Delaktighet, synpunkter och klagomål",
    "Dokumentation och rapportering",
]


def create_defaults(apps, schema_editor):
    for name in METODER:
        apps.get_model("arenden", "Metod").objects.get_or_create(namn=name)
    for name in TEMAN:
        apps.get_model("arenden", "Tema").objects.get_or_create(namn=name)
    Regel = apps.get_model("arenden", "Eskaleringsregel")
    if not Regel.objects.exists():
        Regel.objects.create(antal_avvikelser=3, manader=12, allvarlig_direkt=True)


class Migration(migrations.Migration):
    dependencies = [("arenden", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
