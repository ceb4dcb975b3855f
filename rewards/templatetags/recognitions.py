"""``{% member_recognitions member %}``: the team's recognitions of a member (member of the month, tag champion),
with their citations, on the member's profile and reputation pages — one query (``rewards.api.recognitions_of``),
nothing when there are none. ``{% reputation_chart history as chart %}``: the reputation profile's chart."""

from django import template

from rewards import api, charts

register = template.Library()


@register.inclusion_tag("rewards/spotlight/_recognitions.html")
def member_recognitions(member):
    return {"member": member, "recognitions": api.recognitions_of(member)}


@register.simple_tag
def reputation_chart(history):
    """``{% reputation_chart history as chart %}``: the reputation profile's chart of ``queries.history()``'s days,
    drawn inside the template's ``{% memo %}`` so that a kept chart is not computed either."""
    return charts.reputation_chart(history)
