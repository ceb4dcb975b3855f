"""The rewards part of the moderators' CMS: rule profiles, the ledger, serial voting cases.

Rule values are edited here and saved through ``rewards.actions.save_rule_profile``
(activating one profile deactivates the others). The ledger and the serial
voting cases are read-only: the ledger is append-only by design, and cases
are written by ``rewards_detect_serial_votes``.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from community.core.cms import ReadOnlyViewSet
from rewards import actions
from rewards.models import LedgerEntry, RuleProfile, SerialVotingCase


class RuleProfileForm(forms.ModelForm):
    """Activating a profile here deactivates the active one on save, so the
    one-active-profile constraint is enforced by the action, not the form."""

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.add("is_active")
        return exclude


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
        "privilege_upvote",
        "privilege_comment_everywhere",
        "privilege_downvote",
        "privilege_edit_others",
        "privilege_post_links",
        "new_member_max_links",
        "privilege_flag",
        "spam_flags_to_hide",
        "privilege_promote",
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
    items = (RuleProfileViewSet, LedgerViewSet, SerialVotingViewSet)
