"""Changes through the admin and the office pages name who made them, from
which address and on which page; staff's and City Hall's reads of personal
data are recorded, tenants' views of their own are not."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from iok.access.models import AccessRequest
from iok.audit.models import AuditEvent
from iok.registry.models import Premises
from tests.audit.helpers import events_of, last_event
from tests.conftest import make_contract, person
from tests.people import PASSWORD, with_authenticator

ADDRESS = "192.0.2.17"


def contractor_form(contractor, **changed):
    fields = ["kind", "first_name", "last_name", "company_name", "pesel", "nip", "regon"]
    fields += ["street", "postal_code", "city", "email", "phone"]
    return {name: getattr(contractor, name) for name in fields} | changed


def test_a_change_in_the_admin_records_who_when_from_where_and_each_field(client, people, tenant):
    admin = with_authenticator(
        get_user_model().objects.create_superuser("administrator", password=PASSWORD)
    )
    client.force_login(admin)
    url = reverse("admin:registry_contractor_change", args=[tenant.pk])
    response = client.post(url, contractor_form(tenant, city="Łomża"), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    event = last_event(tenant, "update")
    assert (event.actor_id, event.actor_username) == (admin.pk, "administrator")
    assert event.context == "admin" and event.ip == ADDRESS
    assert (event.method, event.path) == ("POST", url)
    assert event.changes == {"city": {"before": "Białystok", "after": "Łomża"}}
    assert abs(event.when - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)


@pytest.fixture
def access_request(people, building):
    contractor = person("Zofia", "Wiśniewska", "72050945620")
    garage = Premises.objects.create(building=building, kind="garage", number="G3")
    make_contract("G/2024/0003", garage, datetime.date(2024, 4, 1), contractor)
    return AccessRequest.objects.create(
        first_name="Zofia",
        last_name="Wiśniewska",
        pesel="72050945620",
        premises_address="ul. Mickiewicza 12, garaż G3, Białystok",
        contract_number="G/2024/0003",
        email="zofia@example.pl",
        consents_to_electronic_correspondence=True,
    )


def test_approving_an_access_request_on_its_office_page_records_the_clerk(
    client, people, access_request
):
    client.force_login(people.clerk)
    url = reverse("office:access:approve", args=[access_request.pk])
    assert client.post(url, REMOTE_ADDR=ADDRESS).status_code == 302
    event = last_event(access_request, "update")
    assert event.actor_username == "pracownik" and event.context == "web"
    assert event.ip == ADDRESS and event.path == url
    assert event.changes["status"] == {"before": "pending", "after": "approved"}
    assert event.changes["decided_by"] == {"before": None, "after": people.clerk.pk}
    login = get_user_model().objects.get(pk=access_request.__class__.objects.get().user_id)
    created = last_event(login, "create")
    assert created.actor_username == "pracownik" and created.changes["password"]["after"] == "***"


@pytest.mark.parametrize("who", ["clerk", "official"])
@pytest.mark.parametrize("page", ["change", "changelist"])
def test_staff_and_city_hall_reading_a_contractor_in_the_admin_is_recorded(
    client, people, tenant, who, page
):
    client.force_login(getattr(people, who))
    args = [tenant.pk] if page == "change" else []
    response = client.get(reverse(f"admin:registry_contractor_{page}", args=args))
    assert response.status_code == 200
    read = AuditEvent.objects.filter(action="read").get()
    assert read.actor_username == getattr(people, who).username
    assert read.content_type.model == "contractor"
    if page == "change":
        assert (read.object_id, read.object_repr) == (tenant.pk, "Anna Kowalska")
    else:
        assert read.object_id is None


def test_a_tenant_viewing_their_own_pages_records_no_read(client, people, ledger):
    client.force_login(people.tenant)
    for name in ["portal:panel", "portal:kartoteka"]:
        assert client.get(reverse(name, args=[ledger.pk])).status_code == 200
    assert not AuditEvent.objects.filter(action="read").exists()


def test_staff_opening_a_contractors_data_export_is_recorded(client, people, tenant):
    client.force_login(people.clerk)
    url = reverse("office:privacy:contractor_data", args=[tenant.pk])
    assert client.get(url).status_code == 200
    read = AuditEvent.objects.filter(action="read").get()
    assert (read.content_type.model, read.object_id) == ("contractor", tenant.pk)


def test_a_page_that_is_refused_records_no_read(client, people, tenant):
    client.force_login(people.tenant)
    response = client.get(reverse("admin:registry_contractor_change", args=[tenant.pk]))
    assert response.status_code != 200
    assert not events_of(tenant, "read").exists()


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        ("office:tenant_kartoteka", {"ledger_pk": 5}, ("ledger", 5)),
        ("office:tenant_kartoteka_entry", {"ledger_pk": 5, "entry_pk": 9}, ("ledger", 5)),
        ("office:access:account", {"pk": 3}, ("account", 3)),
        ("office:access:requests", {}, ("accessrequest", None)),
        ("office:payment_queue", {}, ("statementline", None)),
        ("portal:kartoteka", {"ledger_pk": 5}, None),
        ("office:access:new_request", {}, None),
        ("office:privacy:contractor_data", {"pk": 7}, ("contractor", 7)),
        ("office:privacy:contractor_data_json", {"pk": 7}, ("contractor", 7)),
        ("office:meters:photo", {"pk": 4}, ("reading", 4)),
        ("office:settlements:settlement", {"pk": 2}, ("settlement", 2)),
        ("office:correction_new", {"pk": 8}, ("entry", 8)),
        ("office:arrears", {}, ("ledger", None)),
    ],
)
def test_office_pages_are_recognised_by_the_start_of_their_url_name(name, kwargs, expected):
    from django.http import HttpRequest
    from django.urls import ResolverMatch

    from iok.audit.reads import page_read

    *namespaces, url_name = name.split(":")
    request = HttpRequest()
    request.resolver_match = ResolverMatch(print, [], kwargs, url_name, namespaces, namespaces)
    found = page_read(request)
    assert (found and (found[0]._meta.model_name, found[1])) == expected
