"""``{% load onboarding %}{% onboarding_checklist %}``: the member's open welcome checklist, compact, on their
own pages (home, profile) — nothing for visitors, or once every step is done or the member dismissed it.

The state comes from the shared cache (``queries.compact_checklist``), so pages of members who are past it
run no query for it.
"""

from django import template

from community.onboarding import queries

register = template.Library()


@register.inclusion_tag("community/onboarding/_checklist_compact.html", takes_context=True)
def onboarding_checklist(context):
    request = context.get("request")
    user = context.get("user")
    checklist = queries.compact_checklist(user)
    return {
        "checklist": checklist,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
