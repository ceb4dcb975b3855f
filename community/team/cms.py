"""The community team's CMS pages: the KPI dashboard (+ CSV) and the dissatisfaction watch.

Under **Community team** in the Wagtail admin (``/cms/community-team/…``) and
a KPI panel on the admin home page. Only moderators
(``community.core.permissions.is_moderator``) see the menu, the panel and the
pages; anyone else gets a 403. Figures come from ``community.team.kpis``; marking a
watch item handled goes through ``community.team.actions``. Registered in
``community/wagtail_hooks.py``.
"""

from __future__ import annotations

import csv

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from community.core import errors as core_errors
from community.core import permissions
from community.core.cms import ModeratorMenuMixin, ModeratorRequiredMixin
from community.team import actions, kpis, watch
from community.team.models import DissatisfactionItem


class TeamOnlyMixin(ModeratorRequiredMixin):
    refusal = gettext_lazy("Only the community team can see this.")


class CareBreadcrumbsMixin:
    """Home › Community team › <this page>, with the page title in the header."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]


def _bad_request(request, exc: ValidationError):
    return render(request, "community/core/cms/bad_request.html", {"message": " ".join(exc.messages)}, status=400)


# --- KPIs ---------------------------------------------------------------------------------------------


class KpiDashboardView(TeamOnlyMixin, CareBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "community/team/cms/kpis.html"
    page_title = gettext_lazy("Community KPIs")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        try:
            self.period = kpis.parse_period(request.GET)
        except ValidationError as exc:
            return _bad_request(request, exc)
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.period.label

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures, programme = kpis.kept(self.period)
        chart = kpis.questions_chart(figures.per_day)
        chart_label, chart_head, chart_rows = (
            kpis.questions_chart_table(chart, figures.per_day) if chart else ("", [], [])
        )
        context.update(
            k=figures,
            period=self.period,
            presets=kpis.PRESETS,
            chart=chart,
            chart_label=chart_label,
            chart_head=chart_head,
            chart_rows=chart_rows,
            response=kpis.response_chart(figures),
            median=kpis.duration(figures.median_seconds),
            p90=kpis.duration(figures.p90_seconds),
            shares=figures.shares,
            watch_open=watch.open_count(),
            programme=programme,
            export_daily=f"{reverse('community_kpis:export')}?{self.period.query()}&report=daily",
            export_summary=f"{reverse('community_kpis:export')}?{self.period.query()}&report=summary",
        )
        return context


class KpiExportView(TeamOnlyMixin, View):
    """CSV: ``report=daily`` (one row per day) or ``report=summary`` (one row per KPI)."""

    def get(self, request):
        try:
            period = kpis.parse_period(request.GET)
            report = request.GET.get("report", "daily")
            if report not in ("daily", "summary"):
                raise ValidationError(_("The report is daily or summary."))
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")
        figures = kpis.compute(period, details=report == "daily")
        if report == "daily":
            figures.per_day = kpis.per_day(period)
        rows = kpis.csv_daily(figures) if report == "daily" else kpis.csv_summary(figures)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"guildhall-kpis-{report}-{period.first_day.isoformat()}-{period.last_day.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        csv.writer(response).writerows(rows)
        return response


class KpiPanel(Component):
    """The admin home page: the last 7 days at a glance, for moderators."""

    name = "community_kpis"
    template_name = "community/team/cms/kpi_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def is_shown(self, parent_context=None) -> bool:
        return permissions.is_moderator(self.request.user)

    def get_context_data(self, parent_context=None):
        period = kpis.parse_period({"days": "7"})
        figures, _programme = kpis.kept(period, details=False)
        return {
            "k": figures,
            "shares": figures.shares,
            "median": kpis.duration(figures.median_seconds),
            "p90": kpis.duration(figures.p90_seconds),
            "watch_open": watch.open_count(),
            "dashboard_url": reverse("community_kpis:index"),
            "watch_url": reverse("community_watch:index"),
        }

    def render_html(self, parent_context=None):
        if not self.is_shown(parent_context):
            return ""
        return super().render_html(parent_context)


# --- dissatisfaction watch ---------------------------------------------------------------------------


class WatchListView(TeamOnlyMixin, CareBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "community/team/cms/watch.html"
    page_title = gettext_lazy("Dissatisfaction watch")
    header_icon = "warning"
    per_page = 30

    def get(self, request, *args, **kwargs):
        self.state = request.GET.get("state", "open")
        if self.state not in ("open", "handled"):
            return _bad_request(request, ValidationError(_("The state is open or handled.")))
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return pgettext("watch items", "Open") if self.state == "open" else pgettext("watch items", "Handled")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(watch.watch_list(self.state), self.per_page).get_page(self.request.GET.get("p"))
        context.update(page=page, items=list(page.object_list), state=self.state, open_count=watch.open_count())
        return context


class WatchHandleView(TeamOnlyMixin, View):
    """POST: mark an item handled (``handled=1``, with an optional note) or open it again (``handled=0``)."""

    def post(self, request, pk):
        item = get_object_or_404(DissatisfactionItem, pk=pk)
        choice = request.POST.get("handled", "1")
        try:
            if choice == "1":
                actions.mark_dissatisfaction_handled(request.user, item, note=request.POST.get("note", ""))
                messages.success(request, _("Marked handled."))
            elif choice == "0":
                actions.reopen_dissatisfaction(request.user, item)
                messages.success(request, _("Opened again."))
            else:
                raise ValidationError(_("“handled” is 1 or 0."))
        except core_errors.ActionConflict as exc:
            messages.warning(request, str(exc))
            return redirect(reverse("community_watch:index"))
        except ValidationError as exc:
            return _bad_request(request, exc)
        state = "handled" if choice == "0" else "open"
        return redirect(
            f"{reverse('community_watch:index')}?state={state}"
            if state == "handled"
            else reverse("community_watch:index")
        )


# --- menu and URLs -----------------------------------------------------------------------------------------


class CareViewSet(ModeratorMenuMixin, ViewSet):
    """The community team's screens: in the menu for moderators only."""


class KpiViewSet(CareViewSet):
    icon = "table"
    menu_label = gettext_lazy("KPIs")

    def get_urlpatterns(self):
        return [
            path("", KpiDashboardView.as_view(), name="index"),
            path("export.csv", KpiExportView.as_view(), name="export"),
        ]


class WatchViewSet(CareViewSet):
    icon = "warning"
    menu_label = gettext_lazy("Dissatisfaction watch")

    def get_urlpatterns(self):
        return [
            path("", WatchListView.as_view(), name="index"),
            path("<int:pk>/handled/", WatchHandleView.as_view(), name="handle"),
        ]


class CommunityTeamGroup(ViewSetGroup):
    menu_label = gettext_lazy("Community team")
    menu_icon = "group"
    menu_order = 160
    items = (
        KpiViewSet("community_kpis", url_prefix="community-team/kpis"),
        WatchViewSet("community_watch", url_prefix="community-team/watch"),
    )
