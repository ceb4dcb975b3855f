"""The rows a read's path or filter names — a tag, a member — or a 404 problem saying which one is unknown."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from community.forum import synonyms
from community.forum.models import Member, Tag


def tag_named(name: str) -> Tag:
    # A synonym ("js") stands for its main tag, as on the site.
    tag = Tag.objects.filter(slug=name.strip().lower()[:100]).first() or synonyms.main_tag_of(name.strip()[:100])
    if tag is None:
        raise Http404(_("There is no tag named “%(name)s”.") % {"name": name.strip()[:100]})
    return tag


def member_named(username: str) -> Member:
    member = Member.objects.filter(username=username[:150], is_active=True).first()
    if member is None:
        raise Http404(_("There is no member named “%(username)s”.") % {"username": username[:150]})
    return member
