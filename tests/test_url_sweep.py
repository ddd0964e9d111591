"""Every URL of the project, tried by every named person.

The portal's pages and the office's pages have sweeps of their own
(tests/portal/test_access.py, tests/access/test_office_access.py,
tests/office/test_payment_pages.py, and any test module that names what it
sweeps in a module-level `SWEPT` set of "namespace:name"); this one covers the
remaining access pages and fails when any URL pattern of the project is in no
sweep."""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.test_office_access import ACTIONS, PAGES
from tests.office.test_payment_pages import ACTIONS as PAYMENT_ACTIONS
from tests.office.test_payment_pages import PAGES as PAYMENT_PAGES
from tests.portal.test_access import EXPECTED as PORTAL

PEOPLE = ["tenant", "co_tenant", "stranger", "clerk", "official", "anonymous"]
# name: (arguments, status for a logged-in person, status for anonymous)
ACCESS = {
    "login": ([], 302, 200),  # a logged-in person is sent on to the portal
    "logout": ([], 405, 405),  # POST only
    "request_form": ([], 200, 200),
    "request_sent": ([], 200, 200),
    "request_pdf": ([], 200, 200),
    "password_change": ([], 200, 302),
    "password_reset": ([], 200, 200),
    "password_reset_sent": ([], 200, 200),
    "password_reset_confirm": (["MQ", "not-a-token"], 200, 200),  # says the link is invalid
    "password_reset_complete": ([], 200, 200),
    "terms": ([], 200, 200),
    "accept_terms": ([], 405, 302),  # POST only, after login
    "settings": ([], 200, 302),
    "change_email": ([], 405, 302),  # POST only, after login
    "confirm_email": (["not-a-token"], 200, 200),  # says the link is invalid
}
NOT_OURS = {"admin", "set_language"}  # Django's own, guarded by Django
TESTS = Path(__file__).parent


def declared_sweeps() -> set[str]:
    """The union of SWEPT of every test module that declares one."""
    swept = set()
    for path in sorted(TESTS.rglob("test_*.py")):
        if "\nSWEPT = " in path.read_text(encoding="utf-8"):
            module = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
            swept |= set(importlib.import_module(module).SWEPT)
    return swept


def all_url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}")
    return names


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_access_page_answers_each_person_as_it_should(client, people, name, who):
    args, logged_in, anonymous = ACCESS[name]
    user = people.all()[who]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(f"access:{name}", args=args))
    assert response.status_code == (anonymous if user is None else logged_in)


def test_every_url_of_the_project_is_in_a_sweep():
    swept = (
        {f"access:{name}" for name in ACCESS}
        | {f"office:access:{name}" for name in PAGES + ACTIONS}
        | set(PORTAL)
        | {f"office:{name}" for name in PAYMENT_PAGES + PAYMENT_ACTIONS}
        | declared_sweeps()
    )
    ours = {name for name in all_url_names() if name.split(":")[0] not in NOT_OURS}
    assert ours - swept == set(), "add these URLs to a sweep"
    assert swept - ours == set(), "these swept URLs no longer exist"
