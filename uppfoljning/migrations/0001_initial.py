from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Heartbeat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=50, unique=True, verbose_name="namn")),
                ("last_seen", models.DateTimeField(verbose_name="senast")),
                ("runs", models.PositiveBigIntegerField(default=0, verbose_name="antal körningar")),
            ],
            options={"verbose_name": "hjärtslag", "verbose_name_plural": "hjärtslag"},
        ),
    ]
