"""Statement lines below the ORM: kept as imported, decided once, never deleted."""

import contextlib

import pytest
from django.db import DatabaseError, connection, transaction

from iok.payments import reversals
from iok.payments.importing import import_statements
from iok.payments.models import StatementLine
from iok.payments.reconciliation import assign, set_aside
from tests.ledger.raw_sql import rewrite, verbs, without_recursive_triggers
from tests.payments.test_import import line, statement

KEPT = "keeps statement lines as imported"


@pytest.fixture
def booked(ledger):
    import_statements(
        [statement(line("561.43", 1, virtual_account=ledger.virtual_account, title="czynsz"))]
    )
    return StatementLine.objects.get()


@pytest.fixture
def waiting(ledger):
    import_statements([statement(line("45.00", 1, title="za garaż", counterparty_name="X"))])
    return StatementLine.objects.get()


def raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE payments_statementline SET amount = 1 WHERE id = %s",
        "UPDATE payments_statementline SET title = 'inny' WHERE id = %s",
        "UPDATE payments_statementline SET status = 'unmatched', entry_id = NULL WHERE id = %s",
        "DELETE FROM payments_statementline WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_a_booked_line(booked, sql):
    with pytest.raises(DatabaseError, match=KEPT):
        raw(sql, [booked.pk])
    kept = StatementLine.objects.get(pk=booked.pk)
    assert (kept.status, kept.entry_id, kept.title) == ("booked", booked.entry_id, "czynsz")


@pytest.mark.parametrize("recursive_triggers", [True, False])
def test_replace_or_upsert_cannot_rewrite_a_statement_line(booked, recursive_triggers):
    if not recursive_triggers and connection.vendor != "sqlite":
        pytest.skip("a SQLite pragma")
    with contextlib.nullcontext() if recursive_triggers else without_recursive_triggers():
        for verb in verbs():
            with pytest.raises(DatabaseError, match=KEPT):
                rewrite(verb, "payments_statementline", booked.pk, "amount", 100)
    assert StatementLine.objects.get(pk=booked.pk).amount == booked.amount


def test_a_waiting_line_cannot_have_what_the_bank_sent_changed(waiting):
    with pytest.raises(DatabaseError, match=KEPT):
        raw("UPDATE payments_statementline SET amount = 4500000 WHERE id = %s", [waiting.pk])
    with pytest.raises(DatabaseError, match=KEPT):
        raw("DELETE FROM payments_statementline WHERE id = %s", [waiting.pk])


def test_the_office_still_decides_a_waiting_line_once(waiting, ledger, people):
    decided = assign(waiting.pk, ledger, people.clerk, reason="wpłata za garaż")
    assert decided.status == "booked" and decided.entry.amount == waiting.amount
    with pytest.raises(DatabaseError, match=KEPT):
        raw("UPDATE payments_statementline SET reason = 'inny' WHERE id = %s", [waiting.pk])


def test_setting_a_waiting_line_aside_is_allowed_then_final(waiting, people):
    set_aside(waiting.pk, "not_ours", "nie nasz", people.clerk)
    with pytest.raises(DatabaseError, match=KEPT):
        raw("UPDATE payments_statementline SET status = 'unmatched' WHERE id = %s", [waiting.pk])
    assert StatementLine.objects.get(pk=waiting.pk).status == "not_ours"


def test_importing_the_same_file_again_still_finds_the_lines_known(booked, ledger):
    again = import_statements(
        [statement(line("561.43", 1, virtual_account=ledger.virtual_account, title="czynsz"))]
    )
    assert again.already_imported == 1 and StatementLine.objects.count() == 1


@pytest.fixture
def reversed_line(booked, people):
    storno = line("561.43", 1, credit=False, reversal=True, bank_reference="R-561")
    import_statements([statement(storno, number="313")])
    return reversals.assign(StatementLine.objects.get(credit=False).pk, booked.pk, people.clerk)


def test_a_waiting_reversal_keeps_what_the_bank_sent_but_may_be_decided(booked, people):
    storno = line("561.43", 1, credit=False, reversal=True, title="storno")
    import_statements([statement(storno, number="313")])
    waiting = StatementLine.objects.get(credit=False)
    assert waiting.status == "rev_wait"
    with pytest.raises(DatabaseError, match=KEPT):
        raw("UPDATE payments_statementline SET amount = 1 WHERE id = %s", [waiting.pk])
    decided = reversals.assign(waiting.pk, booked.pk, people.clerk)
    assert decided.status == "rev_booked"
    with pytest.raises(DatabaseError, match=KEPT):
        raw("UPDATE payments_statementline SET status = 'rev_wait' WHERE id = %s", [waiting.pk])


def test_a_booked_reversal_changes_no_more(reversed_line):
    assert reversed_line.status == "rev_booked"
    for sql in (
        "UPDATE payments_statementline SET status = 'rev_wait', entry_id = NULL WHERE id = %s",
        "UPDATE payments_statementline SET reason = 'inny' WHERE id = %s",
        "DELETE FROM payments_statementline WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match=KEPT):
            raw(sql, [reversed_line.pk])


def test_a_debits_reversal_changes_no_more(ledger):
    import_statements([statement(line("5.00", 1, reversal=True, title="zwrot opłaty"))])
    refund = StatementLine.objects.get()
    assert refund.status == "rev_debit"
    with pytest.raises(DatabaseError, match=KEPT):
        raw("UPDATE payments_statementline SET status = 'unmatched' WHERE id = %s", [refund.pk])
