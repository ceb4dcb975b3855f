"""The catalogue, the team's side of the CMS (``/cms/rewards/…``, in the Rewards menu): perks, their codes, and
the redemption queue.

Only the community team (moderators: ``Member.is_moderator``) opens these screens: perks have a permission policy
of their own (``TeamPolicy``) instead of Django model permissions, so giving someone the team's group is all it
takes. Every change goes through ``rewards.actions``: ``perks.save_perk``/``upload_codes`` and
``redemptions.approve``/``reject``/``fulfil``; a stale page or a second click gets the action's refusal as a
message, never a second refund. Fulfilment details (address, size, phone) are shown here and nowhere else.
"""

from __future__ import annotations

import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.images.widgets import AdminImageChooser
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from community.core import permissions
from community.core.cms import ModeratorMenuItem, ModeratorMenuMixin, ModeratorRequiredMixin, SectionPageMixin
from community.core.errors import ActionConflict
from community.models import Member
from rewards.actions import perks as perk_actions
from rewards.actions import redemptions as redemption_actions
from rewards.actions.redeem import ADDRESS_FIELDS, perk_sizes
from rewards.models import Perk, PerkCode, Redemption

S = Redemption.Status
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class TeamPolicy(BasePermissionPolicy):
    """Whoever is on the community team may add, change and view perks; nobody else, whatever their permissions."""

    def user_has_permission(self, user, action):
        return action != "delete" and permissions.is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if set(actions) <= {"delete"}:
            return Member.objects.none()
        team = Member.objects.with_perm(
            Member.MODERATOR_PERMISSION, include_superusers=True, backend="django.contrib.auth.backends.ModelBackend"
        )
        return team.filter(is_active=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


register_permission_policy(Perk, TeamPolicy(Perk), exact_class=True)


class TeamOnlyMixin(ModeratorRequiredMixin):
    refusal = gettext_lazy("Only the community team can manage the rewards catalogue.")


# --- perks ---------------------------------------------------------------------------------------------------


# The catalogue's own pages under /rewards/: a perk with one of these addresses could never be reached.
RESERVED_SLUGS = frozenset({"points", "redemptions"})


class ImageChooser(AdminImageChooser):
    """Wagtail's image chooser, except that a form posted back with a malformed image id (not a number) renders
    as "no image chosen" beside the field's error instead of failing with a 500 (Wagtail catches only ids that do
    not exist)."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError):
            return None


class PerkForm(WagtailAdminModelForm):
    """The perk's fields, with the rules a catalogue needs checked before anything is saved."""

    class Meta:
        model = Perk
        fields = [
            "title",
            "title_fr",
            "slug",
            "description",
            "description_fr",
            "image",
            "kind",
            "cost",
            "stock",
            "min_reputation",
            "required_badge",
            "min_account_days",
            "per_member_limit",
            "available_from",
            "available_until",
            "asks_address",
            "asks_size",
            "sizes",
            "asks_phone",
            "uses_codes",
            "is_live",
            "sort_order",
        ]
        widgets = {"image": ImageChooser}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("The perk's address on the site. Leave it empty to make one from the title.")
        if self.instance.pk and self.instance.uses_codes:
            self.fields["stock"].disabled = True
            self.fields["stock"].help_text = _(
                "The codes not yet handed out: upload more codes to raise it (the Codes button above)."
            )

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title") or "")[:70]
        if slug in RESERVED_SLUGS:  # /rewards/points/ and /rewards/redemptions/ are the members' own pages
            if self.cleaned_data.get("slug"):
                raise ValidationError(_("This address is one of the catalogue's own pages: choose another one."))
            slug = f"{slug}-perk"
        if not slug:
            raise ValidationError(_("Give the perk an address made of letters, digits and hyphens."))
        taken = Perk.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            if self.cleaned_data.get("slug"):
                raise ValidationError(_("Another perk already has this address: choose another one."))
            slug = _unused_slug(slug, self.instance.pk)
        return slug

    def clean(self):
        data = super().clean()
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end <= start:
            self.add_error("available_until", _("The end of the availability window must come after its start."))
        if data.get("asks_size") and not perk_sizes(Perk(sizes=data.get("sizes") or "")):
            self.add_error("sizes", _("List the sizes members choose from, separated by commas (S, M, L, XL)."))
        if data.get("uses_codes"):
            if data.get("kind") != Perk.Kind.DIGITAL:
                self.add_error("uses_codes", _("Only a digital perk hands out codes: set its kind to Digital."))
            if data.get("asks_address") or data.get("asks_size") or data.get("asks_phone"):
                self.add_error(
                    "uses_codes",
                    _("A code is handed out at once, with no one to read an address, a size or a phone number."),
                )
        return data


def _unused_slug(slug: str, pk) -> str:
    taken = set(Perk.objects.filter(slug__startswith=slug).exclude(pk=pk).values_list("slug", flat=True))
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"


class PerkCreateView(generic.CreateView):
    def save_instance(self):
        return perk_actions.save_perk(self.form.instance, actor=self.request.user)


class PerkEditView(generic.EditView):
    def save_instance(self):
        return perk_actions.save_perk(self.form.instance, actor=self.request.user)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.object.uses_codes:
            left = perk_actions.free_codes(self.object)
            label = ngettext("Codes (%(left)s left)", "Codes (%(left)s left)", left) % {"left": left}
            buttons.append(
                HeaderButton(label, url=reverse("rewards_perks:codes", args=[self.object.pk]), icon_name="key")
            )
        return buttons


def _stock_left(perk: Perk) -> str:
    return _("unlimited") if perk.stock is None else str(perk.stock)


class PerkViewSet(ModelViewSet):
    model = Perk
    form_fields = PerkForm.Meta.fields
    name = "rewards_perks"
    url_prefix = "rewards/perks"
    icon = "pick"
    menu_label = gettext_lazy("Rewards catalogue")
    add_view_class = PerkCreateView
    edit_view_class = PerkEditView
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    search_fields = ["title", "description"]
    search_backend_name = None
    list_filter = ["kind", "is_live"]
    index_template_name = "rewards/cms/perk_index.html"
    ordering = ["sort_order", "cost", "pk"]
    list_display = [
        "title",  # the first column links to the perk's edit page
        Column("cost", label=gettext_lazy("Cost in points"), accessor="cost"),
        Column("stock", label=gettext_lazy("Units left"), accessor=_stock_left),
        Column("redeemed_count", label=gettext_lazy("Redeemed"), accessor="redeemed_count"),
        BooleanColumn("is_live", label=pgettext_lazy("perk", "Live")),
    ]

    def get_form_class(self, for_update=False):
        return PerkForm

    def get_urlpatterns(self):
        # No delete: a perk members redeemed stays for their history; untick "shown in the catalogue" instead.
        patterns = [p for p in super().get_urlpatterns() if p.name != "delete"]
        return [*patterns, path("<int:pk>/codes/", PerkCodesView.as_view(), name="codes")]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"delete_url_name": None, **kwargs})


class CodesForm(forms.Form):
    codes = forms.CharField(
        label=gettext_lazy("Codes, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocomplete": "off"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Or a file"),
        required=False,
        help_text=gettext_lazy(
            "A .txt file with one code per line, or a .csv file with the codes in its first column."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        name = upload.name.lower()
        if not name.endswith((".txt", ".csv")):
            raise ValidationError(_("Choose a .txt or a .csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 2 MB: split it into several uploads."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text: export it again as UTF-8.")) from None
        if name.endswith(".csv"):
            return [row[0] if row else "" for row in csv.reader(io.StringIO(text))]
        return text.splitlines()

    def lines(self) -> list[str]:
        return [*(self.cleaned_data.get("codes") or "").splitlines(), *(self.cleaned_data.get("file") or [])]


class PerkCodesView(TeamOnlyMixin, SectionPageMixin, WagtailAdminTemplateMixin, TemplateView):
    """Paste or upload a perk's codes; shows how many are left and handed out, never the codes themselves."""

    template_name = "rewards/cms/perk_codes.html"
    header_icon = "key"
    section_label = gettext_lazy("Rewards catalogue")
    section_url_name = "rewards_perks:index"

    def dispatch(self, request, *args, pk, **kwargs):
        self.perk = get_object_or_404(Perk, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Codes for “%(perk)s”") % {"perk": self.perk.title}

    def get_page_subtitle(self):
        return self.perk.title

    def post(self, request, *args, **kwargs):
        form = CodesForm(request.POST, request.FILES)
        if form.is_valid():
            lines = form.lines()
            try:
                added = perk_actions.upload_codes(self.perk, lines, actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                skipped = perk_actions.nonblank_count(lines) - added
                text = ngettext("%(added)s code added.", "%(added)s codes added.", added) % {"added": added}
                if skipped:
                    text += " " + ngettext(
                        "%(skipped)s skipped: repeated, or uploaded before.",
                        "%(skipped)s skipped: repeated, or uploaded before.",
                        skipped,
                    ) % {"skipped": skipped}
                messages.success(request, text)
                return redirect("rewards_perks:codes", self.perk.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        free = perk_actions.free_codes(self.perk)
        total = PerkCode.objects.filter(perk=self.perk).count()
        return {
            **super().get_context_data(**kwargs),
            "perk": self.perk,
            "form": kwargs.get("form") or CodesForm(),
            "free": free,
            "handed_out": total - free,
            "edit_url": reverse("rewards_perks:edit", args=[self.perk.pk]),
        }


# --- the redemption queue ------------------------------------------------------------------------------------

# The queue's tabs: what is waiting for the team first (pending before approved, oldest first).
VIEWS = {
    "open": (gettext_lazy("To handle"), (S.PENDING, S.APPROVED)),
    S.PENDING: (gettext_lazy("Waiting for approval"), (S.PENDING,)),
    S.APPROVED: (gettext_lazy("Approved, to send"), (S.APPROVED,)),
    S.FULFILLED: (pgettext_lazy("redemptions", "Fulfilled"), (S.FULFILLED,)),
    S.REJECTED: (pgettext_lazy("redemptions", "Rejected"), (S.REJECTED,)),
    "all": (pgettext_lazy("redemptions", "All"), tuple(S.values)),
}


class QueuePageMixin(TeamOnlyMixin, SectionPageMixin, WagtailAdminTemplateMixin):
    header_icon = "tasks"
    section_label = gettext_lazy("Redemptions")
    section_url_name = "rewards_redemptions:index"


class QueueView(QueuePageMixin, TemplateView):
    template_name = "rewards/cms/queue.html"
    page_title = gettext_lazy("Redemptions")
    is_index = True
    per_page = 50

    def get(self, request, *args, **kwargs):
        self.view = request.GET.get("status") or "open"
        if self.view not in VIEWS:
            message = _("Unknown status: choose one of the tabs.")
            return render(request, "community/core/cms/bad_request.html", {"message": message}, status=400)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        statuses = VIEWS[self.view][1]
        first = Case(When(status=S.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField())
        rows = (
            Redemption.objects.filter(status__in=statuses)
            .select_related("member", "perk")
            .order_by(first, "created_at", "pk")
        )
        if self.view in (S.FULFILLED, S.REJECTED, "all"):
            rows = rows.order_by("-created_at", "-pk")  # history: the latest first
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("p"))
        return {
            **super().get_context_data(**kwargs),
            "tabs": [(key, label) for key, (label, _statuses) in VIEWS.items()],
            "view": self.view,
            "page": page,
            "redemptions": list(page.object_list),
        }


class RedemptionView(QueuePageMixin, TemplateView):
    """One redemption: who, what, the fulfilment details (the team's eyes only), and the next steps."""

    template_name = "rewards/cms/redemption.html"

    def dispatch(self, request, *args, pk, **kwargs):
        self.redemption = get_object_or_404(Redemption.objects.select_related("member", "perk", "decided_by"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Redemption %(number)s") % {"number": self.redemption.pk}

    def get_page_subtitle(self):
        return self.redemption.perk.title

    def get_context_data(self, **kwargs):
        r = self.redemption
        labels = {
            "name": _("Name"),
            "street": _("Street"),
            "postcode": _("Postcode"),
            "city": _("City"),
            "country": _("Country"),
            "size": _("Size"),
            "phone": _("Phone"),
        }
        order = [*ADDRESS_FIELDS, "size", "phone"]
        details = [(labels.get(k, k), r.details[k]) for k in sorted(r.details or {}, key=_position(order))]
        return {
            **super().get_context_data(**kwargs),
            "r": r,
            "details": details,
            "code_handed_out": PerkCode.objects.filter(redemption=r).exists(),
            "can_decide": r.status in (S.PENDING, S.APPROVED),
            "retention_days": redemption_actions.retention_days(),
        }


def _position(order):
    return lambda key: (order.index(key) if key in order else len(order), key)


class StepForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason, shown to the member"),
        required=False,
        max_length=Redemption._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note or tracking number, shown to the member"),
        required=False,
        max_length=Redemption._meta.get_field("note").max_length,
    )


class StepView(QueuePageMixin, TemplateView):
    """GET: the confirmation of one step (with its reason or note field); POST: the step, through the action."""

    template_name = "rewards/cms/confirm_step.html"
    step = ""

    STEPS = {
        "approve": (
            gettext_lazy("Approve this redemption?"),
            gettext_lazy("The member is told it was approved. Mark it fulfilled once the perk is on its way."),
            gettext_lazy("Yes, approve"),
        ),
        "reject": (
            gettext_lazy("Reject this redemption?"),
            gettext_lazy("Its points go back to the member, its unit back to the stock; the member reads your reason."),
            gettext_lazy("Yes, reject and refund"),
        ),
        "fulfil": (
            gettext_lazy("Mark this redemption fulfilled?"),
            gettext_lazy(
                "The member is told it is on its way, with your note. Say what was sent, or the tracking number."
            ),
            gettext_lazy("Yes, mark fulfilled"),
        ),
    }

    def dispatch(self, request, *args, pk, **kwargs):
        self.redemption = get_object_or_404(Redemption.objects.select_related("member", "perk"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        allowed = (S.PENDING,) if self.step == "approve" else (S.PENDING, S.APPROVED)
        if self.redemption.status not in allowed:  # a stale link: say where it stands instead of asking
            messages.warning(request, redemption_actions.already(self.redemption.status))
            return redirect("rewards_redemptions:detail", self.redemption.pk)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.STEPS[self.step][0])

    def get_page_subtitle(self):
        return self.redemption.perk.title

    def get_context_data(self, **kwargs):
        title, consequence, confirm = self.STEPS[self.step]
        return {
            **super().get_context_data(**kwargs),
            "r": self.redemption,
            "step": self.step,
            "consequence": consequence,
            "confirm_label": confirm,
            "form": kwargs.get("form") or StepForm(),
            "cancel_url": reverse("rewards_redemptions:detail", args=[self.redemption.pk]),
        }

    def post(self, request, *args, **kwargs):
        form = StepForm(request.POST)
        detail = redirect("rewards_redemptions:detail", self.redemption.pk)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            if self.step == "approve":
                redemption_actions.approve(self.redemption, actor=request.user)
                done = _("Approved: the member has been told. Mark it fulfilled once it is on its way.")
            elif self.step == "reject":
                redemption_actions.reject(self.redemption, actor=request.user, reason=data["reason"])
                done = _("Rejected: the points are back on the member's balance and the member has been told.")
            else:
                redemption_actions.fulfil(self.redemption, actor=request.user, note=data["note"])
                done = _("Marked fulfilled: the member has been told.")
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except ActionConflict as exc:
            messages.warning(request, str(exc))
            return detail
        messages.success(request, done)
        return detail


class ApproveView(StepView):
    step = "approve"


class RejectView(StepView):
    step = "reject"


class FulfilView(StepView):
    step = "fulfil"


class RedemptionsMenuItem(ModeratorMenuItem):
    """ "Redemptions (3)": the sidebar counts the redemptions waiting for the team (pending, or approved and not yet
    sent), so a new request is seen at the next CMS page without a notice to every moderator. One COUNT over the
    queue's index, for moderators' CMS pages only."""

    def render_component(self, request):
        waiting = Redemption.objects.filter(status__in=[Redemption.Status.PENDING, Redemption.Status.APPROVED]).count()
        # Translators: a review queue in the CMS's menu with the number of items waiting in it, e.g. "First posts (3)".
        label = _("%(queue)s (%(count)s)") % {"queue": self.label, "count": waiting} if waiting else self.label
        return LinkMenuItemComponent(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


class RedemptionQueueViewSet(ModeratorMenuMixin, ViewSet):
    menu_item_class = RedemptionsMenuItem
    name = "rewards_redemptions"
    url_prefix = "rewards/redemptions"
    icon = "tasks"
    menu_label = gettext_lazy("Redemptions")

    def get_urlpatterns(self):
        return [
            path("", QueueView.as_view(), name="index"),
            path("<int:pk>/", RedemptionView.as_view(), name="detail"),
            path("<int:pk>/approve/", ApproveView.as_view(), name="approve"),
            path("<int:pk>/reject/", RejectView.as_view(), name="reject"),
            path("<int:pk>/fulfil/", FulfilView.as_view(), name="fulfil"),
        ]
