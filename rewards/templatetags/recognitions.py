"""``{% member_recognitions member %}``: the team's recognitions of a member (member of the month, tag champion),
with their citations, on the member's profile and reputation pages — one query (``rewards.api.recognitions_of``),
nothing when there are none."""

from django import template

from rewards import api

register = template.Library()


@register.inclusion_tag("rewards/spotlight/_recognitions.html")
def member_recognitions(member):
    return {"member": member, "recognitions": api.recognitions_of(member)}
