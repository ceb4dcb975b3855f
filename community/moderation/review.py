"""The moderators' review queues in the Wagtail admin (``/cms/review/``).

One page per queue (flags, first posts, late answers, suggested edits), each
item with the actions a moderator needs. Views only parse the form and call
``community.moderation.actions``; every action writes the audit log and tells the
affected member why.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.ui.sidebar import SubMenuItem as SubMenuItemComponent
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from community.core import errors as core_errors
from community.core import permissions
from community.core.audit import action_label, describe
from community.core.cms import ModeratorMenuItem, ModeratorRequiredMixin, ReadOnlyViewSet
from community.core.models import AuditEntry
from community.core.rendering import render_markdown
from community.forum.forms import parse_thread_reference
from community.forum.models import Member, Tag
from community.moderation import actions
from community.moderation.models import Flag, ReviewTask
from community.moderation.queries import open_counts


class QueueView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "community/moderation/cms/review_queue.html"
    page_title = pgettext_lazy("moderators' review", "Review")
    header_icon = "tasks"
    per_page = 20

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queue = self.kwargs.get("queue") or ReviewTask.Queue.FLAGS
        if queue not in ReviewTask.Queue.values:
            queue = ReviewTask.Queue.FLAGS
        counts = open_counts()
        tasks = list(
            ReviewTask.objects.filter(queue=queue, status=ReviewTask.Status.OPEN)
            # The posts are joined, their authors and threads come in a query each: PostgreSQL took 6 ms to plan
            # the eleven-table join, for a queue of 20 (0.8 ms for five tables).
            .select_related("thread", "answer", "comment", "suggested_edit")
            .prefetch_related(
                "thread__author",
                "answer__author",
                "answer__thread",
                "comment__author",
                "comment__thread",
                "suggested_edit__author",
            )
            .order_by("created_at")[: self.per_page]
        )
        flags_by_target: dict = {}
        if queue == ReviewTask.Queue.FLAGS and tasks:
            selection = Q()
            for t in tasks:
                if t.comment_id:
                    selection |= Q(comment_id=t.comment_id)
                elif t.answer_id:
                    selection |= Q(answer_id=t.answer_id)
                else:
                    selection |= Q(thread_id=t.thread_id, answer=None, comment=None)
            for flag in Flag.objects.filter(selection, status=Flag.Status.OPEN).select_related(
                "flagger", "duplicate_of"
            ):
                flags_by_target.setdefault((flag.target_kind, flag.target_id), []).append(flag)
        for t in tasks:
            t.open_flags = flags_by_target.get((t.target_kind, t.target_id), [])
            t.author = t.suggested_edit.author if t.suggested_edit_id else getattr(t.target, "author", None)
            # The close-as-duplicate field starts with the original a flag named (the newest flag first).
            t.flagged_original = next((f.duplicate_of for f in t.open_flags if f.duplicate_of_id), None)
            # What the moderator reads: the post as members see it (its sanitised HTML), never raw Markdown.
            t.suggested_html = render_markdown(t.suggested_edit.body_md) if t.suggested_edit_id else ""
        context.update(
            queue=queue,
            queues=[(value, label, counts.get(value, 0)) for value, label in ReviewTask.Queue.choices],
            tasks=tasks,
            total=counts.get(queue, 0),
        )
        return context


class ReviewActionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (d, d)
            for d in (
                "approve",
                "dismiss",
                "hide",
                "restore",
                "reject",
                "lock",
                "unlock",
                "duplicate",
                "suspend",
            )
        ]
    )
    reason = forms.CharField(max_length=300, required=False)
    original = forms.CharField(max_length=300, required=False)
    days = forms.IntegerField(min_value=0, max_value=3650, required=False)
    confirmed = forms.BooleanField(required=False)


# What the queue says once a decision is carried out.
DONE = {
    "approve": gettext_lazy("Done: approved."),
    "dismiss": gettext_lazy("Done: flags dismissed."),
    "hide": gettext_lazy("Done: hidden."),
    "restore": gettext_lazy("Done: restored."),
    "reject": gettext_lazy("Done: edit rejected."),
    "lock": gettext_lazy("Done: thread locked."),
    "unlock": gettext_lazy("Done: thread unlocked."),
    "duplicate": gettext_lazy("Done: closed as a duplicate."),
    "suspend": gettext_lazy("Done: author suspended."),
}

# Decisions that take something away from members: the queue asks before carrying them out.
NEEDS_CONFIRMATION = ("hide", "lock", "duplicate", "suspend")


class ReviewActionView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """POST one decision on one review item. Hiding, locking, closing as a duplicate and suspending first
    answer with a confirmation page saying what will happen (its button posts the same decision, confirmed);
    a POST without that confirmation changes nothing. Works without JavaScript."""

    template_name = "community/moderation/cms/confirm_decision.html"
    header_icon = "warning"
    refusal = gettext_lazy("Only moderators can review.")

    def get_page_title(self):
        return {
            "hide": _("Hide this post?"),
            "lock": _("Lock this thread?"),
            "duplicate": _("Close as a duplicate?"),
            "suspend": _("Suspend this member?"),
        }.get(self.decision, _("Confirm"))

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("community_review_queue", args=[self.task.queue]), "label": _("Review queues")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, pk):
        return redirect("community_review")

    def post(self, request, pk):
        self.task = task = get_object_or_404(
            ReviewTask.objects.select_related("thread", "answer__thread", "comment__thread", "suggested_edit"), pk=pk
        )
        form = ReviewActionForm(request.POST)
        back = reverse("community_review_queue", args=[task.queue]) + f"#task-{task.pk}"
        if not form.is_valid():
            problems = "; ".join(e for errs in form.errors.values() for e in errs)
            messages.error(request, _("That action is not possible: %(problems)s") % {"problems": problems})
            return redirect(back)
        data = form.cleaned_data
        self.decision = decision = data["decision"]
        reason = " ".join(data["reason"].split())
        original = parse_thread_reference(data["original"]) if decision == "duplicate" else None
        if decision in NEEDS_CONFIRMATION and not data["confirmed"]:
            problem = self._not_possible(decision, reason, original, data["days"])
            if problem:
                messages.error(request, problem)
                return redirect(back)
            return self.render_to_response(
                self.get_context_data(
                    task=task,
                    decision=decision,
                    reason=reason,
                    original=original,
                    days=data["days"],
                    consequence=self._consequence(task, decision, original, data["days"]),
                    confirm_label=self._confirm_label(decision),
                    cancel_url=back,
                )
            )
        try:
            actions.decide_review(
                request.user, task, decision, reason=reason, original=original, days=data["days"] or 0
            )
        except (ValidationError, core_errors.ActionConflict, PermissionDenied) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text)
            return redirect(back)
        messages.success(request, DONE[decision])
        return redirect(reverse("community_review_queue", args=[task.queue]))

    def _not_possible(self, decision, reason, original, days) -> str:
        """What would make the decision fail, said before the confirmation rather than after it."""
        if decision == "duplicate" and original is None:
            return _("Give the original thread's number or link.")
        if decision == "suspend" and not days:
            return _("Suspend for at least one day.")
        if decision == "suspend" and not reason:
            return _("Tell the member why they are suspended.")
        return ""

    def _consequence(self, task, decision, original, days) -> str:
        target = task.target
        thread = target if task.target_kind == "thread" else getattr(target, "thread", None)
        title = thread.title if thread else ""
        author = task.suggested_edit.author if task.suggested_edit_id else getattr(target, "author", None)
        name = author.public_name if author else ""
        if decision == "hide":
            return {
                "thread": _(
                    "Members will no longer see the thread “%(title)s” by %(name)s. A moderator can restore it; "
                    "%(name)s is told why."
                ),
                "answer": _(
                    "Members will no longer see this answer by %(name)s to “%(title)s”. A moderator can restore "
                    "it; %(name)s is told why."
                ),
                "comment": _(
                    "Members will no longer see this comment by %(name)s in “%(title)s”. A moderator can restore "
                    "it; %(name)s is told why."
                ),
            }[task.target_kind] % {"title": title, "name": name}
        if decision == "lock":
            return _(
                "“%(title)s” will take no new answers, comments or votes until a moderator unlocks it. Its "
                "author is told why."
            ) % {"title": title}
        if decision == "duplicate":
            return _(
                "“%(title)s” will be closed as a duplicate of “%(original)s”: it takes no new answers and sends "
                "readers to the original. Its author is told."
            ) % {"title": title, "original": original.title}
        return ngettext(
            "%(name)s will not be able to post, comment, vote or flag for %(days)s day, and this post is "
            "hidden. They are told the reason.",
            "%(name)s will not be able to post, comment, vote or flag for %(days)s days, and this post is "
            "hidden. They are told the reason.",
            days,
        ) % {"name": name, "days": days}

    def _confirm_label(self, decision) -> str:
        return {
            "hide": _("Yes, hide it"),
            "lock": _("Yes, lock the thread"),
            "duplicate": _("Yes, close as a duplicate"),
            "suspend": _("Yes, suspend the author"),
        }[decision]


class MergeTagsForm(forms.Form):
    source = forms.CharField(max_length=100, label=gettext_lazy("Merge this tag"))
    target = forms.CharField(max_length=100, label=gettext_lazy("into this tag"))
    reason = forms.CharField(max_length=300, required=False, label=gettext_lazy("Reason"))


class MergeTagsView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "community/moderation/cms/merge_tags.html"
    page_title = gettext_lazy("Merge tags")
    header_icon = "tag"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("community_review"), "label": _("Review queues")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MergeTagsForm())
        return context

    def post(self, request):
        form = MergeTagsForm(request.POST)
        if form.is_valid():
            source = Tag.objects.filter(slug=form.cleaned_data["source"].strip().lower()).first()
            target = Tag.objects.filter(slug=form.cleaned_data["target"].strip().lower()).first()
            if source is None or target is None:
                form.add_error(None, _("Both tags must exist (use their names, e.g. “sync”)."))
            else:
                try:
                    moved = actions.merge_tags(request.user, source, target, reason=form.cleaned_data["reason"])
                except ValidationError as exc:
                    form.add_error(None, exc.messages)
                else:
                    merged = ngettext(
                        "Merged “%(source)s” into “%(target)s”: %(count)s thread moved.",
                        "Merged “%(source)s” into “%(target)s”: %(count)s threads moved.",
                        moved,
                    ) % {"source": source.name, "target": target.name, "count": moved}
                    messages.success(request, merged)
                    return redirect("community_merge_tags")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SuspendForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Days"), min_value=0, max_value=3650, help_text=gettext_lazy("0 lifts a suspension.")
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SuspendView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "community/moderation/cms/suspend.html"
    page_title = gettext_lazy("Suspend a member")
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("community_review"), "label": _("Review queues")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member"] = get_object_or_404(Member, username=self.kwargs["username"])
        context.setdefault("form", SuspendForm())
        return context

    def get(self, request, username):
        member = get_object_or_404(Member, username=username)
        refusal = actions.moderator_suspension_refusal(request.user, member)
        if refusal:  # say so instead of a form that could only be refused
            return self.render_to_response(self.get_context_data(refusal=refusal), status=403)
        return super().get(request, username=username)

    def post(self, request, username):
        member = get_object_or_404(Member, username=username)
        form = SuspendForm(request.POST)
        status = 400
        if form.is_valid() and form.cleaned_data["days"] and request.POST.get("confirmed") != "1":
            # Suspending asks first (lifting one does not): what will happen, then the same form, confirmed.
            refusal = actions.moderator_suspension_refusal(request.user, member)
            if not refusal and member.pk != request.user.pk and not form.cleaned_data["reason"].strip():
                form.add_error("reason", _("Tell the member why they are suspended."))
            elif not refusal and member.pk != request.user.pk:
                return self.render_to_response(self.get_context_data(form=form, confirming=True))
        if form.is_valid():
            try:
                actions.suspend_member(
                    request.user, member, days=form.cleaned_data["days"], reason=form.cleaned_data["reason"]
                )
            except PermissionDenied as exc:  # another moderator: a 403 with the reason, not the CMS's redirect
                form.add_error(None, str(exc))
                status = 403
            except (ValidationError, core_errors.ActionConflict) as exc:
                form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
            else:
                messages.success(request, _("%(name)s: suspension saved.") % {"name": member.public_name})
                return redirect("community_review")
        return self.render_to_response(self.get_context_data(form=form), status=status)


def urlpatterns():
    return [
        path("review/", QueueView.as_view(), name="community_review"),
        path("review/queue/<str:queue>/", QueueView.as_view(), name="community_review_queue"),
        path("review/task/<int:pk>/", ReviewActionView.as_view(), name="community_review_action"),
        path("review/merge-tags/", MergeTagsView.as_view(), name="community_merge_tags"),
        path("review/suspend/<str:username>/", SuspendView.as_view(), name="community_suspend"),
    ]


# --- the audit log (read-only) -------------------------------------------------


class AuditFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label=gettext_lazy("Action"),
        choices=lambda: [
            (a, action_label(a)) for a in AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        ],
        empty_label=gettext_lazy("Any action"),
    )
    target_type = django_filters.ChoiceFilter(
        label=gettext_lazy("On"),
        choices=[
            ("thread", pgettext_lazy("kind of target", "thread")),
            ("answer", pgettext_lazy("kind of target", "answer")),
            ("comment", pgettext_lazy("kind of target", "comment")),
            ("member", pgettext_lazy("kind of target", "member")),
            ("tag", pgettext_lazy("kind of target", "tag")),
        ],
        empty_label=gettext_lazy("Anything"),
    )

    class Meta:
        model = AuditEntry
        fields = ["action", "target_type"]


class AuditIndexView(IndexView):
    """The log's rows with their moderator and member in the same query (a constant number per page)."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor", "member")


class AuditInspectView(InspectView):
    """One entry, in words: what happened (a sentence with links), who, when and why — no stored codes."""

    fields_labels = {
        "created_at": gettext_lazy("When"),
        "actor": gettext_lazy("Moderator"),
        "action": gettext_lazy("What happened"),
        "member": gettext_lazy("Member"),
        "reason": gettext_lazy("Reason"),
    }

    def get_object(self, queryset=None):
        return get_object_or_404(AuditEntry.objects.select_related("actor", "member"), pk=self.pk)

    def get_field_label(self, field_name, field):
        return str(self.fields_labels.get(field_name) or super().get_field_label(field_name, field))

    def get_action_display_value(self):
        return describe(self.object)

    def get_actor_display_value(self):
        return self.object.actor.username if self.object.actor else _("The community (automatic)")

    def get_member_display_value(self):
        return self.object.member.username if self.object.member else "—"

    def get_reason_display_value(self):
        return self.object.reason or "—"


def _actor_name(entry) -> str:
    return entry.actor.username if entry.actor else _("The community (automatic)")


class AuditLogViewSet(ReadOnlyViewSet):
    model = AuditEntry
    name = "community_audit"
    url_prefix = "review/audit"
    icon = "history"
    menu_label = gettext_lazy("Audit log")
    add_to_admin_menu = False
    index_view_class = AuditIndexView
    inspect_view_class = AuditInspectView
    search_fields = ["actor__username", "member__username", "target_label", "reason"]
    filterset_class = AuditFilterSet
    ordering = "-created_at"
    list_per_page = 50
    list_display = [
        DateColumn("created_at", label=gettext_lazy("When")),
        Column("actor", label=gettext_lazy("Moderator"), accessor=_actor_name),
        Column("action", label=gettext_lazy("What happened"), accessor=describe),
        Column("reason", label=gettext_lazy("Reason")),
    ]
    inspect_view_fields = ["created_at", "actor", "action", "member", "reason"]


# --- how many items wait: the CMS's sidebar and dashboard ------------------------------------------------


def _with_count(label, count: int) -> str:
    # Translators: a review queue in the CMS's menu with the number of items waiting in it, e.g. "First posts (3)".
    return _("%(queue)s (%(count)s)") % {"queue": label, "count": count}


class QueueMenuItem(ModeratorMenuItem):
    """One review queue in the sidebar, its open items counted (from the shared cache, ``queries.open_counts``)."""

    def __init__(self, queue: str, label, order: int):
        super().__init__(
            label,
            reverse("community_review_queue", args=[queue]),
            name=f"review-{queue}",
            icon_name="tasks",
            order=order,
        )
        self.queue = queue

    def render_component(self, request):
        return LinkMenuItemComponent(
            self.name,
            _with_count(self.label, open_counts().get(self.queue, 0)),
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class ReviewQueuesMenuItem(SubmenuMenuItem):
    """ "Review queues (12)": a submenu with each queue and its count, then the tag merge and the audit log."""

    def __init__(self, order: int):
        items = [
            QueueMenuItem(value, label, order=index) for index, (value, label) in enumerate(ReviewTask.Queue.choices)
        ]
        items += [
            ModeratorMenuItem(
                gettext_lazy("Merge tags"),
                reverse("community_merge_tags"),
                name="review-merge-tags",
                icon_name="tag",
                order=50,
            ),
        ]
        super().__init__(
            gettext_lazy("Review queues"), Menu(items=items), name="review-queues", icon_name="tasks", order=order
        )

    def is_shown(self, request):
        return permissions.is_moderator(request.user)

    def render_component(self, request):
        return SubMenuItemComponent(
            self.name,
            _with_count(self.label, sum(open_counts().values())),
            self.menu.render_component(request),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class QueuePanel(Component):
    """The CMS's dashboard: how many items wait in each review queue, each a link to its queue."""

    name = "community_review_queues"
    template_name = "community/moderation/cms/queue_panel.html"
    order = 40  # above the KPIs: what waits for a moderator comes first

    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        return permissions.is_moderator(self.request.user)

    def get_context_data(self, parent_context=None):
        counts = open_counts()
        return {
            "queues": [
                (label, counts.get(value, 0), reverse("community_review_queue", args=[value]))
                for value, label in ReviewTask.Queue.choices
            ],
            "total": sum(counts.values()),
        }

    def render_html(self, parent_context=None):
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)
