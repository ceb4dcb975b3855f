"""CMS pieces of the knowledge pages: a chooser for community threads (pinned threads).

Threads are not in Wagtail's search index, so the chooser searches titles with the ORM (or takes a
thread number). Registered in ``community/wagtail_hooks.py``; the widget is named explicitly by
``KnowledgePinnedThread``'s panel (``register_widget`` is off, so no other form of the CMS changes).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from community.forum.models import Thread


class ThreadFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=gettext_lazy("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Title words or thread number")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            number = query.lstrip("#")
            objects = (
                objects.filter(pk=int(number)) if number.isdigit() else objects.filter(title__icontains=query[:100])
            )
        return objects


class _ThreadChooserMixin:
    filter_form_class = ThreadFilterForm
    ordering = ["-score", "-created_at"]

    def get_object_list(self):
        return Thread.objects.filter(is_deleted=False).only("pk", "title", "score", "created_at")


class ThreadChooseView(_ThreadChooserMixin, ChooseView):
    pass


class ThreadChooseResultsView(_ThreadChooserMixin, ChooseResultsView):
    pass


class ThreadChooserViewSet(ChooserViewSet):
    model = Thread
    icon = "doc-full"
    choose_one_text = gettext_lazy("Choose a thread")
    choose_another_text = gettext_lazy("Choose another thread")
    # Translators: the chooser's link that opens the chosen thread.
    edit_item_text = pgettext_lazy("verb", "Open")
    register_widget = False
    choose_view_class = ThreadChooseView
    choose_results_view_class = ThreadChooseResultsView
    per_page = 20


thread_chooser_viewset = ThreadChooserViewSet("community_thread_chooser", url_prefix="community/thread-chooser")
