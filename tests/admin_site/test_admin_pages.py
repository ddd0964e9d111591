"""Every model registered in the admin opens, lists and shows an object."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from iok.ledger.billing import bill_month
from iok.ledger.models import Closing
from iok.periods import Period


@pytest.fixture
def administrator(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return get_user_model().objects.create_superuser("admin", "admin@example.pl", "x" * 12)


@pytest.fixture
def town(contract, rates, shop):
    bill_month(Period(2026, 11))
    Closing.objects.create(closed_until=datetime.date(2026, 10, 31))
    return contract


def opened(client, user, model, name, *args):
    client.force_login(user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)
    return client.get(url)


def test_every_registered_model_lists_and_shows_its_objects(client, administrator, town):
    for model in admin.site._registry:
        if model._meta.app_label not in {"registry", "ledger", "interest"}:
            continue
        assert opened(client, administrator, model, "changelist").status_code == 200, model
        first = model.objects.first()
        assert first is not None, model
        response = opened(client, administrator, model, "change", first.pk)
        assert response.status_code == 200, model


def test_entries_cannot_be_added_changed_or_deleted_in_the_admin(client, administrator, town):
    from iok.ledger.models import Entry

    entry = Entry.objects.first()
    assert opened(client, administrator, Entry, "add").status_code == 403
    assert opened(client, administrator, Entry, "delete", entry.pk).status_code == 403
    client.force_login(administrator)
    url = reverse("admin:ledger_entry_change", args=[entry.pk])
    client.post(url, {"title": "zmieniony", "amount": "0"})
    entry.refresh_from_db()
    assert entry.title != "zmieniony"


def test_the_registry_is_searchable_by_pesel_and_contract_number(client, administrator, town):
    client.force_login(administrator)
    found = client.get(reverse("admin:registry_contractor_changelist"), {"q": "85071412341"})
    assert "Kowalska" in found.content.decode()
    found = client.get(reverse("admin:registry_contract_changelist"), {"q": "M/2020/0001"})
    assert "M/2020/0001" in found.content.decode()


def test_the_admin_speaks_polish(client, administrator, town):
    response = opened(client, administrator, type(town), "changelist")
    page = response.content.decode()
    assert "Ewidencja" in page and "Umowy" in page and 'lang="pl"' in page


def test_an_entry_and_its_correction_link_to_each_other(client, administrator, town):
    from iok.ledger.corrections import reverse_entry
    from iok.ledger.models import Entry

    charge = Entry.objects.get(ledger=town.ledger)
    correction = reverse_entry(charge, reason="błąd", on=charge.operation_date)
    charge_page = opened(client, administrator, Entry, "change", charge.pk).content.decode()
    correction_page = opened(client, administrator, Entry, "change", correction.pk).content.decode()
    assert reverse("admin:ledger_entry_change", args=[correction.pk]) in charge_page
    assert reverse("admin:ledger_entry_change", args=[charge.pk]) in correction_page
