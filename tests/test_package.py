"""The installable package: `pip install` of Guildhall's sdist, outside the checkout, gives a working site.

The sdist is built from a copy of the working tree (so MANIFEST.in is exercised and the checkout gets no
build/ or egg-info) with pyproject's build-system requirements (pip fetches them from PyPI, then from its
cache), turned into a wheel by pip and installed into a fresh venv. That venv reaches the
dependencies through a .pth file naming this interpreter's site-packages: a .pth line adds a directory to
sys.path without running the .pth files inside it, so the checkout's editable install stays invisible and
`community` must be imported from the wheel (asserted). Every command then runs in a directory that is not
the checkout, as in production: the start-up check refuses to serve before `collectstatic`, `migrate` and
`collectstatic` still work, and gunicorn serves the home page, a thread list and the hashed stylesheet.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import site
import socket
import subprocess
import sys
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "community", "rewards", "search")
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv*", "var", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".pytest_cache", "test-artifacts"
)
COMMAND_TIMEOUT = 180  # seconds for any one step; collectstatic compresses Wagtail's admin files
SECRET_KEY = "package-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"

SEED = """
import json
import django

django.setup()
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import translation

import community
from community.forum import actions
from community.team import sentiment
from community.models import Member

author = Member.objects.create_user(username="packager", email="packager@example.com", password="a long pass phrase")
EmailAddress.objects.create(user=author, email=author.email, verified=True, primary=True)
actions.create_thread(
    author,
    kind="question",
    title="Does the installed wheel serve pages?",
    body="Installed from the wheel, outside the checkout: do the pages render?",
    tags=["packaging"],
)
french = sentiment.read("Je suis déçu, ça ne marche toujours pas et j'en ai assez de attendre !")
print(json.dumps({
    "community": community.__file__,
    "templates": str(settings.TEMPLATES[0]["DIRS"][0]),
    "static": str(settings.STATICFILES_DIRS[0]),
    "lexicon": str(sentiment.DATA / "vader_fr_lexicon.txt"),
    "french": french.language,
    "locale": str(settings.LOCALE_PATHS[0]),
    "in_french": translation.override("fr")(lambda: translation.gettext("Ask a question"))(),
}))
"""


def run(args, *, cwd, env=None, check=True) -> subprocess.CompletedProcess:
    """Run a step of the install with a time bound; a failing step shows its output in the assertion."""
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT
    )
    if check:
        assert result.returncode == 0, f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


def build_backend(work: Path) -> dict[str, str]:
    """An environment whose PYTHONPATH holds pyproject's build-system requirements, fetched once by pip.

    Venvs on Python 3.12+ have no setuptools at all, and .venv's may be older than the declared minimum.
    """
    requires = tomllib.loads((CHECKOUT / "pyproject.toml").read_text())["build-system"]["requires"]
    backend = work / "build-backend"
    run(
        [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target", backend, *requires],
        cwd=work,
    )
    return {**os.environ, "PYTHONPATH": str(backend)}


def build_wheel(work: Path) -> Path:
    """sdist from a copy of the working tree, then a wheel from that sdist, like an install from PyPI."""
    source = work / "source"
    shutil.copytree(CHECKOUT, source, ignore=NOT_SOURCE)
    env = build_backend(work)
    run(
        [sys.executable, "-c", "from setuptools import build_meta; build_meta.build_sdist('dist')"], cwd=source, env=env
    )
    (sdist,) = (source / "dist").glob("guildhall-*.tar.gz")
    wheels = work / "wheels"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            wheels,
            sdist,
        ],
        cwd=work,
        env=env,
    )
    (wheel,) = wheels.glob("guildhall-*.whl")
    return wheel


def make_venv(work: Path, wheel: Path) -> Path:
    """A fresh venv holding only the wheel; the dependencies come from this interpreter's site-packages."""
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=work)
    python = venv / "bin" / "python"
    # The wheel goes in before the .pth exists, so pip sees no other guildhall to replace.
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "-q",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-index",
            wheel,
        ],
        cwd=work,
    )
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=work).stdout
    dependencies = sorted({*site.getsitepackages()})
    Path(purelib.strip(), "guildhall_test_dependencies.pth").write_text("\n".join(dependencies) + "\n")
    return python


def production_env(var_dir: Path) -> dict[str, str]:
    """Production settings on SQLite under var_dir: DEBUG off, a secret key, nothing from the checkout or the rig."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "ELASTICSEARCH_URL", "CACHE_URL", "PYTHONPATH", "TASKS_BACKEND"}
        and not k.startswith(("DJANGO_", "GUILDHALL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        GUILDHALL_VAR_DIR=str(var_dir),
    )
    return env


@dataclass(frozen=True)
class InstalledSite:
    wheel: Path
    python: Path  # the fresh venv's interpreter
    home: Path  # the working directory: not the checkout
    env: dict[str, str]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> InstalledSite:
    work = tmp_path_factory.mktemp("package")
    wheel = build_wheel(work)
    python = make_venv(work, wheel)
    home = work / "site"
    home.mkdir()
    return InstalledSite(wheel, python, home, production_env(work / "var"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> tuple[int, str, str]:
    """GET over plain HTTP as the TLS-terminating proxy would forward it (X-Forwarded-Proto: https)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode()
    finally:
        connection.close()


def wait_until_serving(server: subprocess.Popen, port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited ({server.returncode}):\n{server.communicate()[1]}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not listen within 60 s")


def installed_files(python: Path, package: str) -> set[str]:
    """Files of an installed package, relative to the package directory (no bytecode)."""
    code = f"import {package}, pathlib; print(pathlib.Path({package}.__file__).parent)"
    root = Path(run([python, "-I", "-c", code], cwd=python.parent).stdout.strip())
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def source_files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def test_the_wheel_carries_every_module_template_static_file_and_lexicon(installed):
    python = installed.python
    config = installed_files(python, "config")
    for package in PACKAGES:
        shipped = config if package == "config" else installed_files(python, package)
        expected = {f for f in source_files(CHECKOUT / package) if f.endswith(".py") or f.startswith("data/")}
        assert expected - shipped == set(), f"{package}: missing from the wheel"
    assert {f"templates/{f}" for f in source_files(CHECKOUT / "templates")} <= config
    assert {f"static/{f}" for f in source_files(CHECKOUT / "static")} <= config
    assert {f"locale/{f}" for f in source_files(CHECKOUT / "locale")} <= config  # the compiled catalogues too
    top_level = {name.split("/")[0] for name in zipfile.ZipFile(installed.wheel).namelist()}
    assert {name for name in top_level if not name.endswith(".dist-info")} == set(PACKAGES)  # no tests/, templates/


def test_installed_site_refuses_to_start_before_collectstatic_then_migrates_collects_and_serves(installed):
    python, home, env = installed.python, installed.home, installed.env
    var_dir = Path(env["GUILDHALL_VAR_DIR"])

    refused = run([python, "-c", "import config.wsgi"], cwd=home, env=env, check=False)
    assert refused.returncode != 0
    assert "Static files are not collected: run `manage.py collectstatic" in refused.stderr

    run([python, "-m", "django", "migrate", "--noinput"], cwd=home, env=env)
    seeded = json.loads(run([python, "-c", SEED], cwd=home, env=env).stdout.strip().splitlines()[-1])
    venv = python.parent.parent
    for name in ("community", "templates", "static", "lexicon", "locale"):
        assert Path(seeded[name]).is_relative_to(venv), f"{name} comes from {seeded[name]}, not the installed wheel"
    assert seeded["french"] == "fr"
    assert seeded["in_french"] == "Poser une question"  # the wheel's compiled catalogue

    run([python, "-m", "django", "collectstatic", "--noinput"], cwd=home, env=env)
    assert (var_dir / "static" / "staticfiles.json").is_file()
    run([python, "-c", "import config.wsgi"], cwd=home, env=env)

    port = free_port()
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--timeout", "60"],
        cwd=home,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_serving(server, port, time.monotonic() + 60)
        status, _type, home_html = get(port, "/")
        assert status == 200, home_html[:2000]
        assert "Guildhall</title>" in home_html and "Does the installed wheel serve pages?" in home_html

        status, _type, list_html = get(port, "/threads/")
        assert status == 200, list_html[:2000]
        assert "<h1>All threads</h1>" in list_html and "Does the installed wheel serve pages?" in list_html

        stylesheet = re.search(r'href="(/static/guildhall/site\.[0-9a-f]{12}\.css)"', home_html)
        assert stylesheet, "the home page does not link the hashed site.css"
        status, content_type, css = get(port, stylesheet.group(1))
        assert status == 200 and content_type.startswith("text/css")
        assert css == (CHECKOUT / "static" / "guildhall" / "site.css").read_text()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
