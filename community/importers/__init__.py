"""Importers: bring another community's public data into Guildhall.

Bulk import is the documented exception to "every write goes through
``community.forum.actions``": an importer writes rows in batches inside one
transaction, emits no per-row domain events, records every source row in
``ImportRecord`` so a re-run maps instead of duplicating, and finishes by
recounting the denormalised counters and replaying the rewards rules.
See ``docs/import.md``.
"""


class DumpError(Exception):
    """The data to import is unreadable or malformed; the message names the file and the row."""
