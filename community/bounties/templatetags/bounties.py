"""The thread page's bounty widgets, so the forum's templates show bounties without the forum importing them.

- ``{% bounty_variant variant thread as variant %}``: the thread page's cached region is drawn once per viewer
  variant (community/forum/templatetags/forum_fragments.py); the bounty panel adds what of the viewer it
  shows — the offerer of the open bounty (award buttons), or a member who may offer one (the offer link);
- ``{% bounty_panel thread answers %}``: the open bounty (amount, end, offerer; the offerer's award list) or
  the "Offer a bounty" link, below the question;
- ``{% answer_bounty thread answer %}``: "+N bounty" beside an answer that received one (shared by every
  viewer: it sits in the answer's cached fragment).
"""

from django import template
from django.utils import timezone

from community.bounties import actions, queries
from rewards import api as rewards_api

register = template.Library()


def _position(user, thread) -> str:
    """What of the viewer the panel shows: "offerer", "may-offer" or "" (the same panel as a visitor's)."""
    if not (user and user.is_authenticated and thread.is_question):
        return ""  # tips and ideas take no bounty: not even a query for them
    bounties = queries.for_thread(thread)
    if bounties.open is not None:
        return "offerer" if bounties.open.offered_by_id == user.pk else ""
    if not actions.thread_refusal(thread) and queries.may_offer(user):
        return "may-offer"
    return ""


@register.simple_tag(takes_context=True)
def bounty_variant(context, variant, thread):
    if variant is None:  # a page that is not cached (a form with errors) stays so
        return None
    return f"{variant}:{_position(context['user'], thread)}"


@register.inclusion_tag("community/bounties/_panel.html", takes_context=True)
def bounty_panel(context, thread, answers):
    user = context["user"]
    bounties = queries.for_thread(thread)
    bounty = bounties.open
    position = _position(user, thread)
    ended = bounty is not None and bounty.ends_at <= timezone.now()
    eligible = []
    if position == "offerer" and not ended:
        eligible = [a for a in answers if a.author_id != user.pk and not a.is_deleted]
    return {
        "thread": thread,
        "bounty": bounty,
        "ended": ended,
        "position": position,
        "eligible": eligible,
        "rules": rewards_api.bounty_rules(),
        "user": user,
    }


@register.inclusion_tag("community/bounties/_answer_bounty.html")
def answer_bounty(thread, answer):
    return {"amount": queries.for_thread(thread).awarded.get(answer.pk)}
