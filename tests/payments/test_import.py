"""Import of staged statements: checks, idempotence, matching, booking.

The staged form is what every parser returns (tests/payments/test_*parsers
read real and hand-written files into it); here it is built directly, so
each rule is tried on exactly the lines it is about."""

import datetime
from decimal import Decimal

import pytest

from iok.ledger.models import Entry
from iok.ledger.nrb import format_nrb, make_nrb
from iok.payments.importing import import_statements
from iok.payments.models import StatementLine
from iok.payments.staged import StagedLine, StagedStatement, StatementError

COLLECTION = "84102010260000120203456789"
NOV_5 = datetime.date(2026, 11, 5)
PAYER = make_nrb("11402004", "0000310212345678")


def line(amount, n, *, credit=True, **fields):
    return StagedLine(
        booking_date=NOV_5,
        value_date=NOV_5,
        amount=Decimal(amount),
        credit=credit,
        line_number=n,
        **fields,
    )


def statement(*lines, opening="1000.00", account=COLLECTION, currency="PLN", number="312"):
    moved = sum((x.amount if x.credit else -x.amount for x in lines), Decimal(0))
    return StagedStatement(
        account=account,
        number=number,
        currency=currency,
        date=NOV_5,
        opening_balance=Decimal(opening),
        closing_balance=Decimal(opening) + moved,
        lines=list(lines),
        format="mt940",
        source="wyciag-312.sta",
    )


def balance(ledger):
    ledger.refresh_from_db()
    return ledger.balance


def test_a_payment_to_a_virtual_account_is_booked_at_once(ledger):
    result = import_statements(
        [
            statement(
                line(
                    "561.43",
                    1,
                    virtual_account=ledger.virtual_account,
                    counterparty_account=PAYER,
                    title="czynsz 11/2026",
                )
            )
        ]
    )
    assert (result.booked, result.booked_total, result.unmatched) == (1, Decimal("561.43"), 0)
    staged = StatementLine.objects.get()
    assert (staged.status, staged.match, staged.ledger) == ("booked", "virtual_account", ledger)
    assert staged.entry.kind == Entry.Kind.PAYMENT and staged.entry.amount == Decimal("561.43")
    assert balance(ledger) == Decimal("561.43")


def test_the_same_file_twice_books_each_payment_once(ledger):
    file = statement(line("100.00", 1, virtual_account=ledger.virtual_account))
    import_statements([file])
    again = import_statements([file])
    assert (again.booked, again.already_imported) == (0, 1)
    assert Entry.objects.count() == 1 and balance(ledger) == Decimal("100.00")


def test_an_intraday_then_a_daily_statement_book_the_payment_once(ledger):
    payment = {
        "virtual_account": ledger.virtual_account,
        "counterparty_account": PAYER,
        "counterparty_name": "Anna Kowalska",
        "title": "czynsz",
    }
    intraday = statement(line("100.00", 1, **payment), number="MT942-1")
    intraday.opening_balance = intraday.closing_balance = None
    daily = statement(
        line("7.00", 1, credit=False, title="opłata"), line("100.00", 2, **payment), number="312"
    )
    import_statements([intraday])
    result = import_statements([daily])
    assert (result.booked, result.already_imported, result.debits) == (0, 1, 1)
    assert balance(ledger) == Decimal("100.00")


def test_two_equal_payments_on_one_day_are_two_payments(ledger):
    same = {
        "virtual_account": ledger.virtual_account,
        "counterparty_account": PAYER,
        "title": "czynsz",
    }
    result = import_statements([statement(line("50.00", 1, **same), line("50.00", 2, **same))])
    assert result.booked == 2 and balance(ledger) == Decimal("100.00")


def test_a_virtual_account_written_in_the_title_finds_the_ledger(ledger):
    title = f"Czynsz za listopad, rachunek {format_nrb(ledger.virtual_account)}"
    import_statements([statement(line("10.00", 1, title=title))])
    assert StatementLine.objects.get().match == "title_account"
    assert balance(ledger) == Decimal("10.00")


def test_a_contract_number_in_the_title_finds_the_ledger(ledger, contract):
    import_statements([statement(line("20.00", 1, title=f"opłata wg umowy {contract.number}."))])
    assert StatementLine.objects.get().match == "title_contract"
    assert balance(ledger) == Decimal("20.00")


def test_a_payer_account_seen_before_finds_the_ledger(ledger):
    import_statements(
        [
            statement(
                line(
                    "30.00", 1, virtual_account=ledger.virtual_account, counterparty_account=PAYER
                ),
                number="1",
            )
        ]
    )
    import_statements(
        [statement(line("30.00", 1, counterparty_account=PAYER, title="czynsz"), number="2")]
    )
    assert StatementLine.objects.order_by("pk").last().match == "payer_account"
    assert balance(ledger) == Decimal("60.00")


def test_a_payment_nobody_can_place_waits_in_the_queue(ledger):
    result = import_statements(
        [statement(line("45.00", 1, title="za garaż", counterparty_name="X"))]
    )
    assert (result.booked, result.unmatched) == (0, 1)
    assert StatementLine.objects.get().status == "unmatched"
    assert balance(ledger) == 0


def test_debits_and_fees_are_staged_but_never_booked(ledger):
    result = import_statements(
        [
            statement(
                line(
                    "7.00", 1, credit=False, virtual_account=ledger.virtual_account, title="opłata"
                )
            )
        ]
    )
    assert (result.booked, result.debits) == (0, 1)
    assert StatementLine.objects.get().status == "debit" and balance(ledger) == 0


def test_an_invalid_payer_account_is_flagged_not_fatal(ledger):
    wrong = PAYER[:-1] + str((int(PAYER[-1]) + 1) % 10)
    result = import_statements(
        [
            statement(
                line("5.00", 1, virtual_account=ledger.virtual_account, counterparty_account=wrong)
            )
        ]
    )
    assert result.flagged_accounts == 1 and result.booked == 1
    assert wrong in StatementLine.objects.get().account_problem


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"currency": "EUR"}, "EUR"),
        ({"account": make_nrb("10201026", "0000999999999999")}, "IOK_COLLECTION_ACCOUNTS"),
        ({"closing_balance": Decimal("1.00")}, "1.00"),
    ],
)
def test_a_statement_that_fails_a_check_books_nothing(ledger, change, message):
    good = line("100.00", 1, virtual_account=ledger.virtual_account)
    bad = statement(line("5.00", 1, virtual_account=ledger.virtual_account))
    for name, value in change.items():
        setattr(bad, name, value)
    with pytest.raises(StatementError, match=message) as error:
        import_statements([statement(good, number="1"), bad])
    assert "wyciag-312.sta" in str(error.value)
    assert not StatementLine.objects.exists() and balance(ledger) == 0


def test_a_dry_run_says_what_would_be_booked_and_books_nothing(ledger):
    result = import_statements(
        [statement(line("9.99", 1, virtual_account=ledger.virtual_account))], dry_run=True
    )
    assert result.booked == 1
    assert not StatementLine.objects.exists() and not Entry.objects.exists()


def test_an_mbank_iph_payer_id_finds_the_ledger(ledger):
    iph = f"XX{ledger.pk:012d}"  # as mBank's :86: gives it: ID IPH: XX000000000014
    import_statements([statement(line("12.00", 1, virtual_account=iph))])
    assert StatementLine.objects.get().match == "virtual_account"
    assert balance(ledger) == Decimal("12.00")
