"""Wagtail's ``wagtailadmin_tags`` with its ``sidebar_props`` served from the shared cache (``core.cms_sidebar``).

settings.TEMPLATES' "libraries" installs this module under Wagtail's own name, so every admin template that
loads ``wagtailadmin_tags`` gets Wagtail's tags and filters unchanged, and the cached sidebar.
"""

from django import template
from wagtail.admin.templatetags import wagtailadmin_tags

from community.core import cms_sidebar

register = template.Library()
register.tags.update(wagtailadmin_tags.register.tags)
register.filters.update(wagtailadmin_tags.register.filters)


@register.simple_tag(takes_context=True)
def sidebar_props(context):
    return cms_sidebar.props(context, build=wagtailadmin_tags.sidebar_props)
