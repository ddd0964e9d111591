"""Charges and corrections from an external billing: booked once by their
document number, through the ledger's doors, every line naming its
component, every problem named with its field, all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from iok.ledger.external import post_documents
from iok.ledger.models import Closing, CorrectionReason, Entry, ExternalDocument
from iok.ledger.posting import post_entry


def charge(document="FK/2026/11/1", **changes):
    return {
        "document": document,
        "contract": "M/2020/0001",
        "period": "2026-11",
        "due_date": "2026-11-10",
        "lines": [
            {"component": "rent", "amount": "-443.83"},
            {"component": "cold_water", "amount": "-82.60"},
        ],
        **changes,
    }


def correction(document="FK/2026/11/1/K1", **changes):
    return {
        "document": document,
        "corrects": "FK/2026/11/1",
        "operation_date": "2026-11-20",
        "reason": "błędna powierzchnia",
        "lines": [{"component": "rent", "amount": "100.00"}],
        **changes,
    }


def balance(ledger):
    ledger.refresh_from_db()
    return ledger.balance


def test_a_charge_is_booked_with_its_lines_and_its_document_number(ledger):
    posted = post_documents([charge()], [])
    assert not posted.problems
    [(status, entry_id)] = posted.charges
    entry = Entry.objects.get(pk=entry_id)
    assert (status, entry.kind, entry.amount) == ("created", "charge", Decimal("-526.43"))
    assert (entry.period, entry.due_date) == ("2026-11", datetime.date(2026, 11, 10))
    assert entry.operation_date == datetime.date(2026, 11, 1)
    assert entry.document == "FK/2026/11/1"
    assert entry.title == "Opłaty za 11/2026"
    assert sorted(entry.lines.values_list("component__code", "amount")) == [
        ("cold_water", Decimal("-82.60")),
        ("rent", Decimal("-443.83")),
    ]
    assert balance(ledger) == Decimal("-526.43")


def test_the_same_document_again_books_nothing_and_names_the_first_entry(ledger):
    first = post_documents([charge()], [])
    again = post_documents([charge(lines=list(reversed(charge()["lines"])))], [])
    assert again.charges == [("unchanged", first.charges[0][1])]
    assert Entry.objects.count() == 1
    assert balance(ledger) == Decimal("-526.43")


def test_the_same_number_with_other_content_is_refused(ledger):
    post_documents([charge()], [])
    posted = post_documents([charge(due_date="2026-11-15")], [])
    [problem] = posted.problems
    assert problem.path == "charges[0].document"
    assert Entry.objects.count() == 1


BAD_CHARGES = [
    ({"contract": "X/1"}, "contract", "X/1"),
    ({"period": "11/2026"}, "period", "11/2026"),
    ({"due_date": "2026-11-31"}, "due_date", "2026-11-31"),
    ({"due_date": None}, "due_date", ""),
    ({"lines": []}, "lines", ""),
    ({"lines": [{"component": "beer", "amount": "-1.00"}]}, "lines[0].component", "beer"),
    ({"lines": [{"component": "rent", "amount": -1.5}]}, "lines[0].amount", "zmiennoprzecinkow"),
    ({"lines": [{"component": "rent", "amount": "-1.005"}]}, "lines[0].amount", "-1.005"),
    ({"lines": [{"component": "rent", "amount": "12.00"}]}, "lines", ""),
    (
        {"lines": [{"component": "rent", "amount": "-1"}, {"component": "rent", "amount": "-2"}]},
        "lines[1].component",
        "",
    ),
    ({"lines": [{"component": "rent", "amount": "-10", "vat": "-1"}]}, "lines[0].vat_rate", ""),
    ({"lines": [{"component": "rent", "amount": "-10", "vat": "2"}]}, "lines[0].vat", ""),
    ({"document": ""}, "document", ""),
    ({"operation_date": "2026-12-01"}, "operation_date", "2026-11"),
    ({"document": "FK\x00"}, "document", "NUL"),
    ({"lines": [{"component": "rent", "amount": "-1e99"}]}, "lines[0].amount", "-1e99"),
    ({"document": "D" * 61}, "document", "60"),
]


@pytest.mark.parametrize(("changes", "field", "says"), BAD_CHARGES)
def test_a_bad_field_of_a_charge_is_named_and_nothing_is_booked(ledger, changes, field, says):
    posted = post_documents([charge("FK/OK"), {**charge("FK/BAD"), **changes}], [])
    assert f"charges[1].{field}" in {p.path for p in posted.problems}
    assert says in " ".join(p.message for p in posted.problems)
    assert posted.charges == []
    assert not Entry.objects.exists()
    assert not ExternalDocument.objects.exists()
    assert balance(ledger) == 0


def test_a_second_charge_for_the_month_is_refused_whoever_booked_the_first(ledger):
    post_entry(
        ledger, "charge", title="Opłaty", operation_date=datetime.date(2026, 11, 1), amount=-5
    )
    posted = post_documents([charge()], [])
    assert [p.path for p in posted.problems] == ["charges[0].period"]
    posted = post_documents(
        [charge("FK/A", period="2026-12"), charge("FK/B", period="2026-12")], []
    )
    assert [p.path for p in posted.problems] == ["charges[1].period"]
    assert "charges[0]" in posted.problems[0].message


def test_a_charge_inside_a_closed_period_is_refused(ledger):
    Closing.objects.create(closed_until=datetime.date(2026, 10, 31))
    posted = post_documents([charge(period="2026-10")], [])
    assert [p.path for p in posted.problems] == ["charges[0].operation_date"]
    assert "31.10.2026" in posted.problems[0].message


def test_a_correction_takes_back_part_of_a_component_and_keeps_its_reason(ledger):
    posted = post_documents([charge()], [correction()])
    assert not posted.problems
    [(status, entry_id)] = posted.corrections
    assert status == "created"
    fix = Entry.objects.get(pk=entry_id)
    assert (fix.kind, fix.amount, fix.corrects.document) == (
        "correction",
        Decimal("100.00"),
        "FK/2026/11/1",
    )
    assert fix.title == "Korekta naliczenia za 11/2026"
    assert CorrectionReason.objects.get(correction=fix).text == "błędna powierzchnia"
    assert balance(ledger) == Decimal("-426.43")
    again = post_documents([charge()], [correction()])
    assert again.corrections == [("unchanged", entry_id)]


def test_a_correction_may_charge_more(ledger):
    post_documents([charge()], [])
    lines = [{"component": "waste", "amount": "-35.00"}]
    posted = post_documents([], [correction(lines=lines)])
    assert not posted.problems
    assert balance(ledger) == Decimal("-561.43")


BAD_CORRECTIONS = [
    ({"corrects": "FK/NONE"}, "corrects", "FK/NONE"),
    ({"reason": ""}, "reason", ""),
    ({"operation_date": "2026-10-01"}, "operation_date", "01.11.2026"),
    ({"lines": [{"component": "rent", "amount": "443.84"}]}, "lines[0].amount", "443,83"),
    ({"lines": [{"component": "waste", "amount": "1.00"}]}, "lines[0].amount", "0,00"),
]


@pytest.mark.parametrize(("changes", "field", "says"), BAD_CORRECTIONS)
def test_a_bad_field_of_a_correction_is_named_and_nothing_is_booked(ledger, changes, field, says):
    posted = post_documents([charge()], [correction(**changes)])
    assert f"corrections[0].{field}" in {p.path for p in posted.problems}
    assert says in " ".join(p.message for p in posted.problems)
    assert not Entry.objects.exists()
    assert balance(ledger) == 0


def test_a_correction_cannot_correct_a_correction(ledger):
    post_documents([charge()], [correction()])
    posted = post_documents([], [correction("FK/K2", corrects="FK/2026/11/1/K1")])
    assert [p.path for p in posted.problems] == ["corrections[0].corrects"]


def test_a_document_number_once_written_cannot_be_changed_even_below_the_orm(ledger):
    post_documents([charge()], [])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_externaldocument SET number = 'FK/OTHER'")
    assert ExternalDocument.objects.get().number == "FK/2026/11/1"


def test_one_document_number_twice_in_a_call_is_refused(ledger):
    posted = post_documents([charge(), charge(period="2026-12")], [])
    assert [p.path for p in posted.problems] == ["charges[1].document"]
    assert "charges[0]" in posted.problems[0].message
    assert not Entry.objects.exists()


def test_titles_are_stored_in_the_sites_language_whatever_the_callers(ledger):
    from django.utils import translation

    with translation.override("en"):
        posted = post_documents([charge()], [correction()])
    charge_id, correction_id = posted.charges[0][1], posted.corrections[0][1]
    assert Entry.objects.get(pk=charge_id).title == "Opłaty za 11/2026"
    assert Entry.objects.get(pk=correction_id).title == "Korekta naliczenia za 11/2026"
