"""Decision reasons become a word list (leverantorer.BeslutSkal).

The old TextChoices values are seeded as rows with the same kod, and the
column becomes a key to that kod, so every existing decision keeps its
reason. A value outside the old choices (only possible by hand in the
database) gets its own retired row rather than breaking the migration.
"""

import django.db.models.deletion
import simple_history.models
import uppfoljning.validators
from django.conf import settings
from django.db import migrations, models

# (kod, namn) in the order of the old TextChoices; code relies on these kods.
BESLUTSSKAL = [
    ("ivo_arende", "IVO-ärende med krav på återrapportering"),
    ("tillstand_forlorat", "Förlorat tillstånd"),
    ("tillstand_ej_sokt", "Har inte ansökt om nytt krav på tillstånd"),
    ("ekonomi", "Svag ekonomi, skatteskulder eller obestånd"),
    ("vilande", "Verksamheten vilande"),
    ("avvecklad", "Verksamheten avvecklad"),
    ("utredning", "I avvaktan på utredning"),
    ("brister", "Brister i avtalsuppfyllelse"),
    ("overenskommelse", "Överenskommelse mellan parterna"),
    ("brister_atgardade", "Bristerna är åtgärdade"),
    ("avtalstid_slut", "Avtalstiden har löpt ut"),
    ("annat", "Annat skäl"),
]


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


def seed_beslutsskal(apps, schema_editor):
    BeslutSkal = apps.get_model("leverantorer", "BeslutSkal")
    seed_kodad(BeslutSkal, BESLUTSSKAL)
    used = set()
    for name in ("Beslut", "HistoricalBeslut"):
        used |= set(apps.get_model("leverantorer", name).objects.values_list("skal", flat=True))
    rows_for_old_values(BeslutSkal, used)


class Migration(migrations.Migration):

    dependencies = [
        ('leverantorer', '0008_kontroll_manuell'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BeslutSkal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('namn', models.CharField(error_messages={'unique': 'Det finns redan ett ord med det namnet i listan.'}, max_length=200, unique=True, validators=[uppfoljning.validators.NoPersonalIdentity()], verbose_name='namn')),
                ('aktiv', models.BooleanField(default=True, help_text='Bara aktiva ord kan väljas för nya uppgifter.', verbose_name='aktiv')),
                ('ordning', models.PositiveSmallIntegerField(default=100, help_text='Lägre tal visas först; lika tal i bokstavsordning.', verbose_name='sorteringsordning')),
                ('kod', models.SlugField(editable=False, unique=True, verbose_name='kod')),
            ],
            options={
                'verbose_name': 'beslutsskäl',
                'verbose_name_plural': 'beslutsskäl',
                'ordering': ['ordning', 'namn'],
                'abstract': False,
            },
        ),
        migrations.RunPython(seed_beslutsskal, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='beslut',
            name='skal',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='leverantorer.beslutskal', to_field='kod', verbose_name='skäl'),
        ),
        migrations.AlterField(
            model_name='historicalbeslut',
            name='skal',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='leverantorer.beslutskal', to_field='kod', verbose_name='skäl'),
        ),
        migrations.CreateModel(
            name='HistoricalBeslutSkal',
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
                'verbose_name': 'historical beslutsskäl',
                'verbose_name_plural': 'historical beslutsskäl',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
