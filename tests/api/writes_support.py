"""What the API write and token tests share: a client carrying a personal access token, JSON bodies, and reading
problem documents."""

from __future__ import annotations

import json

from django.test import Client

from community.api import actions as token_actions


def token_for(member, scope: str = "write", name: str = "Test tool") -> str:
    """A new token of ``member`` (through the action, as the settings page makes them): the secret itself."""
    _row, raw = token_actions.create_token(member, name=name, scope=scope)
    return raw


class Api:
    """``Client`` calls to ``/api/v1/`` with a bearer token (or a session), JSON in and out."""

    def __init__(self, token: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def call(self, method: str, path: str, data=None, **headers):
        url = path if path.startswith("/") else f"/api/v1/{path}"
        kwargs = {**self.headers, **headers}
        if data is not None:
            kwargs.update(data=json.dumps(data), content_type="application/json")
        response = getattr(self.client, method)(url, **kwargs)
        response.data = json.loads(response.content) if response.content else None
        return response

    def get(self, path, **headers):
        return self.call("get", path, **headers)

    def post(self, path, data=None, **headers):
        return self.call("post", path, {} if data is None else data, **headers)

    def put(self, path, data=None, **headers):
        return self.call("put", path, data, **headers)

    def delete(self, path, **headers):
        return self.call("delete", path, **headers)


def as_token(member, scope: str = "write") -> Api:
    return Api(token_for(member, scope))


def assert_problem(response, status: int, detail: str | None = None):
    """A problem document with ``status``, whose detail is (or, ending in "…", starts with) ``detail``."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.data["status"] == status
    if detail is not None:
        if detail.endswith("…"):
            assert response.data["detail"].startswith(detail[:-1]), response.data["detail"]
        else:
            assert response.data["detail"] == detail, response.data["detail"]
    return response.data
