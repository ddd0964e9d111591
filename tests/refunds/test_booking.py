"""A refund is booked when a later statement's debit line carries its
reference (an MT940 file written here), in the import's transaction; a
debit of another amount, or more than the credit at booking time, stays a
debit for staff with the reason."""

import datetime
from decimal import Decimal

import pytest

from iok.ledger.models import Closing, Entry
from iok.payments.importing import import_statements
from iok.payments.models import StatementLine
from iok.payments.parsers.detect import parse_statement
from iok.payments.staged import StatementError
from iok.refunds.batches import write_batch
from iok.refunds.booking import references_in
from iok.refunds.models import RefundOrder
from iok.refunds.orders import cancel_refund, order_refund
from tests.refunds.conftest import balance, pay

ANNA = "61109010140000071219812874"


def mt940(*debits, opening="1000.00", closing=None, number="00301") -> bytes:
    """A statement of the collection account with one debit line per
    (amount, title), as a bank writes the refunds it paid."""
    moved = sum((Decimal(amount) for amount, _title in debits), Decimal(0))
    closing = closing or Decimal(opening) - moved
    lines = [
        ":20:IOK-ZWROTY",
        ":25:/PL84102010260000120203456789",
        f":28C:{number}",
        f":60F:C261127PLN{opening.replace('.', ',')}",
    ]
    for n, (amount, title) in enumerate(debits, 1):
        lines += [
            f":61:2611281128D{amount.replace('.', ',')}S0710000000000{n}//BANK-{number}-{n}",
            f":86:071~00VE04~20{title[:27]}~21{title[27:]}~3010901014~310000071219812874"
            "~32ANNA KOWALSKA",
        ]
    lines += [f":62F:C261128PLN{str(closing).replace('.', ',')}", "-"]
    return "\r\n".join(lines).encode("cp1250") + b"\r\n"


def run(data: bytes):
    return import_statements(parse_statement(data, source="zwroty.sta"))


@pytest.fixture
def sent(ledger, clerk):
    pay(ledger, "300.00")
    order = order_refund(ledger, Decimal("120.55"), ANNA, "Anna Kowalska", "nadpłata", clerk)
    write_batch([order.pk], "elixir", clerk)
    order.refresh_from_db()
    return order


def test_the_debit_naming_a_sent_refund_books_it_on_its_ledger(sent, ledger):
    run(mt940(("120.55", sent.title)))
    sent.refresh_from_db()
    line = StatementLine.objects.get()
    assert (sent.state, sent.line_key, sent.booked_at is not None) == ("booked", line.key, True)
    entry = sent.entry
    assert (entry.kind, entry.ledger, entry.amount) == (
        Entry.Kind.REFUND,
        ledger,
        Decimal("-120.55"),
    )
    assert (entry.operation_date, entry.document) == (datetime.date(2026, 11, 28), sent.reference)
    assert (line.status, line.ledger, line.entry) == ("debit", ledger, entry)
    assert balance(ledger) == Decimal("179.45")


def test_the_reference_is_found_however_the_bank_splits_the_title(sent):
    split = f"ZWROT {sent.reference[:5]} {sent.reference[5:]}"
    assert references_in(split) == {sent.reference}
    run(mt940(("120.55", split)))
    sent.refresh_from_db()
    assert sent.state == "booked"


def test_a_debit_of_another_amount_stays_a_debit_with_the_reason(sent, ledger):
    run(mt940(("120.50", sent.title)))
    sent.refresh_from_db()
    line = StatementLine.objects.get()
    assert (sent.state, line.status, line.entry, line.ledger) == ("sent", "debit", None, None)
    assert sent.reference in line.reason
    assert balance(ledger) == Decimal("300.00")


def test_a_refund_is_never_booked_above_the_credit_at_booking_time(sent, ledger):
    pay(ledger, "-200.00")  # a charge since the file was sent: 100 of credit left
    run(mt940(("120.55", sent.title)))
    sent.refresh_from_db()
    assert (sent.state, StatementLine.objects.get().entry) == ("sent", None)
    assert balance(ledger) == Decimal("100.00")
    assert not Entry.objects.filter(kind="refund").exists()


def test_only_a_sent_refund_is_booked(ledger, clerk):
    pay(ledger, "300.00")
    ordered = order_refund(ledger, Decimal("10.00"), ANNA, "Anna Kowalska", "x", clerk)
    cancelled = order_refund(ledger, Decimal("20.00"), ANNA, "Anna Kowalska", "x", clerk)
    write_batch([cancelled.pk], "elixir", clerk)
    cancel_refund(cancelled, clerk)
    run(mt940(("10.00", ordered.title), ("20.00", cancelled.title)))
    assert not Entry.objects.filter(kind="refund").exists()
    assert set(RefundOrder.objects.values_list("state", flat=True)) == {"ordered", "cancelled"}


def test_a_credit_line_with_the_reference_is_not_a_refund(sent, ledger):
    from iok.payments.staged import StagedLine, StagedStatement

    day = datetime.date(2026, 11, 28)
    credit = StagedLine(day, day, Decimal("120.55"), True, title=sent.title, line_number=1)
    statement = StagedStatement(
        account="84102010260000120203456789", number="9", currency="PLN", date=day,
        opening_balance=Decimal(0), closing_balance=Decimal("120.55"), lines=[credit],
        format="mt940", source="x",
    )  # fmt: skip
    import_statements([statement])
    sent.refresh_from_db()
    assert sent.state == "sent"


def test_the_same_statement_twice_books_the_refund_once(sent, ledger):
    data = mt940(("120.55", sent.title))
    run(data)
    run(data)
    assert Entry.objects.filter(kind="refund").count() == 1
    assert balance(ledger) == Decimal("179.45")


def test_two_debits_with_one_reference_book_it_once(sent, ledger):
    run(mt940(("120.55", sent.title), ("120.55", sent.title)))
    assert Entry.objects.filter(kind="refund").count() == 1
    assert StatementLine.objects.filter(entry__isnull=True).count() == 1


def test_a_refund_dated_in_a_closed_period_waits_as_a_debit(sent, ledger):
    Closing.objects.create(closed_until=datetime.date(2026, 11, 28))
    run(mt940(("120.55", sent.title)))
    sent.refresh_from_db()
    line = StatementLine.objects.get()
    assert (sent.state, line.entry, line.status) == ("sent", None, "debit")
    assert line.reason


def test_a_statement_that_fails_books_no_refund(sent, ledger):
    with pytest.raises(StatementError):
        run(mt940(("120.55", sent.title), closing=Decimal("1.00")))
    sent.refresh_from_db()
    assert sent.state == "sent" and not StatementLine.objects.exists()


def test_a_dry_run_books_no_refund(sent, ledger):
    import_statements(parse_statement(mt940(("120.55", sent.title)), source="x"), dry_run=True)
    sent.refresh_from_db()
    assert sent.state == "sent" and balance(ledger) == Decimal("300.00")


def test_the_refund_takes_its_credit_out_of_the_allocation(sent, ledger):
    run(mt940(("120.55", sent.title)))
    sent.refresh_from_db()
    assert sent.entry.paid_by.get().amount == Decimal("120.55")
