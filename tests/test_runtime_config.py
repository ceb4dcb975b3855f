"""Production runtime settings and health endpoints: the shared cache, safe start-up, `check --deploy`,
/healthz and /readyz."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone

from config.env import cache_from_url
from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent


# --- the cache ----------------------------------------------------------------------------------


def test_without_cache_url_each_process_has_its_local_memory_cache():
    assert cache_from_url("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_cache_url_selects_djangos_redis_cache_with_short_timeouts():
    config = cache_from_url("redis://cache.internal:6379/2", key_prefix="brand")
    assert config["BACKEND"] == "config.cache.SharedRedisCache"
    assert config["LOCATION"] == "redis://cache.internal:6379/2"
    assert config["KEY_PREFIX"] == "brand"
    assert config["OPTIONS"]["socket_timeout"] <= 1


def test_a_cache_url_of_another_kind_is_refused_with_the_fix():
    with pytest.raises(ImproperlyConfigured, match=r"CACHE_URL must start with one of redis://"):
        cache_from_url("memcached://127.0.0.1:11211")


def test_the_suite_runs_on_the_shared_redis_cache(settings):
    """`make test` starts Redis and every test runs on it, as production does."""
    assert os.environ.get("CACHE_URL", "").startswith("redis://")
    assert settings.CACHES["default"]["BACKEND"] == "config.cache.SharedRedisCache"
    from django.core.cache import cache

    cache.set("probe", {"a": 1})
    assert cache.get("probe") == {"a": 1}


# --- start-up -----------------------------------------------------------------------------------


def _run(code: str, **env) -> subprocess.CompletedProcess:
    base = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "GUILDHALL_VAR_DIR": os.environ.get("GUILDHALL_VAR_DIR", "/tmp"),
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run("import config.settings", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "token_urlsafe" in result.stderr  # says how to make one


def test_production_refuses_the_public_development_key():
    result = _run(
        "import config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="guildhall-insecure-development-key-do-not-use-in-production",
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY is not set" in result.stderr


def test_development_still_starts_on_the_development_key():
    result = _run("import config.settings as s; print(s.DEBUG)")
    assert result.returncode == 0 and result.stdout.strip() == "True"


def test_check_deploy_is_clean_with_the_documented_production_variables(tmp_path):
    env = {
        "DJANGO_SECRET_KEY": "Zx8-" + "q7RmT2vLw9" * 6,
        "DJANGO_ALLOWED_HOSTS": "community.example.com",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://community.example.com",
        "GUILDHALL_BASE_URL": "https://community.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": os.environ["CACHE_URL"],
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DEFAULT_FROM_EMAIL": "Community <community@example.com>",
        "GUILDHALL_VAR_DIR": str(tmp_path),
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


# --- health -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_says_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_database_cache_search_and_tasks(client):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert set(body["checks"]) == {"database", "cache", "search", "tasks"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "RedisCache" in body["checks"]["cache"]["detail"]


@pytest.mark.django_db
def test_readyz_is_503_and_names_the_cache_when_redis_is_down(client):
    dead = {"default": cache_from_url(f"redis://127.0.0.1:{free_port()}/0")}
    with override_settings(CACHES=dead):
        response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert not checks["cache"]["ok"] and "Connection" in checks["cache"]["detail"]
    assert checks["database"]["ok"]


@pytest.mark.django_db
def test_readyz_is_503_when_search_is_down(client):
    with override_settings(ELASTICSEARCH_URL=f"http://127.0.0.1:{free_port()}"):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert not response.json()["checks"]["search"]["ok"]


@pytest.mark.django_db
def test_readyz_is_503_when_the_task_queue_lags(client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert client.get("/readyz").status_code == 200  # an empty queue has no lag

    from search.tasks import sync_search_index

    sync_search_index.using(backend="default").enqueue([])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    tasks = response.json()["checks"]["tasks"]
    assert not tasks["ok"] and tasks["lag_seconds"] >= 600 and "db_worker" in tasks["detail"]


@pytest.mark.django_db
def test_readyz_can_be_limited_to_what_a_node_cannot_serve_without(client):
    """The load balancer's rotation check: search down, yet the node serves pages, so it stays in rotation."""
    with override_settings(ELASTICSEARCH_URL=f"http://127.0.0.1:{free_port()}"):
        assert client.get("/readyz").status_code == 503
        response = client.get("/readyz?checks=database,cache")
    assert response.status_code == 200
    assert set(response.json()["checks"]) == {"database", "cache"}


@pytest.mark.django_db
def test_readyz_refuses_an_unknown_check_by_name(client):
    response = client.get("/readyz?checks=database,coffee")
    assert response.status_code == 400
    assert "coffee" in response.json()["detail"] and "database, cache, search, tasks" in response.json()["detail"]


# --- GUILDHALL_THROTTLES: limits tuned by the environment (config/env.py) ----------------------------------------


def test_throttles_keep_their_defaults_without_the_variable():
    from config.env import throttles

    defaults = {"search": {"member": 60, "address": 120}}
    assert throttles({}, defaults) == defaults


def test_throttles_take_the_limits_the_variable_gives():
    from config.env import throttles

    given = throttles(
        {"GUILDHALL_THROTTLES": '{"search": {"member": 500}}'}, {"search": {"member": 60, "address": 120}}
    )
    assert given == {"search": {"member": 500, "address": 120}}


@pytest.mark.parametrize(
    "raw",
    [
        "search=500",  # not JSON
        '["search"]',  # not an object
        '{"serch": {"member": 500}}',  # no such throttle
        '{"search": {"members": 500}}',  # no such scope
        '{"search": {"member": 0}}',  # no limit at all
        '{"search": {"member": "500"}}',  # not a number
    ],
)
def test_a_throttle_setting_that_would_leave_a_limit_off_is_refused_at_start_up(raw):
    from config.env import throttles

    with pytest.raises(ImproperlyConfigured):
        throttles({"GUILDHALL_THROTTLES": raw}, {"search": {"member": 60, "address": 120}})
