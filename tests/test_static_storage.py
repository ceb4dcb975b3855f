"""Production's static storage (config/static_storage.py) gives each file's hashed URL, as whitenoise's does, and
looks each one up once per process: a file collected again under a new hash needs a new process (a deploy)."""

import json

import pytest

from config.static_storage import StaticFilesStorage


def _collected(root, hashed: str) -> StaticFilesStorage:
    (root / "staticfiles.json").write_text(
        json.dumps({"paths": {"guildhall/site.css": hashed}, "version": "1.1", "hash": "x"})
    )
    return StaticFilesStorage(location=str(root), base_url="/static/")


def test_the_hashed_url_is_given_and_kept_for_the_process(tmp_path, settings):
    settings.DEBUG = False
    storage = _collected(tmp_path, "guildhall/site.0123456789ab.css")
    assert storage.url("guildhall/site.css") == "/static/guildhall/site.0123456789ab.css"
    # The manifest changes under the running process (another collectstatic): the process keeps what it gave.
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"paths": {"guildhall/site.css": "guildhall/site.ba9876543210.css"}, "version": "1.1"})
    )
    storage.hashed_files, storage.manifest_hash = storage.load_manifest()
    assert storage.url("guildhall/site.css") == "/static/guildhall/site.0123456789ab.css"
    assert storage.url("guildhall/site.css", force=True) == "/static/guildhall/site.ba9876543210.css"


def test_a_file_missing_from_the_manifest_is_still_refused(tmp_path, settings):
    settings.DEBUG = False
    storage = _collected(tmp_path, "guildhall/site.0123456789ab.css")
    for _ in range(2):  # an error is not remembered as an answer
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("guildhall/missing.css")
