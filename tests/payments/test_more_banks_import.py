"""The other banks' files through the import: ING's virtual accounts book
payments, a 0,00 technical entry is left out with its reason, a statement
imported before is recognised, camt amounts in another currency and files
nested thousands deep are refused by name."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from iok.ledger.models import Entry
from iok.ledger.nrb import make_nrb
from iok.payments.importing import import_statements
from iok.payments.keys import digits
from iok.payments.models import Statement, StatementLine
from iok.payments.parsers.detect import parse_statement
from iok.payments.staged import StatementError
from tests.office.test_payment_pages import camt053

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ING_VIRTUAL = make_nrb("10501012", "1234000000004217")
CAMT = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"


def run(*args) -> str:
    out = StringIO()
    call_command("import-statement", *args, stdout=out)
    return out.getvalue()


def ing_file(tmp_path, settings, virtual_account: str) -> Path:
    """ING's fixture with its first payment to `virtual_account`; the
    statement's account made a collection account."""
    data = (FIXTURES / "mt940" / "ing_virtual.sta").read_bytes()
    data = data.replace(ING_VIRTUAL.encode(), virtual_account.encode())
    [statement] = parse_statement(data, "ing.sta")
    settings.IOK_COLLECTION_ACCOUNTS = {digits(statement.account)}
    file = tmp_path / "ing.sta"
    file.write_bytes(data)
    return file


def test_an_ing_payment_is_booked_by_the_virtual_account_after_the_double_slash(
    ledger, tmp_path, settings
):
    file = ing_file(tmp_path, settings, ledger.virtual_account)
    run(str(file))
    booked = StatementLine.objects.get(ledger=ledger)
    assert (booked.status, booked.match, booked.amount) == (
        "booked",
        "virtual_account",
        Decimal("150.00"),
    )
    assert booked.counterparty_name == "BOŻENA KRÓL"
    assert booked.counterparty_address == "UL. ŁĄCZNA 4 M 2 41-200 SOSNOWIEC"
    assert booked.counterparty_account == make_nrb("10901014", "0000000123456789")
    ledger.refresh_from_db()
    assert ledger.balance == Decimal("150.00")


def test_the_zero_technical_entry_is_not_staged_and_the_command_names_it(
    ledger, tmp_path, settings
):
    file = ing_file(tmp_path, settings, ledger.virtual_account)
    out = run(str(file))
    assert not StatementLine.objects.filter(amount=0).exists()
    assert StatementLine.objects.count() == 2  # the two payments, not the 0,00 line
    assert "ing.sta, " in out and " 16 " in out and "0,00" in out


def test_two_ing_payments_from_one_virtual_account_are_two_lines(ledger, tmp_path, settings):
    """The virtual account is no reference: were it the line's key, the
    second payment to it would be taken for the first, imported again."""
    data = (FIXTURES / "mt940" / "ing_virtual.sta").read_bytes()
    second = make_nrb("10501012", "1234000000004225").encode()
    ours = ledger.virtual_account.encode()
    data = data.replace(second, ours).replace(ING_VIRTUAL.encode(), ours)
    [statement] = parse_statement(data, "ing.sta")
    settings.IOK_COLLECTION_ACCOUNTS = {digits(statement.account)}
    result = import_statements([statement])
    assert (result.new_lines, result.booked, result.booked_total) == (2, 2, Decimal("230.00"))


def test_a_statement_imported_again_is_recognised_and_nothing_is_stored(ledger, tmp_path):
    file = tmp_path / "wyciag.xml"
    file.write_bytes(camt053(ledger.virtual_account))
    run(str(file))
    statements, lines, entries = (
        Statement.objects.count(),
        StatementLine.objects.count(),
        Entry.objects.count(),
    )
    out = run(str(file))
    assert "already imported" in out or "już zaimportowany" in out
    assert "17" in out  # the statement's number
    assert (Statement.objects.count(), StatementLine.objects.count(), Entry.objects.count()) == (
        statements,
        lines,
        entries,
    )


def test_a_statement_of_the_same_number_with_new_lines_is_still_imported(ledger):
    staged = parse_statement(camt053(ledger.virtual_account), "wyciag.xml")
    import_statements(staged)
    more = camt053(ledger.virtual_account).replace(b"REF-2", b"REF-4")
    result = import_statements(parse_statement(more, "wyciag.xml"))
    assert (result.statements, result.new_lines, result.known_statements) == (1, 1, [])
    assert Statement.objects.count() == 2


def test_a_dry_run_of_a_known_statement_says_so_and_stores_nothing(ledger):
    staged = parse_statement(camt053(ledger.virtual_account), "wyciag.xml")
    import_statements(staged)
    staged = parse_statement(camt053(ledger.virtual_account), "wyciag-2.xml")
    again = import_statements(staged, dry_run=True)
    assert (again.statements, [s.number for s in again.known_statements]) == (0, ["17"])
    assert Statement.objects.count() == 1


def test_a_camt_entry_in_euro_on_a_zloty_statement_is_refused_naming_it(ledger, tmp_path):
    data = camt053(ledger.virtual_account).replace(
        b'<Amt Ccy="PLN">45.00</Amt>', b'<Amt Ccy="EUR">45.00</Amt>'
    )
    with pytest.raises(StatementError, match=r"EUR.*PLN|<Amt>") as error:
        parse_statement(data, "euro.xml")
    assert error.value.where.startswith("euro.xml, ")
    assert "<Amt>" in error.value.where
    file = tmp_path / "euro.xml"
    file.write_bytes(data)
    with pytest.raises(CommandError, match=r"euro\.xml"):
        run(str(file))
    assert not StatementLine.objects.exists() and not Statement.objects.exists()


def test_a_camt_transaction_amount_in_another_currency_is_refused_too(ledger):
    data = camt053(ledger.virtual_account).replace(
        b"<RmtInf><Ustrd>za garaz",
        b'<AmtDtls><TxAmt><Amt Ccy="EUR">45.00</Amt></TxAmt></AmtDtls><RmtInf><Ustrd>za garaz',
    )
    with pytest.raises(StatementError, match="EUR"):
        parse_statement(data, "euro.xml")


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_a_camt_file_nested_thousands_deep_is_refused_by_the_command_without_a_traceback(
    db, tmp_path, depth
):
    body = "<Ntry>" + "<a>" * depth + "</a>" * depth + "</Ntry>"
    data = f'<?xml version="1.0"?><Document xmlns="{CAMT}"><BkToCstmrStmt><Stmt>{body}'
    file = tmp_path / "gleboki.xml"
    file.write_text(data + "</Stmt></BkToCstmrStmt></Document>", encoding="utf-8")
    with pytest.raises(CommandError, match=r"gleboki\.xml, (line|linia) 1: .*100"):
        run(str(file))
    assert not Statement.objects.exists()
