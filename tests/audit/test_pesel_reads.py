"""The admin's contractor list masks the PESEL; the pages that show a whole
PESEL or what was done to a person record a read when staff or City Hall
open them: the contractor's change page, the audit search and the audit
events in the admin, settlements, runs, meters and readings. A tenant
reaches none of them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from iok.audit.models import AuditEvent
from iok.meters.models import Reading
from iok.registry.admin import mask_pesel
from iok.registry.models import Contractor
from iok.settlements.models import Settlement
from iok.settlements.running import run_settlements
from tests.settlements.conftest import (  # noqa: F401 - prices is a fixture
    DEC31,
    FIRST,
    LAST,
    ON,
    D,
    charge_advances,
    prices,
    water_meter,
)

READERS = ["clerk", "official"]


def reads_of(model):
    return AuditEvent.objects.filter(
        action="read", content_type=ContentType.objects.get_for_model(model)
    )


@pytest.mark.parametrize("who", READERS)
def test_the_contractor_list_shows_no_whole_pesel_only_its_last_four_digits(client, people, who):
    client.force_login(getattr(people, who))
    page = client.get(reverse("admin:registry_contractor_changelist")).content.decode()
    everyone = Contractor.objects.exclude(pesel="")
    assert everyone.count() >= 3
    for contractor in everyone:
        assert contractor.pesel not in page
        assert mask_pesel(contractor.pesel) in page
    assert mask_pesel(people.tenant.account.contractor.pesel) == "*******2341"


def test_the_contractor_list_finds_a_whole_pesel_but_not_a_part_of_one(client, people):
    client.force_login(people.clerk)
    url = reverse("admin:registry_contractor_changelist")
    found = client.get(url, {"q": "85071412341"}).content.decode()
    assert "Anna Kowalska" in found and "Piotr Kowalski" not in found
    by_birth_date = client.get(url, {"q": "850714"}).content.decode()
    assert "Anna Kowalska" not in by_birth_date


@pytest.mark.parametrize("who", READERS)
def test_the_contractor_s_page_shows_the_whole_pesel_and_records_the_read(
    client, people, tenant, who
):
    client.force_login(getattr(people, who))
    page = client.get(reverse("admin:registry_contractor_change", args=[tenant.pk]))
    assert page.status_code == 200 and "85071412341" in page.content.decode()
    read = reads_of(Contractor).get()
    assert (read.object_id, read.actor_username) == (tenant.pk, getattr(people, who).username)


@pytest.mark.parametrize("who", READERS)
def test_a_search_of_the_audit_log_by_pesel_records_a_read_of_the_log_and_of_the_person(
    client, people, tenant, who
):
    client.force_login(getattr(people, who))
    response = client.get(reverse("office:audit:events"), {"contractor": "85071412341"})
    assert response.status_code == 200
    assert reads_of(AuditEvent).get().object_id is None
    read = reads_of(Contractor).get()
    assert (read.object_id, read.actor_username) == (tenant.pk, getattr(people, who).username)


def test_a_search_of_the_audit_log_by_something_else_names_no_contractor(client, people):
    client.force_login(people.clerk)
    assert client.get(reverse("office:audit:events"), {"actor": "pracownik"}).status_code == 200
    assert reads_of(AuditEvent).count() == 1
    assert not reads_of(Contractor).exists()


@pytest.fixture
def settled(people, flat, ledger, prices):  # noqa: F811 - the imported fixture
    water_meter(flat, "W-1", (D(2025, 6, 30), "80"), (DEC31, "100"), (LAST, "118.1"))
    charge_advances(ledger, range(1, 7))
    run_settlements(FIRST, LAST, on=ON)
    return Settlement.objects.get(contract__number="M/2020/0001")


def admin_pages(settled):
    """(URL, model, object id or None) of each admin page that must record a read."""
    event = AuditEvent.objects.order_by("pk").first()
    reading = Reading.objects.order_by("pk").first()
    pages = [
        ("audit_auditevent_changelist", None, AuditEvent),
        ("audit_auditevent_change", event, AuditEvent),
        ("settlements_settlement_changelist", None, Settlement),
        ("settlements_settlement_change", settled, Settlement),
        ("settlements_settlementrun_change", settled.run, type(settled.run)),
        ("meters_reading_changelist", None, Reading),
        ("meters_reading_change", reading, Reading),
        ("meters_meter_change", reading.meter, type(reading.meter)),
    ]
    for name, obj, model in pages:
        args = [obj.pk] if obj is not None else []
        yield reverse(f"admin:{name}", args=args), model, obj.pk if obj is not None else None


@pytest.mark.parametrize("who", READERS)
def test_audit_events_settlements_and_readings_in_the_admin_record_a_read(
    client, people, settled, who
):
    client.force_login(getattr(people, who))
    for url, model, object_id in list(admin_pages(settled)):
        before = reads_of(model).count()
        assert client.get(url).status_code == 200, url
        read = reads_of(model).order_by("-pk").first()
        assert reads_of(model).count() == before + 1, url
        assert (read.object_id, read.actor_username) == (object_id, getattr(people, who).username)


def test_a_tenant_reaches_none_of_the_pages_that_record_a_read(client, people, settled, tenant):
    client.force_login(people.tenant)
    urls = [url for url, _model, _id in admin_pages(settled)]
    urls += [
        reverse("admin:registry_contractor_changelist"),
        reverse("admin:registry_contractor_change", args=[tenant.pk]),
        reverse("office:audit:events") + "?contractor=85071412341",
    ]
    for url in urls:
        assert client.get(url).status_code in {302, 404}, url
    assert not AuditEvent.objects.filter(action="read").exists()


def test_a_company_without_a_pesel_shows_a_dash_and_the_column_does_not_sort():
    from django.contrib import admin

    assert mask_pesel("") == "—"
    column = admin.site._registry[Contractor].masked_pesel
    assert not hasattr(column, "admin_order_field")


def test_every_admin_search_matches_a_pesel_only_whole():
    """A search by the start of a PESEL would narrow a person down by birth
    date, so every admin list that searches PESELs matches whole numbers."""
    from django.contrib import admin

    partial = [
        f"{model._meta.label}: {field}"
        for model, model_admin in admin.site._registry.items()
        for field in model_admin.search_fields
        if "pesel" in field and not field.startswith("=")
    ]
    assert not partial, partial
