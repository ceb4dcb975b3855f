"""The ceiling of the page benchmark: a bare Django view (no middleware, no database, no template), served by
the same gunicorn with the same options in the same run. Pages are reported as a share of what this serves.

    gunicorn --chdir scripts bench_ceiling:application
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-ceiling-only"),
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def hello(request):
    return HttpResponse("Hello from a bare Django view.", content_type="text/plain")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
