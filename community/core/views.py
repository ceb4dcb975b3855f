"""Helpers every feature's views share."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from community.core import permissions


def visible_or_404(model, pk, request):
    """A post members may see: deleted ones exist only for moderators."""
    obj = get_object_or_404(model.objects.select_related("author"), pk=pk)
    if obj.is_deleted and not permissions.is_moderator(request.user):
        raise Http404(_("This post has been deleted."))
    return obj
