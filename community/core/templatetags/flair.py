"""``{% flair member %}`` / ``{% flair member "rep" %}``: the member's reputation and badge counts beside their
name, filled in after the page is rendered (community/core/flair.py): no query here, one per page."""

from django import template
from django.utils.safestring import mark_safe

from community.core import flair as flairs

register = template.Library()


@register.simple_tag
def flair(member, style: str = flairs.FULL) -> str:
    """``member``: a member (an inactive one — an erased account — shows nothing) or a member id."""
    if member is None or member == "":
        return ""
    if isinstance(member, int):
        member_id = member
    else:
        # Not read when a list left it out (``only()``): reading a deferred field costs a query per name.
        if "is_active" not in member.get_deferred_fields() and not member.is_active:
            return ""
        member_id = getattr(member, "pk", None)
    return mark_safe(flairs.marker(member_id, style)) if member_id else ""  # noqa: S308 — digits and a fixed word


@register.simple_tag
def flair_of(value, style: str = flairs.FULL) -> str:
    """Flair already at hand (a ``rewards.api.Flair``: the member's own, in the header's cached standing)."""
    return flairs.render(value, style) if value else ""
