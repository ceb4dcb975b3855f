"""The member's token pages under ``/settings/`` (included by ``community/urls.py`` under the ``community:``
namespace, beside the other settings pages); the API's own addresses are ``urls.py``."""

from django.urls import path

from community.api import views

urlpatterns = [
    path("settings/tokens/", views.tokens, name="access_tokens"),
    path("settings/tokens/<int:pk>/revoke", views.revoke, name="revoke_access_token"),
]
