"""The moderators' CMS: threads, answers and comments in the Wagtail admin (``/cms/``).

Staff browse, search and filter every post (deleted ones included, marked
"Deleted"), edit threads and answers, and hide or restore any post. Every
change goes through ``community.moderation.actions``, the same functions the public
site uses, so revisions, Markdown rendering, counters and events stay right.
Nothing here writes a community row itself, and Wagtail's generic "add",
"copy", "delete" and "usage" views are switched off: a hard delete would
bypass the counters and events, and posts are written by members.

Access: Wagtail's ``wagtailadmin.access_admin`` plus the model permissions
(the "Moderators" group of migration 0004 has view + change on the three
models). The actions apply the same rule on the public site: a moderator is
whoever holds ``community.change_thread`` (``community.core.permissions.is_moderator``),
so the CMS and the site agree on who moderates.

Registered in ``community/wagtail_hooks.py``.
"""

from __future__ import annotations

from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from community.core import errors as core_errors
from community.core import permissions
from community.core.forms import apply_errors
from community.forum import actions
from community.forum.models import Answer, Comment, Thread
from community.moderation import actions as moderation_actions

# Wagtail log actions of hides and restores recorded before the audit log became their one record (kept so
# those old rows of a post's history still read in words).
HIDE_LOG_ACTION = "community.hide"
RESTORE_LOG_ACTION = "community.restore"
# The posts' names in the CMS's menus and breadcrumbs (the models' own verbose names are not translated).
POST_PLURALS = {
    "thread": gettext_lazy("Threads"),
    "answer": gettext_lazy("Answers"),
    "comment": gettext_lazy("Comments"),
}


def excerpt(text: str, length: int = 90) -> str:
    return Truncator(" ".join((text or "").split())).chars(length)


# --- listing columns ---------------------------------------------------------


class PostTitleColumn(ButtonsColumnMixin, TitleColumn):
    """The first column: a link to the post's edit (or inspect) page, with the row's buttons."""

    def __init__(self, name, *, view, **kwargs):
        super().__init__(name, get_url=view.get_row_url, **kwargs)
        self.view = view

    def get_buttons(self, instance, parent_context):
        return self.view.get_list_buttons(instance)


class StatusColumn(Column):
    """ "Deleted" (with who and when) or "Visible"."""

    cell_template_name = "community/moderation/cms/status_cell.html"

    def __init__(self, **kwargs):
        super().__init__("is_deleted", label=_("Status"), sort_key="is_deleted", **kwargs)


def author_column():
    return Column("author", label=_("Author"), accessor="author.username", sort_key="author__username")


def created_column():
    return DateColumn("created_at", label=pgettext_lazy("date column", "Created"), sort_key="created_at")


# --- filters -----------------------------------------------------------------


class PostFilterSet(WagtailFilterSet):
    is_deleted = django_filters.BooleanFilter(label=pgettext_lazy("post status", "Deleted"), widget=BooleanRadioSelect)


class ThreadFilterSet(PostFilterSet):
    kind = django_filters.ChoiceFilter(
        label=pgettext_lazy("kind of thread", "Kind"),
        choices=Thread.Kind.choices,
        widget=forms.RadioSelect,
        empty_label=pgettext_lazy("kinds of thread", "All"),
    )

    class Meta:
        model = Thread
        fields = ["is_deleted", "kind"]


class AnswerFilterSet(PostFilterSet):
    class Meta:
        model = Answer
        fields = ["is_deleted"]


class CommentFilterSet(PostFilterSet):
    class Meta:
        model = Comment
        fields = ["is_deleted"]


# --- buttons shared by the listing, edit and inspect pages --------------------


class PostButtonsMixin:
    """'View on site', 'Hide' and 'Restore' for one post, as the current moderator may use them."""

    hide_url_name = None
    restore_url_name = None

    def _with_next(self, url: str, next_url: str | None) -> str:
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def get_hide_url(self, instance, next_url=None):
        user = self.request.user
        if (
            self.hide_url_name
            and not instance.is_deleted
            and self.user_has_permission("change")
            and permissions.can_hide(user, instance)
        ):
            return self._with_next(reverse(self.hide_url_name, args=[instance.pk]), next_url)

    def get_restore_url(self, instance, next_url=None):
        if (
            self.restore_url_name
            and instance.is_deleted
            and self.user_has_permission("change")
            and permissions.can_restore(self.request.user)
        ):
            return self._with_next(reverse(self.restore_url_name, args=[instance.pk]), next_url)

    def get_post_menu_items(self, instance, next_url=None) -> list[MenuItem]:
        items = [MenuItem(_("View on site"), instance.get_absolute_url(), icon_name="link-external", priority=40)]
        if hide_url := self.get_hide_url(instance, next_url):
            items.append(MenuItem(pgettext_lazy("verb", "Hide"), hide_url, icon_name="no-view", priority=50))
        if restore_url := self.get_restore_url(instance, next_url):
            items.append(MenuItem(pgettext_lazy("verb", "Restore"), restore_url, icon_name="rotate", priority=50))
        return items

    def get_post_header_buttons(self, instance) -> list[Button]:
        return [Button.from_menu_item(item) for item in self.get_post_menu_items(instance)]


# --- listing -----------------------------------------------------------------


class PostIndexView(PostButtonsMixin, generic.IndexView):
    """A paginated list of every post, deleted ones included, in a constant number of queries."""

    related = ("author", "deleted_by")
    history_url_name = None

    def get_base_queryset(self):
        # The default manager: deleted posts stay listed (only members lose sight of them).
        return super().get_base_queryset().select_related(*self.related)

    def get_row_url(self, instance):
        return self.get_edit_url(instance) or self.get_inspect_url(instance)

    @cached_property
    def return_url(self):
        """The listing as the moderator sees it now (search, filters, page), to come back to."""
        params = self.request.GET.copy()
        params.pop("_w_filter_fragment", None)
        query = params.urlencode()
        return f"{self.index_url}?{query}" if query else self.index_url

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.history_url_name:
            buttons.append(
                MenuItem(
                    _("History"), reverse(self.history_url_name, args=[instance.pk]), icon_name="history", priority=35
                )
            )
        return buttons + self.get_post_menu_items(instance, next_url=self.return_url)


class ThreadIndexView(PostIndexView):
    @cached_property
    def columns(self):
        return [
            PostTitleColumn("title", label=_("Title"), sort_key="title", view=self),
            Column("kind", label=pgettext_lazy("kind of thread", "Kind"), accessor="get_kind_display", sort_key="kind"),
            author_column(),
            NumberColumn("score", label=_("Score"), sort_key="score"),
            NumberColumn("answer_count", label=_("Answers"), sort_key="answer_count"),
            created_column(),
            StatusColumn(),
        ]


class AnswerIndexView(PostIndexView):
    related = ("author", "deleted_by", "thread")

    @cached_property
    def columns(self):
        return [
            PostTitleColumn(
                "excerpt", label=pgettext_lazy("noun", "Answer"), accessor=lambda a: excerpt(a.body_md), view=self
            ),
            Column("thread", label=_("Thread"), accessor="thread.title", sort_key="thread__title"),
            author_column(),
            NumberColumn("score", label=_("Score"), sort_key="score"),
            created_column(),
            StatusColumn(),
        ]


def _comment_target(comment) -> str:
    title = excerpt(comment.thread.title, 60)
    if comment.answer_id:
        return _("An answer in “%(title)s”") % {"title": title}
    # Translators: a thread's title in quotes.
    return _("“%(title)s”") % {"title": title}


class CommentIndexView(PostIndexView):
    related = ("author", "deleted_by", "thread")

    @cached_property
    def columns(self):
        return [
            PostTitleColumn(
                "excerpt", label=pgettext_lazy("noun", "Comment"), accessor=lambda c: excerpt(c.body), view=self
            ),
            # Translators: the column saying what a comment is on (a thread, or an answer in a thread).
            Column("on", label=pgettext_lazy("comment on", "On"), accessor=_comment_target, sort_key="thread__title"),
            author_column(),
            created_column(),
            StatusColumn(),
        ]


# --- edit (threads and answers) -------------------------------------------------


BODY_HELP = gettext_lazy("Markdown. It is rendered again when you save, and a revision is recorded.")


def summary_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Edit summary"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Recorded with the revision."),
    )


class ThreadEditForm(forms.ModelForm):
    tags = forms.CharField(
        label=gettext_lazy("Tags"), max_length=200, help_text=gettext_lazy("One to five tags, separated by spaces.")
    )
    summary = summary_field()

    class Meta:
        model = Thread
        fields = ["title", "body_md"]
        labels = {"title": gettext_lazy("Title")}
        widgets = {"body_md": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"body_md": BODY_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial.setdefault("tags", " ".join(sorted(self.instance.tags.names())))


class AnswerEditForm(forms.ModelForm):
    summary = summary_field()

    class Meta:
        model = Answer
        fields = ["body_md"]
        widgets = {"body_md": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"body_md": BODY_HELP}


class PostEditView(PostButtonsMixin, generic.EditView):
    """Saves through ``community.moderation.actions`` (a revision, fresh HTML, an event), never ``form.save()``."""

    template_name = "community/moderation/cms/edit.html"
    success_message = None  # each post kind says it in a sentence of its own (below)
    can_delete = False  # soft deletion is "Hide"; the hard delete view is not registered
    field_map = {"body": "body_md"}

    def get_queryset(self):
        return self.model._default_manager.select_related("author", "deleted_by")

    def run_action(self, data):
        raise NotImplementedError

    def save_instance(self):
        with transaction.atomic():
            obj = self.run_action(self.form.cleaned_data)
            log(obj, "wagtail.edit", user=self.request.user)
        return obj

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_instance()
        except ValidationError as exc:
            apply_errors(form, exc, self.field_map)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response

    @cached_property
    def header_more_buttons(self):
        return super().header_more_buttons + self.get_post_header_buttons(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verbose_name"] = self.model._meta.verbose_name
        context["restore_url"] = self.get_restore_url(self.object)
        context["view_on_site_url"] = self.object.get_absolute_url()
        return context


class ThreadEditView(PostEditView):
    success_message = gettext_lazy("Thread “%(object)s” updated; a revision was recorded.")

    def run_action(self, data):
        return actions.edit_thread(
            self.request.user,
            self.object,
            title=data["title"],
            body=data["body_md"],
            tags=data["tags"],
            summary=data.get("summary", ""),
        )


class AnswerEditView(PostEditView):
    success_message = gettext_lazy("Answer “%(object)s” updated; a revision was recorded.")

    def get_queryset(self):
        return super().get_queryset().select_related("thread")

    def run_action(self, data):
        return actions.edit_answer(
            self.request.user, self.object, body=data["body_md"], summary=data.get("summary", "")
        )


class PostInspectView(PostButtonsMixin, generic.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(self.model._default_manager.select_related("author", "deleted_by"), pk=self.pk)

    @cached_property
    def header_more_buttons(self):
        return super().header_more_buttons + self.get_post_header_buttons(self.object)


# --- hide and restore ----------------------------------------------------------


class PostStateView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: a confirmation page. POST: ``actions.hide_post`` / ``restore_post``, a message, back to the list."""

    model = None
    permission_required = "change"
    index_url_name = None
    edit_url_name = None
    inspect_url_name = None
    header_icon = ""
    template_name = "community/moderation/cms/confirm_state.html"
    # Set by subclasses:
    verb = ""  # "hide" / "restore"
    page_title = ""
    # Per post kind ("thread", "answer", "comment"), each a whole sentence: "done" (the success message, with
    # %(object)s), "explanation", "wrong_state" (the post is hidden or visible already), "confirm" (the button).
    texts: dict = {}

    def get_object(self):
        related = ["author"] + (["thread"] if self.model is not Thread else [])
        return get_object_or_404(self.model._default_manager.select_related(*related), pk=self.kwargs["pk"])

    def in_target_state(self, obj) -> bool:
        raise NotImplementedError

    def perform(self, obj):
        raise NotImplementedError

    @cached_property
    def verbose_name(self):
        return self.model._meta.verbose_name

    def text(self, name: str) -> str:
        return str(self.texts[self.model._meta.model_name][name])

    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or reverse(self.index_url_name)

    def get_page_subtitle(self):
        return excerpt(str(self.object), 60)

    def get_breadcrumbs_items(self):
        plural = POST_PLURALS.get(self.model._meta.model_name) or capfirst(self.model._meta.verbose_name_plural)
        items = [{"url": reverse(self.index_url_name), "label": plural}]
        object_url = ""
        if self.edit_url_name and self.user_has_permission("change"):
            object_url = reverse(self.edit_url_name, args=[self.object.pk])
        elif self.inspect_url_name:
            object_url = reverse(self.inspect_url_name, args=[self.object.pk])
        items.append({"url": object_url, "label": self.get_page_subtitle()})
        items.append({"url": "", "label": self.page_title})
        return self.breadcrumbs_items + items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            verbose_name=self.verbose_name,
            verb=self.verb,
            explanation=self.text("explanation"),
            confirm_label=self.text("confirm"),
            action_url=self.request.get_full_path(),
            cancel_url=self.get_success_url(),
            view_on_site_url=self.object.get_absolute_url(),
        )
        return context

    def _wrong_state(self):
        messages.warning(self.request, self.text("wrong_state"))
        return HttpResponseRedirect(self.get_success_url())

    def allowed(self, obj) -> bool:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.in_target_state(self.object):
            return self._wrong_state()
        if not self.allowed(self.object):
            # The action would refuse (e.g. a group member who is not staff); say so before the POST.
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.POST.get("confirmed") != "1":
            # A POST that did not come from the confirmation's button (an old form, a stray request) acts on
            # nothing: it gets the confirmation to read first.
            return self.get(request, *args, **kwargs)
        try:
            self.perform(self.object)
        except core_errors.ActionConflict as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(self.get_success_url())
        # PermissionDenied propagates: the admin turns it into "you do not have permission".
        messages.success(request, self.text("done") % {"object": self.get_page_subtitle()})
        return HttpResponseRedirect(self.get_success_url())


class HidePostView(PostStateView):
    verb = "hide"
    page_title = pgettext_lazy("verb", "Hide")
    texts = {
        "thread": {
            "done": gettext_lazy("Thread “%(object)s” hidden: members no longer see it."),
            "explanation": gettext_lazy(
                "Members will no longer see this thread. It stays here, marked “Deleted”, and a moderator can "
                "restore it at any time."
            ),
            "wrong_state": gettext_lazy("Thread is already deleted."),
            "confirm": gettext_lazy("Yes, hide this thread"),
        },
        "answer": {
            "done": gettext_lazy("Answer “%(object)s” hidden: members no longer see it."),
            "explanation": gettext_lazy(
                "Members will no longer see this answer. It stays here, marked “Deleted”, and a moderator can "
                "restore it at any time."
            ),
            "wrong_state": gettext_lazy("Answer is already deleted."),
            "confirm": gettext_lazy("Yes, hide this answer"),
        },
        "comment": {
            "done": gettext_lazy("Comment “%(object)s” hidden: members no longer see it."),
            "explanation": gettext_lazy(
                "Members will no longer see this comment. It stays here, marked “Deleted”, and a moderator can "
                "restore it at any time."
            ),
            "wrong_state": gettext_lazy("Comment is already deleted."),
            "confirm": gettext_lazy("Yes, hide this comment"),
        },
    }

    def in_target_state(self, obj):
        return obj.is_deleted

    def allowed(self, obj):
        return permissions.can_hide(self.request.user, obj)

    def perform(self, obj):
        # The moderation action: its audit entry is the one record (no Wagtail log entry beside it).
        moderation_actions.moderate_hide(self.request.user, obj)


class RestorePostView(PostStateView):
    verb = "restore"
    page_title = pgettext_lazy("verb", "Restore")
    texts = {
        "thread": {
            "done": gettext_lazy("Thread “%(object)s” restored: members can see it again."),
            "explanation": gettext_lazy(
                "Members will see this thread again, and the counters that include it are updated."
            ),
            "wrong_state": gettext_lazy("Thread is not deleted."),
            "confirm": gettext_lazy("Yes, restore this thread"),
        },
        "answer": {
            "done": gettext_lazy("Answer “%(object)s” restored: members can see it again."),
            "explanation": gettext_lazy(
                "Members will see this answer again, and the counters that include it are updated."
            ),
            "wrong_state": gettext_lazy("Answer is not deleted."),
            "confirm": gettext_lazy("Yes, restore this answer"),
        },
        "comment": {
            "done": gettext_lazy("Comment “%(object)s” restored: members can see it again."),
            "explanation": gettext_lazy(
                "Members will see this comment again, and the counters that include it are updated."
            ),
            "wrong_state": gettext_lazy("Comment is not deleted."),
            "confirm": gettext_lazy("Yes, restore this comment"),
        },
    }

    def in_target_state(self, obj):
        return not obj.is_deleted

    def allowed(self, obj):
        return permissions.can_restore(self.request.user)

    def perform(self, obj):
        moderation_actions.moderate_restore(self.request.user, obj)


# --- viewsets ------------------------------------------------------------------


class PostViewSet(ModelViewSet):
    """A read / moderate viewset: list, search, filter, inspect, history, edit (if any), hide, restore."""

    add_to_reference_index = False  # no ReferenceIndex writes on every post save
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None  # plain ORM icontains search; no Wagtail search index needed
    list_per_page = 30
    ordering = "-created_at"
    edit_form_class = None  # no edit view unless set
    edit_view_class = PostEditView
    inspect_view_class = PostInspectView
    hide_view_class = HidePostView
    restore_view_class = RestorePostView

    @property
    def editable(self) -> bool:
        return self.edit_form_class is not None

    def get_common_view_kwargs(self, **kwargs):
        overrides = {
            "add_url_name": None,
            "delete_url_name": None,
            "usage_url_name": None,
            "hide_url_name": self.get_url_name("hide"),
            "restore_url_name": self.get_url_name("restore"),
            "inspect_url_name": self.get_url_name("inspect"),
        }
        if not self.editable:
            overrides["edit_url_name"] = None
        return super().get_common_view_kwargs(**{**overrides, **kwargs})

    def get_form_class(self, for_update=False):
        return self.edit_form_class

    def get_edit_handler(self):
        return None

    @property
    def hide_view(self):
        return self.construct_view(self.hide_view_class)

    @property
    def restore_view(self):
        return self.construct_view(self.restore_view_class)

    def get_urlpatterns(self):
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
        if self.editable:
            patterns.append(path("edit/<int:pk>/", self.edit_view, name="edit"))
        return patterns + [
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("hide/<int:pk>/", self.hide_view, name="hide"),
            path("restore/<int:pk>/", self.restore_view, name="restore"),
        ]

    def register_admin_url_finder(self):
        # "Edit this post" links elsewhere in the admin: the edit page, or the inspect page for comments.
        name = self.get_url_name("edit" if self.editable else "inspect")
        register_admin_url_finder(self.model, type("_PostURLFinder", (ModelAdminURLFinder,), {"edit_url_name": name}))


class ThreadViewSet(PostViewSet):
    model = Thread
    icon = "help"
    menu_label = POST_PLURALS["thread"]
    index_view_class = ThreadIndexView
    edit_view_class = ThreadEditView
    edit_form_class = ThreadEditForm
    filterset_class = ThreadFilterSet
    search_fields = ["title", "body_md", "author__username"]
    inspect_view_fields = [
        "title",
        "kind",
        "author",
        "created_at",
        "edited_at",
        "last_activity_at",
        "score",
        "answer_count",
        "comment_count",
        "is_deleted",
        "deleted_at",
        "deleted_by",
        "body_md",
    ]


class AnswerViewSet(PostViewSet):
    model = Answer
    icon = "openquote"
    menu_label = POST_PLURALS["answer"]
    index_view_class = AnswerIndexView
    edit_view_class = AnswerEditView
    edit_form_class = AnswerEditForm
    filterset_class = AnswerFilterSet
    search_fields = ["body_md", "author__username", "thread__title"]
    inspect_view_fields = [
        "thread",
        "author",
        "created_at",
        "edited_at",
        "score",
        "comment_count",
        "is_deleted",
        "deleted_at",
        "deleted_by",
        "body_md",
    ]


class CommentViewSet(PostViewSet):
    model = Comment
    icon = "comment"
    menu_label = POST_PLURALS["comment"]
    index_view_class = CommentIndexView
    filterset_class = CommentFilterSet
    search_fields = ["body", "author__username"]
    inspect_view_fields = ["thread", "answer", "author", "created_at", "is_deleted", "deleted_at", "deleted_by", "body"]


class CommunityViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Community")
    menu_icon = "group"
    menu_order = 150
    items = (
        ThreadViewSet("community_threads", url_prefix="community/threads"),
        AnswerViewSet("community_answers", url_prefix="community/answers"),
        CommentViewSet("community_comments", url_prefix="community/comments"),
    )
