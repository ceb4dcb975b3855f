"""The thread page from the fragment cache (community/core/fragments.py).

- ``{% post_fragments template posts name as html %}``: each post, rendered once per content generation and
  viewer variant;
- ``{% thread_page_variant as variant %}``: the *page* variant — the viewer's privileges, follow, own posts and
  votes on this thread — for ``{% cached_region %}`` (library ``regions``): the whole page body, rendered once
  per generation and page variant, so most members opening a thread get it from the cache on first visit.

The view puts ``fragment_generation`` (the versions of what the posts show) and ``fragment_clock`` in the
context; this tag works out, per post, what of the viewer changes it (the variant) and asks
community/core/fragments.py for the rendered HTML. What decides a variant is listed in ``_viewer`` and
``_variant``: anything the post templates read from the viewer must be there, or two members would share
a fragment that differs between them (their language is in every fragment key: ``fragments._prefix``).
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
        refusals.get("promote", ""),  # with the suspension below, what decides the knowledge promote button
        bool(getattr(user, "is_suspended", False)),
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


@register.simple_tag(takes_context=True)
def thread_page_variant(context) -> str | None:
    """Everything of the viewer the page body shows, as a short key; None (not cached) for a form with errors."""
    form = context.get("answer_form")
    if form is not None and form.is_bound:
        return None
    user, thread, outline = context["user"], context["thread"], context["thread_outline"]
    authored = user.is_authenticated and user.pk in outline.author_ids
    my_votes = context.get("my_votes") or {}
    votes = sorted((pk, my_votes[("answer", pk)]) for pk in outline.answer_ids if my_votes.get(("answer", pk)))
    parts = (
        _viewer(context),
        bool(context.get("is_following")),
        user.pk if authored else 0,
        getattr(thread, "my_vote", 0),
        votes,
        context["request"].get_full_path(),  # the log-in link returns here
    )
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:20]
