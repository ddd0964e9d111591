"""Reversals (storno): a reversed payment is taken back on its ledger, naming
it; one that cannot be told waits in the queue; a debit's reversal (a fee
given back) is no tenant's payment. The files are hand-written in each
format (tests/payments/fixtures/reversals/)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from iok.ledger.allocation import unpaid
from iok.ledger.integrity import (
    allocation_problems,
    statement_line_problems,
    stored_total_differences,
)
from iok.ledger.models import Allocation, Entry
from iok.ledger.posting import post_entry
from iok.payments import reversals
from iok.payments.importing import import_statements
from iok.payments.models import StatementLine
from iok.payments.parsers.detect import parse_statement
from iok.payments.reconciliation import set_aside
from tests.payments.test_import import PAYER, balance, line, statement

FIXTURES = Path(__file__).parent / "fixtures" / "reversals"
Status = StatementLine.Status
NOV_1, NOV_10 = datetime.date(2026, 11, 1), datetime.date(2026, 11, 10)


def read(name):
    return parse_statement((FIXTURES / name).read_bytes(), name)


def imported(*names):
    return [import_statements(read(name)) for name in names]


@pytest.fixture
def charged(ledger):
    """November's rent, 150,00, due on the 10th."""
    return post_entry(
        ledger,
        Entry.Kind.CHARGE,
        title="Czynsz 11/2026",
        amount=Decimal("-150.00"),
        operation_date=NOV_1,
        due_date=NOV_10,
    )


def reversal_of(payment_line):
    return Entry.objects.get(kind=Entry.Kind.REVERSAL, counterpart=payment_line.entry)


def test_mt940_reads_rc_and_rd_as_reversals_each_its_own_way():
    lines = read("pko_reversals.sta")[0].lines
    assert [(x.credit, x.reversal) for x in lines] == [
        (False, True),
        (False, True),
        (False, True),
        (True, True),
    ]


def test_camt_reads_the_reversal_indicator():
    lines = read("camt053_reversal.xml")[0].lines
    assert [(x.credit, x.reversal) for x in lines] == [(True, False), (False, True), (True, True)]


def test_a_reversal_with_the_payments_reference_is_booked_on_its_ledger(ledger):
    imported("pko_payments.sta")
    payment_line = StatementLine.objects.get(bank_reference="6460500500000501")
    result = imported("pko_reversals.sta")[0]
    reversal_line = StatementLine.objects.get(bank_reference="6460500500000501", credit=False)
    entry = reversal_of(payment_line)
    assert reversal_line.status == Status.REVERSAL_BOOKED
    assert reversal_line.match == StatementLine.Match.REVERSED_REFERENCE
    assert reversal_line.entry == entry and reversal_line.ledger == ledger
    assert (entry.ledger, entry.amount, entry.operation_date) == (
        ledger,
        Decimal("-150.00"),
        NOV_10,
    )
    assert "02.11.2026" in entry.title and "150,00" in entry.title
    assert reversal_line.key != payment_line.key and reversal_line.key.startswith("rev:")
    assert result.reversals_booked == 2 and result.reversals_waiting == 1


def test_a_reversal_without_the_reference_is_told_by_amount_and_payer(ledger):
    imported("pko_payments.sta", "pko_reversals.sta")
    payment_line = StatementLine.objects.get(bank_reference="6460500500000502")
    reversal_line = StatementLine.objects.get(bank_reference="6460500500000777")
    assert reversal_line.status == Status.REVERSAL_BOOKED
    assert reversal_line.match == StatementLine.Match.REVERSED_PAYER
    assert reversal_of(payment_line).amount == Decimal("-200.00")
    assert balance(ledger) == 0  # both payments taken back


def test_a_reversal_nobody_can_place_waits_in_the_queue_with_its_label(ledger):
    imported("pko_payments.sta", "pko_reversals.sta")
    waiting = StatementLine.objects.get(bank_reference="6460500500000778")
    assert waiting.status == Status.REVERSAL_WAITING and waiting.entry is None
    assert waiting.get_status_display() == "storno czeka na wpłatę, którą cofa"


def test_a_debits_reversal_is_never_matched_booked_nor_queued(ledger):
    # Its title names the contract: as a credit it used to be booked as rent.
    result = imported("pko_payments.sta", "pko_reversals.sta")[1]
    refund = StatementLine.objects.get(bank_reference="6460500500000779")
    assert refund.credit and refund.status == Status.DEBIT_REVERSAL
    assert refund.ledger is None and refund.entry is None
    assert result.booked == 0 and result.unmatched == 0 and result.debit_reversals == 1
    assert not ledger.entries.filter(kind=Entry.Kind.PAYMENT, amount=Decimal("5.00")).exists()


def test_a_reversal_makes_the_charges_its_payment_paid_unpaid_again(ledger, charged):
    imported("pko_payments.sta")
    payment = StatementLine.objects.get(bank_reference="6460500500000501").entry
    assert Allocation.objects.filter(payment=payment, charge=charged).exists()
    assert unpaid(ledger) == []
    import_statements([statement(line("150.00", 1, credit=False, reversal=True,
                                      bank_reference="6460500500000501"),
                                 number="102", account="84102010260000120203456789")])  # fmt: skip
    entry = reversal_of(StatementLine.objects.get(pk=payment.statement_line.pk))
    assert not Allocation.objects.filter(payment=payment, charge=charged).exists()
    assert Allocation.objects.get(payment=payment, charge=entry).amount == Decimal("150.00")
    # The second payment (200,00) pays the rent now, 50,00 left as credit.
    assert Allocation.objects.get(charge=charged).amount == Decimal("150.00")
    assert balance(ledger) == Decimal("50.00")


def test_when_every_payment_is_reversed_the_charge_is_unpaid_whole(ledger, charged):
    imported("pko_payments.sta", "pko_reversals.sta")
    assert [(debt.entry, debt.amount) for debt in unpaid(ledger)] == [(charged, Decimal("150.00"))]
    assert balance(ledger) == Decimal("-150.00")
    # `iok check-ledger` finds the lines, entries and stored totals agreeing.
    assert statement_line_problems() == [] and stored_total_differences() == []
    assert allocation_problems() == []


def test_importing_the_reversals_again_books_nothing_new(ledger):
    imported("pko_payments.sta", "pko_reversals.sta")
    entries = Entry.objects.count()
    again = imported("pko_reversals.sta")[0]
    assert (again.new_lines, again.reversals_booked) == (0, 0)
    assert Entry.objects.count() == entries


def test_a_payment_and_its_reversal_in_one_camt_file_cancel_out(ledger):
    result = imported("camt053_reversal.xml")[0]
    payment_line = StatementLine.objects.get(credit=True, status=Status.BOOKED)
    reversal_line = StatementLine.objects.get(status=Status.REVERSAL_BOOKED)
    assert reversal_line.bank_reference == payment_line.bank_reference  # yet both staged
    assert reversal_of(payment_line).amount == Decimal("-300.00")
    assert StatementLine.objects.get(amount=Decimal("2.50")).status == Status.DEBIT_REVERSAL
    assert (result.booked, result.reversals_booked, result.unmatched) == (1, 1, 0)
    assert balance(ledger) == 0


def _payment_then_reversal(ledger, days_after, settings, window=30):
    settings.IOK_REVERSAL_WINDOW_DAYS = window
    paid = datetime.date(2026, 10, 1)
    payment = line("80.00", 1, virtual_account=ledger.virtual_account, counterparty_account=PAYER)
    payment.booking_date = payment.value_date = paid
    import_statements([statement(payment, number="1")])
    storno = line("80.00", 1, credit=False, reversal=True, counterparty_account=PAYER)
    storno.booking_date = storno.value_date = paid + datetime.timedelta(days=days_after)
    import_statements([statement(storno, number="2")])
    return StatementLine.objects.get(credit=False)


def test_a_reversal_within_the_window_finds_its_payment(ledger, settings):
    assert _payment_then_reversal(ledger, 30, settings).status == Status.REVERSAL_BOOKED


def test_a_reversal_outside_the_window_waits(ledger, settings):
    assert _payment_then_reversal(ledger, 31, settings).status == Status.REVERSAL_WAITING


def test_the_window_is_a_setting(ledger, settings):
    line = _payment_then_reversal(ledger, 10, settings, window=5)
    assert line.status == Status.REVERSAL_WAITING


def test_two_payments_that_fit_leave_the_reversal_waiting(ledger):
    payments = [
        line("80.00", n, virtual_account=ledger.virtual_account, counterparty_account=PAYER)
        for n in (1, 2)
    ]
    payments[1].title = "drugi"
    import_statements([statement(*payments, number="1")])
    storno = line("80.00", 1, credit=False, reversal=True, counterparty_account=PAYER)
    import_statements([statement(storno, number="2")])
    assert StatementLine.objects.get(credit=False).status == Status.REVERSAL_WAITING


def test_a_payment_is_reversed_once(ledger):
    payment = line("80.00", 1, virtual_account=ledger.virtual_account, counterparty_account=PAYER)
    import_statements([statement(payment, number="1")])
    for n in (1, 2):
        storno = line("80.00", n, credit=False, reversal=True, counterparty_account=PAYER)
        storno.title = f"storno {n}"
        import_statements([statement(storno, number=str(n + 1))])
    statuses = StatementLine.objects.filter(credit=False).values_list("status", flat=True)
    assert sorted(statuses) == [Status.REVERSAL_BOOKED, Status.REVERSAL_WAITING]
    assert Entry.objects.filter(kind=Entry.Kind.REVERSAL).count() == 1


def test_a_reference_naming_another_amount_waits_rather_than_guessing(ledger):
    payment = line("80.00", 1, virtual_account=ledger.virtual_account, bank_reference="R1")
    import_statements([statement(payment, number="1")])
    storno = line("50.00", 1, credit=False, reversal=True, bank_reference="R1")
    import_statements([statement(storno, number="2")])
    assert StatementLine.objects.get(credit=False).status == Status.REVERSAL_WAITING


def test_a_clerk_names_the_payment_a_waiting_reversal_takes_back(ledger, charged, people):
    imported("pko_payments.sta")
    storno = line("150.00", 1, credit=False, reversal=True, title="storno")  # no payer
    import_statements([statement(storno, number="2", account="84102010260000120203456789")])
    waiting = StatementLine.objects.get(status=Status.REVERSAL_WAITING)
    payment_line = StatementLine.objects.get(bank_reference="6460500500000501")
    assert payment_line in reversals.payments_to_name(waiting)
    decided = reversals.assign(waiting.pk, payment_line.pk, people.clerk, "telefon z banku")
    assert decided.status == Status.REVERSAL_BOOKED and decided.match == "manual"
    assert (decided.decided_by, decided.reason) == (people.clerk, "telefon z banku")
    assert reversal_of(payment_line).ledger == ledger
    assert not Allocation.objects.filter(payment=payment_line.entry, charge=charged).exists()
    with pytest.raises(ValidationError):
        reversals.assign(waiting.pk, payment_line.pk, people.clerk)


def test_a_clerk_cannot_name_a_payment_of_another_amount(ledger, people):
    imported("pko_payments.sta")
    storno = line("99.00", 1, credit=False, reversal=True)
    import_statements([statement(storno, number="2", account="84102010260000120203456789")])
    waiting = StatementLine.objects.get(status=Status.REVERSAL_WAITING)
    other = StatementLine.objects.get(bank_reference="6460500500000501")
    with pytest.raises(ValidationError):
        reversals.assign(waiting.pk, other.pk, people.clerk)


def test_a_waiting_reversal_can_be_set_aside_only_as_not_ours(ledger, people):
    storno = line("99.00", 1, credit=False, reversal=True)
    import_statements([statement(storno)])
    waiting = StatementLine.objects.get()
    with pytest.raises(ValidationError):
        set_aside(waiting.pk, Status.TO_RETURN, "zwrot", people.clerk)
    decided = set_aside(waiting.pk, Status.NOT_OURS, "nie nasza wpłata", people.clerk)
    assert decided.status == Status.NOT_OURS


def test_the_command_says_what_became_of_the_reversals(ledger):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "import-statement",
        str(FIXTURES / "pko_payments.sta"),
        str(FIXTURES / "pko_reversals.sta"),
        stdout=out,
    )
    assert "Storna: 2 zaksięgowanych na wpłaty, które cofają, 1 czeka na biuro; 1 storn" in (
        out.getvalue()
    )


def test_a_reversal_dated_in_closed_books_waits_for_the_clerk(ledger, settings):
    from iok.ledger.models import Closing

    paid = datetime.date(2026, 10, 1)
    payment = line("80.00", 1, virtual_account=ledger.virtual_account, counterparty_account=PAYER)
    payment.booking_date = payment.value_date = paid
    import_statements([statement(payment, number="1")])
    Closing.objects.create(closed_until=datetime.date(2026, 10, 20))
    storno = line("80.00", 1, credit=False, reversal=True, counterparty_account=PAYER)
    storno.booking_date = storno.value_date = datetime.date(2026, 10, 10)
    result = import_statements([statement(storno, number="2")])
    assert result.reversals_waiting == 1
    assert StatementLine.objects.get(credit=False).status == Status.REVERSAL_WAITING
    assert not Entry.objects.filter(kind=Entry.Kind.REVERSAL).exists()
