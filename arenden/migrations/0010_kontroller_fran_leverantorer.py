"""The IVO and credit checks, sweeps, schedules, files and Avropskontroll join arenden.

State only: the tables (history tables too) keep their `leverantorer_` names
(db_table in each model's Meta), so not one row is copied or rewritten. The
register's side, leverantorer 0010, deletes the models from its state and
moves their content types (and so permissions and role grants) here.
"""

import arenden.models.kontroller
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
import uppfoljning.dates
import uppfoljning.validators
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("arenden", "0009_ordlistor"),
        ("leverantorer", "0009_ordlistor"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Kontrollschema",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "typ",
                            models.CharField(
                                choices=[
                                    ("ivo", "IVO-kontroll av verksamheter"),
                                    ("kredit", "Kreditkontroll av leverantörer"),
                                ],
                                max_length=10,
                                unique=True,
                                verbose_name="typ",
                            ),
                        ),
                        ("nasta", models.DateTimeField(verbose_name="nästa körning")),
                        (
                            "senast_startad",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="senast startad"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kontrollschema",
                        "verbose_name_plural": "kontrollscheman",
                        "db_table": "leverantorer_kontrollschema",
                        "ordering": ["typ"],
                    },
                ),
                migrations.CreateModel(
                    name="Avropskontroll",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kontrollerad",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="kontrollerad"
                            ),
                        ),
                        (
                            "utslag",
                            models.CharField(
                                choices=[
                                    ("klar", "Klar för avrop"),
                                    ("varning", "Varning"),
                                    ("stopp", "Stopp"),
                                ],
                                max_length=10,
                                verbose_name="utslag",
                            ),
                        ),
                        ("skal", models.JSONField(default=list, verbose_name="skäl")),
                        (
                            "anteckning",
                            models.CharField(
                                blank=True,
                                help_text="T.ex. placeringens referens. Aldrig namn eller personnummer.",
                                max_length=300,
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="anteckning",
                            ),
                        ),
                        (
                            "avtal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="avropskontroller",
                                to="leverantorer.avtal",
                                verbose_name="avtal",
                            ),
                        ),
                        (
                            "kontrollerad_av",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="kontrollerad av",
                            ),
                        ),
                        (
                            "verksamhet",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="avropskontroller",
                                to="leverantorer.verksamhet",
                                verbose_name="verksamhet",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "avropskontroll",
                        "verbose_name_plural": "avropskontroller",
                        "db_table": "leverantorer_avropskontroll",
                        "ordering": ["-kontrollerad", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalAvropskontroll",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "kontrollerad",
                            models.DateTimeField(
                                blank=True,
                                db_index=True,
                                editable=False,
                                verbose_name="kontrollerad",
                            ),
                        ),
                        (
                            "utslag",
                            models.CharField(
                                choices=[
                                    ("klar", "Klar för avrop"),
                                    ("varning", "Varning"),
                                    ("stopp", "Stopp"),
                                ],
                                max_length=10,
                                verbose_name="utslag",
                            ),
                        ),
                        ("skal", models.JSONField(default=list, verbose_name="skäl")),
                        (
                            "anteckning",
                            models.CharField(
                                blank=True,
                                help_text="T.ex. placeringens referens. Aldrig namn eller personnummer.",
                                max_length=300,
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="anteckning",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "avtal",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="leverantorer.avtal",
                                verbose_name="avtal",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "kontrollerad_av",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="kontrollerad av",
                            ),
                        ),
                        (
                            "verksamhet",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="leverantorer.verksamhet",
                                verbose_name="verksamhet",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical avropskontroll",
                        "verbose_name_plural": "historical avropskontroller",
                        "db_table": "leverantorer_historicalavropskontroll",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Kontrollfil",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "typ",
                            models.CharField(
                                choices=[
                                    ("ivo", "IVO-kontroll av verksamheter"),
                                    ("kredit", "Kreditkontroll av leverantörer"),
                                ],
                                max_length=10,
                                verbose_name="typ",
                            ),
                        ),
                        (
                            "filnamn",
                            models.CharField(
                                max_length=255,
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="filnamn",
                            ),
                        ),
                        (
                            "sha256",
                            models.CharField(
                                editable=False, max_length=64, verbose_name="kontrollsumma"
                            ),
                        ),
                        (
                            "rader",
                            models.JSONField(default=dict, editable=False, verbose_name="rader"),
                        ),
                        (
                            "uppladdad",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="uppladdad"
                            ),
                        ),
                        (
                            "uppladdad_av",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="uppladdad av",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kontrollfil",
                        "verbose_name_plural": "kontrollfiler",
                        "db_table": "leverantorer_kontrollfil",
                        "ordering": ["-uppladdad", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Kontrollsvep",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "typ",
                            models.CharField(
                                choices=[
                                    ("ivo", "IVO-kontroll av verksamheter"),
                                    ("kredit", "Kreditkontroll av leverantörer"),
                                ],
                                max_length=10,
                                verbose_name="typ",
                            ),
                        ),
                        (
                            "omfattning",
                            models.CharField(
                                choices=[("alla", "Alla"), ("enstaka", "Enstaka")],
                                default="alla",
                                max_length=10,
                                verbose_name="omfattning",
                            ),
                        ),
                        (
                            "adapter",
                            models.CharField(
                                choices=[
                                    (
                                        "manuell",
                                        "Manuellt registrerad (t.ex. IVO:s Placeringsstöd)",
                                    ),
                                    ("http", "Extern tjänst"),
                                    ("fil", "Importerad fil"),
                                    ("demo", "Demodata"),
                                ],
                                max_length=10,
                                verbose_name="källa",
                            ),
                        ),
                        (
                            "anledning",
                            models.CharField(
                                choices=[
                                    ("schema", "Schemalagd"),
                                    ("manuell", "Startad manuellt"),
                                    ("fil", "Importerad fil"),
                                ],
                                max_length=10,
                                verbose_name="anledning",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pagar", "Pågår"),
                                    ("klar", "Klar"),
                                    ("avbruten", "Avbruten"),
                                ],
                                default="pagar",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "skapad",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="skapad"
                            ),
                        ),
                        (
                            "avslutad",
                            models.DateTimeField(blank=True, null=True, verbose_name="avslutad"),
                        ),
                        (
                            "amnen",
                            models.JSONField(
                                default=list, editable=False, verbose_name="planerade id:n"
                            ),
                        ),
                        ("totalt", models.PositiveIntegerField(default=0, verbose_name="totalt")),
                        (
                            "klara",
                            models.PositiveIntegerField(default=0, verbose_name="genomförda"),
                        ),
                        (
                            "misslyckade",
                            models.PositiveIntegerField(default=0, verbose_name="misslyckade"),
                        ),
                        (
                            "signaler",
                            models.PositiveIntegerField(default=0, verbose_name="nya signaler"),
                        ),
                        (
                            "las_till",
                            models.DateTimeField(
                                blank=True, editable=False, null=True, verbose_name="låst till"
                            ),
                        ),
                        (
                            "senast_aktiv",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="senast aktiv"
                            ),
                        ),
                        (
                            "felmeddelande",
                            models.TextField(
                                blank=True,
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="felmeddelande",
                            ),
                        ),
                        (
                            "inloggning_nekad",
                            models.BooleanField(
                                default=False,
                                editable=False,
                                help_text="Schemalagda kontroller av samma slag väntar tills någon startar en för hand.",
                                verbose_name="inloggningen nekades",
                            ),
                        ),
                        (
                            "startad_av",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="startad av",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kontrollsvep",
                        "verbose_name_plural": "kontrollsvep",
                        "db_table": "leverantorer_kontrollsvep",
                        "ordering": ["-skapad", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="IvoKontroll",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kontrollerad",
                            models.DateTimeField(
                                db_index=True,
                                default=django.utils.timezone.now,
                                validators=[
                                    uppfoljning.dates.RimligtDatum(),
                                    uppfoljning.dates.InteFramtida(),
                                ],
                                verbose_name="kontrollerad",
                            ),
                        ),
                        (
                            "kalla",
                            models.CharField(
                                choices=[
                                    (
                                        "manuell",
                                        "Manuellt registrerad (t.ex. IVO:s Placeringsstöd)",
                                    ),
                                    ("http", "Extern tjänst"),
                                    ("fil", "Importerad fil"),
                                    ("demo", "Demodata"),
                                ],
                                max_length=10,
                                verbose_name="källa",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("ok", "Genomförd"),
                                    ("misslyckad", "Kunde inte genomföras"),
                                ],
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "felmeddelande",
                            models.TextField(
                                blank=True,
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="felmeddelande",
                            ),
                        ),
                        (
                            "svar_sha256",
                            models.CharField(
                                blank=True,
                                editable=False,
                                max_length=64,
                                verbose_name="kontrollsumma för svaret",
                            ),
                        ),
                        (
                            "iakttagelse",
                            models.TextField(
                                blank=True,
                                help_text="T.ex. vad IVO:s Placeringsstöd visade. Inga uppgifter om enskilda.",
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="vad som sågs",
                            ),
                        ),
                        (
                            "underlag",
                            models.FileField(
                                blank=True,
                                help_text="Skärmbild eller utskrift (pdf, png eller jpg, högst 10 MB).",
                                max_length=200,
                                upload_to=arenden.models.kontroller.kontroll_underlag_path,
                                validators=[
                                    django.core.validators.FileExtensionValidator(
                                        ["pdf", "png", "jpg", "jpeg"]
                                    ),
                                    arenden.models.kontroller.underlag_validator,
                                ],
                                verbose_name="underlag",
                            ),
                        ),
                        (
                            "tillstand",
                            models.CharField(
                                choices=[
                                    ("giltigt", "Giltigt tillstånd"),
                                    ("saknas", "Tillstånd saknas"),
                                    ("aterkallat", "Tillstånd återkallat"),
                                    ("ej_krav", "Tillstånd krävs inte"),
                                    ("okant", "Okänt"),
                                ],
                                default="okant",
                                max_length=20,
                                verbose_name="tillstånd",
                            ),
                        ),
                        (
                            "vilande",
                            models.BooleanField(blank=True, null=True, verbose_name="vilande"),
                        ),
                        (
                            "oppna_tillsynsarenden",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="öppna tillsynsärenden"
                            ),
                        ),
                        (
                            "krav_pa_aterrapportering",
                            models.BooleanField(
                                blank=True,
                                null=True,
                                verbose_name="beslut med krav på återrapportering",
                            ),
                        ),
                        (
                            "senaste_tillsyn",
                            models.DateField(
                                blank=True,
                                null=True,
                                validators=[
                                    uppfoljning.dates.RimligtDatum(),
                                    uppfoljning.dates.InteFramtida(),
                                ],
                                verbose_name="senaste tillsyn",
                            ),
                        ),
                        (
                            "registrerad_av",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="registrerad av",
                            ),
                        ),
                        (
                            "verksamhet",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="ivo_kontroller",
                                to="leverantorer.verksamhet",
                                verbose_name="verksamhet",
                            ),
                        ),
                        (
                            "svep",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="arenden.kontrollsvep",
                                verbose_name="kontrollsvep",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "IVO-kontroll",
                        "verbose_name_plural": "IVO-kontroller",
                        "db_table": "leverantorer_ivokontroll",
                        "ordering": ["-kontrollerad", "-pk"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalKreditkontroll",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "kontrollerad",
                            models.DateTimeField(
                                db_index=True,
                                default=django.utils.timezone.now,
                                validators=[
                                    uppfoljning.dates.RimligtDatum(),
                                    uppfoljning.dates.InteFramtida(),
                                ],
                                verbose_name="kontrollerad",
                            ),
                        ),
                        (
                            "kalla",
                            models.CharField(
                                choices=[
                                    (
                                        "manuell",
                                        "Manuellt registrerad (t.ex. IVO:s Placeringsstöd)",
                                    ),
                                    ("http", "Extern tjänst"),
                                    ("fil", "Importerad fil"),
                                    ("demo", "Demodata"),
                                ],
                                max_length=10,
                                verbose_name="källa",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("ok", "Genomförd"),
                                    ("misslyckad", "Kunde inte genomföras"),
                                ],
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "felmeddelande",
                            models.TextField(
                                blank=True,
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="felmeddelande",
                            ),
                        ),
                        (
                            "svar_sha256",
                            models.CharField(
                                blank=True,
                                editable=False,
                                max_length=64,
                                verbose_name="kontrollsumma för svaret",
                            ),
                        ),
                        (
                            "iakttagelse",
                            models.TextField(
                                blank=True,
                                help_text="T.ex. vad IVO:s Placeringsstöd visade. Inga uppgifter om enskilda.",
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="vad som sågs",
                            ),
                        ),
                        (
                            "underlag",
                            models.TextField(
                                blank=True,
                                help_text="Skärmbild eller utskrift (pdf, png eller jpg, högst 10 MB).",
                                max_length=200,
                                validators=[
                                    django.core.validators.FileExtensionValidator(
                                        ["pdf", "png", "jpg", "jpeg"]
                                    ),
                                    arenden.models.kontroller.underlag_validator,
                                ],
                                verbose_name="underlag",
                            ),
                        ),
                        (
                            "rating",
                            models.CharField(
                                blank=True,
                                max_length=20,
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="rating",
                            ),
                        ),
                        (
                            "score",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="Kreditupplysningstjänstens poäng, 0–100.",
                                null=True,
                                verbose_name="poäng",
                            ),
                        ),
                        (
                            "betalningsanmarkningar",
                            models.BooleanField(
                                blank=True, null=True, verbose_name="betalningsanmärkningar"
                            ),
                        ),
                        (
                            "betalningsanmarkningar_antal",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="antal betalningsanmärkningar"
                            ),
                        ),
                        (
                            "betalningsanmarkning_datum",
                            models.DateField(
                                blank=True, null=True, verbose_name="senaste betalningsanmärkning"
                            ),
                        ),
                        (
                            "skatteskulder",
                            models.BooleanField(
                                blank=True, null=True, verbose_name="skatteskulder"
                            ),
                        ),
                        (
                            "skatteskuld_belopp",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=14,
                                null=True,
                                verbose_name="skatteskuld (kr)",
                            ),
                        ),
                        (
                            "skatteskuld_datum",
                            models.DateField(
                                blank=True, null=True, verbose_name="skatteskuld sedan"
                            ),
                        ),
                        ("konkurs", models.BooleanField(default=False, verbose_name="konkurs")),
                        (
                            "konkurs_datum",
                            models.DateField(blank=True, null=True, verbose_name="konkurs sedan"),
                        ),
                        (
                            "likvidation",
                            models.BooleanField(default=False, verbose_name="likvidation"),
                        ),
                        (
                            "likvidation_datum",
                            models.DateField(
                                blank=True, null=True, verbose_name="likvidation sedan"
                            ),
                        ),
                        (
                            "avregistrerad",
                            models.BooleanField(default=False, verbose_name="avregistrerad"),
                        ),
                        (
                            "avregistrerad_datum",
                            models.DateField(
                                blank=True, null=True, verbose_name="avregistrerad sedan"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "leverantor",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="leverantorer.leverantor",
                                verbose_name="leverantör",
                            ),
                        ),
                        (
                            "registrerad_av",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="registrerad av",
                            ),
                        ),
                        (
                            "svep",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="arenden.kontrollsvep",
                                verbose_name="kontrollsvep",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical kreditkontroll",
                        "verbose_name_plural": "historical kreditkontroller",
                        "db_table": "leverantorer_historicalkreditkontroll",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalIvoKontroll",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "kontrollerad",
                            models.DateTimeField(
                                db_index=True,
                                default=django.utils.timezone.now,
                                validators=[
                                    uppfoljning.dates.RimligtDatum(),
                                    uppfoljning.dates.InteFramtida(),
                                ],
                                verbose_name="kontrollerad",
                            ),
                        ),
                        (
                            "kalla",
                            models.CharField(
                                choices=[
                                    (
                                        "manuell",
                                        "Manuellt registrerad (t.ex. IVO:s Placeringsstöd)",
                                    ),
                                    ("http", "Extern tjänst"),
                                    ("fil", "Importerad fil"),
                                    ("demo", "Demodata"),
                                ],
                                max_length=10,
                                verbose_name="källa",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("ok", "Genomförd"),
                                    ("misslyckad", "Kunde inte genomföras"),
                                ],
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "felmeddelande",
                            models.TextField(
                                blank=True,
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="felmeddelande",
                            ),
                        ),
                        (
                            "svar_sha256",
                            models.CharField(
                                blank=True,
                                editable=False,
                                max_length=64,
                                verbose_name="kontrollsumma för svaret",
                            ),
                        ),
                        (
                            "iakttagelse",
                            models.TextField(
                                blank=True,
                                help_text="T.ex. vad IVO:s Placeringsstöd visade. Inga uppgifter om enskilda.",
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="vad som sågs",
                            ),
                        ),
                        (
                            "underlag",
                            models.TextField(
                                blank=True,
                                help_text="Skärmbild eller utskrift (pdf, png eller jpg, högst 10 MB).",
                                max_length=200,
                                validators=[
                                    django.core.validators.FileExtensionValidator(
                                        ["pdf", "png", "jpg", "jpeg"]
                                    ),
                                    arenden.models.kontroller.underlag_validator,
                                ],
                                verbose_name="underlag",
                            ),
                        ),
                        (
                            "tillstand",
                            models.CharField(
                                choices=[
                                    ("giltigt", "Giltigt tillstånd"),
                                    ("saknas", "Tillstånd saknas"),
                                    ("aterkallat", "Tillstånd återkallat"),
                                    ("ej_krav", "Tillstånd krävs inte"),
                                    ("okant", "Okänt"),
                                ],
                                default="okant",
                                max_length=20,
                                verbose_name="tillstånd",
                            ),
                        ),
                        (
                            "vilande",
                            models.BooleanField(blank=True, null=True, verbose_name="vilande"),
                        ),
                        (
                            "oppna_tillsynsarenden",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="öppna tillsynsärenden"
                            ),
                        ),
                        (
                            "krav_pa_aterrapportering",
                            models.BooleanField(
                                blank=True,
                                null=True,
                                verbose_name="beslut med krav på återrapportering",
                            ),
                        ),
                        (
                            "senaste_tillsyn",
                            models.DateField(
                                blank=True,
                                null=True,
                                validators=[
                                    uppfoljning.dates.RimligtDatum(),
                                    uppfoljning.dates.InteFramtida(),
                                ],
                                verbose_name="senaste tillsyn",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "registrerad_av",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="registrerad av",
                            ),
                        ),
                        (
                            "verksamhet",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="leverantorer.verksamhet",
                                verbose_name="verksamhet",
                            ),
                        ),
                        (
                            "svep",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="arenden.kontrollsvep",
                                verbose_name="kontrollsvep",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical IVO-kontroll",
                        "verbose_name_plural": "historical IVO-kontroller",
                        "db_table": "leverantorer_historicalivokontroll",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Kreditkontroll",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kontrollerad",
                            models.DateTimeField(
                                db_index=True,
                                default=django.utils.timezone.now,
                                validators=[
                                    uppfoljning.dates.RimligtDatum(),
                                    uppfoljning.dates.InteFramtida(),
                                ],
                                verbose_name="kontrollerad",
                            ),
                        ),
                        (
                            "kalla",
                            models.CharField(
                                choices=[
                                    (
                                        "manuell",
                                        "Manuellt registrerad (t.ex. IVO:s Placeringsstöd)",
                                    ),
                                    ("http", "Extern tjänst"),
                                    ("fil", "Importerad fil"),
                                    ("demo", "Demodata"),
                                ],
                                max_length=10,
                                verbose_name="källa",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("ok", "Genomförd"),
                                    ("misslyckad", "Kunde inte genomföras"),
                                ],
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "felmeddelande",
                            models.TextField(
                                blank=True,
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="felmeddelande",
                            ),
                        ),
                        (
                            "svar_sha256",
                            models.CharField(
                                blank=True,
                                editable=False,
                                max_length=64,
                                verbose_name="kontrollsumma för svaret",
                            ),
                        ),
                        (
                            "iakttagelse",
                            models.TextField(
                                blank=True,
                                help_text="T.ex. vad IVO:s Placeringsstöd visade. Inga uppgifter om enskilda.",
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="vad som sågs",
                            ),
                        ),
                        (
                            "underlag",
                            models.FileField(
                                blank=True,
                                help_text="Skärmbild eller utskrift (pdf, png eller jpg, högst 10 MB).",
                                max_length=200,
                                upload_to=arenden.models.kontroller.kontroll_underlag_path,
                                validators=[
                                    django.core.validators.FileExtensionValidator(
                                        ["pdf", "png", "jpg", "jpeg"]
                                    ),
                                    arenden.models.kontroller.underlag_validator,
                                ],
                                verbose_name="underlag",
                            ),
                        ),
                        (
                            "rating",
                            models.CharField(
                                blank=True,
                                max_length=20,
                                validators=[uppfoljning.validators.NoPersonalIdentity()],
                                verbose_name="rating",
                            ),
                        ),
                        (
                            "score",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="Kreditupplysningstjänstens poäng, 0–100.",
                                null=True,
                                verbose_name="poäng",
                            ),
                        ),
                        (
                            "betalningsanmarkningar",
                            models.BooleanField(
                                blank=True, null=True, verbose_name="betalningsanmärkningar"
                            ),
                        ),
                        (
                            "betalningsanmarkningar_antal",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="antal betalningsanmärkningar"
                            ),
                        ),
                        (
                            "betalningsanmarkning_datum",
                            models.DateField(
                                blank=True, null=True, verbose_name="senaste betalningsanmärkning"
                            ),
                        ),
                        (
                            "skatteskulder",
                            models.BooleanField(
                                blank=True, null=True, verbose_name="skatteskulder"
                            ),
                        ),
                        (
                            "skatteskuld_belopp",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=14,
                                null=True,
                                verbose_name="skatteskuld (kr)",
                            ),
                        ),
                        (
                            "skatteskuld_datum",
                            models.DateField(
                                blank=True, null=True, verbose_name="skatteskuld sedan"
                            ),
                        ),
                        ("konkurs", models.BooleanField(default=False, verbose_name="konkurs")),
                        (
                            "konkurs_datum",
                            models.DateField(blank=True, null=True, verbose_name="konkurs sedan"),
                        ),
                        (
                            "likvidation",
                            models.BooleanField(default=False, verbose_name="likvidation"),
                        ),
                        (
                            "likvidation_datum",
                            models.DateField(
                                blank=True, null=True, verbose_name="likvidation sedan"
                            ),
                        ),
                        (
                            "avregistrerad",
                            models.BooleanField(default=False, verbose_name="avregistrerad"),
                        ),
                        (
                            "avregistrerad_datum",
                            models.DateField(
                                blank=True, null=True, verbose_name="avregistrerad sedan"
                            ),
                        ),
                        (
                            "leverantor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="kreditkontroller",
                                to="leverantorer.leverantor",
                                verbose_name="leverantör",
                            ),
                        ),
                        (
                            "registrerad_av",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="registrerad av",
                            ),
                        ),
                        (
                            "svep",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="arenden.kontrollsvep",
                                verbose_name="kontrollsvep",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kreditkontroll",
                        "verbose_name_plural": "kreditkontroller",
                        "db_table": "leverantorer_kreditkontroll",
                        "ordering": ["-kontrollerad", "-pk"],
                        "abstract": False,
                    },
                ),
                migrations.AddConstraint(
                    model_name="kontrollsvep",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("omfattning", "alla"), ("status", "pagar")),
                        fields=("typ",),
                        name="one_running_full_sweep_per_typ",
                    ),
                ),
                migrations.AddIndex(
                    model_name="ivokontroll",
                    index=models.Index(
                        fields=["verksamhet", "-kontrollerad"],
                        name="leverantore_verksam_bbb69b_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="ivokontroll",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("svep__isnull", False)),
                        fields=("svep", "verksamhet"),
                        name="unique_ivokontroll_per_svep",
                    ),
                ),
                migrations.AddIndex(
                    model_name="kreditkontroll",
                    index=models.Index(
                        fields=["leverantor", "-kontrollerad"],
                        name="leverantore_leveran_61195a_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="kreditkontroll",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("svep__isnull", False)),
                        fields=("svep", "leverantor"),
                        name="unique_kreditkontroll_per_svep",
                    ),
                ),
            ],
        ),
    ]
