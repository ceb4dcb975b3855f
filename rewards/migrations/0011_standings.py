import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rewards", "0010_ledger_day_index_carries_points"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Standing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "period",
                    models.CharField(
                        choices=[("week", "This week"), ("month", "This month"), ("year", "This year")], max_length=8
                    ),
                ),
                ("points", models.IntegerField()),
                ("rank", models.PositiveIntegerField()),
                ("computed_at", models.DateTimeField()),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("period", "rank"), name="standing_period_rank"),
                    models.UniqueConstraint(fields=("period", "member"), name="standing_period_member"),
                ],
            },
        ),
    ]
