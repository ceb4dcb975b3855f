"""Indexes for the KPI dashboard and knowledge hubs at 100,000 threads (issue "Flat as it grows")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0015_scale_list_indexes"),
    ]

    operations = [
        # KPIs' active members: the authors of a period's comments, read from the index without the table
        # (an EXISTS per member read all 200,000 comments); tests/team/test_kpis_at_scale.py checks the plan.
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["created_at", "author"], name="comment_created_idx"),
        ),
    ]
