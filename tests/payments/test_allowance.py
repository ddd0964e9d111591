"""Housing allowance paid by the city: the welfare office's transfer, its
ultimate debtor kept, split by the office's list into allowance entries,
all or nothing; and the allowances booked month by month for City Hall."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iok.audit.models import AuditEvent
from iok.ledger import integrity
from iok.ledger.models import Entry
from iok.payments import allowance
from iok.payments.importing import import_statements
from iok.payments.models import AllowanceSplit, StatementLine
from iok.payments.parsers.camt import parse_camt053
from iok.registry.models import Contract

FIXTURE = Path(__file__).parent / "fixtures" / "camt" / "camt053_v08_allowance.xml"
NOV_20 = datetime.date(2026, 11, 20)
STRANGERS = "M/2021/0009"  # the stranger's contract (tests/people.py)


def import_fixture() -> None:
    import_statements(parse_camt053(FIXTURE.read_bytes(), FIXTURE.name))


@pytest.fixture
def transfer(people) -> StatementLine:
    """The welfare office's 750,00 for the list, waiting in the queue."""
    import_fixture()
    return StatementLine.objects.get(amount=Decimal("750.00"))


def the_list(contract) -> str:
    strangers = Contract.objects.get(number=STRANGERS).ledger
    return (
        "Identyfikator;Najemca;Kwota\n"
        f"{contract.number};Anna Kowalska;450,00\n"
        f"PL{strangers.virtual_account};Jerzy Obcy;300,00\n"
    )


def test_the_paying_institution_and_the_ultimate_debtor_are_both_kept(people):
    import_fixture()
    transfer, single = StatementLine.objects.order_by("line_number")
    assert transfer.counterparty_name == "Miejski Ośrodek Pomocy Społecznej"
    assert transfer.ultimate_debtor == "Gmina Miasto Suwałki"  # v08: UltmtDbtr/Pty/Nm
    assert single.counterparty_name == "Miejski Ośrodek Pomocy Społecznej"
    assert single.ultimate_debtor == "Anna Kowalska"  # v02: UltmtDbtr/Nm
    assert {transfer.status, single.status} == {StatementLine.Status.UNMATCHED}


def test_a_line_without_an_ultimate_debtor_keeps_it_empty():
    data = FIXTURE.read_bytes().replace(b"<UltmtDbtr><Nm>Anna Kowalska</Nm></UltmtDbtr>", b"")
    [statement] = parse_camt053(data)
    assert [line.ultimate_debtor for line in statement.lines] == ["Gmina Miasto Suwałki", ""]


def test_the_ultimate_debtor_cannot_be_changed_after_the_import(transfer):
    with pytest.raises(DatabaseError), transaction.atomic():
        StatementLine.objects.filter(pk=transfer.pk).update(ultimate_debtor="ktoś inny")


def test_a_list_that_adds_up_books_one_allowance_in_each_ledger_it_names(
    transfer, contract, people
):
    splits = allowance.split(transfer.pk, the_list(contract), people.clerk)
    entries = Entry.objects.filter(kind=Entry.Kind.ALLOWANCE).order_by("amount")
    assert [(e.ledger.contract.number, e.amount) for e in entries] == [
        (STRANGERS, Decimal("300.00")),
        (contract.number, Decimal("450.00")),
    ]
    assert {e.operation_date for e in entries} == {NOV_20}
    assert [(s.row, s.tenant_name) for s in splits] == [(2, "Anna Kowalska"), (3, "Jerzy Obcy")]
    contract.ledger.refresh_from_db()
    assert contract.ledger.balance == Decimal("450.00")
    transfer.refresh_from_db()
    assert transfer.status == StatementLine.Status.BOOKED
    assert transfer.match == StatementLine.Match.ALLOWANCE_LIST
    assert transfer.decided_by == people.clerk and transfer.entry is None
    # Audited: each row, each entry, and the line's decision.
    assert AuditEvent.objects.filter(content_type__model="allowancesplit").count() == 2
    assert AuditEvent.objects.filter(
        content_type__model="statementline", object_id=transfer.pk
    ).exists()
    assert integrity.statement_line_problems() == []


def test_a_list_in_cp1250_without_a_header_row_is_read(transfer, contract, people):
    text = the_list(contract).split("\n", 1)[1].replace("Anna Kowalska", "Żaneta Łącka")
    rows = allowance.read_list(allowance.decode(text.encode("cp1250")), transfer)
    assert [(row.number, row.tenant_name) for row in rows] == [
        (1, "Żaneta Łącka"),
        (2, "Jerzy Obcy"),
    ]


def test_amounts_are_read_with_a_decimal_comma_and_spaces_between_thousands(transfer, contract):
    transfer.amount = Decimal("1234.56")  # in memory only: the list is checked against it
    rows = allowance.read_list(f"{contract.number};Anna Kowalska;1 234,56 zł\n", transfer)
    assert rows[0].amount == Decimal("1234.56")


def refused(transfer, text) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        allowance.read_list(text, transfer)
    return caught.value.messages


def test_a_list_that_does_not_add_up_to_the_payment_is_refused(transfer, contract):
    text = the_list(contract).replace("300,00", "299,99")
    assert refused(transfer, text) == [
        "Lista sumuje się do 749,99\xa0zł, a wpłata wynosi 750,00\xa0zł:"
        " lista musi dokładnie rozliczać wpłatę."
    ]


def test_a_row_naming_no_ledger_is_refused_naming_the_row(transfer, contract):
    text = the_list(contract).replace(contract.number, "M/1999/0404")
    [message] = refused(transfer, text)
    assert message.startswith("Wiersz 2:") and "M/1999/0404" in message


@pytest.mark.parametrize("amount", ["abc", "-450,00", "0,00", "450,001", "1.450,00"])
def test_a_row_with_a_bad_amount_is_refused_naming_the_row(transfer, contract, amount):
    text = the_list(contract).replace("450,00", amount)
    [message] = refused(transfer, text)
    assert message.startswith("Wiersz 2:")


def test_a_ledger_named_twice_is_refused_naming_both_rows(transfer, contract):
    text = the_list(contract) + f"{contract.number};Piotr Kowalski;0,01\n"
    [message] = refused(transfer, text)
    assert message.startswith("Wiersz 4:") and "wierszu 2" in message


def test_a_faulty_list_books_nothing_and_the_payment_keeps_waiting(transfer, contract, people):
    text = the_list(contract).replace("300,00", "310,00")
    with pytest.raises(ValidationError):
        allowance.split(transfer.pk, text, people.clerk)
    assert not Entry.objects.filter(kind=Entry.Kind.ALLOWANCE).exists()
    transfer.refresh_from_db()
    assert transfer.status == StatementLine.Status.UNMATCHED


def test_a_failure_after_the_first_entry_leaves_nothing_booked(
    transfer, contract, people, monkeypatch
):
    booked = allowance._book

    def fail_on_the_second(line, row):
        if row.number == 3:
            raise ValidationError("the books are closed")
        return booked(line, row)

    monkeypatch.setattr(allowance, "_book", fail_on_the_second)
    with pytest.raises(ValidationError):
        allowance.split(transfer.pk, the_list(contract), people.clerk)
    assert not Entry.objects.filter(kind=Entry.Kind.ALLOWANCE).exists()
    assert not AllowanceSplit.objects.exists()
    contract.ledger.refresh_from_db()
    assert contract.ledger.balance == Decimal("0.00")
    transfer.refresh_from_db()
    assert transfer.status == StatementLine.Status.UNMATCHED


def test_a_payment_split_once_cannot_be_split_again(transfer, contract, people):
    allowance.split(transfer.pk, the_list(contract), people.clerk)
    with pytest.raises(ValidationError, match="już zdecydowano"):
        allowance.split(transfer.pk, the_list(contract), people.clerk)
    assert Entry.objects.filter(kind=Entry.Kind.ALLOWANCE).count() == 2


def test_city_hall_reads_the_allowances_booked_each_month(transfer, contract, people):
    allowance.split(transfer.pk, the_list(contract), people.clerk)
    months = allowance.booked_per_month(2026)
    assert [(m.period, m.count, m.total) for m in months] == [("2026-11", 2, Decimal("750.00"))]
    assert allowance.year_total(months).total == Decimal("750.00")
    assert allowance.booked_per_month(2025) == []
    [by_building] = allowance.booked_per_month(2026, by_building=True)
    assert by_building.count == 2 and by_building.building  # both flats in one building


def polish(grosze: int) -> str:
    """An amount as a Polish spreadsheet writes it: 1 234 567,08."""
    whole, cents = divmod(grosze, 100)
    return f"{whole:,}".replace(",", "\xa0") + f",{cents:02d}"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.integers(min_value=1, max_value=10**9),
    second=st.integers(min_value=1, max_value=10**9),
    off=st.sampled_from([0, 1, -1]),
)
def test_a_list_is_accepted_exactly_when_its_rows_add_up_to_the_grosz(
    transfer, contract, first, second, off
):
    strangers = Contract.objects.get(number=STRANGERS).ledger
    text = f"{contract.number};A;{polish(first)}\n{strangers.pk};B;{polish(second)}\n"
    transfer.amount = Decimal(first + second + off) / 100  # in memory only
    if off:
        with pytest.raises(ValidationError):
            allowance.read_list(text, transfer)
        return
    rows = allowance.read_list(text, transfer)
    assert [row.amount * 100 for row in rows] == [first, second]
    assert sum(row.amount for row in rows) == transfer.amount
