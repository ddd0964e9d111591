"""Every admin change form of the demo town is saved unchanged, as a browser
sends it (tests/admin_site/as_browser.py), by the clerk, the City Hall
official and the administrator: where they may change the object, the save
succeeds; where they may only see it, the page shows it without a save
button; elsewhere it is refused. One object of every registered model."""

import pytest
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from tests.admin_site.as_browser import form_data
from tests.demo.test_demo import UNTIL, demo

LOGINS = {"clerk": "pracownik", "official": "urzednik", "administrator": "admin"}
# Registered models of which the demo town has no object; any other model
# without one fails the test, so a new model is not skipped unseen.
NONE_IN_DEMO = {
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "otp_static.StaticDevice",
    "ledger.Closing",
    "api.ApiToken",  # made by the administrator for a real system only (docs/api.md)
}
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture(scope="module")
def town(django_db_setup, django_db_blocker):
    """One demo town for the whole module, rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo(f"--until={UNTIL}", seed=5, premises=12)
        yield
        transaction.set_rollback(True)


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def first_listed(model, user):
    """The first object the admin lists to `user`: the admin keeps the
    logins of staff, City Hall and administrators from the clerk's list
    (tests/security_matrix/test_logins.py tries those)."""
    request = RequestFactory().get("/")
    request.user = user
    return admin.site._registry[model].get_queryset(request).order_by("pk").first()


def may_change(user, obj) -> bool:
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[type(obj)]
    return model_admin.has_change_permission(request, obj)


def may_view(user, obj) -> bool:
    request = RequestFactory().get("/")
    request.user = user
    return admin.site._registry[type(obj)].has_view_permission(request, obj)


def errors_on(page: str) -> str:
    return " | ".join(part.split("</ul>")[0] for part in page.split('class="errorlist')[1:])


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
@pytest.mark.parametrize("role", LOGINS)
def test_an_admin_change_form_saved_unchanged_is_saved(town, client, role, model):
    user = get_user_model().objects.get(username=LOGINS[role])
    obj = first_listed(model, user) or model._default_manager.order_by("pk").first()
    if obj is None:
        assert model._meta.label in NONE_IN_DEMO, f"the demo has no {model._meta.label}"
        pytest.skip(f"the demo has no {model._meta.label}")
    client.force_login(user)
    url = change_url(obj)
    page = client.get(url)
    if not may_view(user, obj):
        assert page.status_code == 403
        return
    assert page.status_code == 200
    html = page.content.decode()
    if not may_change(user, obj):
        assert 'name="_save"' not in html
        return
    data = form_data(html, f"{model._meta.model_name}_form")
    saved = client.post(url, {**data, "_save": ["1"]}, follow=True)
    assert saved.redirect_chain, errors_on(saved.content.decode())
    levels = [message.level for message in saved.context["messages"]]
    assert messages.SUCCESS in levels
