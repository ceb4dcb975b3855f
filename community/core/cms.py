"""CMS building blocks every app's Wagtail screens share: read-only viewsets, moderator-only views and menus.

Lives in ``community.core`` because ``rewards`` builds its CMS screens from the same pieces; ``core`` imports
no feature package, so importing it drags nothing of the forum along (see docs/architecture.md).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from community.core import permissions


class ReadOnlyViewSet(ModelViewSet):
    """Listing, search, filters and inspect only: for records written by actions (ledger, audit log, cases)."""

    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    search_backend_name = None
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def register_admin_url_finder(self):
        pass


class ModeratorRequiredMixin:
    """CMS views only moderators and the community team may open (others get a clear 403)."""

    refusal = gettext_lazy("Only moderators can do this.")

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_moderator(request.user):
            raise PermissionDenied(self.refusal)
        return super().dispatch(request, *args, **kwargs)


class SectionPageMixin:
    """Breadcrumbs of a CMS section's pages: Home › <section> on its index, Home › <section> › <page> elsewhere.

    Set ``section_label`` and ``section_url_name`` (the index's URL name); the index view sets ``is_index``."""

    section_label = ""
    section_url_name = ""
    is_index = False

    def get_breadcrumbs_items(self):
        if self.is_index:
            return self.breadcrumbs_items + [{"url": "", "label": self.section_label}]
        section = {"url": reverse(self.section_url_name), "label": self.section_label}
        return self.breadcrumbs_items + [section, {"url": "", "label": self.get_page_title()}]


class ModeratorMenuItem(MenuItem):
    """A CMS menu entry shown only to moderators."""

    def is_shown(self, request):
        return permissions.is_moderator(request.user)


class ModeratorMenuMixin:
    """For a ViewSet whose menu entry only moderators see: Wagtail's own ``get_menu_item`` builds it from
    ``menu_item_class`` (``ModeratorMenuItem``, or a subclass that adds a count), named after the viewset."""

    menu_item_class = ModeratorMenuItem

    @property
    def menu_name(self):
        return self.name
