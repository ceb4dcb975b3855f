"""The follow buttons' state on the thread and tag pages: ``{% load follow %}{% is_following thread=thread as is_following %}``."""

from django import template

from community.notifications.queries import is_following as following

register = template.Library()


@register.simple_tag(takes_context=True)
def is_following(context, thread=None, tag=None) -> bool:
    return following(context["request"].user, thread=thread, tag=tag)
