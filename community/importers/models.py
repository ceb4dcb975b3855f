"""What the importers remember: which local row each imported source row became."""

from django.db import models


class ImportRecord(models.Model):
    """Which local row an imported source row became, so a re-run updates instead of duplicating."""

    source = models.CharField(max_length=100)  # e.g. "beer.stackexchange.com"
    kind = models.CharField(max_length=20)  # "user", "post", "comment", "vote", "link", "badge"
    source_id = models.BigIntegerField()
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "kind", "source_id"], name="unique_import_record")]
        indexes = [models.Index(fields=["source", "kind", "object_id"], name="import_object_idx")]
