"""Wagtail admin hooks: the "Community" menu (threads, answers, comments) of the moderators' CMS."""

from wagtail import hooks

from community.cms import HIDE_LOG_ACTION, RESTORE_LOG_ACTION, CommunityViewSetGroup


@hooks.register("register_admin_viewset")
def register_community_viewsets():
    return CommunityViewSetGroup()


@hooks.register("register_log_actions")
def register_community_log_actions(actions):
    actions.register_action(HIDE_LOG_ACTION, "Hide", "Hidden from members")
    actions.register_action(RESTORE_LOG_ACTION, "Restore", "Restored for members")


# --- review queues and the audit log ------------------------------------------

from django.urls import reverse  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402

from community import permissions, review_admin  # noqa: E402


@hooks.register("register_admin_urls")
def register_review_urls():
    return review_admin.urlpatterns()


@hooks.register("register_admin_viewset")
def register_audit_log():
    return review_admin.AuditLogViewSet()


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return ModeratorMenuItem("Review queues", reverse("community_review"), icon_name="tasks", order=205)


@hooks.register("register_admin_menu_item")
def audit_menu_item():
    return ModeratorMenuItem("Audit log", reverse("community_audit:index"), icon_name="history", order=206)


# --- the community team: KPIs and the dissatisfaction watch (community/cms_care.py) ---------------


@hooks.register("register_admin_viewset")
def register_community_team_viewsets():
    from community.cms_care import CommunityTeamGroup

    return CommunityTeamGroup()


@hooks.register("construct_homepage_panels")
def add_community_kpi_panel(request, panels):
    from community.cms_care import KpiPanel

    panels.append(KpiPanel(request))


# --- knowledge pages: the thread chooser of "pinned threads" (community/knowledge_admin.py) ---------------


@hooks.register("register_admin_viewset")
def register_thread_chooser():
    from community.knowledge_admin import thread_chooser_viewset

    return thread_chooser_viewset
