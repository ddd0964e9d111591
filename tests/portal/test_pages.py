"""What the tenant reads on each portal page."""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from iok.ledger.posting import post_entry
from iok.registry.models import Premises
from iok.registry.properties import set_property
from tests.conftest import make_contract
from tests.portal.conftest import ALL_PAGES, payment, url_of

NBSP = "\xa0"
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
DECEMBER_1, DECEMBER_10 = datetime.date(2026, 12, 1), datetime.date(2026, 12, 10)


def page(client, user, url, language="en") -> str:
    """The page as `user` reads it, in English unless asked (the words the
    tests look for do not depend on the Polish catalogue)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text(html: str) -> str:
    """The page without tags, with spaces collapsed (but no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def row(html: str, row_id: str) -> str:
    """The text of the table row with that id, without what its <details> hold."""
    start = html.index(f'<tr id="{row_id}"')
    without_details = re.sub(r"<details>.*?</details>", " ", html[start:], count=1, flags=re.S)
    return text(without_details.split("</tr>")[0])


@pytest.mark.parametrize("name", sorted(ALL_PAGES))
def test_every_page_has_exactly_one_h1(client, people, history, name):
    html = page(client, people.tenant, url_of(name, history), language="pl")
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_the_accessibility_statement_has_one_h1_for_anonymous_visitors_too(client, db):
    html = page(client, None, reverse("portal:accessibility"))
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_amounts_and_dates_are_printed_the_polish_way(client, people, history):
    html = page(client, people.tenant, reverse("portal:kartoteka", args=[history.ledger.pk]))
    assert f"1{NBSP}234,56{NBSP}zł" in html
    assert "15.03.2026" in html
    assert f"+35,00{NBSP}zł" in html  # a correction keeps its sign


def test_the_pages_are_polish_by_default(client, people, history):
    client.force_login(people.tenant)
    html = client.get(reverse("portal:panel", args=[history.ledger.pk])).content.decode()
    assert '<html lang="pl">' in html


def test_the_panel_names_the_contractor_the_premises_and_the_contract(client, people, history):
    html = text(page(client, people.tenant, reverse("portal:home")))
    assert "Anna Kowalska" in html
    assert "ul. Mickiewicza 12/4, 15-213 Białystok" in html
    assert "M/2020/0001" in html


def test_the_panel_gives_the_balance_and_the_overpayment(client, people, history):
    # Charges 478.83 + 478.83, payment 1234.56, correction +35.00: +311.90.
    html = text(page(client, people.co_tenant, reverse("portal:home")))
    assert f"311,90{NBSP}zł balance on 28.11.2026" in html
    assert f"Overdue (past its due date) 0,00{NBSP}zł" in html
    assert f"Overpayment (credit) 311,90{NBSP}zł" in html
    assert "Nothing is due." in html


def charge_due(contract, title, on, due, amount):
    return post_entry(
        contract.ledger, "charge", title=title, operation_date=on, due_date=due, amount=amount
    )


def test_between_billing_and_the_due_date_the_panel_shows_no_arrears(
    client, people, contract, time_machine
):
    # On 05.12.2026 (this test's day) the December charge due on 10.12 is owed, not late.
    charge_due(contract, "Opłaty za 12/2026", DECEMBER_1, DECEMBER_10, Decimal("-1500.00"))
    time_machine.move_to(datetime.datetime(2026, 12, 5, 10, 0, tzinfo=WARSAW), tick=False)
    html = page(client, people.tenant, reverse("portal:home"), language="pl")
    assert "zaległość" not in text(html).replace("Zaległość (po terminie płatności)", "")
    assert 'class="overdue debt"' not in html
    assert f"Zaległość (po terminie płatności) 0,00{NBSP}zł" in text(html)
    assert f"1{NBSP}500,00{NBSP}zł do 10.12.2026 (Opłaty za 12/2026)" in text(html)
    assert "Brak należności do zapłaty." not in html


def test_the_day_after_the_due_date_the_panel_shows_the_arrears_in_red(
    client, people, contract, time_machine
):
    charge_due(contract, "Opłaty za 12/2026", DECEMBER_1, DECEMBER_10, Decimal("-1500.00"))
    time_machine.move_to(datetime.datetime(2026, 12, 11, 10, 0, tzinfo=WARSAW), tick=False)  # 11.12
    html = page(client, people.tenant, reverse("portal:home"))
    assert re.search(rf'class="overdue debt"><strong>1{NBSP}500,00{NBSP}zł</strong>', html)
    assert f"To pay by its due date 0,00{NBSP}zł" in text(html)


def test_the_panel_lists_each_amount_with_its_own_due_date(client, people, contract):
    charge_due(contract, "Czynsz 12/2026", DECEMBER_1, DECEMBER_10, Decimal("-400.00"))
    post_entry(
        contract.ledger,
        "settlement",
        title="Rozliczenie wody",
        operation_date=DECEMBER_1,
        due_date=datetime.date(2026, 12, 24),
        amount=Decimal("-120.00"),
    )
    html = text(page(client, people.tenant, reverse("portal:home")))
    assert f"400,00{NBSP}zł by 10.12.2026 (Czynsz 12/2026)" in html
    assert f"120,00{NBSP}zł by 24.12.2026 (Rozliczenie wody)" in html
    assert f"520,00{NBSP}zł by" not in html  # never summed under the earliest date


def test_the_account_number_is_printed_in_groups_with_a_copy_button_for_scripts(
    client, people, history
):
    html = page(client, people.tenant, reverse("portal:home"))
    number = history.ledger.virtual_account
    grouped = " ".join([number[:2], *(number[i : i + 4] for i in range(2, 26, 4))])
    assert f'data-copy-value="{number}">{grouped}</span>' in html
    button = re.search(r"<button[^>]*data-copy=\"nrb\"[^>]*>", html, re.S).group(0)
    assert "hidden" in button  # shown by the script only, so it never does nothing
    assert "portal/copy.js" in html


def test_the_panel_shows_the_last_payment_and_the_last_charge(client, people, history):
    html = text(page(client, people.tenant, reverse("portal:home")))
    assert f"Last payment 1{NBSP}234,56{NBSP}zł, 15.03.2026" in html
    assert f"Last charge 478,83{NBSP}zł, Opłaty za 03/2026 Due by 10.03.2026" in html


def test_the_panel_links_to_the_rest_of_the_portal(client, people, history):
    html = page(client, people.tenant, reverse("portal:home"))
    pk = history.ledger.pk
    names = ["portal:kartoteka", "portal:kartoteka_months", "portal:kartoteka_years"]
    names += ["portal:contract", "meters:readings", "settlements:portal_list"]
    for name in names:
        assert f'href="{reverse(name, args=[pk])}"' in html


@pytest.fixture
def garage(people, building, tenant):
    premises = Premises.objects.create(building=building, kind="garage", number="G1")
    return make_contract("G/2022/0001", premises, datetime.date(2022, 1, 1), tenant)


def test_a_login_with_two_ledgers_switches_between_them_on_every_page(
    client, people, history, garage
):
    flat, other = history.ledger, garage.ledger
    html = page(client, people.tenant, reverse("portal:home"))
    assert "Ledger of contract <strong>M/2020/0001</strong>" in html  # flats come first
    for name in ["panel", "kartoteka", "kartoteka_months", "kartoteka_years", "contract"]:
        html = page(client, people.tenant, reverse(f"portal:{name}", args=[other.pk]))
        assert "Ledger of contract <strong>G/2022/0001</strong>" in html, name
        assert f'href="{reverse(f"portal:{name}", args=[flat.pk])}"' in html, name
        current = reverse(f"portal:{name}", args=[other.pk])
        assert f'<a href="{current}" aria-current="true">' in html, name


def test_the_co_tenant_has_one_ledger_and_no_switcher(client, people, history):
    html = page(client, people.co_tenant, reverse("portal:home"))
    assert "switcher" not in html
    assert "Ledger of contract <strong>M/2020/0001</strong>" in html


def test_each_kartoteka_row_opens_to_its_lines_and_its_corrections(client, people, history):
    html = page(client, people.tenant, reverse("portal:kartoteka", args=[history.ledger.pk]))
    assert html.count("<details>") == history.ledger.entries.count() == 4
    assert "Czynsz" in html and "Opłata za odpady komunalne" in html
    march = reverse("portal:entry", args=[history.ledger.pk, history.march.pk])
    correction = reverse("portal:entry", args=[history.ledger.pk, history.correction.pk])
    details = html[html.index(f'id="entry-{history.correction.pk}"') :].split("</details>")[0]
    assert f'href="{march}"' in details  # the correction names its entry
    details = html[html.index(f'id="entry-{history.march.pk}"') :].split("</details>")[0]
    assert f'href="{correction}"' in details  # and the entry its correction
    assert "NAL/2026/03/" in html


def test_the_kartoteka_has_totals_at_the_foot(client, people, history):
    html = page(client, people.tenant, reverse("portal:kartoteka", args=[history.ledger.pk]))
    foot = text(html[html.index("<tfoot>") : html.index("</tfoot>")])
    assert (
        foot.split()
        == (
            f"Total for the year, closing balance 957,66{NBSP}zł +35,00{NBSP}zł "
            f"1{NBSP}234,56{NBSP}zł 311,90{NBSP}zł"
        ).split()
    )


def test_the_kartoteka_shows_the_year_asked_for(client, people, history):
    payment(history.ledger, datetime.date(2025, 12, 30), "50.00")
    url = reverse("portal:kartoteka", args=[history.ledger.pk])
    html = page(client, people.tenant, url + "?rok=2025")
    assert "30.12.2025" in html and "15.03.2026" not in html
    html = page(client, people.tenant, url)
    assert "15.03.2026" in html and "30.12.2025" not in html
    assert f"50,00{NBSP}zł" in text(html)  # brought forward into 2026


def test_a_year_without_entries_shows_the_latest_and_says_why(client, people, history):
    url = reverse("portal:kartoteka", args=[history.ledger.pk])
    html = page(client, people.tenant, url + "?rok=1999")
    assert "15.03.2026" in html
    assert "errorlist" in html


def test_the_months_have_their_totals_and_closing_balances(client, people, history):
    url = reverse("portal:kartoteka_months", args=[history.ledger.pk])
    html = page(client, people.tenant, url + "?rok=2026")
    assert (
        row(html, "month-03").split()
        == (
            f"March 2026 478,83{NBSP}zł +35,00{NBSP}zł 1{NBSP}234,56{NBSP}zł 311,90{NBSP}zł"
        ).split()
    )
    assert (
        row(html, "month-02").split()
        == (f"February 2026 478,83{NBSP}zł 0,00{NBSP}zł 0,00{NBSP}zł -478,83{NBSP}zł").split()
    )


def test_the_years_have_their_totals_and_open_to_their_months(client, people, history):
    url = reverse("portal:kartoteka_years", args=[history.ledger.pk])
    html = page(client, people.tenant, url)
    assert (
        row(html, "year-2026").split()
        == (f"2026 957,66{NBSP}zł +35,00{NBSP}zł 1{NBSP}234,56{NBSP}zł 311,90{NBSP}zł").split()
    )
    months = text(html[html.index('<tr id="year-2026"') :].split("</details>")[0])
    assert "February 2026" in months and "March 2026" in months


def test_only_the_latest_three_years_open_to_their_months_in_place(client, people, history):
    for year in range(2018, 2026):  # eight earlier years, a payment each
        payment(history.ledger, datetime.date(year, 6, 1), "10.00")
    months_url = reverse("portal:kartoteka_months", args=[history.ledger.pk])
    html = page(client, people.tenant, reverse("portal:kartoteka_years", args=[history.ledger.pk]))
    assert html.count("<details>") == 9  # every year opens
    opened = {}
    for year in range(2018, 2027):
        details = html[html.index(f'<tr id="year-{year}"') :].split("</details>")[0]
        opened[year] = "<table" in details
        if not opened[year]:
            assert f"The months of {year}, on that year's page" in details
            assert f'href="{months_url}?rok={year}"' in details
    assert [year for year, months in opened.items() if months] == [2024, 2025, 2026]


def test_a_title_is_escaped_in_the_details_of_its_row(client, people, history):
    evil = post_entry(
        history.ledger,
        "payment",
        title='<script>alert("x")</script> & co',
        operation_date=datetime.date(2026, 3, 16),
        amount=Decimal("1.00"),
    )
    for url in [
        reverse("portal:kartoteka", args=[history.ledger.pk]),
        reverse("portal:entry", args=[history.ledger.pk, evil.pk]),
    ]:
        html = page(client, people.tenant, url)
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in html


def test_the_day_view_opens_each_row_to_what_the_entry_page_shows(client, people, history):
    days = page(client, people.tenant, reverse("portal:kartoteka", args=[history.ledger.pk]))
    for entry in [history.march, history.payment, history.correction]:
        own = page(
            client, people.tenant, reverse("portal:entry", args=[history.ledger.pk, entry.pk])
        )
        facts = own[own.index('<dl class="entry-facts">') : own.index("<p>\n  <a href")]
        in_row = days[days.index(f'id="entry-{entry.pk}"') :].split("</details>")[0]
        assert facts.strip() in in_row


def test_an_entry_has_a_page_of_its_own(client, people, history):
    url = reverse("portal:entry", args=[history.ledger.pk, history.payment.pk])
    html = text(page(client, people.tenant, url))
    assert f"Payment 1{NBSP}234,56{NBSP}zł" in html
    # -957.66 + 1234.56 after the payment of 15 March (the correction came later)
    assert f"Balance after this entry 276,90{NBSP}zł (overpayment)" in html
    back = reverse("portal:kartoteka", args=[history.ledger.pk])
    assert f"{back}?rok=2026#entry-{history.payment.pk}" in page(client, people.tenant, url)


def test_the_premises_and_contract_page_shows_todays_data_and_every_change(
    client, people, history, flat
):
    set_property("usable_area", flat, Decimal("53.10"), datetime.date(2026, 6, 1), "pomiar")
    url = reverse("portal:contract", args=[history.ledger.pk])
    html = page(client, people.tenant, url)
    current = text(html[html.index('id="current-heading"') : html.index('id="history-heading"')])
    assert "Powierzchnia użytkowa 53,10 m² 01.06.2026" in current
    assert "52,40" not in current
    assert "Liczba osób zameldowanych 2 os. 01.03.2020" in current
    assert "Piętro 2 01.01.2026" in current
    history_table = text(html[html.index('id="history-heading"') :])
    assert "01.06.2026 Powierzchnia użytkowa 53,10 m² pomiar" in history_table
    assert "01.01.2026 Powierzchnia użytkowa 52,40 m²" in history_table


def test_the_premises_and_contract_page_names_the_contract_and_its_parties(client, people, history):
    html = text(page(client, people.tenant, reverse("portal:contract", args=[history.ledger.pk])))
    assert "Contract number M/2020/0001" in html
    assert "From 01.03.2020 Until indefinite period" in html
    assert "Anna Kowalska (main tenant)" in html
    assert "Piotr Kowalski (co-tenant)" in html


def test_the_accessibility_statement_is_open_to_everyone_and_complete(client, db):
    html = page(client, None, reverse("portal:accessibility"), language="pl")
    assert '<html lang="pl">' in html
    for part in ["status", "preparation", "features", "contact", "procedure", "architecture"]:
        assert f'<h2 id="{part}">' in html, part
    assert 'href="mailto:' in html
    assert "28.11.2026" in html


def test_kartoteka_tables_have_captions_and_headers(client, people, history):
    for name in ["kartoteka", "kartoteka_months", "kartoteka_years"]:
        html = page(client, people.tenant, reverse(f"portal:{name}", args=[history.ledger.pk]))
        assert html.count("<table") == html.count("<caption")
        assert '<th scope="col"' in html and '<th scope="row"' in html
        assert 'class="table-wrap" role="region"' in html


def test_the_accessibility_statement_names_the_company_from_settings(client, db, settings):
    settings.IOK_STATEMENT_BODY = "Miejski Zarząd Lokali w Przykładowie"
    settings.IOK_STATEMENT_EMAIL = "dostepnosc@mzl.example"
    html = page(client, None, reverse("portal:accessibility"))
    assert "Miejski Zarząd Lokali w Przykładowie undertakes" in text(html)
    assert 'href="mailto:dostepnosc@mzl.example"' in html
