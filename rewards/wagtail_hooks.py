"""Wagtail admin hooks: the "Rewards" menu of the moderators' CMS."""

from wagtail import hooks

from rewards.cms import RewardsViewSetGroup


@hooks.register("register_admin_viewset")
def register_rewards_viewsets():
    return RewardsViewSetGroup()
