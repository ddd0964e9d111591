"""The export pages, tried by every named person: a tenant reads and downloads
her own data only; staff and City Hall produce any contractor's export under
/biuro/; the account settings page links to the tenant's page."""

import json

import pytest
from django.urls import reverse

SWEPT = {
    "privacy:my_data",
    "privacy:my_data_json",
    "privacy:my_data_pdf",
    "office:privacy:contractor_data",
    "office:privacy:contractor_data_json",
    "office:privacy:contractor_data_pdf",
}
PEOPLE = ["tenant", "co_tenant", "stranger", "clerk", "official", "anonymous"]
LOGIN = "login"
OWN = {"tenant": 200, "co_tenant": 200, "stranger": 200, "clerk": 404, "official": 404}
OFFICE = {"tenant": 404, "co_tenant": 404, "stranger": 404, "clerk": 200, "official": 200}
EXPECTED = {
    "privacy:my_data": OWN,
    "privacy:my_data_json": OWN,
    "privacy:my_data_pdf": OWN,
    "office:privacy:contractor_data": OFFICE,
    "office:privacy:contractor_data_json": OFFICE,
    "office:privacy:contractor_data_pdf": OFFICE,
}
SWEEP = [(name, who) for name in sorted(EXPECTED) for who in PEOPLE]


def url_of(name, people):
    if name.startswith("office:privacy:"):
        return reverse(name, args=[people.tenant.account.contractor_id])
    return reverse(name)


@pytest.mark.parametrize(("name", "who"), SWEEP, ids=[f"{n}-{w}" for n, w in SWEEP])
def test_each_person_gets_the_export_they_may_see(client, people, record, name, who):
    user = people.all()[who]
    if user is not None:
        client.force_login(user)
    response = client.get(url_of(name, people))
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("access:login") + "?next=")
    else:
        assert response.status_code == EXPECTED[name][who], (name, who)


def test_the_swept_names_are_the_apps_urls():
    assert set(EXPECTED) == SWEPT


def test_each_person_downloads_their_own_json_and_nobody_elses(client, people, record):
    for who in ["tenant", "co_tenant", "stranger"]:
        user = people.all()[who]
        client.force_login(user)
        response = client.get(reverse("privacy:my_data_json"))
        data = json.loads(response.content)
        assert data["contractor"]["pesel"] == user.account.contractor.pesel
        assert [login["login"] for login in data["logins"]] == [user.username]
        assert response["Content-Disposition"].startswith("attachment;")


def test_the_tenants_page_is_polish_and_prints_dates_and_amounts_the_polish_way(
    client, people, record
):
    client.force_login(people.tenant)
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "<h1>Twoje dane osobowe</h1>" in page
    assert "85071412341" in page
    assert "83030512372" not in page  # the co-tenant's PESEL
    assert "01.03.2020" in page  # the contract's start
    assert "1\xa0234,56\xa0zł" in page
    assert "WZ-1001" in page


def test_the_export_pages_are_never_cached(client, people, record):
    client.force_login(people.tenant)
    response = client.get(reverse("privacy:my_data"))
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_is_a_pdf(client, people, record):
    client.force_login(people.tenant)
    response = client.get(reverse("privacy:my_data_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_clerk_reads_the_export_of_a_contractor_who_asked(client, people, record):
    client.force_login(people.clerk)
    pk = people.co_tenant.account.contractor_id
    page = client.get(reverse("office:privacy:contractor_data", args=[pk])).content.decode()
    assert "83030512372" in page
    assert "85071412341" not in page


def test_the_office_export_of_no_contractor_is_not_found(client, people):
    client.force_login(people.clerk)
    url = reverse("office:privacy:contractor_data", args=[999999])
    assert client.get(url).status_code == 404


def test_the_account_settings_link_to_the_export_for_tenants_only(client, people):
    link = reverse("privacy:my_data")
    client.force_login(people.tenant)
    assert link in client.get(reverse("access:settings")).content.decode()
    client.force_login(people.clerk)
    assert link not in client.get(reverse("access:settings")).content.decode()
