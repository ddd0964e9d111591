"""The role × URL × method matrix: every URL pattern of the project, opened
by each named person with GET, HEAD, PUT, DELETE and a POST without valid
data, answers what routes.py says the policy gives that person. A URL the
table does not know fails, naming itself."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.security_matrix.routes import LOGIN, PEOPLE, ROUTES
from tests.test_url_sweep import NOT_OURS, all_url_names

SWEPT = set(ROUTES)


def project_urls() -> list[str]:
    return sorted(name for name in all_url_names() if name.split(":")[0] not in NOT_OURS)


def row(name):
    route = ROUTES.get(name)
    if route is not None and route.xfail:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=route.xfail))
    return name


def answer(client, user, method, url):
    """The response, or the exception a view raised (a 500 in production).
    Whatever the request changed is undone, so every person finds the same
    world: the official's approval leaves the request pending for the clerk."""
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    with transaction.atomic():
        try:
            return getattr(client, method)(url)
        except Exception as exc:  # a 500: reported as the person's answer
            return exc
        finally:
            transaction.set_rollback(True)


def status(response):
    return f"500 ({response!r})" if isinstance(response, Exception) else response.status_code


def is_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("access:login") + "?next="
    )


def matches(response, expected) -> bool:
    if isinstance(response, Exception):
        return False
    allowed = expected if isinstance(expected, frozenset) else {expected}
    if is_login(response):
        return LOGIN in allowed
    return response.status_code in allowed


def same(response, other) -> bool:
    return not isinstance(response, Exception) and status(response) == status(other)


def wrong_answers(client, world, name) -> list[str]:
    """Every person's every method, compared with the table. Every person
    asks for the tenant's objects."""
    route = ROUTES[name]
    url = reverse(name, args=route.args(world, world.tenant))
    wrong = []
    tried = set()  # HEAD, PUT and DELETE by one person of each expected GET answer
    for who in PEOPLE:
        user = world.people.all()[who]
        get = answer(client, user, "get", url)
        if not matches(get, route.get[who]):
            wrong.append(f"{who} GET {url}: {status(get)}, expected {route.get[who]}")
            continue
        post = answer(client, user, "post", url)
        if not matches(post, route.post[who]):
            wrong.append(f"{who} POST {url}: {status(post)}, expected {route.post[who]}")
        if route.get[who] in tried:
            continue
        tried.add(route.get[who])
        if not same(head := answer(client, user, "head", url), get):
            wrong.append(f"{who} HEAD {url}: {status(head)}, GET gave {status(get)}")
        for method in ("put", "delete"):
            other = answer(client, user, method, url)
            if not (same(other, get) or status(other) == 405):
                wrong.append(f"{who} {method.upper()} {url}: {status(other)}")
    return wrong


@pytest.mark.parametrize("name", [row(name) for name in project_urls()])
def test_each_person_gets_what_the_policy_gives_them_by_every_method(client, world, name):
    if name not in ROUTES:
        pytest.fail(
            f"{name} is not in the role matrix: add a row to tests/security_matrix/routes.py "
            "saying how to build its arguments and who may open it"
        )
    wrong = wrong_answers(client, world, name)
    assert not wrong, f"{name} needs {ROUTES[name].perms}:\n" + "\n".join(wrong)


def test_the_matrix_names_no_url_that_is_gone():
    assert set(ROUTES) - set(project_urls()) == set()
