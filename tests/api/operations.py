"""The API's operations as the tests try them: every registered operation,
with arguments that resolve its URL, so an endpoint added later is tried by
every test that loops over `OPERATIONS` without a line of its own."""

import re

from django.urls import reverse

from iok.api.api import operations

OPERATIONS = operations()
# Not operations of a router: the document, its page and the root (404), open to anyone.
OPEN = {"api:openapi-json", "api:openapi-view", "api:api-root", "api:not-found"}  # 404s


def url_of(op, value: int = 1) -> str:
    """The operation's URL with every path argument `value` (an id that may
    or may not exist: scopes are checked before anything is looked up)."""
    route = op.operation.path
    names = re.findall(r"{(?:\w+:)?(\w+)}", route)
    return reverse(op.url_name, kwargs=dict.fromkeys(names, value))


def call(client, op, url=None, **extra):
    """The operation called without a body (a write answers 422 for it, or
    401/403 first): what the auth checks need, nothing more."""
    url = url or url_of(op)
    method = getattr(client, op.method.lower())
    if op.method in {"POST", "PUT", "PATCH"}:
        return method(url, data="{}", content_type="application/json", **extra)
    return method(url, **extra)


def ident(op) -> str:
    return f"{op.method} {op.url_name}"
