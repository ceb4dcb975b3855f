"""The WSGI application (gunicorn config.wsgi, runserver): stops at start-up when the site cannot serve."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.startup import run_startup_checks  # noqa: E402  (needs the settings get_wsgi_application set up)

run_startup_checks()
