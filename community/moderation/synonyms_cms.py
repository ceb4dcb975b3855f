"""The moderators' "Tag synonyms" screen in the CMS (``/cms/tag-synonyms/``): every synonym with its main tag, who
added it and when; a form to add one; Remove, after a confirmation.

Only moderators open it (``ModeratorRequiredMixin``; others get a 403 and no menu entry). Every change goes
through ``community.moderation.actions`` (``add_tag_synonym`` merges a tag of the synonym's name into the main
one, writes the audit log and emits the event), so this module writes no row itself. Registered in
``community/wagtail_hooks.py``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from community.core.cms import ModeratorMenuMixin, ModeratorRequiredMixin, SectionPageMixin
from community.core.errors import ActionConflict
from community.core.forms import apply_errors
from community.forum.models import Tag, TagSynonym
from community.moderation import actions

# How many of the most used tags the main-tag field offers as you type (a <datalist>: no script needed).
TAG_CHOICES = 200


class TagSynonymForm(forms.Form):
    synonym = forms.CharField(
        label=gettext_lazy("Synonym"),
        max_length=100,
        help_text=gettext_lazy(
            "The other name members type, e.g. “js”. A tag of that name is merged into the main tag."
        ),
    )
    tag = forms.CharField(
        label=gettext_lazy("Main tag"),
        max_length=100,
        help_text=gettext_lazy("The existing tag posts will carry instead, e.g. “javascript”."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("For the audit log (optional)."),
    )


class SynonymPageMixin(ModeratorRequiredMixin, SectionPageMixin, WagtailAdminTemplateMixin):
    refusal = gettext_lazy("Only moderators can manage tag synonyms.")
    header_icon = "tag"
    section_label = gettext_lazy("Tag synonyms")
    section_url_name = "community_tag_synonyms:index"


def synonym_list(query: str):
    """The synonyms with their main tag and who added them, in the same query, alphabetically."""
    rows = TagSynonym.objects.select_related("tag", "created_by").order_by("synonym", "pk")
    if query:
        rows = rows.filter(Q(synonym__icontains=query) | Q(tag__name__icontains=query))
    return rows


class SynonymIndexView(SynonymPageMixin, TemplateView):
    """GET: the list and the add form. POST: add a synonym (the form again, with its errors, on a 400)."""

    template_name = "community/moderation/cms/tag_synonyms.html"
    page_title = gettext_lazy("Tag synonyms")
    is_index = True
    per_page = 50

    def get_context_data(self, **kwargs):
        query = " ".join(self.request.GET.get("q", "").split())[:80]
        page = Paginator(synonym_list(query), self.per_page).get_page(self.request.GET.get("p"))
        return {
            **super().get_context_data(**kwargs),
            "page": page,
            "synonyms": list(page.object_list),
            "query": query,
            "form": kwargs.get("form") or TagSynonymForm(),
            "tag_choices": list(
                Tag.objects.filter(thread_count__gt=0)
                .order_by("-thread_count", "name")
                .values_list("name", flat=True)[:TAG_CHOICES]
            ),
        }

    def post(self, request, *args, **kwargs):
        form = TagSynonymForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                row = actions.add_tag_synonym(request.user, data["synonym"], data["tag"], reason=data["reason"])
            except ValidationError as exc:
                apply_errors(form, exc, {})
            except ActionConflict as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _added_message(row, data["tag"]))
                return redirect("community_tag_synonyms:index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _added_message(row: TagSynonym, asked: str) -> str:
    text = _("“%(synonym)s” is now a synonym of “%(tag)s”: posts with it carry “%(tag)s”.") % {
        "synonym": row.synonym,
        "tag": row.tag.name,
    }
    if asked.strip().lower() not in (row.tag.name, row.tag.slug):
        # Translators: the main tag asked for was itself a synonym; the new one leads to the tag it stands for.
        text += " " + _("(“%(asked)s” is itself a synonym of “%(tag)s”.)") % {
            "asked": asked.strip(),
            "tag": row.tag.name,
        }
    return text


class SynonymRemoveView(SynonymPageMixin, TemplateView):
    """GET: what removing does. POST (confirmed): remove it."""

    template_name = "community/moderation/cms/tag_synonym_remove.html"
    page_title = gettext_lazy("Remove a tag synonym")

    def dispatch(self, request, *args, pk, **kwargs):
        self.synonym = get_object_or_404(TagSynonym.objects.select_related("tag", "created_by"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.synonym)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "synonym": self.synonym}

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirmed") != "1":
            return self.get(request, *args, **kwargs)
        try:
            actions.remove_tag_synonym(request.user, self.synonym, reason=request.POST.get("reason", "")[:300])
        except ActionConflict as exc:
            messages.warning(request, str(exc))
        else:
            messages.success(
                request,
                _("“%(synonym)s” is no longer a synonym of “%(tag)s”.")
                % {"synonym": self.synonym.synonym, "tag": self.synonym.tag.name},
            )
        return redirect("community_tag_synonyms:index")


class TagSynonymsViewSet(ModeratorMenuMixin, ViewSet):
    icon = "tag"
    menu_label = gettext_lazy("Tag synonyms")
    add_to_admin_menu = True
    menu_order = 207  # after the review queues and the audit log: the moderators' tools

    def get_urlpatterns(self):
        return [
            path("", SynonymIndexView.as_view(), name="index"),
            path("<int:pk>/remove/", SynonymRemoveView.as_view(), name="remove"),
        ]


tag_synonyms_viewset = TagSynonymsViewSet("community_tag_synonyms", url_prefix="tag-synonyms")
