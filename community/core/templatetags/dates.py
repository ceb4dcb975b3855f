"""``{% on_day when %}``, ``{% at_time when %}`` and ``{% time_ago when %}``: a date as one ``<time>`` element.

Every post, comment and list row shows its date twice — machine-readable in ``datetime`` and for people in the
text — and the ``date`` filter pays Django's localisation lookups for each of the two (about a third of a
comment's rendering). These tags convert to the current time zone once and format both from it with the same
formatter the filter uses (``django.utils.dateformat``: month names in the reader's language).

The formats are translatable strings (context "date format"), so each language writes dates its own way:
"Mar 5, 2026" in English, "5 mars 2026" in French. Django's own DATE_FORMAT would also change the English
("March 5, 2026"), which the site has always written short.
"""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext, pgettext_lazy

register = template.Library()

# Translators: a day in the format of Django's "date" filter: "M j, Y" is "Mar 5, 2026"; French "j F Y".
DAY = pgettext_lazy("date format", "M j, Y")
# Translators: a day and time, as above: "M j, Y H:i" is "Mar 5, 2026 14:05"; French "j F Y H:i".
MOMENT = pgettext_lazy("date format", "M j, Y H:i")


def _local(when):
    """A moment in the current time zone; a plain day (a ``date``) as it is."""
    if isinstance(when, datetime) and timezone.is_aware(when):
        return timezone.localtime(when)
    return when


def _time(local, text, css_class="", title=""):
    if css_class:
        return format_html('<time class="{}" datetime="{}">{}</time>', css_class, local.isoformat(), text)
    if title:
        return format_html('<time datetime="{}" title="{}">{}</time>', local.isoformat(), title, text)
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), text)


@register.simple_tag
def on_day(when, css_class=""):
    """``<time datetime="…">Dec 1, 2026</time>``; empty for no date."""
    if not when:
        return ""
    local = _local(when)
    return _time(local, date_format(local, str(DAY)), css_class=css_class)


@register.simple_tag
def at_time(when, css_class=""):
    """``<time datetime="…">Dec 1, 2026 14:05</time>``; empty for no date."""
    if not when:
        return ""
    local = _local(when)
    return _time(local, date_format(local, str(MOMENT)), css_class=css_class)


@register.simple_tag
def time_ago(when):
    """``<time datetime="…" title="Dec 1, 2026 14:05">3 hours ago</time>``; empty for no date."""
    if not when:
        return ""
    local = _local(when)
    # Under a minute, "0 minutes ago" reads like a bug: say "just now".
    fresh = timezone.is_aware(when) and (timezone.now() - when).total_seconds() < 60
    text = gettext("just now") if fresh else gettext("%(delta)s ago") % {"delta": timesince(when)}
    return _time(local, text, title=date_format(local, str(MOMENT)))
