"""``{% on_day when %}`` and ``{% time_ago when %}``: a post's date as one ``<time>`` element, formatted once.

Every post, comment and list row shows its date twice — machine-readable in ``datetime`` and for people in the
text — and the ``date`` filter pays Django's localisation lookups for each of the two (about a third of a
comment's rendering). These tags convert to the current time zone once and format both from it with the same
formatter the filter uses (``django.utils.dateformat``), so the text reads exactly as before and is translated
the same way.
"""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext

register = template.Library()

DAY = "M j, Y"


def _local(when):
    return timezone.localtime(when) if timezone.is_aware(when) else when


@register.simple_tag
def on_day(when, css_class=""):
    """``<time datetime="…">Dec 1, 2026</time>``; empty for no date."""
    if not when:
        return ""
    local = _local(when)
    if css_class:
        return format_html(
            '<time class="{}" datetime="{}">{}</time>', css_class, local.isoformat(), date_format(local, DAY)
        )
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), date_format(local, DAY))


@register.simple_tag
def time_ago(when):
    """``<time datetime="…" title="Dec 1, 2026 14:05">3 hours ago</time>``; empty for no date."""
    if not when:
        return ""
    local = _local(when)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(),
        date_format(local, "M j, Y H:i"),
        gettext("%(delta)s ago") % {"delta": timesince(when)},
    )
