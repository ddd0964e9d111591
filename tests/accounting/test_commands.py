"""`iok export-journal` writes the CSV; `iok check-journal` reconciles the
journal with the ledger's totals, and names the account that differs."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from iok.accounting import reconciliation
from iok.accounting.models import ComponentAccount
from tests.accounting.test_export import amount, read_back

PERIOD = ["--from", "2026-11-01", "--to", "2026-11-30"]


def test_export_journal_writes_the_csv_to_a_file(books, tmp_path, capsys):
    path = tmp_path / "dziennik.csv"
    call_command("export-journal", *PERIOD, "--output", str(path), "--encoding", "cp1250")
    rows = read_back(path.read_bytes(), "cp1250")
    assert len(rows) == 13
    assert sum(amount(r["wn"]) for r in rows) == amount("2146,91")
    assert "4 documents, 13 lines" in capsys.readouterr().err


def test_export_journal_refuses_a_missing_mapping_naming_the_component(books):
    ComponentAccount.objects.filter(component__code="rent").delete()
    with pytest.raises(CommandError, match=r"Czynsz \(rent\)"):
        call_command("export-journal", *PERIOD)


def test_export_journal_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export-journal", "--from", "1.11.2026", "--to", "2026-11-30")


def test_check_journal_says_every_account_reconciles(books, capsys):
    call_command("check-journal", *PERIOD)
    out = capsys.readouterr().out
    assert "4 documents" in out and "every account reconciles" in out
    assert "222-23" in out


def test_check_journal_names_the_account_that_differs(books, monkeypatch):
    real = reconciliation.journal

    def losing_the_8_percent_vat(start, end):
        documents = real(start, end)
        import dataclasses

        return [
            dataclasses.replace(d, lines=tuple(ln for ln in d.lines if ln.account != "222-08"))
            for d in documents
        ]

    monkeypatch.setattr(reconciliation, "journal", losing_the_8_percent_vat)
    with pytest.raises(CommandError, match=r"account 222-08: journal 0,00\szł, ledger -8,00\szł"):
        call_command("check-journal", *PERIOD)
