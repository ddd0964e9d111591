"""IDOR: on every URL with an object id, the tenant and the stranger try ids
that are not theirs to open: someone else's existing objects, ids that do not
exist, zero, and ids far past any integer column. Each is 404 (never data,
never 403, never 500); POST-only actions may refuse a GET with 405 first.
The other ids of the URL stay the person's own, so only the forged one can
be what is refused."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security_matrix.routes import ROUTES
from tests.security_matrix.test_role_matrix import answer, status

OBJECT_URLS = sorted(name for name, route in ROUTES.items() if route.ids)
ATTACKERS = ("tenant", "stranger")


def forged_ids(foreign: list[int]):
    beyond = max(foreign, default=0) + 1000
    return st.one_of(
        st.sampled_from(foreign) if foreign else st.nothing(),  # someone else's
        st.integers(min_value=beyond, max_value=beyond + 10**6),  # none such
        st.just(0),
        st.sampled_from([2**31, 2**63, 10**20]),  # past int, bigint and any column
    )


@pytest.mark.parametrize("name", OBJECT_URLS)
@settings(
    max_examples=10,  # per URL; about 40 URLs, so some 400 forged ids a run
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_nobody_opens_an_object_that_is_not_theirs_by_forging_its_id(client, world, name, data):
    route = ROUTES[name]
    who = data.draw(st.sampled_from(ATTACKERS), label="who")
    own = world.mine(who)
    if own.settlement is None and "settlement" in route.ids:
        pytest.skip(f"{who} has no settlement of his own")
    args = route.args(world, own)
    at = data.draw(st.sampled_from(range(len(route.ids))), label="position")
    args[at] = data.draw(forged_ids(world.foreign(route.ids[at], who)), label="id")
    url = reverse(name, args=args)
    user = world.people.all()[who]
    get = answer(client, user, "get", url)
    post = answer(client, user, "post", url)
    expected = route.get[who] if isinstance(route.get[who], frozenset) else {route.get[who]}
    assert status(get) in ({404, 405} if 405 in expected else {404}), url
    assert status(post) == 404, url
