"""Word lists the municipality owns: deviation categories, reasons for a
follow-up not done, and the vocabulary of the real reports.

- Avvikelse.kategori becomes a key to arenden.AvvikelseKategori by kod; the
  old TextChoices values are seeded with the same kod (any other value found
  gets a retired row of its own).
- UppfoljningLeverantor gets `orsak` (EjGenomfordOrsak); an old free-text
  reason equal to a seeded name is linked to it, the text stays as comment.
- Methods and themes get the words of the 2024 report. Seeds of 0002 are
  renamed to the report's words when the old name is still there and the
  new one is not (same row, so old follow-ups keep their links). Seeding is
  by name or kod and never touches a row that exists: an administrator's
  renames and retirements stay.
"""

import django.db.models.deletion
import simple_history.models
import uppfoljning.validators
from django.conf import settings
from django.db import migrations, models

AVVIKELSEKATEGORIER = [
    ("kostnadsansvar", "Kostnadsansvar"),
    ("fakturering", "Felaktig fakturering"),
    ("rapportering", "Rapportering (t.ex. månadsrapporter)"),
    ("genomforandeplan", "Genomförandeplan"),
    ("bemanning", "Bemanning"),
    ("lokaler", "Lokaler"),
    ("informationsskyldighet", "Informationsskyldighet"),
    ("meddelarfrihet", "Meddelarfrihet"),
    ("bemotande", "Bemötande"),
    ("annat", "Annat"),
]

EJ_GENOMFORDA = [
    "Enheten har upphört",
    "Verksamheterna har slagits samman",
    "Avtalet har upphört",
    "Inga placeringar under perioden",
    "Verksamheten är vilande",
    "Flyttad till nästa år på grund av resursbrist",
    "Leverantören har bytt ledning",
    "Följs upp i en händelsestyrd uppföljning",
    "Annan orsak",
]

# old seed (0002) -> the word of the 2024 report
METOD_NYA_NAMN = {
    "Enkät till leverantör": "Enkät till leverantörens ledning",
    "Intervju med personal": "Intervjuer med personal",
    "Kontroll i IVO:s Placeringsstöd": "IVO:s tillstånd och tillsynsbeslut",
    "Anmält platsbesök": "Anmält besök",
    "Oanmält platsbesök": "Oanmält besök",
    "Digitalt möte": "Digitalt möte (video)",
}
METODER = [
    "Enkät till socialsekreterare",
    "Enkät till enhetschefer",
    "Enkät till leverantörens ledning",
    "Intervjuer med personal",
    "Begäran om bemanningsschema",
    "Kvalitetsberättelse",
    "Begärda dokument",
    "IVO:s tillstånd och tillsynsbeslut",
    "Digitalt möte (video)",
    "Egenrapportering",
    "Anmält besök",
    "Oanmält besök",
    "Kvällsbesök",
]
TEMA_NYA_NAMN = {
    "Avvikelsehantering": "Avvikelser och lex Sarah",
    "Uppföljningsrapporter": "Uppföljningsrapportering",
    "Rutiner för droger och alkohol": "Alkohol- och drogkontroller",
}
TEMAN = [
    "Ledningssystem för systematiskt kvalitetsarbete",
    "Bemanning och kompetens",
    "Matchning",
    "Samarbete och information",
    "Avvikelser och lex Sarah",
    "Genomförandeplan",
    "Uppföljningsrapportering",
    "Kostnadsansvar",
    "Meddelarfrihet",
    "Underleverantörer",
    "Lokaler",
    "Alkohol- och drogkontroller",
    "Barns besök",
]


def seed_names(model, names, renames=None):
    """Rename old seeds still present, then create each name that is missing.

    Rows still at the default order of the column this migration adds get the
    list's order; other rows (administrators' own words) sort after them.
    """
    for old, new in (renames or {}).items():
        if not model.objects.filter(namn=new).exists():
            model.objects.filter(namn=old).update(namn=new)
    for index, name in enumerate(names, start=1):
        if not model.objects.filter(namn=name).exists():
            model.objects.create(namn=name, ordning=index)
        else:
            model.objects.filter(namn=name, ordning=100).update(ordning=index)


def seed_kodad(model, entries):
    """Create each (kod, namn) unless its kod or name exists: existing rows are left alone."""
    for index, (kod, namn) in enumerate(entries, start=1):
        if model.objects.filter(kod=kod).exists() or model.objects.filter(namn=namn).exists():
            continue
        model.objects.create(kod=kod, namn=namn, ordning=index)


def rows_for_old_values(model, values):
    """A retired row for every old value that has none, so the key can be added."""
    known = set(model.objects.values_list("kod", flat=True))
    for value in sorted({v for v in values if v} - known):
        model.objects.create(kod=value, namn=value, aktiv=False, ordning=1000)


def seed_lists(apps, schema_editor):
    def model(name):
        return apps.get_model("arenden", name)

    seed_names(model("Metod"), METODER, METOD_NYA_NAMN)
    seed_names(model("Tema"), TEMAN, TEMA_NYA_NAMN)
    seed_names(model("EjGenomfordOrsak"), EJ_GENOMFORDA)
    Kategori = model("AvvikelseKategori")
    seed_kodad(Kategori, AVVIKELSEKATEGORIER)
    used = set()
    for name in ("Avvikelse", "HistoricalAvvikelse"):
        used |= set(model(name).objects.values_list("kategori", flat=True))
    rows_for_old_values(Kategori, used)


def link_orsak(apps, schema_editor):
    """Old free-text reasons equal to a seeded reason (any case) get that reason."""
    Orsak = apps.get_model("arenden", "EjGenomfordOrsak")
    Rad = apps.get_model("arenden", "UppfoljningLeverantor")
    by_name = {o.namn.casefold(): o for o in Orsak.objects.all()}
    rows = Rad.objects.filter(status__in=["flyttad", "installd"], orsak__isnull=True)
    for row in rows.exclude(skal=""):
        orsak = by_name.get(row.skal.strip().rstrip(".").casefold())
        if orsak is not None:
            Rad.objects.filter(pk=row.pk).update(orsak=orsak, skal="")


class Migration(migrations.Migration):

    dependencies = [
        ('arenden', '0008_platsbesok_tidpunkt_rimlig'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AvvikelseKategori',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('namn', models.CharField(error_messages={'unique': 'Det finns redan ett ord med det namnet i listan.'}, max_length=200, unique=True, validators=[uppfoljning.validators.NoPersonalIdentity()], verbose_name='namn')),
                ('aktiv', models.BooleanField(default=True, help_text='Bara aktiva ord kan väljas för nya uppgifter.', verbose_name='aktiv')),
                ('ordning', models.PositiveSmallIntegerField(default=100, help_text='Lägre tal visas först; lika tal i bokstavsordning.', verbose_name='sorteringsordning')),
                ('kod', models.SlugField(editable=False, unique=True, verbose_name='kod')),
            ],
            options={
                'verbose_name': 'avvikelsekategori',
                'verbose_name_plural': 'avvikelsekategorier',
                'ordering': ['ordning', 'namn'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='EjGenomfordOrsak',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('namn', models.CharField(error_messages={'unique': 'Det finns redan ett ord med det namnet i listan.'}, max_length=200, unique=True, validators=[uppfoljning.validators.NoPersonalIdentity()], verbose_name='namn')),
                ('aktiv', models.BooleanField(default=True, help_text='Bara aktiva ord kan väljas för nya uppgifter.', verbose_name='aktiv')),
                ('ordning', models.PositiveSmallIntegerField(default=100, help_text='Lägre tal visas först; lika tal i bokstavsordning.', verbose_name='sorteringsordning')),
            ],
            options={
                'verbose_name': 'orsak till ej genomförd uppföljning',
                'verbose_name_plural': 'orsaker till ej genomförda uppföljningar',
                'ordering': ['ordning', 'namn'],
                'abstract': False,
            },
        ),
        migrations.AlterModelOptions(
            name='metod',
            options={'ordering': ['ordning', 'namn'], 'verbose_name': 'metod', 'verbose_name_plural': 'metoder'},
        ),
        migrations.AlterModelOptions(
            name='tema',
            options={'ordering': ['ordning', 'namn'], 'verbose_name': 'tema', 'verbose_name_plural': 'teman'},
        ),
        migrations.AddField(
            model_name='historicalmetod',
            name='ordning',
            field=models.PositiveSmallIntegerField(default=100, help_text='Lägre tal visas först; lika tal i bokstavsordning.', verbose_name='sorteringsordning'),
        ),
        migrations.AddField(
            model_name='historicaltema',
            name='ordning',
            field=models.PositiveSmallIntegerField(default=100, help_text='Lägre tal visas först; lika tal i bokstavsordning.', verbose_name='sorteringsordning'),
        ),
        migrations.AddField(
            model_name='metod',
            name='ordning',
            field=models.PositiveSmallIntegerField(default=100, help_text='Lägre tal visas först; lika tal i bokstavsordning.', verbose_name='sorteringsordning'),
        ),
        migrations.AddField(
            model_name='tema',
            name='ordning',
            field=models.PositiveSmallIntegerField(default=100, help_text='Lägre tal visas först; lika tal i bokstavsordning.', verbose_name='sorteringsordning'),
        ),
        migrations.AlterField(
            model_name='historicalmetod',
            name='aktiv',
            field=models.BooleanField(default=True, help_text='Bara aktiva ord kan väljas för nya uppgifter.', verbose_name='aktiv'),
        ),
        migrations.AlterField(
            model_name='historicalmetod',
            name='namn',
            field=models.CharField(db_index=True, error_messages={'unique': 'Det finns redan ett ord med det namnet i listan.'}, max_length=200, validators=[uppfoljning.validators.NoPersonalIdentity()], verbose_name='namn'),
        ),
        migrations.AlterField(
            model_name='historicaltema',
            name='aktiv',
            field=models.BooleanField(default=True, help_text='Bara aktiva ord kan väljas för nya uppgifter.', verbose_name='aktiv'),
        ),
        migrations.AlterField(
            model_name='historicaltema',
            name='namn',
            field=models.CharField(db_index=True, error_messages={'unique': 'Det finns redan ett ord med det namnet i listan.'}, max_length=200, validators=[uppfoljning.validators.NoPersonalIdentity()], verbose_name='namn'),
        ),
        migrations.AlterField(
            model_name='historicaluppfoljningleverantor',
            name='skal',
            field=models.CharField(blank=True, help_text='Frivillig förklaring till orsaken.', max_length=300, validators=[uppfoljning.validators.NoPersonalIdentity()], verbose_name='kommentar'),
        ),
        migrations.AlterField(
            model_name='metod',
            name='aktiv',
            field=models.BooleanField(default=True, help_text='Bara aktiva ord kan väljas för nya uppgifter.', verbose_name='aktiv'),
        ),
        migrations.AlterField(
            model_name='metod',
            name='namn',
            field=models.CharField(error_messages={'unique': 'Det finns redan ett ord med det namnet i listan.'}, max_length=200, unique=True, validators=[uppfoljning.validators.NoPersonalIdentity()], verbose_name='namn'),
        ),
        migrations.AlterField(
            model_name='tema',
            name='aktiv',
            field=models.BooleanField(default=True, help_text='Bara aktiva ord kan väljas för nya uppgifter.', verbose_name='aktiv'),
        ),
        migrations.AlterField(
            model_name='tema',
            name='namn',
            field=models.CharField(error_messages={'unique': 'Det finns redan ett ord med det namnet i listan.'}, max_length=200, unique=True, validators=[uppfoljning.validators.NoPersonalIdentity()], verbose_name='namn'),
        ),
        migrations.AlterField(
            model_name='uppfoljningleverantor',
            name='skal',
            field=models.CharField(blank=True, help_text='Frivillig förklaring till orsaken.', max_length=300, validators=[uppfoljning.validators.NoPersonalIdentity()], verbose_name='kommentar'),
        ),
        migrations.RunPython(seed_lists, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='avvikelse',
            name='kategori',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='arenden.avvikelsekategori', to_field='kod', verbose_name='kategori'),
        ),
        migrations.AlterField(
            model_name='historicalavvikelse',
            name='kategori',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='arenden.avvikelsekategori', to_field='kod', verbose_name='kategori'),
        ),
        migrations.AddField(
            model_name='historicaluppfoljningleverantor',
            name='orsak',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Krävs när uppföljningen flyttas eller ställs in.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='arenden.ejgenomfordorsak', verbose_name='orsak'),
        ),
        migrations.AddField(
            model_name='uppfoljningleverantor',
            name='orsak',
            field=models.ForeignKey(blank=True, help_text='Krävs när uppföljningen flyttas eller ställs in.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='arenden.ejgenomfordorsak', verbose_name='orsak'),
        ),
        migrations.CreateModel(
            name='HistoricalAvvikelseKategori',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('namn', models.CharField(db_index=True, error_messages={'unique': 'Det finns redan ett ord med det namnet i listan.'}, max_length=200, validators=[uppfoljning.validators.NoPersonalIdentity()], verbose_name='namn')),
                ('aktiv', models.BooleanField(default=True, help_text='Bara aktiva ord kan väljas för nya uppgifter.', verbose_name='aktiv')),
                ('ordning', models.PositiveSmallIntegerField(default=100, help_text='Lägre tal visas först; lika tal i bokstavsordning.', verbose_name='sorteringsordning')),
                ('kod', models.SlugField(editable=False, verbose_name='kod')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical avvikelsekategori',
                'verbose_name_plural': 'historical avvikelsekategorier',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalEjGenomfordOrsak',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('namn', models.CharField(db_index=True, error_messages={'unique': 'Det finns redan ett ord med det namnet i listan.'}, max_length=200, validators=[uppfoljning.validators.NoPersonalIdentity()], verbose_name='namn')),
                ('aktiv', models.BooleanField(default=True, help_text='Bara aktiva ord kan väljas för nya uppgifter.', verbose_name='aktiv')),
                ('ordning', models.PositiveSmallIntegerField(default=100, help_text='Lägre tal visas först; lika tal i bokstavsordning.', verbose_name='sorteringsordning')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical orsak till ej genomförd uppföljning',
                'verbose_name_plural': 'historical orsaker till ej genomförda uppföljningar',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(link_orsak, migrations.RunPython.noop),
    ]
