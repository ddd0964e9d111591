from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from iok.payments.keys import digits
from iok.payments.models import StatementLine
from iok.payments.parsers.detect import parse_statement
from tests.office.test_payment_pages import camt053

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "bank"


def run(*args) -> str:
    out = StringIO()
    call_command("import-statement", *args, stdout=out)
    return out.getvalue()


def test_the_command_books_a_file_once(ledger, tmp_path):
    file = tmp_path / "wyciag.xml"
    file.write_bytes(camt053(ledger.virtual_account))
    assert "wyciag.xml" in run(str(file))
    ledger.refresh_from_db()
    assert ledger.balance == Decimal("100.00")
    run(str(file))
    ledger.refresh_from_db()
    assert ledger.balance == Decimal("100.00") and StatementLine.objects.count() == 3


def test_a_dry_run_books_nothing(ledger, tmp_path):
    file = tmp_path / "wyciag.xml"
    file.write_bytes(camt053(ledger.virtual_account))
    run("--dry-run", str(file))
    assert not StatementLine.objects.exists()


def test_a_file_that_is_not_a_statement_stops_the_command_with_its_name(db, tmp_path):
    file = tmp_path / "notatka.txt"
    file.write_text("to nie jest wyciąg", encoding="utf-8")
    with pytest.raises(CommandError, match=r"notatka\.txt"):
        run(str(file))


def test_a_truncated_statement_books_nothing(ledger, tmp_path):
    file = tmp_path / "obciety.xml"
    file.write_bytes(camt053(ledger.virtual_account)[:900])
    with pytest.raises(CommandError, match=r"obciety\.xml"):
        run(str(file))
    assert not StatementLine.objects.exists()


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"no bank samples at {SAMPLES} (a user's clone)")
def test_the_real_mbank_iph_statement_imports_and_waits_for_the_office(db, settings):
    sample = SAMPLES / "mbank_mt940_IPH_ksdev.txt"
    statements = parse_statement(sample.read_bytes(), source=sample.name)
    settings.IOK_COLLECTION_ACCOUNTS = [digits(s.account) for s in statements]
    run(str(sample))
    credits = StatementLine.objects.filter(credit=True)
    assert credits.count() >= 20
    assert not credits.filter(status="booked").exists()  # none of these ledgers is ours
    assert StatementLine.objects.filter(credit=False, status="debit").exists()
    run(str(sample))
    assert StatementLine.objects.count() == sum(len(s.lines) for s in statements)
