"""Every settlement page tried by every named person, the tenant's
calculation page and PDF, and the office's run from preview to booking."""

from decimal import Decimal

import pytest
from django.urls import reverse

from iok.ledger.models import Rate
from iok.settlements.models import Settlement, SettlementRun
from iok.settlements.running import run_settlements
from tests.access.pdf_text import pdf_text
from tests.settlements.conftest import DEC31, FIRST, LAST, ON, D, charge_advances, water_meter

SWEPT = {
    "settlements:portal_list",
    "settlements:portal_detail",
    "settlements:portal_pdf",
    "office:settlements:runs",
    "office:settlements:run_new",
    "office:settlements:run_preview",
    "office:settlements:run_confirm",
    "office:settlements:run",
    "office:settlements:run_apply",
    "office:settlements:settlement",
}
PEOPLE = ["tenant", "co_tenant", "stranger", "clerk", "official", "anonymous"]
PARTIES = {"tenant", "co_tenant"}
pytestmark = pytest.mark.usefixtures("prices")


@pytest.fixture
def settled(people, flat, ledger):
    """The tenant's flat settled for the first half of 2026 (−10,00 zł, see test_running)."""
    water_meter(flat, "W-1", (D(2025, 6, 30), "80"), (DEC31, "100"), (LAST, "118.1"))
    charge_advances(ledger, range(1, 7))
    run_settlements(FIRST, LAST, on=ON)
    return Settlement.objects.get(contract__number="M/2020/0001")


def portal_urls(settlement):
    args = [settlement.contract.ledger.pk, settlement.pk]
    return {
        "settlements:portal_list": reverse("settlements:portal_list", args=args[:1]),
        "settlements:portal_detail": reverse("settlements:portal_detail", args=args),
        "settlements:portal_pdf": reverse("settlements:portal_pdf", args=args),
    }


def office_get_urls(settlement):
    return {
        "office:settlements:runs": reverse("office:settlements:runs"),
        "office:settlements:run_new": reverse("office:settlements:run_new"),
        "office:settlements:run_preview": reverse("office:settlements:run_preview")
        + "?first=2026-01-01&last=2026-06-30&building=",
        "office:settlements:run": reverse("office:settlements:run", args=[settlement.run_id]),
        "office:settlements:settlement": reverse(
            "office:settlements:settlement", args=[settlement.pk]
        ),
    }


@pytest.mark.parametrize("who", PEOPLE)
def test_portal_settlement_pages_answer_only_parties_to_the_contract(client, people, settled, who):
    user = people.all()[who]
    if user:
        client.force_login(user)
    for url in portal_urls(settled).values():
        response = client.get(url)
        if user is None:
            assert response.status_code == 302 and "/konto/" in response.url
        else:
            assert response.status_code == (200 if who in PARTIES else 404), (who, url)


@pytest.mark.parametrize("who", PEOPLE)
def test_office_settlement_pages_answer_staff_and_city_hall_and_nobody_else(
    client, people, settled, who
):
    user = people.all()[who]
    if user:
        client.force_login(user)
    readers = {"clerk": 200, "official": 200}
    runners = {"clerk": 200}
    expected = {
        "office:settlements:runs": readers,
        "office:settlements:run": readers,
        "office:settlements:settlement": readers,
        "office:settlements:run_new": runners,
        "office:settlements:run_preview": runners,
    }
    for name, url in office_get_urls(settled).items():
        response = client.get(url)
        if user is None:
            assert response.status_code == 302
        else:
            assert response.status_code == expected[name].get(who, 404), (who, name)


@pytest.mark.parametrize("who", PEOPLE)
def test_office_settlement_actions_are_for_staff_only(client, people, settled, who):
    user = people.all()[who]
    if user:
        client.force_login(user)
    settled_before = Settlement.objects.count()
    confirm = client.post(
        reverse("office:settlements:run_confirm"), {"first": "2026-01-01", "last": "2026-06-30"}
    )
    apply = client.post(
        reverse("office:settlements:run_apply", args=[settled.run_id]), {"month": "2026-12"}
    )
    if user is None:
        assert (confirm.status_code, apply.status_code) == (302, 302)
        assert SettlementRun.objects.count() == 1
    elif who == "clerk":
        assert (confirm.status_code, apply.status_code) == (302, 302)
        assert SettlementRun.objects.count() == 2  # a re-run, booking nothing
        assert Settlement.objects.count() == settled_before
    else:
        assert (confirm.status_code, apply.status_code) == (404, 404)
        assert SettlementRun.objects.count() == 1
        assert not Rate.objects.filter(contract__isnull=False).exists()


def test_a_co_tenant_does_not_see_settlements_of_another_ledger_by_its_id(client, people, settled):
    stranger_ledger = people.stranger.account.contractor.contracts.get().ledger
    client.force_login(people.stranger)
    url = reverse("settlements:portal_detail", args=[stranger_ledger.pk, settled.pk])
    assert client.get(url).status_code == 404


def test_the_calculation_page_shows_consumption_how_obtained_prices_and_difference(
    client, people, settled
):
    client.force_login(people.tenant)
    page = client.get(portal_urls(settled)["settlements:portal_detail"]).content.decode()
    assert page.count("<h1") == 1
    for text in [
        "18,10 m³",
        "z odczytów",
        "01.01.2026–31.03.2026",
        "5,00\xa0zł",
        "6,00\xa0zł",
        "99,60\xa0zł",
        "90,00\xa0zł",
        "-9,60\xa0zł",
        "-10,00\xa0zł",
        "niedopłata",
    ]:
        assert text in page, text


def test_the_list_shows_each_settlement_with_its_difference(client, people, settled):
    client.force_login(people.co_tenant)
    page = client.get(portal_urls(settled)["settlements:portal_list"]).content.decode()
    assert "01.01.2026–30.06.2026" in page and "-10,00\xa0zł" in page


def test_the_pdf_holds_the_same_calculation_in_polish(client, people, settled):
    client.force_login(people.tenant)
    response = client.get(portal_urls(settled)["settlements:portal_pdf"])
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for fragment in [
        "Rozliczenie mediów 01.01.2026–30.06.2026",
        "M/2020/0001",
        "Zaliczka na zimną wodę",
        "18,100",
        "99,60",
        "-10,00",
        "niedopłata",
    ]:
        assert fragment in text, fragment


def test_a_clerk_previews_then_books_and_nothing_is_booked_by_the_preview(
    client, people, flat, ledger
):
    water_meter(flat, "W-1", (DEC31, "100"), (LAST, "118.1"))
    client.force_login(people.clerk)
    preview = client.get(
        reverse("office:settlements:run_preview"), {"first": "2026-01-01", "last": "2026-06-30"}
    )
    assert "M/2020/0001" in preview.content.decode()
    assert not Settlement.objects.exists()
    response = client.post(
        reverse("office:settlements:run_confirm"),
        {"first": "2026-01-01", "last": "2026-06-30", "building": ""},
    )
    run = SettlementRun.objects.get()
    assert response.url == reverse("office:settlements:run", args=[run.pk])
    assert run.created_by == people.clerk and Settlement.objects.count() == 2  # two flats


def test_a_period_not_made_of_whole_months_is_refused_with_a_polish_message(client, people):
    client.force_login(people.clerk)
    page = client.get(
        reverse("office:settlements:run_preview"), {"first": "2026-01-05", "last": "2026-06-30"}
    ).content.decode()
    assert "zaczyna się pierwszego dnia miesiąca" in page


def test_applying_recommended_advances_creates_contract_rates_from_the_chosen_month(
    client, people, settled
):
    # 18,1 m³ in 181 days at 6,00 zł: 18,1 / 181 × 365 / 12 × 6 = 18,25 zł a
    # month; sewage at 4,00 zł: 12,1666… = 12,17 zł.
    client.force_login(people.clerk)
    client.post(
        reverse("office:settlements:run_apply", args=[settled.run_id]), {"month": "2026-12"}
    )
    rates = {
        r.component.code: (r.amount, r.valid_from, r.basis)
        for r in Rate.objects.filter(contract=settled.contract)
    }
    assert rates == {
        "cold_water": (Decimal("18.25"), D(2026, 12, 1), "fixed"),
        "sewage": (Decimal("12.17"), D(2026, 12, 1), "fixed"),
    }
    client.post(
        reverse("office:settlements:run_apply", args=[settled.run_id]), {"month": "2026-12"}
    )
    assert Rate.objects.filter(contract=settled.contract).count() == 2  # once


def test_advances_cannot_be_applied_inside_the_settled_period(client, people, settled):
    client.force_login(people.clerk)
    response = client.post(
        reverse("office:settlements:run_apply", args=[settled.run_id]),
        {"month": "2026-06"},
        follow=True,
    )
    assert "po rozliczonym okresie" in response.content.decode()
    assert not Rate.objects.filter(contract__isnull=False).exists()


def test_applying_recommended_advances_is_in_the_audit_log(client, people, settled):
    from django.contrib.contenttypes.models import ContentType

    from iok.audit.models import AuditEvent

    client.force_login(people.clerk)
    client.post(
        reverse("office:settlements:run_apply", args=[settled.run_id]), {"month": "2026-12"}
    )
    event = AuditEvent.objects.filter(
        action="bulk", content_type=ContentType.objects.get_for_model(Rate)
    ).get()
    created = Rate.objects.filter(valid_from=D(2026, 12, 1), contract__isnull=False)
    assert event.changes == {"count": created.count()}
    assert event.actor_username == people.clerk.username
    assert f",{settled.contract_id}," in event.object_ids
