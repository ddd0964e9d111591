import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from iok.ledger.corrections import reverse_entry
from iok.ledger.models import CorrectionReason, Entry, EntryLine
from iok.ledger.posting import Line, post_entry
from tests.conftest import component


@pytest.fixture
def charge(ledger):
    return post_entry(
        ledger,
        "charge",
        title="Opłaty za 11/2026",
        operation_date=datetime.date(2026, 11, 1),
        lines=[Line(component("rent"), Decimal("-443.83"))],
    )


def raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_sql_update_of_an_entry_fails_in_the_database(charge):
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE ledger_entry SET amount = 0 WHERE id = %s", [charge.pk])
    assert Entry.objects.get(pk=charge.pk).amount == Decimal("-443.83")


def test_raw_sql_delete_of_an_entry_fails_in_the_database(charge):
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM ledger_entry WHERE id = %s", [charge.pk])
    assert Entry.objects.filter(pk=charge.pk).exists()


def test_raw_sql_cannot_change_or_delete_entry_lines(charge):
    line = charge.lines.get()
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE ledger_entryline SET amount = 0 WHERE id = %s", [line.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM ledger_entryline WHERE id = %s", [line.pk])
    assert EntryLine.objects.get(pk=line.pk).amount == Decimal("-443.83")


def test_the_orm_refuses_to_save_or_delete_a_posted_entry(charge):
    charge.amount = Decimal(0)
    with pytest.raises(ValidationError, match="zaksięguj korektę"):
        charge.save()
    with pytest.raises(ValidationError):
        charge.delete()
    with pytest.raises(ValidationError):
        Entry.objects.filter(pk=charge.pk).update(amount=0)
    with pytest.raises(ValidationError):
        Entry.objects.filter(pk=charge.pk).delete()
    with pytest.raises(ValidationError):
        charge.lines.get().delete()
    assert Entry.objects.get(pk=charge.pk).amount == Decimal("-443.83")


def test_the_reason_of_a_correction_cannot_be_changed_or_deleted_in_the_database(charge):
    correction = reverse_entry(charge, reason="błąd", on=datetime.date(2026, 11, 20))
    reason = CorrectionReason.objects.get(correction=correction)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE ledger_correctionreason SET text = 'inny' WHERE id = %s", [reason.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM ledger_correctionreason WHERE id = %s", [reason.pk])
    with pytest.raises(ValidationError):
        reason.save()
    assert CorrectionReason.objects.get(pk=reason.pk).text == "błąd"
