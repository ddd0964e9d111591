"""The admin, by the clerk and the official: every registered model's list
and change page opens for whoever may view or change it and is refused (the
admin's own 403) to whoever may not; the official's pages of ledger history
are view only; nobody but the superuser may delete ledger or payments
history, or anything else through a group."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.security_matrix.policy import KNOWN_APPS, holds

HISTORY = {"ledger", "payments"}


def models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def may(who, model, *actions) -> bool:
    app_label = model._meta.app_label
    return app_label in KNOWN_APPS and any(
        holds(who, f"{app_label}.{action}_{model._meta.model_name}") for action in actions
    )


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.mark.parametrize("who", ["clerk", "official"])
def test_admin_lists_and_change_pages_answer_each_model_by_permission(client, world, who):
    client.force_login(getattr(world.people, who))
    wrong = []
    for model in models():
        expected = 200 if may(who, model, "view", "change") else 403
        pages = [admin_url(model, "changelist")]
        if (first := model._default_manager.first()) is not None:
            pages.append(admin_url(model, "change", first.pk))
        for url in pages:
            if (got := client.get(url).status_code) != expected:
                wrong.append(f"{who} {url}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("who", ["clerk", "official"])
def test_nobody_but_the_superuser_deletes_through_the_admin(client, world, who):
    user = getattr(world.people, who)
    client.force_login(user)
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda i: str(i[0])):
        assert not model_admin.has_delete_permission(request), model
        if (first := model._default_manager.first()) is not None:
            assert client.get(admin_url(model, "delete", first.pk)).status_code == 403, model


def test_the_official_only_views_ledger_history_in_the_admin(client, world):
    client.force_login(world.people.official)
    shown = 0
    for model in models():
        if model._meta.app_label not in HISTORY:
            continue
        if (first := model._default_manager.first()) is None:
            continue
        page = client.get(admin_url(model, "change", first.pk))
        assert page.status_code == 200, model
        assert 'name="_save"' not in page.content.decode(), model
        shown += 1
    assert shown >= 2  # entries and ledgers at least
