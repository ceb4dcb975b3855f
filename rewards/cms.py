"""The rewards part of the moderators' CMS: rule profiles, the ledger, serial voting cases.

Rule values are edited here and saved through ``rewards.actions.save_rule_profile``
(activating one profile deactivates the others). The ledger and the serial
voting cases are read-only: the ledger is append-only by design, and cases
are written by ``rewards_detect_serial_votes``.
"""

from __future__ import annotations

import uuid

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from community.core import permissions
from community.core.cms import ModeratorRequiredMixin, ReadOnlyViewSet, SectionPageMixin
from community.models import Member
from rewards import actions
from rewards.actions import points as points_actions
from rewards.catalogue_cms import PerkViewSet, RedemptionQueueViewSet
from rewards.models import LedgerEntry, PointsEntry, RuleProfile, SerialVotingCase


class RuleProfileForm(forms.ModelForm):
    """Activating a profile here deactivates the active one on save, so the
    one-active-profile constraint is enforced by the action, not the form."""

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.add("is_active")
        return exclude

    def clean(self):
        cleaned = super().clean()
        smallest, largest = cleaned.get("bounty_min_amount"), cleaned.get("bounty_max_amount")
        if smallest is not None and largest is not None and smallest > largest:
            self.add_error("bounty_max_amount", _("The largest bounty cannot be smaller than the smallest."))
        return cleaned


class RuleProfileCreateView(generic.CreateView):
    def save_instance(self):
        return actions.save_rule_profile(self.form.instance)


class RuleProfileEditView(generic.EditView):
    def save_instance(self):
        return actions.save_rule_profile(self.form.instance)


class RuleProfileViewSet(ModelViewSet):
    model = RuleProfile
    name = "rewards_rules"
    url_prefix = "rewards/rules"
    icon = "cogs"
    menu_label = _("Reputation rules")
    add_view_class = RuleProfileCreateView
    edit_view_class = RuleProfileEditView
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["name", "is_active", "question_upvote", "answer_upvote", "accept_author", "daily_vote_cap"]
    form_fields = [
        "name",
        "description",
        "is_active",
        "question_upvote",
        "tip_upvote",
        "answer_upvote",
        "post_downvoted",
        "answer_downvote_cost",
        "accept_author",
        "accept_acceptor",
        "article_published",
        "daily_vote_cap",
        "points_percent",
        "privilege_upvote",
        "privilege_comment_everywhere",
        "privilege_downvote",
        "privilege_edit_others",
        "privilege_post_links",
        "new_member_max_links",
        "privilege_flag",
        "spam_flags_to_hide",
        "privilege_promote",
        # Bounties (community.bounties): who may offer, how much, on what, how long, and the automatic half.
        "bounty_min_reputation",
        "bounty_min_amount",
        "bounty_max_amount",
        "bounty_min_question_age_days",
        "bounty_days",
        "bounty_auto_min_score",
        # The team's recognition: the reward points each title brings.
        "member_of_the_month_points",
        "tag_champion_points",
    ]

    def get_form_class(self, for_update=False):
        return forms.modelform_factory(
            self.model, form=RuleProfileForm, formfield_callback=self.formfield_for_dbfield, fields=self.form_fields
        )

    def get_urlpatterns(self):
        # No delete: past ledger entries were paid under these rules, and one profile is always active.
        return [p for p in super().get_urlpatterns() if p.name not in {"delete"}]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"delete_url_name": None, **kwargs})


class LedgerFilterSet(WagtailFilterSet):
    reason = django_filters.ChoiceFilter(choices=LedgerEntry.Reason.choices, empty_label=_("Any reason"))

    class Meta:
        model = LedgerEntry
        fields = ["reason"]


class LedgerIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("member", "thread")


class LedgerViewSet(ReadOnlyViewSet):
    model = LedgerEntry
    name = "rewards_ledger"
    url_prefix = "rewards/ledger"
    icon = "list-ul"
    menu_label = _("Reputation ledger")
    index_view_class = LedgerIndexView
    filterset_class = LedgerFilterSet
    search_fields = ["member__username", "note", "origin"]
    ordering = "-created_at"
    list_display = [
        Column("member", label=_("Member"), accessor="member.username"),
        Column("points", label=_("Points")),
        Column("reason", label=_("Reason"), accessor="get_reason_display"),
        Column("thread", label=_("Thread"), accessor="thread"),
        DateColumn("created_at", label=_("When")),
    ]
    inspect_view_fields = [
        "member",
        "points",
        "reason",
        "origin",
        "thread",
        "answer",
        "actor",
        "day",
        "counts_toward_cap",
        "note",
        "created_at",
    ]


# --- reward points (rewards/actions/points.py): the spendable balance's own ledger, read-only like reputation's ---


class PointsLedgerFilterSet(WagtailFilterSet):
    reason = django_filters.ChoiceFilter(choices=PointsEntry.Reason.choices, empty_label=_("Any reason"))

    class Meta:
        model = PointsEntry
        fields = ["reason"]


class PointsLedgerIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("member", "redemption__perk")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if permissions.is_moderator(self.request.user):
            buttons.append(
                HeaderButton(_("Adjust a member’s points"), url=reverse("rewards_points:adjust"), icon_name="plus")
            )
        return buttons


class PointsAdjustForm(forms.Form):
    member = forms.CharField(label=_("Member"), max_length=150, help_text=_("Their username, as on their profile."))
    points = forms.IntegerField(
        label=_("Points"), help_text=_("Positive to give points, negative to take them. Reputation does not change.")
    )
    note = forms.CharField(
        label=_("Why"),
        max_length=200,
        help_text=_("The member reads this note beside the change in their points history."),
    )
    key = forms.CharField(widget=forms.HiddenInput)

    def clean_member(self):
        username = self.cleaned_data["member"].strip().lstrip("@")
        member = Member.objects.filter(username__iexact=username, is_active=True).first()
        if member is None:
            raise forms.ValidationError(_("No active member has this username."))
        return member


class PointsAdjustView(ModeratorRequiredMixin, SectionPageMixin, WagtailAdminTemplateMixin, TemplateView):
    """Give or take a member's reward points by hand, with a note (``rewards.actions.points.adjust``, audited)."""

    template_name = "rewards/cms/points_adjust.html"
    header_icon = "list-ol"
    section_label = _("Reward points")
    section_url_name = "rewards_points:index"
    refusal = _("Only the community team can adjust reward points.")

    def get_page_title(self):
        return _("Adjust a member’s points")

    def post(self, request, *args, **kwargs):
        form = PointsAdjustForm(request.POST)
        if form.is_valid():
            member = form.cleaned_data["member"]
            try:
                entry = points_actions.adjust(
                    member,
                    form.cleaned_data["points"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                    key=form.cleaned_data["key"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("%(points)s reward points for %(member)s; their balance is now %(balance)s.")
                    % {
                        "points": f"{entry.points:+d}",
                        "member": member.username,
                        "balance": points_actions.balance(member.pk),
                    },
                )
                return redirect(f"{reverse('rewards_points:index')}?q={member.username}")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or PointsAdjustForm(
            initial={"member": self.request.GET.get("member", "")[:150], "key": uuid.uuid4().hex}
        )
        return {**super().get_context_data(**kwargs), "form": form}


class PointsLedgerViewSet(ReadOnlyViewSet):
    """Every change to members' reward points; search by member name, filter by reason. Corrections are entries
    (``rewards_recompute_points``), never edits."""

    model = PointsEntry
    name = "rewards_points"
    url_prefix = "rewards/points"
    icon = "list-ol"
    menu_label = _("Reward points")
    index_view_class = PointsLedgerIndexView
    filterset_class = PointsLedgerFilterSet
    search_fields = ["member__username", "origin", "note"]
    ordering = "-created_at"
    list_display = [
        Column("member", label=_("Member"), accessor="member.username"),
        Column("points", label=_("Points")),
        Column("reason", label=_("Reason"), accessor="get_reason_display"),
        Column("origin", label=_("Origin")),
        Column("redemption", label=_("Redemption"), accessor="redemption"),
        DateColumn("created_at", label=_("When")),
    ]
    inspect_view_fields = ["member", "points", "reason", "origin", "redemption", "actor", "note", "created_at"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("adjust/", PointsAdjustView.as_view(), name="adjust")]


class SerialVotingViewSet(ReadOnlyViewSet):
    model = SerialVotingCase
    name = "rewards_serial_voting"
    url_prefix = "rewards/serial-voting"
    icon = "warning"
    menu_label = _("Serial voting")
    search_fields = ["voter__username", "author__username"]
    ordering = "-detected_at"
    list_display = [
        Column("voter", label=_("Voter"), accessor="voter.username"),
        Column("author", label=_("Author"), accessor="author.username"),
        Column("vote_count", label=_("Votes")),
        Column("points_reversed", label=_("Reputation reversed")),
        DateColumn("first_vote_at", label=_("First vote")),
        DateColumn("detected_at", label=_("Detected")),
    ]
    inspect_view_fields = [
        "voter",
        "author",
        "vote_count",
        "points_reversed",
        "first_vote_at",
        "last_vote_at",
        "detected_at",
    ]


class RewardsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Rewards")
    menu_icon = "pick"
    menu_order = 310
    # The catalogue and its queue first (rewards/catalogue_cms.py): the team's daily work, then the rules.
    items = (
        PerkViewSet,
        RedemptionQueueViewSet,
        RuleProfileViewSet,
        LedgerViewSet,
        PointsLedgerViewSet,
        SerialVotingViewSet,
    )
