"""The office home page: what needs doing, each a count with a link; and the
list of ledgers in arrears over the threshold."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iok.access.models import AccessRequest
from iok.ledger.allocation import allocate_ledger
from iok.ledger.billing import bill_month
from iok.ledger.posting import post_entry
from iok.meters.models import Meter
from iok.periods import Period
from iok.registry.models import Contract, Premises
from tests.conftest import make_contract
from tests.office.conftest import charge

NBSP = "\xa0"
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")

SWEPT = {"office:home", "office:arrears"}
PEOPLE = ["tenant", "co_tenant", "stranger", "clerk", "official", "anonymous"]
EXPECTED = {
    "office:home": {"clerk": 200, "official": 200},
    "office:arrears": {"clerk": 200, "official": 200},
}


def rows(page: str) -> dict[str, str]:
    """The home page's items as {label: count}."""
    import re

    row = r'<th scope="row">(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</th>\s*<td class="amount">(\d+)'
    return dict(re.findall(row, page))


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("name", sorted(SWEPT))
def test_each_person_gets_the_office_pages_as_the_policy_says(client, people, books, name, who):
    user = people.all()[who]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name))
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("access:login"))
    else:
        assert response.status_code == EXPECTED[name].get(who, 404)


def pending_request(number):
    return AccessRequest.objects.create(
        first_name="Anna",
        last_name="Kowalska",
        pesel="85071412341",
        premises_address="ul. Mickiewicza 12/4",
        contract_number=number,
        consents_to_electronic_correspondence=False,
    )


def test_the_clerk_sees_each_kind_of_work_with_its_count(client, people, books, flat):
    pending_request("M/2020/0001")
    Meter.objects.create(
        premises=flat,
        medium="cold_water",
        serial_number="W-1",
        place="bathroom",
        installed=datetime.date(2021, 1, 1),
        legalised_until=datetime.date(2027, 1, 31),
    )
    Meter.objects.create(
        premises=flat,
        medium="hot_water",
        serial_number="W-2",
        place="bathroom",
        installed=datetime.date(2021, 1, 1),
        legalised_until=datetime.date(2027, 6, 30),
    )
    Contract.objects.filter(number="M/2021/0009").update(end=datetime.date(2026, 12, 15))
    client.force_login(people.clerk)
    page = client.get(reverse("office:home")).content.decode()
    assert rows(page) == {
        "Wnioski o dostęp czekające na decyzję": "1",
        "Wpłaty czekające na przypisanie": "0",
        "Samoodczyty czekające na przyjęcie": "0",
        "Liczniki, których legalizacja minęła lub mija w ciągu 90 dni": "1",
        "Umowy kończące się w ciągu 30 dni": "1",
        "Kartoteki z zaległością powyżej progu": "1",
    }
    assert reverse("office:access:requests") in page
    assert reverse("office:meters:legalisation") in page and reverse("office:arrears") in page


def test_city_hall_sees_the_counts_it_may_read_and_no_page_it_cannot_open(client, people, books):
    pending_request("M/2020/0001")
    client.force_login(people.official)
    page = client.get(reverse("office:home")).content.decode()
    assert rows(page)["Wnioski o dostęp czekające na decyzję"] == "1"
    assert reverse("office:access:requests") not in page  # logins are staff work
    assert f'href="{reverse("office:statement_upload")}"' not in page
    assert f'href="{reverse("office:statement_list")}"' in page  # reading them is allowed


def test_the_home_page_costs_the_same_queries_for_a_bigger_town(client, people, books, building):
    from iok.registry.models import Premises

    client.force_login(people.clerk)
    client.get(reverse("office:home"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("office:home"))
    for number in range(10):
        premises = Premises.objects.create(building=building, kind="garage", number=f"G{number}")
        make_contract(
            f"G/2026/{number:04d}",
            premises,
            datetime.date(2026, 1, 1),
            people.tenant.account.contractor,
            end=datetime.date(2026, 12, 1),
        )
        pending_request(f"G/2026/{number:04d}")
    with CaptureQueriesContext(connection) as big:
        page = client.get(reverse("office:home")).content.decode()
    assert rows(page)["Umowy kończące się w ciągu 30 dni"] == "10"
    assert len(big) == len(small)


def test_arrears_lists_ledgers_overdue_over_the_threshold_largest_first(
    client, people, books, settings
):
    client.force_login(people.clerk)
    page = client.get(reverse("office:arrears")).content.decode()
    assert "M/2021/0009" in page and "M/2020/0001" not in page  # 635,00 and 478,83 overdue
    settings.IOK_ARREARS_THRESHOLD = Decimal("400.00")
    page = client.get(reverse("office:arrears")).content.decode()
    assert page.index("M/2021/0009") < page.index("M/2020/0001")
    assert reverse("office:tenant_kartoteka", args=[books.strangers.pk]) in page


def arrears_count(client, people) -> str:
    client.force_login(people.clerk)
    return rows(client.get(reverse("office:home")).content.decode())[ARREARS]


ARREARS = "Kartoteki z zaległością powyżej progu"


def test_billing_the_next_month_does_not_put_anyone_in_arrears(client, people, books, rates):
    # Threshold 500,00: the stranger owes 635,00 overdue, the tenant 478,83.
    assert arrears_count(client, people) == "1"
    bill_month(Period(2026, 12))  # on 28.11.2026, due 10.12.2026: owed, not overdue
    books.ledger.refresh_from_db()
    assert books.ledger.balance == Decimal("-1040.26")
    assert arrears_count(client, people) == "1"
    page = client.get(reverse("office:arrears")).content.decode()
    assert "M/2020/0001" not in page and "M/2021/0009" in page


def test_the_day_after_the_due_date_the_billed_month_counts(
    client, people, books, rates, settings, time_machine
):
    settings.IOK_ARREARS_THRESHOLD = Decimal("1000.00")
    bill_month(Period(2026, 12))  # 561.43 for the tenant's flat
    assert arrears_count(client, people) == "0"
    time_machine.move_to(datetime.datetime(2026, 12, 11, 10, tzinfo=WARSAW), tick=False)  # 11.12
    assert arrears_count(client, people) == "2"  # the stranger too, with his December
    page = client.get(reverse("office:arrears")).content.decode()
    assert f"1{NBSP}040,26{NBSP}zł" in page  # the tenant: 478.83 + 561.43 overdue


def test_what_a_payment_paid_is_not_arrears(client, people, books, settings):
    settings.IOK_ARREARS_THRESHOLD = Decimal("400.00")
    post_entry(
        books.strangers,
        "payment",
        title="Przelew",
        operation_date=datetime.date(2026, 11, 20),
        amount=Decimal("300.00"),
    )
    allocate_ledger(books.strangers)
    client.force_login(people.clerk)
    page = client.get(reverse("office:arrears")).content.decode()
    assert "M/2021/0009" not in page  # 335,00 overdue is under the threshold


def test_the_arrears_list_costs_the_same_queries_for_more_ledgers_in_arrears(
    client, people, books, building, settings
):
    settings.IOK_ARREARS_THRESHOLD = Decimal("100.00")
    client.force_login(people.clerk)
    client.get(reverse("office:arrears"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("office:arrears"))
    for number in range(10):
        premises = Premises.objects.create(building=building, kind="garage", number=f"G{number}")
        contract = make_contract(
            f"G/2026/{number:04d}",
            premises,
            datetime.date(2026, 1, 1),
            people.tenant.account.contractor,
        )
        charge(contract.ledger, datetime.date(2026, 11, 1))
    with CaptureQueriesContext(connection) as big:
        page = client.get(reverse("office:arrears")).content.decode()
    assert "G/2026/0009" in page
    assert len(big) == len(small)
