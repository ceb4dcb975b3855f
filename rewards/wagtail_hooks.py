"""Wagtail admin hooks: the "Rewards" menu of the moderators' CMS."""

from wagtail import hooks

from rewards.cms import RewardsViewSetGroup
from rewards.spotlight.cms import spotlight_viewset


class RewardsMenu(RewardsViewSetGroup):
    """The Rewards group with the team's monthly recognition (member of the month, tag champions) at its end."""

    items = (*RewardsViewSetGroup.items, spotlight_viewset)


@hooks.register("register_admin_viewset")
def register_rewards_viewsets():
    return RewardsMenu()
