"""The ``NinjaAPI`` object of ``/api/v1/``: its routers, its ways in (``auth.py``) and its errors (``errors.py``).

The schema is served at ``/api/v1/openapi.json`` (OpenAPI 3.1) and the documentation at ``/api/v1/docs`` with
Swagger UI from django-ninja's own static files (``ninja`` is an installed app, so no CDN is ever asked).
"""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from community.api import auth, errors, me, reads, routers, throttles, writes  # noqa: F401  (reads, writes, me add operations)

api = NinjaAPI(
    title="Guildhall API",
    version="1",
    description=(
        "The community's questions, answers, tips, ideas, tags, members, reputation and knowledge articles, "
        "for the brand's other systems. Authenticate with a personal access token "
        "(`Authorization: Bearer gh_…`, created in your settings) or, from the site's own pages, the session. "
        "Errors are RFC 9457 problem documents. Guide: docs/api.md."
    ),
    urls_namespace="api-v1",
    auth=auth.READ,
    docs=Swagger(settings={"persistAuthorization": False}),
    throttle=[throttles.ApiRate()],  # per member, else per address (settings THROTTLES["api"])
)
errors.install(api)

for prefix, router in routers.MOUNTED:
    api.add_router(prefix, router)
