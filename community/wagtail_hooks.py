"""Wagtail admin hooks: each feature package's CMS screens (moderation, the team, the knowledge chooser)."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail import hooks

from community.api.cms import access_tokens_viewset
from community.core.cms import ModeratorMenuItem
from community.core.cms_scripts import render_choosers_without_scripts
from community.knowledge.cms import thread_chooser_viewset
from community.moderation import review
from community.moderation.cms import HIDE_LOG_ACTION, RESTORE_LOG_ACTION, CommunityViewSetGroup
from community.moderation.synonyms_cms import tag_synonyms_viewset
from community.team.cms import CommunityTeamGroup, KpiPanel
from community.webhooks.cms import webhooks_viewset

# --- the admin under the Content-Security-Policy (config/csp.py): our styles and widget starters as files -----


render_choosers_without_scripts()


@hooks.register("insert_global_admin_css")
def community_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("guildhall/cms.css"))


@hooks.register("insert_global_admin_js")
def community_admin_js():
    return format_html('<script src="{}"></script>', static("guildhall/cms.js"))


@hooks.register("register_admin_viewset")
def register_community_viewsets():
    return CommunityViewSetGroup()


@hooks.register("register_log_actions")
def register_community_log_actions(actions):
    actions.register_action(HIDE_LOG_ACTION, pgettext_lazy("verb", "Hide"), gettext_lazy("Hidden from members"))
    actions.register_action(RESTORE_LOG_ACTION, pgettext_lazy("verb", "Restore"), gettext_lazy("Restored for members"))


# --- review queues and the audit log (community/moderation/review.py) ---------------------------------


@hooks.register("register_admin_urls")
def register_review_urls():
    return review.urlpatterns()


@hooks.register("register_admin_viewset")
def register_audit_log():
    return review.AuditLogViewSet()


@hooks.register("register_admin_menu_item")
def review_menu_item():
    # A submenu: each queue with the number of items waiting in it.
    return review.ReviewQueuesMenuItem(order=205)


@hooks.register("construct_homepage_panels")
def add_review_queues_panel(request, panels):
    panels.append(review.QueuePanel(request))


@hooks.register("register_admin_menu_item")
def audit_menu_item():
    return ModeratorMenuItem(
        gettext_lazy("Audit log"), reverse("community_audit:index"), icon_name="history", order=206
    )


# --- tag synonyms: "js" → "javascript", moderators only (community/moderation/synonyms_cms.py) ----------------


@hooks.register("register_admin_viewset")
def register_tag_synonyms():
    return tag_synonyms_viewset


# --- the community team: KPIs and the dissatisfaction watch (community/team/cms.py) ----------------------


@hooks.register("register_admin_viewset")
def register_community_team_viewsets():
    return CommunityTeamGroup()


@hooks.register("construct_homepage_panels")
def add_community_kpi_panel(request, panels):
    panels.append(KpiPanel(request))


# --- knowledge pages: the thread chooser of "pinned threads" (community/knowledge/cms.py) ----------------


@hooks.register("register_admin_viewset")
def register_thread_chooser():
    return thread_chooser_viewset


# --- webhooks: endpoints and their delivery log (community/webhooks/cms.py) ---------------------------------


@hooks.register("register_admin_viewset")
def register_webhooks():
    return webhooks_viewset


# --- the API's personal access tokens: every member's, with a Revoke button (community/api/cms.py) -------------


@hooks.register("register_admin_viewset")
def register_access_tokens():
    return access_tokens_viewset
