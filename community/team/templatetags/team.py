"""The community team's widgets on forum pages: the idea status form and a tag's experts.

``{% load team %}{% idea_status_form thread is_moderator as idea_status_form %}`` and
``{% tag_experts tag as experts %}`` — the forum's views import nothing of the team package.
"""

from django import template

from community.team.experts import tag_experts as experts_of
from community.team.forms import IdeaStatusForm

register = template.Library()


@register.simple_tag
def idea_status_form(thread, is_moderator):
    """Staff's status form for an idea (``None`` for other threads and other viewers)."""
    if not (thread.is_idea and is_moderator):
        return None
    return IdeaStatusForm(initial={"status": thread.idea_status or "new", "explanation": thread.idea_status_note})


@register.simple_tag
def tag_experts(tag):
    return experts_of(tag)
