"""``{% cached_region "name" generation variant %}…{% endcached_region %}``: a part of a page rendered once per
content generation (page-cache versions, ``fragments.generation``) and variant (what of the viewer it shows),
then served from the shared cache, with the CSRF token as a sentinel (community/core/fragments.py). A missing
generation or variant renders the region uncached (a form with errors, a cache that has no clock yet). Keys are
per release and per language (``fragments.region_key``): a French reader never gets the English region.

The view puts ``fragment_clock`` (``page_cache.clock()``) in the context: a write since keeps the region out of
the cache.
"""

from django import template

from community.core import fragments

register = template.Library()


@register.tag
def cached_region(parser, token):
    """``{% cached_region "name" generation variant %}…{% endcached_region %}``: see the module docstring."""
    bits = token.split_contents()[1:]
    if len(bits) != 3:
        raise template.TemplateSyntaxError("cached_region takes a name, a generation and a variant")
    nodelist = parser.parse(("endcached_region",))
    parser.delete_first_token()
    return CachedRegionNode(nodelist, [parser.compile_filter(bit) for bit in bits])


class CachedRegionNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        name, generation, variant = (part.resolve(context) for part in self.parts)
        if not generation or not variant:
            return self.nodelist.render(context)
        return fragments.render_region(
            f"{name}:{generation}:{variant}",
            lambda: self.nodelist.render(context),
            context=context,
            clock_at_start=context.get("fragment_clock"),
        )
