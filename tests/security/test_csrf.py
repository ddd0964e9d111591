"""Every URL of the project refuses a POST without the CSRF token: no view
is exempt, whoever posts (anonymous, a tenant, the clerk with the second
step done). Cross-site forms can therefore change nothing."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Views that must be exempt, with the reason. The integration API (/api/v1/,
# docs/api.md): it authenticates by the Authorization header only, never by a
# cookie, so a cross-site form cannot act as anyone there (and a session
# opens nothing: tests/api/test_scopes.py).
DUMMY = {
    "int": 1,
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-00000000000a",
}


def every_path(resolver=None, prefix="", name_prefix=""):
    """(name, a concrete path) for every URL pattern, its arguments filled in."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{name_prefix}{pattern.namespace}:" if pattern.namespace else name_prefix
            yield from every_path(pattern, prefix + fill(pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield f"{name_prefix}{pattern.name}", "/" + prefix + fill(pattern)


def fill(pattern) -> str:
    route = str(pattern.pattern)
    converters = getattr(pattern.pattern, "converters", {})
    if not converters and not route.startswith("^"):
        return route
    if route.startswith("^"):  # the admin's regex patterns
        return admin_regex(route)
    for key, converter in converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        value = DUMMY.get(kind, "x")
        route = route.replace(f"<{kind}:{key}>", str(value)).replace(f"<{key}>", str(value))
    return route


def admin_regex(route: str) -> str:
    import re

    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    route = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)
    return route.replace("\\", "")


PATHS = sorted(set(every_path()))
EXEMPT: set[str] = {name for name, _ in PATHS if name.startswith("api:")}


def test_the_sweep_finds_every_kind_of_url():
    names = {name for name, _ in PATHS}
    assert {"access:login", "access:logout", "security:verify", "set_language"} <= names
    assert any(name.startswith("admin:") for name in names)
    assert len(PATHS) > 50


@pytest.mark.parametrize("who", ["anonymous", "tenant", "clerk"])
def test_a_post_without_the_token_is_refused_everywhere(people, who):
    client = Client(enforce_csrf_checks=True)
    if who != "anonymous":
        client.force_login(getattr(people, who))
    allowed = []
    for name, path in PATHS:
        if name in EXEMPT:
            continue
        response = client.post(path, {"x": "1"})
        if response.status_code != 403:
            allowed.append((name, path, response.status_code))
    assert allowed == []


def test_the_same_post_with_the_token_gets_through(people):
    client = Client(enforce_csrf_checks=True)
    client.get("/konto/logowanie/")
    token = client.cookies["csrftoken"].value
    response = client.post("/konto/logowanie/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 200  # the form, with its errors: past the CSRF check
