"""The office's accounting page (/biuro/ksiegowosc/): a period, its totals per
account against the ledger's, the CSV; staff and City Hall, each showing and
download recorded as a read; nobody else. Every answer says what it did."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from iok.accounting.models import BankAccount, ComponentAccount, VatAccount
from iok.audit.models import AuditEvent
from tests.accounting.test_export import amount, read_back
from tests.people import PASSWORD, with_authenticator

PAGE = reverse("office:accounting:journal")
CSV = reverse("office:accounting:csv")
NOVEMBER = {"first": "2026-11-01", "last": "2026-11-30"}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def reads(who) -> int:
    return AuditEvent.objects.filter(action="read", actor_id=who.pk).count()


def test_the_clerk_sees_the_totals_per_account_and_that_they_agree(client, people, books):
    client.force_login(people.clerk)
    response = client.get(PAGE, NOVEMBER)
    assert response.status_code == 200
    page = response.content.decode()
    assert "222-23" in page and "700-01" in page
    assert "200 <small>(2 konta kartotek)</small>" in page
    (said,) = messages_of(response)
    assert "4" in said and "2\xa0146,91\xa0zł" in said
    assert f"{CSV}?first=2026-11-01&amp;last=2026-11-30&amp;encoding=cp1250" in page


def test_without_a_period_the_page_offers_this_month_and_shows_nothing_yet(client, people):
    client.force_login(people.official)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert response.context["result"] is None
    assert response.context["form"]["first"].value().isoformat() == "2026-11-01"


def test_the_official_downloads_the_csv_and_the_read_is_recorded(client, people, books):
    client.force_login(people.official)
    before = reads(people.official)
    response = client.get(CSV, NOVEMBER | {"encoding": "cp1250"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=windows-1250"
    assert "dziennik-20261101-20261130.csv" in response["Content-Disposition"]
    rows = read_back(response.content, "cp1250")
    assert sum(amount(r["wn"]) for r in rows) == amount("2146,91")
    assert reads(people.official) == before + 1


def test_the_officials_look_at_the_totals_is_recorded_as_a_read_of_entries(client, people, books):
    client.force_login(people.official)
    client.get(PAGE, NOVEMBER)
    event = AuditEvent.objects.filter(action="read", actor_id=people.official.pk).latest("pk")
    assert event.content_type.model == "entry"


def test_a_missing_mapping_is_said_by_name_and_the_download_returns_to_the_page(
    client, people, books
):
    ComponentAccount.objects.filter(component__code="waste").delete()
    client.force_login(people.clerk)
    response = client.get(CSV, NOVEMBER, follow=True)
    assert response.redirect_chain[-1][0] == f"{PAGE}?first=2026-11-01&last=2026-11-30"
    (said,) = messages_of(response)
    assert "Opłata za odpady komunalne (waste)" in said


def test_a_period_that_ends_before_it_starts_is_refused_on_the_page(client, people):
    client.force_login(people.clerk)
    response = client.get(PAGE, {"first": "2026-11-30", "last": "2026-11-01"})
    assert response.context["result"] is None
    assert "30.11.2026" in response.content.decode()


def test_tenants_get_404_and_the_anonymous_the_login(client, people):
    client.force_login(people.tenant)
    assert client.get(PAGE).status_code == 404
    assert client.get(CSV).status_code == 404
    client.logout()
    assert client.get(PAGE).status_code == 302


def test_a_change_of_the_mapping_in_the_admin_is_audited(client, people):
    admin = with_authenticator(
        get_user_model().objects.create_superuser("administrator", password=PASSWORD)
    )
    client.force_login(admin)
    row = ComponentAccount.objects.get(component__code="rent")
    url = reverse("admin:accounting_componentaccount_change", args=[row.pk])
    data = {"component": row.component_id, "revenue": "702-01", "settlement": ""}
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.filter(action="update", object_id=row.pk).latest("pk")
    assert event.content_type.model == "componentaccount"
    assert event.changes["revenue"] == {"before": "700-01", "after": "702-01"}


def test_an_account_number_with_spaces_is_refused(db):
    with pytest.raises(ValidationError, match="200-1"):
        VatAccount(rate=7, account="222 07").full_clean()


def test_a_collection_account_must_be_an_nrb_and_is_kept_as_its_digits(db):
    with pytest.raises(ValidationError, match="NRB"):
        BankAccount(collection_account="12 3456", account="131-9").full_clean()
    bank = BankAccount(collection_account="PL68 1240 3363 1111 0010 3701 9696", account="131-9")
    bank.full_clean()
    assert bank.collection_account == "68124033631111001037019696"
