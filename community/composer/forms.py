"""The composer's forms: one per kind of thread, each with its own words, on top of the forum's forms.

The fields and their rules are the forum's (community/forum/forms.py, community/forum/actions.py); what a kind
adds is what helps a member write it well: the title's and body's placeholders and the guidance beside the form
(``GUIDES``, shown by templates/community/composer/compose_thread.html)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy

from community.forum.forms import ThreadForm


@dataclass(frozen=True)
class Guide:
    """What a kind of thread is for, and how to write one well."""

    kind: str
    name: Promise  # "Question"
    heading: Promise  # the page's title
    purpose: Promise  # one sentence on the chooser's card
    choose: Promise  # the card's link
    guide_title: Promise  # the guidance panel's heading
    advice: tuple[Promise, ...]
    example_title: Promise
    title_placeholder: Promise
    body_placeholder: Promise
    submit: Promise


GUIDES = {
    "question": Guide(
        kind="question",
        name=pgettext_lazy("kind of thread", "Question"),
        heading=gettext_lazy("Ask a question"),
        purpose=gettext_lazy(
            "You are stuck or unsure: the community helps you find an answer, and you accept the best one."
        ),
        choose=gettext_lazy("Ask a question"),
        guide_title=gettext_lazy("How to ask a good question"),
        advice=(
            gettext_lazy("Sum up the problem in the title, as a question."),
            gettext_lazy("Say what you want to happen, what happens instead, and what you already tried."),
            gettext_lazy("Add the exact error message and your version or device, if they matter."),
            gettext_lazy("Pick 1 to 5 tags so the people who know the topic find it."),
        ),
        example_title=gettext_lazy("Why do my notes not sync offline on Android 14?"),
        title_placeholder=gettext_lazy("e.g. Why do my notes not sync offline on Android 14?"),
        body_placeholder=gettext_lazy(
            "What are you trying to do?\n\nWhat happens instead (the exact error, if any)?\n\nWhat have you tried?"
        ),
        submit=gettext_lazy("Post your question"),
    ),
    "tip": Guide(
        kind="tip",
        name=pgettext_lazy("kind of thread", "Tip"),
        heading=gettext_lazy("Share a tip"),
        purpose=gettext_lazy(
            "You learned something useful: a shortcut, a setting, a way of working. Others save time."
        ),
        choose=gettext_lazy("Share a tip"),
        guide_title=gettext_lazy("Share what you learned"),
        advice=(
            gettext_lazy("Say in the title what the tip lets people do."),
            gettext_lazy("Give the steps in order; a numbered list reads best."),
            gettext_lazy("Say when it helps, and any catch you found."),
        ),
        example_title=gettext_lazy("Export every notebook at once with File → Export → Everything"),
        title_placeholder=gettext_lazy("e.g. Export every notebook at once with File → Export → Everything"),
        body_placeholder=gettext_lazy("When does this help?\n\n1. First step\n2. Second step\n\nAny catch?"),
        submit=gettext_lazy("Post your tip"),
    ),
    "idea": Guide(
        kind="idea",
        name=pgettext_lazy("kind of thread", "Idea"),
        heading=gettext_lazy("Suggest an idea"),
        purpose=gettext_lazy("Something could work better: suggest a change, members vote and the team replies."),
        choose=gettext_lazy("Suggest an idea"),
        guide_title=gettext_lazy("Suggest an improvement"),
        advice=(
            gettext_lazy("Start from the problem: what is hard or slow today?"),
            gettext_lazy("Say who would benefit, and how often it comes up."),
            gettext_lazy("Describe the change you suggest; a sketch in words is enough."),
            gettext_lazy("Search first: voting for an existing idea counts more than a second copy."),
        ),
        example_title=gettext_lazy("Let me pin notes to the top of a notebook"),
        title_placeholder=gettext_lazy("e.g. Let me pin notes to the top of a notebook"),
        body_placeholder=gettext_lazy(
            "The problem: what is hard today?\n\nWho benefits, and how often?\n\nThe change you suggest:"
        ),
        submit=gettext_lazy("Post your idea"),
    ),
}


class KindThreadForm(ThreadForm):
    """A new thread of one kind: the kind comes from the page, the placeholders from its guide."""

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        guide = GUIDES[kind]
        self.fields["title"].widget.attrs["placeholder"] = guide.title_placeholder
        self.fields["body"].widget.attrs["placeholder"] = guide.body_placeholder
