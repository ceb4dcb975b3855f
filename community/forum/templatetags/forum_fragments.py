"""``{% post_fragments template posts name as html %}``: the thread page's posts from the fragment cache.

The view puts ``fragment_generation`` (the versions of what the posts show) and ``fragment_clock`` in the
context; this tag works out, per post, what of the viewer changes it (the variant) and asks
community/core/fragments.py for the rendered HTML. What decides a variant is listed in ``_viewer`` and
``_variant``: anything the post templates read from the viewer must be there, or two members would share
a fragment that differs between them.
"""

import hashlib

from django import template

from community.core import fragments

register = template.Library()

# Context names the post templates read besides the post itself (all decided once per page by the view).
SHARED = (
    "thread", "thread_comments", "user", "is_moderator", "can_accept", "can_flag", "can_edit_others",
    "comment_everywhere", "comment_refusal", "vote_refusals", "knowledge",
)  # fmt: skip


def _viewer(context) -> tuple:
    user = context["user"]
    refusals = context.get("vote_refusals") or {}
    knowledge = context.get("knowledge") or {}
    return (
        user.is_authenticated,
        bool(context.get("is_moderator")),
        bool(context.get("can_accept")),
        bool(context.get("can_flag")),
        bool(context.get("can_edit_others")),
        bool(context.get("comment_everywhere")),
        context.get("comment_refusal", ""),
        refusals.get("up", ""),
        refusals.get("down", ""),
        bool(knowledge.get("can_promote")),
        user.is_authenticated and user.pk == context["thread"].author_id,
    )


@register.simple_tag(takes_context=True)
def post_fragments(context, template_name, posts, name):
    posts = [posts] if not isinstance(posts, list | tuple) else posts
    viewer = hashlib.sha1(repr(_viewer(context)).encode(), usedforsecurity=False).hexdigest()[:12]
    user = context["user"]

    def variant(post) -> str:
        mine = user.is_authenticated and user.pk == post.author_id
        return f"{post.pk}:{getattr(post, 'my_vote', 0)}:{int(mine)}:{viewer}"

    shared = {key: context.get(key) for key in SHARED}
    return fragments.render_each(
        template_name,
        posts,
        generation=context["fragment_generation"],
        variant=variant,
        context=shared,
        name=name,
        clock_at_start=context.get("fragment_clock"),
    )
