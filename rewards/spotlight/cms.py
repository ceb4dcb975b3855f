"""The team's recognition screens in the CMS (Rewards › Recognition, ``/cms/rewards/recognition/``).

- **Member of the month**: a month (the last complete one unless the team picks another), its shortlist with
  each figure and the combined rank (``queries.WEIGHTS``), a "Name as member of the month" button per row;
- **Tag champions**: the same month, a tag, the tag's shortlist, "Name as champion";
- **Name**: the citation (required, at most 600 characters), then a preview of how the home page will show it
  and a confirmation; publishing goes through ``rewards.actions.spotlight.publish_recognition``;
- **Past recognitions**: every pick, newest month first.

Only moderators and the community team open them (``ModeratorRequiredMixin``: a 403 for anyone else).
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from community.core.cms import ModeratorMenuMixin, ModeratorRequiredMixin, SectionPageMixin
from community.core.errors import ActionConflict
from community.models import Member, Tag
from rewards.actions.spotlight import CITATION_MAX, publish_recognition
from rewards.models import Recognition
from rewards.rules import active_profile
from rewards.spotlight import queries

K = Recognition.Kind


class RecognitionOnlyMixin(ModeratorRequiredMixin):
    refusal = gettext_lazy("Only the community team can name members of the month and tag champions.")


class SpotlightPageMixin(RecognitionOnlyMixin, SectionPageMixin, WagtailAdminTemplateMixin):
    header_icon = "pick"
    section_label = gettext_lazy("Member of the month")
    section_url_name = "rewards_spotlight:index"
    tab = ""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "tab": self.tab}


def _bad_request(request, exc: ValidationError):
    return render(request, "community/core/cms/bad_request.html", {"message": " ".join(exc.messages)}, status=400)


def month_value(month: date) -> str:
    """The month as the month field writes it (``YYYY-MM``)."""
    return f"{month.year:04d}-{month.month:02d}"


def month_label(month: date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


class MonthMixin:
    """Reads ``?month=YYYY-MM`` (default: the last complete month); a malformed or future month is a 400."""

    def dispatch(self, request, *args, **kwargs):
        source = request.POST if request.method == "POST" else request.GET
        try:
            self.month = queries.parse_month(source.get("month"))
            self.read_target(source)
        except ValidationError as exc:
            return _bad_request(request, exc)
        return super().dispatch(request, *args, **kwargs)

    def read_target(self, source) -> None:
        """What else the page's address names (a view's own parameters); raise ``ValidationError`` if wrong."""

    def month_context(self) -> dict:
        return {
            "month": self.month,
            "month_value": month_value(self.month),
            "month_label": month_label(self.month),
            "month_max": month_value(queries.this_month()),
            "previous_month": month_value(queries.add_months(self.month, -1)),
            "next_month": month_value(queries.add_months(self.month, 1)) if self.month < queries.this_month() else "",
            "is_incomplete": self.month >= queries.this_month(),
            "weights": queries.WEIGHTS,
        }


class MemberOfTheMonthView(SpotlightPageMixin, MonthMixin, TemplateView):
    template_name = "rewards/spotlight/cms/month.html"
    page_title = gettext_lazy("Member of the month")
    is_index = True
    tab = "month"

    def get_page_subtitle(self):
        return month_label(self.month)

    def get_context_data(self, **kwargs):
        picks = queries.picks_of_month(self.month)
        named = next((p for p in picks if p.kind == K.MEMBER_OF_THE_MONTH), None)
        return {
            **super().get_context_data(**kwargs),
            **self.month_context(),
            "named": named,
            "candidates": [] if named else queries.shortlist(self.month),
            "points": active_profile().member_of_the_month_points,
            "kind": K.MEMBER_OF_THE_MONTH,
        }


class TagChampionsView(SpotlightPageMixin, MonthMixin, TemplateView):
    template_name = "rewards/spotlight/cms/tags.html"
    page_title = gettext_lazy("Tag champions")
    tab = "tags"

    def get_page_subtitle(self):
        return month_label(self.month)

    def get(self, request, *args, **kwargs):
        slug = request.GET.get("tag", "").strip()
        self.tag = Tag.objects.filter(slug=slug).first() if slug else None
        if slug and self.tag is None:
            return _bad_request(
                request, ValidationError(_("No tag “%(tag)s”: choose one from the list.") % {"tag": slug})
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        champion = None
        candidates = []
        if self.tag is not None:
            champion = (
                Recognition.objects.filter(kind=K.TAG_CHAMPION, month=self.month, tag=self.tag)
                .select_related("member")
                .first()
            )
            if champion is None:
                candidates = queries.shortlist(self.month, tag=self.tag)
        return {
            **super().get_context_data(**kwargs),
            **self.month_context(),
            "tags": queries.tags_to_champion(self.month),
            "tag": self.tag,
            "named": champion,
            "candidates": candidates,
            "points": active_profile().tag_champion_points,
            "kind": K.TAG_CHAMPION,
        }


class CitationForm(forms.Form):
    citation = forms.CharField(
        label=gettext_lazy("Citation"),
        max_length=CITATION_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": CITATION_MAX}),
        help_text=gettext_lazy(
            "Why the community thanks this member, in a sentence or two (at most 600 characters). It is shown "
            "on the home page and on their profile, as you write it."
        ),
        error_messages={
            "required": gettext_lazy("Write a citation: a sentence or two on why the community thanks this member."),
        },
    )


class NameView(SpotlightPageMixin, MonthMixin, TemplateView):
    """GET: the citation form. POST ``step=preview``: how it will read, and a confirmation. POST
    ``step=publish``: publish it (``publish_recognition``) and go back to the month's page."""

    template_name = "rewards/spotlight/cms/name.html"

    def read_target(self, source) -> None:
        self.kind = source.get("kind", K.MEMBER_OF_THE_MONTH)
        if self.kind not in K.values:
            raise ValidationError(_("Choose member of the month or tag champion."))
        member_id = source.get("member", "")
        if not member_id.isdigit():
            raise ValidationError(_("Choose a member from the shortlist."))
        self.member = get_object_or_404(Member, pk=int(member_id))
        self.tag = None
        if self.kind == K.TAG_CHAMPION:
            self.tag = Tag.objects.filter(slug=source.get("tag", "")).first()
            if self.tag is None:
                raise ValidationError(_("Choose the tag this member is the champion of."))

    def get_page_title(self):
        if self.kind == K.TAG_CHAMPION:
            return _("Name %(member)s champion of “%(tag)s”") % {
                "member": self.member.public_name,
                "tag": self.tag.name,
            }
        return _("Name %(member)s member of the month") % {"member": self.member.public_name}

    def get_page_subtitle(self):
        return month_label(self.month)

    def back_url(self) -> str:
        if self.kind == K.TAG_CHAMPION:
            return f"{reverse('rewards_spotlight:tags')}?{urlencode({'month': month_value(self.month), 'tag': self.tag.slug})}"
        return f"{reverse('rewards_spotlight:index')}?{urlencode({'month': month_value(self.month)})}"

    def get_context_data(self, **kwargs):
        profile = active_profile()
        return {
            **super().get_context_data(**kwargs),
            "form": kwargs.get("form") or CitationForm(),
            "step": kwargs.get("step", "write"),
            "error": kwargs.get("error", ""),
            "kind": self.kind,
            "member": self.member,
            "tag": self.tag,
            "month_value": month_value(self.month),
            "month_label": month_label(self.month),
            "points": profile.member_of_the_month_points
            if self.kind == K.MEMBER_OF_THE_MONTH
            else profile.tag_champion_points,
            "back_url": self.back_url(),
            "citation_max": CITATION_MAX,
        }

    def post(self, request, *args, **kwargs):
        form = CitationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        step = request.POST.get("step")
        if step == "edit":  # back from the preview: the citation as written, to change
            return self.render_to_response(self.get_context_data(form=form))
        if step != "publish":
            return self.render_to_response(self.get_context_data(form=form, step="preview"))
        try:
            recognition = publish_recognition(
                request.user,
                kind=self.kind,
                member=self.member,
                month=self.month,
                citation=form.cleaned_data["citation"],
                tag=self.tag,
            )
        except ActionConflict as exc:
            messages.warning(request, str(exc))
            return redirect(self.back_url())
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(form=form, error=" ".join(exc.messages)), status=400)
        if recognition.kind == K.TAG_CHAMPION:
            text = _(
                "%(member)s is the champion of “%(tag)s” for %(month)s. They are told, with the badge and the points."
            )
        else:
            text = _(
                "%(member)s is the member of the month for %(month)s. They are told, with the badge and the points."
            )
        messages.success(
            request,
            text
            % {
                "member": self.member.public_name,
                "tag": self.tag.name if self.tag else "",
                "month": month_label(self.month),
            },
        )
        return redirect(self.back_url())


class PastRecognitionsView(SpotlightPageMixin, TemplateView):
    template_name = "rewards/spotlight/cms/past.html"
    page_title = gettext_lazy("Past recognitions")
    tab = "past"
    per_page = 30

    def get_context_data(self, **kwargs):
        page = Paginator(queries.past_recognitions(), self.per_page).get_page(self.request.GET.get("p"))
        return {**super().get_context_data(**kwargs), "page": page, "recognitions": list(page.object_list)}


class SpotlightViewSet(ModeratorMenuMixin, ViewSet):
    icon = "pick"
    menu_label = gettext_lazy("Member of the month")

    def get_urlpatterns(self):
        return [
            path("", MemberOfTheMonthView.as_view(), name="index"),
            path("tags/", TagChampionsView.as_view(), name="tags"),
            path("name/", NameView.as_view(), name="name"),
            path("past/", PastRecognitionsView.as_view(), name="past"),
        ]


spotlight_viewset = SpotlightViewSet("rewards_spotlight", url_prefix="rewards/recognition")
