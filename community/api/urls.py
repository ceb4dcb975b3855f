"""``/api/v1/``: the API, and a problem document (not the site's HTML 404 page) for any path it does not know."""

from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from community.api.api import api
from community.api.errors import problem


@csrf_exempt  # a POST to a mistyped address gets this 404 problem, not the CSRF middleware's HTML 403
def unknown_path(request):
    return problem(404, _("There is no such API address. The list of operations is at /api/v1/docs."))


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/", unknown_path),  # any rest, a newline (%0A) included
]
