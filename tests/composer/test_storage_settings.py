"""Where uploaded files go: the disk by default, an S3-compatible bucket with GUILDHALL_MEDIA_STORAGE=s3."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import media_storage


def test_the_disk_by_default():
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_an_s3_bucket_from_environment_variables():
    storage = media_storage(
        {
            "GUILDHALL_MEDIA_STORAGE": "s3",
            "GUILDHALL_S3_BUCKET": "guildhall-media",
            "GUILDHALL_S3_ENDPOINT_URL": "https://s3.example.net",
            "GUILDHALL_S3_REGION": "eu-west-3",
            "GUILDHALL_S3_ACCESS_KEY_ID": "key",
            "GUILDHALL_S3_SECRET_ACCESS_KEY": "secret",
        }
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "guildhall-media",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "endpoint_url": "https://s3.example.net",
        "region_name": "eu-west-3",
        "access_key": "key",
        "secret_key": "secret",
    }


@pytest.mark.parametrize(
    "environ", [{"GUILDHALL_MEDIA_STORAGE": "s3"}, {"GUILDHALL_MEDIA_STORAGE": "ftp", "GUILDHALL_S3_BUCKET": "b"}]
)
def test_a_half_configured_storage_stops_the_start(environ):
    with pytest.raises(ImproperlyConfigured):
        media_storage(environ)
