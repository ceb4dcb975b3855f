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
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from community.core import errors as core_errors
from community.core import permissions
from community.core.audit import action_label
from community.core.cms import ModeratorRequiredMixin, ReadOnlyViewSet
from community.core.models import AuditEntry
from community.forum.forms import parse_thread_reference
from community.forum.models import Member, Tag
from community.moderation import actions
from community.moderation.models import Flag, ReviewTask


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
        counts = dict(
            ReviewTask.objects.filter(status=ReviewTask.Status.OPEN).values_list("queue").annotate(n=Count("pk"))
        )
        tasks = list(
            ReviewTask.objects.filter(queue=queue, status=ReviewTask.Status.OPEN)
            .select_related(
                "thread",
                "thread__author",
                "answer",
                "answer__author",
                "comment",
                "comment__author",
                "suggested_edit",
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
                flags_by_target.setdefault((flag.target_kind, flag.target.pk), []).append(flag)
        for t in tasks:
            t.open_flags = flags_by_target.get((t.target_kind, t.target.pk if t.target else None), [])
            t.author = t.suggested_edit.author if t.suggested_edit_id else getattr(t.target, "author", None)
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


def review_action(request, pk):
    """POST one decision on one review item; back to its queue with a message."""
    if not permissions.is_moderator(request.user):
        raise PermissionDenied(_("Only moderators can review."))
    if request.method != "POST":
        return redirect("community_review")
    task = get_object_or_404(ReviewTask, pk=pk)
    form = ReviewActionForm(request.POST)
    back = reverse("community_review_queue", args=[task.queue])
    if not form.is_valid():
        problems = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, _("That action is not possible: %(problems)s") % {"problems": problems})
        return redirect(back)
    data = form.cleaned_data
    decision, reason = data["decision"], data["reason"]
    original = parse_thread_reference(data["original"]) if decision == "duplicate" else None
    try:
        actions.decide_review(request.user, task, decision, reason=reason, original=original, days=data["days"] or 0)
    except (ValidationError, core_errors.ActionConflict, PermissionDenied) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
        return redirect(back)
    messages.success(request, DONE[decision])
    return redirect(back)


class MergeTagsForm(forms.Form):
    source = forms.CharField(max_length=100, label=gettext_lazy("Merge this tag"))
    target = forms.CharField(max_length=100, label=gettext_lazy("into this tag"))
    reason = forms.CharField(max_length=300, required=False, label=gettext_lazy("Reason"))


class MergeTagsView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "community/moderation/cms/merge_tags.html"
    page_title = gettext_lazy("Merge tags")
    header_icon = "tag"

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
        path("review/task/<int:pk>/", review_action, name="community_review_action"),
        path("review/merge-tags/", MergeTagsView.as_view(), name="community_merge_tags"),
        path("review/suspend/<str:username>/", SuspendView.as_view(), name="community_suspend"),
    ]


def open_count() -> int:
    return ReviewTask.objects.filter(status=ReviewTask.Status.OPEN).count()


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


class AuditLogViewSet(ReadOnlyViewSet):
    model = AuditEntry
    name = "community_audit"
    url_prefix = "review/audit"
    icon = "history"
    menu_label = gettext_lazy("Audit log")
    add_to_admin_menu = False
    search_fields = ["actor__username", "member__username", "target_label", "reason"]
    filterset_class = AuditFilterSet
    ordering = "-created_at"
    list_per_page = 50
    list_display = [
        DateColumn("created_at", label=gettext_lazy("When")),
        Column("actor", label=gettext_lazy("Moderator"), accessor="actor"),
        Column("action", label=gettext_lazy("Action"), accessor=lambda entry: action_label(entry.action)),
        Column("target_label", label=gettext_lazy("On")),
        Column("member", label=gettext_lazy("Member"), accessor="member"),
        Column("reason", label=gettext_lazy("Reason")),
    ]
    inspect_view_fields = [
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "member",
        "reason",
    ]
