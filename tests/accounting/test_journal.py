"""The journal of four entries, computed by hand (conftest.py): each document
balanced, on the accounts of the default chart, corrections reversed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iok.accounting.journal import JournalLine, as_json, journal
from iok.accounting.models import Chart, ComponentAccount, VatAccount
from iok.ledger.posting import post_entry
from tests.accounting.conftest import NOV_1, NOVEMBER, pay, receivable
from tests.conftest import component

D = Decimal


def lines(document):
    return [(line.account, line.debit, line.credit) for line in document.lines]


def test_the_journal_of_the_month_is_the_hand_computed_one(books, ledger, shop_ledger):
    flat_charge, shop_charge, payment, correction = books
    flat, shop = receivable(ledger), receivable(shop_ledger)
    documents = journal(*NOVEMBER)
    assert [d.number for d in documents] == [
        f"NAL/2026/{flat_charge.pk}",
        f"NAL/2026/{shop_charge.pk}",
        f"WPL/2026/{payment.pk}",
        f"KOR/2026/{correction.pk}",
    ]
    residential, commercial, paid, corrected = documents
    # A charge: Wn the tenant's receivables, Ma revenue per component.
    assert lines(residential) == [
        (flat, D("561.43"), D("0")),
        ("700-01", D("0"), D("443.83")),
        ("700-02", D("0"), D("82.60")),
        ("700-06", D("0"), D("35.00")),
    ]
    # Commercial premises: revenue net of VAT, VAT per rate.
    # 833.45 = 677.60 + 155.85 (23 %); 108.00 = 100.00 + 8.00 (8 %).
    assert lines(commercial) == [
        (shop, D("941.45"), D("0")),
        ("700-01", D("0"), D("677.60")),
        ("222-23", D("0"), D("155.85")),
        ("700-02", D("0"), D("100.00")),
        ("222-08", D("0"), D("8.00")),
    ]
    # A payment: Wn the bank of its collection account, Ma the receivables.
    assert lines(paid) == [(flat, D("0"), D("561.43")), ("131-1", D("561.43"), D("0"))]
    # A correction: the accounts of the charge, the sides reversed.
    assert lines(corrected) == [(flat, D("0"), D("82.60")), ("700-02", D("82.60"), D("0"))]
    for document in documents:
        assert document.debit == document.credit
    assert sum(d.debit for d in documents) == D("2146.91")


def test_a_document_carries_its_date_ledger_and_a_description_naming_the_entry(books):
    document = journal(*NOVEMBER)[3]
    assert document.date == datetime.date(2026, 11, 20)
    assert document.ledger == "M/2020/0001"
    assert document.description.startswith("M/2020/0001: Korekta naliczenia za 11/2026")


def test_only_the_entries_booked_in_the_period_are_in_it(books):
    first_decade = journal(NOV_1, datetime.date(2026, 11, 10))
    assert [d.kind for d in first_decade] == ["charge", "charge", "payment"]
    assert journal(datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)) == []


def test_collective_receivables_put_every_ledger_on_one_account(books):
    Chart.objects.update(receivables_per_ledger=False)
    accounts = {line.account for d in journal(*NOVEMBER) for line in d.lines}
    assert accounts == {"200", "700-01", "700-02", "700-06", "222-23", "222-08", "131-1"}


def test_a_payment_from_an_unmapped_collection_account_goes_to_the_charts_bank(ledger):
    pay(ledger, D("10.00"), NOV_1, account="11114020040000300201355387")
    (document,) = journal(*NOVEMBER)
    assert JournalLine("131", D("10.00"), D("0")) in document.lines


def test_a_settlement_goes_to_the_components_settlement_account(ledger):
    from iok.ledger.posting import Line

    post_entry(
        ledger, "settlement", title="Rozliczenie", operation_date=NOV_1, booking_date=NOV_1,
        lines=[Line(component("cold_water"), D("-20.00")), Line(component("heating"), D("5.00"))],
    )  # fmt: skip
    (document,) = journal(*NOVEMBER)
    assert lines(document) == [
        (receivable(ledger), D("15.00"), D("0")),
        ("701-02", D("0"), D("20.00")),
        ("701-05", D("5.00"), D("0")),
    ]


def test_opening_balances_and_their_corrections_go_to_the_opening_account(ledger):
    from iok.ledger.corrections import reverse_entry

    opening = post_entry(
        ledger, "opening", title="BO", operation_date=NOV_1, booking_date=NOV_1,
        amount=D("-120.00"),
    )  # fmt: skip
    reverse_entry(opening, reason="pomyłka", on=NOV_1, booked_on=NOV_1, amount=D("20.00"))
    first, second = journal(*NOVEMBER)
    assert lines(first) == [(receivable(ledger), D("120.00"), D("0")), ("000", D("0"), D("120.00"))]
    assert lines(second) == [(receivable(ledger), D("0"), D("20.00")), ("000", D("20.00"), D("0"))]


def test_a_component_without_an_account_refuses_the_export_by_name(books):
    ComponentAccount.objects.filter(component__code="waste").delete()
    with pytest.raises(ValidationError) as refused:
        journal(*NOVEMBER)
    assert "Opłata za odpady komunalne (waste)" in refused.value.messages[0]


def test_a_vat_rate_without_an_account_refuses_the_export_by_name(books):
    VatAccount.objects.filter(rate=8).delete()
    with pytest.raises(ValidationError) as refused:
        journal(*NOVEMBER)
    assert "VAT" in refused.value.messages[0] and "8 %" in refused.value.messages[0]


def test_a_period_that_ends_before_it_starts_is_refused(db):
    with pytest.raises(ValidationError):
        journal(datetime.date(2026, 11, 30), NOV_1)


def test_the_json_form_has_iso_dates_and_decimal_strings(books, ledger):
    data = as_json(journal(*NOVEMBER))
    assert data[2]["date"] == "2026-11-10"
    assert data[2]["lines"] == [
        {"account": receivable(ledger), "debit": "0.00", "credit": "561.43"},
        {"account": "131-1", "debit": "561.43", "credit": "0.00"},
    ]


def test_a_reversed_payment_takes_the_bank_back_and_interest_goes_to_its_account(ledger, bank):
    from iok.ledger.corrections import reverse_entry

    payment = pay(ledger, D("100.00"), NOV_1)
    reverse_entry(payment, reason="zwrot", on=NOV_1, booked_on=NOV_1)
    post_entry(
        ledger, "interest", title="Odsetki", operation_date=NOV_1, booking_date=NOV_1,
        amount=D("-3.17"),
    )  # fmt: skip
    _, storno, interest = journal(*NOVEMBER)
    assert lines(storno) == [
        (receivable(ledger), D("100.00"), D("0")),
        ("131-1", D("0"), D("100.00")),
    ]
    assert lines(interest) == [
        (receivable(ledger), D("3.17"), D("0")),
        ("750-1", D("0"), D("3.17")),
    ]


def test_the_journal_reads_the_books_in_a_fixed_number_of_queries(
    books, ledger, django_assert_max_num_queries
):
    for number in range(2, 12):
        pay(ledger, D("1.00"), NOV_1, number=number)
    with django_assert_max_num_queries(6):
        assert len(journal(*NOVEMBER)) == 14


def test_a_settlement_that_came_out_even_has_no_document_and_refuses_nothing(ledger):
    post_entry(
        ledger, "settlement", title="Rozliczenie", operation_date=NOV_1, booking_date=NOV_1,
        amount=D("0.00"),
    )  # fmt: skip
    assert journal(*NOVEMBER) == []


def test_a_charge_without_components_refuses_the_export_naming_the_entry(ledger):
    charge = post_entry(
        ledger, "charge", title="Opłaty", operation_date=NOV_1, booking_date=NOV_1,
        amount=D("-10.00"),
    )  # fmt: skip
    with pytest.raises(ValidationError, match=f"operacji {charge.pk} "):
        journal(*NOVEMBER)


def test_without_a_chart_of_accounts_the_export_is_refused_naming_it(books):
    Chart.objects.all().delete()
    with pytest.raises(ValidationError, match="plan kont"):
        journal(*NOVEMBER)


def test_a_banks_reversal_takes_the_bank_back_on_its_statements_account(ledger, bank):
    from iok.payments import reversals
    from iok.payments.importing import import_statements
    from iok.payments.models import StatementLine
    from tests.payments.test_import import line, statement

    payment = line("100.00", 1, virtual_account=ledger.virtual_account, bank_reference="R1")
    storno = line("100.00", 2, credit=False, reversal=True, bank_reference="R1")
    import_statements([statement(payment, storno)])
    booked = StatementLine.objects.get(status=reversals.Status.REVERSAL_BOOKED)
    documents = {document.entry_id: document for document in journal(*NOVEMBER)}
    assert documents[booked.entry_id].number.startswith("STO/")
    assert lines(documents[booked.entry_id]) == [
        (receivable(ledger), D("100.00"), D("0")),
        ("131-1", D("0"), D("100.00")),
    ]
