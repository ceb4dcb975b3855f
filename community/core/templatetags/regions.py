"""``{% cached_region "name" generation variant %}…{% endcached_region %}``: a part of a page rendered once per
content generation (page-cache versions, ``fragments.generation``) and variant (what of the viewer it shows),
then served from the shared cache, with the CSRF token as a sentinel (community/core/fragments.py). A missing
generation or variant renders the region uncached (a form with errors, a cache that has no clock yet). Keys are
per release and per language (``fragments.region_key``): a French reader never gets the English region.

The view puts ``fragment_clock`` (``page_cache.clock()``) in the context: a write since keeps the region out of
the cache. ``slot=`` names the place on the page (``fragments.last_region``): the next request for it can read the
region's key ahead, with its other first reads.
"""

from django import template
from django.template.loader_tags import BlockNode

from community.core import fragments

register = template.Library()


@register.tag
def cached_region(parser, token):
    """``{% cached_region "name" generation variant %}…{% endcached_region %}``: see the module docstring."""
    bits = token.split_contents()[1:]
    slot = None
    if len(bits) == 4 and bits[3].startswith("slot="):
        slot = parser.compile_filter(bits.pop()[len("slot=") :])
    if len(bits) != 3:
        raise template.TemplateSyntaxError("cached_region takes a name, a generation, a variant and maybe a slot=")
    nodelist = parser.parse(("endcached_region",))
    parser.delete_first_token()
    return CachedRegionNode(nodelist, [parser.compile_filter(bit) for bit in bits], slot)


class CachedRegionNode(template.Node):
    def __init__(self, nodelist, parts, slot=None):
        self.nodelist, self.parts, self.slot = nodelist, parts, slot

    def render(self, context):
        name, generation, variant = (part.resolve(context) for part in self.parts)
        if not generation or not variant:
            return self.nodelist.render(context)
        return fragments.render_region(
            f"{name}:{generation}:{variant}",
            lambda: self.nodelist.render(context),
            context=context,
            clock_at_start=context.get("fragment_clock"),
            slot=self.slot.resolve(context) if self.slot else None,
        )


@register.tag
def memo(parser, token):
    """``{% memo "name" value … %}…{% endmemo %}``: a part of a page (the frame, a list row) drawn once per process
    for each combination of the values it shows (``MemoNode``)."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("memo takes a name and the values the part shows")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("a {% block %} cannot be inside a {% memo %}: its content would be kept")
    return MemoNode(nodelist, [parser.compile_filter(bit) for bit in bits])


class MemoNode(template.Node):
    """The header, the stylesheets' links and the footer are the same on every page for everyone who shows the
    same values in them (the brand, the language, the member's name and standing, the section the page is in),
    yet drawing them was a third of a warm member page's time; a list row is the same for every reader of a
    language. The part is kept in this process, keyed by the release, the script prefix, the language and the
    values its tag names (``community.core.fragments.memo``), so it can never show an old value: a change of any
    of them is another key. The CSRF token is drawn as the sentinel and put
    back per request.

    Its nodes are not listed as children: ``{% extends %}`` walks the parent template's tree for its blocks on
    every render, and a memo holds none (``memo`` refuses them)."""

    child_nodelists = ()

    def __init__(self, nodelist, parts):
        self.contents, self.parts = nodelist, parts

    def render(self, context):
        values = tuple(part.resolve(context) for part in self.parts)
        return fragments.memo(values, lambda: self.contents.render(context), context=context)
