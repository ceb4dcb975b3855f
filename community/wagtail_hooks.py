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
