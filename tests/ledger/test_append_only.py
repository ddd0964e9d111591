import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from iok.ledger.corrections import reverse_entry
from iok.ledger.models import CorrectionReason, Entry, EntryLine, Ledger
from iok.ledger.posting import Line, post_entry
from tests.conftest import component
from tests.ledger.raw_sql import rewrite, verbs, without_recursive_triggers


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


@pytest.mark.parametrize("recursive_triggers", [True, False])
def test_sql_replace_or_upsert_cannot_rewrite_an_entry_or_its_line(charge, recursive_triggers):
    if not recursive_triggers and connection.vendor != "sqlite":
        pytest.skip("a SQLite pragma")
    line = charge.lines.get()
    with contextlib.nullcontext() if recursive_triggers else without_recursive_triggers():
        for verb in verbs():
            with pytest.raises(DatabaseError, match="append-only"):
                rewrite(verb, "ledger_entry", charge.pk, "amount", 0)
            with pytest.raises(DatabaseError, match="append-only"):
                rewrite(verb, "ledger_entryline", line.pk, "amount", 0)
    assert Entry.objects.get(pk=charge.pk).amount == Decimal("-443.83")
    assert EntryLine.objects.get(pk=line.pk).amount == Decimal("-443.83")


def test_a_second_charge_for_the_month_cannot_replace_the_first(charge):
    if connection.vendor != "sqlite":
        pytest.skip("REPLACE is SQLite's")
    # The INSERT trigger alone refuses it, as on a connection without the pragma.
    with without_recursive_triggers(), pytest.raises(DatabaseError, match="append-only"):
        raw(
            "REPLACE INTO ledger_entry (ledger_id, kind, booking_date, operation_date, period,"
            " title, amount, document, created) SELECT ledger_id, kind, booking_date,"
            " operation_date, period, title, 0, document, created FROM ledger_entry WHERE id = %s",
            [charge.pk],
        )
    assert Entry.objects.get(pk=charge.pk).amount == Decimal("-443.83")


def test_sql_replace_or_upsert_cannot_rewrite_the_reason_of_a_correction(charge):
    correction = reverse_entry(charge, reason="błąd", on=datetime.date(2026, 11, 20))
    reason = CorrectionReason.objects.get(correction=correction)
    for verb in verbs():
        with pytest.raises(DatabaseError, match="append-only"):
            rewrite(verb, "ledger_correctionreason", reason.pk, "text", "inny")
    assert CorrectionReason.objects.get(pk=reason.pk).text == "błąd"


def test_every_sqlite_connection_runs_delete_triggers_for_replace(db):
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite pragma")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers")
        assert cursor.fetchone() == (1,)


def test_a_raw_update_of_the_balance_alone_fails_in_the_database(charge):
    with pytest.raises(DatabaseError, match="sum of the entries"):
        raw("UPDATE ledger_ledger SET balance = 0 WHERE id = %s", [charge.ledger_id])
    for verb in verbs():
        with pytest.raises(DatabaseError, match="sum of the entries"):
            rewrite(verb, "ledger_ledger", charge.ledger_id, "balance", 0)
    assert Ledger.objects.get(pk=charge.ledger_id).balance == Decimal("-443.83")


def test_a_ledger_cannot_be_created_with_a_balance(contract):
    # The contract's ledger gives way first: a new one, with a balance but no entries.
    raw("DELETE FROM ledger_ledger WHERE id = %s", [contract.ledger.pk])
    with pytest.raises(DatabaseError, match="sum of the entries"):
        raw(
            "INSERT INTO ledger_ledger (contract_id, balance, opened) VALUES (%s, 100, %s)",
            [contract.pk, contract.ledger.opened],
        )


def test_posting_still_moves_the_balance_past_the_guard(charge):
    post_entry(
        charge.ledger,
        "payment",
        title="Przelew",
        amount=Decimal("100.00"),
        operation_date=datetime.date(2026, 11, 5),
    )
    assert Ledger.objects.get(pk=charge.ledger_id).balance == Decimal("-343.83")
