"""The audit log's search page: who may open it, and each filter narrowing
the events to the ones it names."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from iok.audit.models import AuditEvent
from iok.ledger.models import Ledger
from iok.registry.models import Building, Contractor
from tests.conftest import person
from tests.people import PASSWORD

SWEPT = {"office:audit:events"}
URL = reverse("office:audit:events")
EXPECTED = {
    "tenant": 404,
    "co_tenant": 404,
    "stranger": 404,
    "clerk": 200,
    "official": 200,
    "anonymous": 302,
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_the_search_page_opens_for_staff_and_city_hall_only(client, people, who):
    user = people.all()[who]
    if user is not None:
        client.force_login(user)
    response = client.get(URL)
    assert response.status_code == EXPECTED[who]
    if who == "anonymous":
        assert response.url.startswith(reverse("access:login"))
    if response.status_code == 200:
        assert response.content.decode().count("<h1") == 1
        assert "Dziennik audytu" in response.content.decode()


def at(day: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour))


@pytest.fixture
def events(people, tenant):
    """Four events on fixed days, by two people, on two objects."""
    building_type = ContentType.objects.get_for_model(Building)
    contractor_type = ContentType.objects.get_for_model(Contractor)
    made = {
        "clerk_building": AuditEvent.objects.create(
            when=at(2), actor_username="pracownik", context="web", action="update",
            content_type=building_type, object_id=7, object_repr="ul. Lipowa 3",
            changes={"floors": {"before": 3, "after": 4}},
        ),
        "official_building": AuditEvent.objects.create(
            when=at(10), actor_username="urzednik", context="admin", action="read",
            content_type=building_type, object_id=8, object_repr="ul. Polna 1",
        ),
        "clerk_tenant": AuditEvent.objects.create(
            when=at(20), actor_username="pracownik", context="web", action="update",
            content_type=contractor_type, object_id=tenant.pk, object_repr="Anna Kowalska",
            changes={"city": {"before": "Białystok", "after": "Łomża"}},
        ),
        "official_delete": AuditEvent.objects.create(
            when=at(25), actor_username="urzednik", context="admin", action="delete",
            content_type=building_type, object_id=7, object_repr="ul. Lipowa 3",
        ),
    }  # fmt: skip
    return made


def found(client, **query) -> set[int]:
    response = client.get(URL, query)
    assert response.status_code == 200
    return {event.pk for event in response.context["page"].object_list}


@pytest.fixture
def clerk(client, people):
    client.force_login(people.clerk)
    return client


def ids(events, *names) -> set[int]:
    return {events[name].pk for name in names}


def test_each_filter_narrows_to_the_events_it_names(clerk, events):
    building = str(ContentType.objects.get_for_model(Building).pk)
    until_25th = {"since": "01.11.2026", "until": "25.11.2026"}
    assert found(clerk, **until_25th) == ids(
        events, "clerk_building", "official_building", "clerk_tenant", "official_delete"
    )
    assert found(clerk, object_type=building, object_id="7") == ids(
        events, "clerk_building", "official_delete"
    )
    assert found(clerk, object_text="polna 1") == ids(events, "official_building")
    assert found(clerk, actor="URZEDNIK", **until_25th) == ids(
        events, "official_building", "official_delete"
    )
    assert found(clerk, since="02.11.2026", until="10.11.2026") == ids(
        events, "clerk_building", "official_building"
    )
    assert found(clerk, action="delete") == ids(events, "official_delete")
    assert found(clerk, actor="pracownik", action="update", **until_25th) == ids(
        events, "clerk_building", "clerk_tenant"
    )


def test_a_contractor_finds_the_events_on_their_objects_only(clerk, people, tenant, contract):
    tenant.phone = "600 100 200"
    tenant.save()
    contract.end = datetime.date(2030, 12, 31)
    contract.save()
    stranger = Contractor.objects.get(pesel="90010112349")
    stranger.phone = "700 200 300"
    stranger.save()
    by_pesel = found(clerk, contractor="850714 12341", action="update")
    # Her contractor data, her contract, and her ledger (its virtual account
    # is recorded when it is opened).
    ledgers = [str(ledger) for ledger in Ledger.objects.filter(contract=contract)]
    expected = set(
        AuditEvent.objects.filter(
            action="update", object_repr__in=["Anna Kowalska", contract.number, *ledgers]
        ).values_list("pk", flat=True)
    )
    assert by_pesel == expected and len(expected) == 2 + len(ledgers)
    stranger_ledgers = [str(ledger) for ledger in Ledger.objects.for_contractor(stranger)]
    assert found(clerk, contractor="Obcy", action="update") == set(
        AuditEvent.objects.filter(
            action="update", object_repr__in=["Jerzy Obcy", *stranger_ledgers]
        ).values_list("pk", flat=True)
    )


def test_a_billing_run_is_found_by_the_contractor_whose_ledger_it_charged(clerk, contract, rates):
    from iok.ledger.billing import bill_month
    from iok.periods import Period

    person("Zofia", "Wiśniewska", "72050945620")  # no contract, no ledger
    bill_month(Period(2026, 11))
    bulk = AuditEvent.objects.get(action="bulk")
    assert len(bulk.ids) == 2  # the tenants' flat and the stranger's
    assert found(clerk, contractor="Kowalska", action="bulk") == {bulk.pk}
    assert found(clerk, contractor="Obcy", action="bulk") == {bulk.pk}
    assert found(clerk, contractor="Wiśniewska", action="bulk") == set()


def test_a_bad_date_range_is_refused_with_a_polish_message(clerk, events):
    response = clerk.get(URL, {"since": "20.11.2026", "until": "10.11.2026"})
    assert "Pierwszy dzień jest późniejszy niż ostatni." in response.content.decode()
    assert list(response.context["page"].object_list) == []


def test_each_event_shows_its_fields_before_and_after(clerk, events):
    page = clerk.get(URL, {"object_text": "Kowalska"}).content.decode()
    assert '<th scope="row">city</th><td>Białystok</td><td>Łomża</td>' in page


def test_the_list_is_paginated(clerk, events):
    for _n in range(60):
        AuditEvent.objects.create(when=at(3), actor_username="masowy", context="web", action="read")
    first = clerk.get(URL, {"actor": "masowy"})
    assert len(first.context["page"].object_list) == 50
    second = clerk.get(URL, {"actor": "masowy", "strona": 2})
    assert len(second.context["page"].object_list) == 10
    assert "actor=masowy&amp;strona=2" in first.content.decode()


def test_nobody_adds_changes_or_deletes_events_in_the_admin_not_even_a_superuser(db):
    boss = get_user_model().objects.create_superuser("szef", password=PASSWORD)
    request = RequestFactory().get("/admin/")
    request.user = boss
    model_admin = admin.site._registry[AuditEvent]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_staff_and_city_hall_read_the_log_and_nobody_holds_more(people):
    for user in (people.clerk, people.official):
        assert user.has_perm("audit.view_auditevent")
    for user in people.all().values():
        if user is not None:
            for codename in ("add", "change", "delete"):
                assert not user.has_perm(f"audit.{codename}_auditevent")
    assert not people.tenant.has_perm("audit.view_auditevent")
