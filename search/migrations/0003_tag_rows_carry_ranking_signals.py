"""Tag rows carry their entry's lasting quality and period of activity, indexed per tag (issue "Flat as it grows").

A knowledge hub ranks the best threads of a tag. Ranking all of them read and sorted 32,000 entries for a popular
tag at 100,000 threads; with these copies it ranks only the best few of each recent period and of all time, read
in order from the indexes (``DatabaseBackend.rank_for_tags``). Existing rows are filled from their entries here;
the backend keeps them up to date from then on.
"""

from django.db import migrations, models


def fill(apps, schema_editor):
    from search.backends.database import copy_signals_to_tags

    copy_signals_to_tags("1 = 1", [], using=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_entry_signals_index")]

    operations = [
        migrations.AddField(
            model_name="searchtag",
            name="lasting_quality",
            field=models.FloatField(default=0.0),
        ),
        migrations.AddField(
            model_name="searchtag",
            name="activity_period",
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchtag",
            index=models.Index(fields=["name", "-lasting_quality", "entry"], name="search_tag_quality_idx"),
        ),
        migrations.AddIndex(
            model_name="searchtag",
            index=models.Index(
                fields=["name", "activity_period", "-lasting_quality", "entry"], name="search_tag_period_idx"
            ),
        ),
    ]
