"""The one error contract (community.core.errors): refusals map to 403/400/409/429/404 for HTML and JSON."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from community.core.errors import ActionConflict, RateLimited, handles_action_errors
from community.models import Answer, Comment, Thread

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (PermissionDenied("Not yours."), 403),
        (ValidationError("Too short."), 400),
        (ActionConflict("Already done."), 409),
        (RateLimited("Slow down."), 429),
        (Http404("No such post."), 404),
    ],
)
def test_every_refusal_has_its_status_and_message_in_json(error, status):
    @handles_action_errors
    def view(request):
        raise error

    response = view(RequestFactory().post("/", **JSON))
    assert response.status_code == status
    assert json.loads(response.content)["error"] == (
        error.messages[0] if isinstance(error, ValidationError) else str(error)
    )


@pytest.mark.parametrize(("error", "status"), [(ActionConflict("Already done."), 409), (RateLimited("Slow."), 429)])
def test_browsers_get_the_refusal_page(error, status):
    @handles_action_errors
    def view(request):
        raise error

    response = view(RequestFactory().post("/"))
    assert response.status_code == status and str(error) in response.content.decode()


def test_browsers_get_the_sites_404_page(client_for, alice):
    response = client_for(alice).post("/thread/999999/vote", {"value": "up"})
    assert response.status_code == 404
    json_response = client_for(alice).post("/thread/999999/vote", {"value": "up"}, **JSON)
    assert json_response.status_code == 404 and json_response.json()["error"]


def test_a_view_that_succeeds_is_untouched():
    @handles_action_errors
    def view(request):
        return HttpResponse("fine")

    assert view(RequestFactory().get("/")).content == b"fine"


def test_url_converters_give_views_the_model_class():
    assert resolve("/thread/5/vote").kwargs["model"] is Thread
    assert resolve("/answer/5/revisions").kwargs["model"] is Answer
    assert resolve("/comment/5/delete").kwargs["model"] is Comment
