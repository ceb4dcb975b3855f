"""The moderators' webhook screens in the CMS (``/cms/webhooks/…``): endpoints, their form, the delivery log.

Only moderators (``ModeratorRequiredMixin``) open them; every change goes through ``community.webhooks.actions``.
Registered in ``community/wagtail_hooks.py``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton

from community.core.cms import ModeratorMenuMixin, ModeratorRequiredMixin, SectionPageMixin
from community.core.errors import ActionConflict
from community.core.forms import apply_errors
from community.webhooks import actions, queries
from community.webhooks.forms import EndpointForm
from community.webhooks.models import WebhookDelivery, WebhookEndpoint

FIELD_MAP = {"events_chosen": "events"}


class WebhooksOnlyMixin(ModeratorRequiredMixin):
    refusal = gettext_lazy("Only moderators can manage webhooks.")


class WebhookPageMixin(WebhooksOnlyMixin, SectionPageMixin, WagtailAdminTemplateMixin):
    header_icon = "link"
    section_label = gettext_lazy("Webhooks")
    section_url_name = "community_webhooks:index"


# --- endpoints ----------------------------------------------------------------------------------------------


class EndpointIndexView(WebhookPageMixin, TemplateView):
    template_name = "community/webhooks/endpoints.html"
    page_title = gettext_lazy("Webhooks")
    is_index = True

    @property
    def header_buttons(self):
        return [HeaderButton(_("Add endpoint"), url=reverse("community_webhooks:add"), icon_name="plus")]

    def get_context_data(self, **kwargs):
        endpoints = list(queries.endpoints_with_latest())
        for endpoint in endpoints:
            status = endpoint.latest_status
            endpoint.latest_status_label = WebhookDelivery.Status(status).label if status else ""
        return {**super().get_context_data(**kwargs), "endpoints": endpoints}


class EndpointFormView(WebhookPageMixin, FormView):
    template_name = "community/webhooks/endpoint_form.html"
    form_class = EndpointForm
    endpoint = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "endpoint": self.endpoint}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            endpoint = actions.save_endpoint(
                self.request.user,
                self.endpoint,
                url=data["url"],
                events_chosen=data["events"],
                unanswered_hours=data["unanswered_hours"],
                secret=data["secret"],
                description=data["description"],
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            apply_errors(form, exc, FIELD_MAP)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message(endpoint))
        return redirect("community_webhooks:edit", endpoint.pk)

    def form_invalid(self, form):
        messages.validation_error(self.request, _("The endpoint was not saved: please check the fields below."), form)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "endpoint": self.endpoint,
            "action_url": self.request.path,
            "submit_button_label": _("Save"),
            "submit_button_active_label": _("Saving…"),
        }


class EndpointCreateView(EndpointFormView):
    page_title = gettext_lazy("Add a webhook endpoint")
    header_icon = "plus"

    def saved_message(self, endpoint):
        return _("Endpoint added. Copy its secret into the receiver to verify the signatures.")


class EndpointEditView(EndpointFormView):
    page_title = gettext_lazy("Webhook endpoint")

    def dispatch(self, request, *args, pk, **kwargs):
        self.endpoint = WebhookEndpoint.objects.filter(pk=pk).first()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.endpoint is None:
            raise Http404(_("This endpoint no longer exists."))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.endpoint is None:
            raise Http404(_("This endpoint no longer exists."))
        return super().post(request, *args, **kwargs)

    def get_page_subtitle(self):
        """The host, not the whole URL: a long address would overflow the heading on a phone."""
        return self.endpoint.host if self.endpoint else ""

    def saved_message(self, endpoint):
        return _("Endpoint saved.")

    @property
    def header_buttons(self):
        if self.endpoint is None:
            return []
        return [
            HeaderButton(
                _("Deliveries"),
                url=f"{reverse('community_webhooks:log')}?endpoint={self.endpoint.pk}",
                icon_name="list-ul",
            ),
        ]


class EndpointDeleteView(WebhookPageMixin, TemplateView):
    template_name = "community/webhooks/endpoint_delete.html"
    page_title = gettext_lazy("Delete webhook endpoint")
    header_icon = "bin"

    def get(self, request, pk):
        self.endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        return super().get(request)

    def post(self, request, pk):
        endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        actions.delete_endpoint(request.user, endpoint)
        messages.success(request, _("Endpoint deleted with its delivery log."))
        return redirect("community_webhooks:index")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "endpoint": self.endpoint}


# --- the delivery log -----------------------------------------------------------------------------------


class DeliveryLogView(WebhookPageMixin, TemplateView):
    template_name = "community/webhooks/deliveries.html"
    page_title = gettext_lazy("Delivery log")
    header_icon = "list-ul"
    per_page = 50

    def get(self, request, *args, **kwargs):
        self.endpoint = None
        raw = request.GET.get("endpoint", "")
        if raw:
            if not raw.isdigit():
                return _bad_request(request, _("The endpoint is a number: choose it from the list of webhooks."))
            self.endpoint = WebhookEndpoint.objects.filter(pk=int(raw)).first()
            if self.endpoint is None:
                raise Http404(_("This endpoint no longer exists."))
        self.status = request.GET.get("status", "")
        if self.status and self.status not in WebhookDelivery.Status.values:
            return _bad_request(request, _("Unknown delivery status: choose one from the list."))
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.endpoint.url if self.endpoint else _("All endpoints")

    def get_context_data(self, **kwargs):
        deliveries = queries.delivery_log(endpoint_id=self.endpoint.pk if self.endpoint else None, status=self.status)
        page = Paginator(deliveries, self.per_page).get_page(self.request.GET.get("p"))
        return {
            **super().get_context_data(**kwargs),
            "endpoint": self.endpoint,
            "status": self.status,
            "statuses": WebhookDelivery.Status.choices,
            "page": page,
            "deliveries": list(page.object_list),
            "query_prefix": f"endpoint={self.endpoint.pk}&" if self.endpoint else "",
        }


class RedeliverView(WebhooksOnlyMixin, View):
    """POST: send a delivery's payload again, as a new delivery; back to the log it was clicked in."""

    def post(self, request, pk):
        delivery = get_object_or_404(WebhookDelivery, pk=pk)
        back = reverse("community_webhooks:log")
        if request.POST.get("from") == "endpoint":
            back = f"{back}?endpoint={delivery.endpoint_id}"
        try:
            actions.redeliver(request.user, delivery)
        except ActionConflict as exc:
            messages.warning(request, str(exc))
            return redirect(back)
        messages.success(request, _("Queued again as a new delivery: it is sent within a minute."))
        return redirect(back)


def _bad_request(request, message: str):
    return render(request, "community/core/cms/bad_request.html", {"message": message}, status=400)


# --- menu and URLs --------------------------------------------------------------------------------------


class WebhooksViewSet(ModeratorMenuMixin, ViewSet):
    icon = "link"
    menu_label = gettext_lazy("Webhooks")
    add_to_admin_menu = True
    menu_order = 950  # after Settings' neighbours: an integration, set up once

    def get_urlpatterns(self):
        return [
            path("", EndpointIndexView.as_view(), name="index"),
            path("add/", EndpointCreateView.as_view(), name="add"),
            path("<int:pk>/", EndpointEditView.as_view(), name="edit"),
            path("<int:pk>/delete/", EndpointDeleteView.as_view(), name="delete"),
            path("deliveries/", DeliveryLogView.as_view(), name="log"),
            path("deliveries/<int:pk>/redeliver/", RedeliverView.as_view(), name="redeliver"),
        ]


webhooks_viewset = WebhooksViewSet("community_webhooks", url_prefix="webhooks")
