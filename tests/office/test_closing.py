"""Closed periods: no entry dated inside them, from any path that books."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from iok.ledger.billing import bill_month
from iok.ledger.closing import closed_until, refuse_closed
from iok.ledger.corrections import reverse_entry
from iok.ledger.models import Closing, Entry
from iok.ledger.posting import post_entry
from iok.periods import Period

OCT_31 = datetime.date(2026, 10, 31)
NOV_1 = datetime.date(2026, 11, 1)


def close(until, user=None):
    return Closing.objects.create(closed_until=until, closed_by=user)


def pay(ledger, day, booked=None):
    return post_entry(
        ledger,
        "payment",
        title="Przelew",
        operation_date=day,
        booking_date=booked or day,
        amount=Decimal("10.00"),
    )


def test_nothing_is_closed_until_staff_close_the_books(db):
    assert closed_until() is None
    refuse_closed([datetime.date(2000, 1, 1)])  # no exception


def test_the_latest_closing_is_in_force_so_the_books_can_be_reopened(db):
    close(OCT_31)
    close(datetime.date(2026, 9, 30))
    assert closed_until() == datetime.date(2026, 9, 30)


def test_an_entry_dated_on_the_closing_day_is_refused_naming_both_dates(ledger):
    close(OCT_31)
    with pytest.raises(ValidationError) as refused:
        pay(ledger, OCT_31, booked=NOV_1)
    assert "31.10.2026" in refused.value.messages[0]
    assert refused.value.code == "closed_period"
    assert not Entry.objects.exists()
    ledger.refresh_from_db()
    assert ledger.balance == 0


def test_an_entry_booked_inside_a_closed_period_is_refused_too(ledger):
    close(OCT_31)
    with pytest.raises(ValidationError) as refused:
        pay(ledger, NOV_1, booked=datetime.date(2026, 10, 20))
    assert "20.10.2026" in refused.value.messages[0]
    assert not Entry.objects.exists()


def test_the_day_after_the_closing_date_is_open(ledger):
    close(OCT_31)
    pay(ledger, NOV_1)
    ledger.refresh_from_db()
    assert ledger.balance == Decimal("10.00")


def test_billing_a_closed_month_books_nothing(contract, rates):
    close(datetime.date(2026, 11, 15))
    with pytest.raises(ValidationError) as refused:
        bill_month(Period(2026, 11), booked_on=datetime.date(2026, 11, 28))
    assert "01.11.2026" in refused.value.messages[0]
    assert "15.11.2026" in refused.value.messages[0]
    assert not Entry.objects.exists()
    assert bill_month(Period(2026, 12), booked_on=datetime.date(2026, 11, 28)).charged == 1


def test_a_correction_cannot_be_dated_inside_a_closed_period(books):
    close(OCT_31)
    with pytest.raises(ValidationError):
        reverse_entry(books.october, reason="błąd", on=OCT_31)
    assert not books.october.corrections.exists()
    reverse_entry(books.october, reason="błąd", on=NOV_1, booked_on=NOV_1)
    assert books.october.corrections.count() == 1


def test_a_clerk_closes_the_books_in_the_admin_and_is_named_as_who_did(client, people):
    client.force_login(people.clerk)
    response = client.post(
        reverse("admin:ledger_closing_add"), {"closed_until": "2026-10-31", "note": "bilans"}
    )
    assert response.status_code == 302
    closing = Closing.objects.get()
    assert (closing.closed_until, closing.closed_by) == (OCT_31, people.clerk)
    change = reverse("admin:ledger_closing_change", args=[closing.pk])
    client.post(change, {"closed_until": "2026-01-31", "note": "zmiana"})
    closing.refresh_from_db()
    assert closing.closed_until == OCT_31  # a closing is never edited: add a new one


def test_city_hall_sees_the_closings_but_does_not_close_the_books(client, people):
    close(OCT_31, people.clerk)
    client.force_login(people.official)
    assert client.get(reverse("admin:ledger_closing_changelist")).status_code == 200
    assert client.get(reverse("admin:ledger_closing_add")).status_code == 403
