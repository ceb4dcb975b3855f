"""Wagtail's chooser widgets without their inline ``<script>``, for the CMS's Content-Security-Policy.

Wagtail 8 renders each chooser (pages, images, documents, snippets, our thread chooser) as its HTML followed by
``<script>new PageChooser("id", {…});</script>`` — written in ``BaseChooser.render``, not in a template, and
blocked by a policy without ``'unsafe-inline'`` (config/csp.py). ``render_choosers_without_scripts()`` makes
those choosers leave the same constructor name, field id and options in a ``<template data-guildhall-init>``
instead; ``static/guildhall/cms.js`` (added to every admin page by community/wagtail_hooks.py) calls the
constructor. A chooser that starts itself another way (a subclass with its own ``render_js_init``, such as
the workflow task chooser) keeps Wagtail's rendering. Date pickers and inline panels do the same from our
copies of their templates (templates/wagtailadmin/).
"""

from __future__ import annotations

import json

from django.utils.html import format_html
from wagtail.admin.widgets import BaseChooser

# The chooser classes Wagtail's admin scripts define globally; cms.js starts only these.
CONSTRUCTORS = ("Chooser", "PageChooser", "ImageChooser", "DocumentChooser", "SnippetChooser")

_wagtail_render = BaseChooser.render


def _render(self, name, value, attrs=None, renderer=None):
    starts_itself = type(self).render_js_init is not BaseChooser.render_js_init
    if starts_itself or self.js_constructor not in CONSTRUCTORS or not (attrs or {}).get("id"):
        return _wagtail_render(self, name, value, attrs=attrs, renderer=renderer)
    value_data = self.get_value_data(value)
    options = self.get_js_init_options(attrs["id"], name, value_data)
    return format_html(
        '{}<template data-guildhall-init="{}" data-for="{}" data-config="{}"></template>',
        self.render_html(name, value_data, attrs),
        self.js_constructor,
        attrs["id"],
        json.dumps(options),
    )


def render_choosers_without_scripts() -> None:
    """Idempotent: called once when Wagtail loads the hooks."""
    BaseChooser.render = _render
