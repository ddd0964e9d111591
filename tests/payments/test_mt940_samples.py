"""Real bank files from ../shared/samples/bank parse into the values they hold."""

from decimal import Decimal
from pathlib import Path

import pytest

from iok.payments.parsers.mt940 import parse_mt940

SAMPLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "samples" / "bank"

pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir(),
    reason=f"the shared bank samples are not here ({SAMPLES}); a fresh clone has no ../shared",
)


def parse(name):
    return parse_mt940((SAMPLES / name).read_bytes(), name)


def test_mbank_iph_statement_has_every_line_with_its_iph_id_payer_and_tnr():
    [statement] = parse("mbank_mt940_IPH_ksdev.txt")
    assert statement.account == "PL45114011370000310211001001"
    assert statement.number == "107/1"
    assert statement.opening_balance == Decimal("0.00")
    assert len(statement.lines) == 24
    assert sum(line.virtual_account.startswith("XX") for line in statement.lines) == 21
    first = statement.lines[0]
    assert first.credit and first.amount == Decimal("6979.18")
    assert first.virtual_account == "XX000000000014"
    assert first.counterparty_account == "04105014611000002345271577"
    assert first.counterparty_name == "GWARANT-CYNKOWANIE SPÓŁKA Z O.O."
    assert first.counterparty_address == "UL.CIEPŁOWNICZA 27 98-300 WIELUŃ"
    assert first.title == "210F1163"
    assert first.bank_reference == "154961063737599.110001"
    assert first.line_number == 6


def test_mbank_iph_title_wrapped_over_lines_reads_as_one_text():
    [statement] = parse("mbank_mt940_IPH_ksdev.txt")
    assert statement.lines[1].title == "ZAPŁATA ZA F-RĘ NR 110F02574 Z DN. 20.05.2010"


def test_mbank_iph_statement_without_closing_balance_ends_with_the_fee_debit():
    """The published sample has no :62F: but ends with `-`: it parses, without a closing balance."""
    [statement] = parse("mbank_mt940_IPH_ksdev.txt")
    fee = statement.lines[-1]
    assert not fee.credit and fee.amount == Decimal("15.00")
    assert fee.bank_reference == "154960005384269.330001"
    assert statement.closing_balance is None


def test_mbank_file_with_eight_accounts_gives_eight_statements_whose_balances_agree():
    statements = parse("mbank_mt940_multiple_accounts_ksdev.txt")
    assert len(statements) == 8
    assert [s.currency for s in statements] == [
        "PLN",
        "PLN",
        "EUR",
        "EUR",
        "USD",
        "PLN",
        "EUR",
        "USD",
    ]
    assert all(s.balances_agree() for s in statements)
    assert statements[6].opening_balance == Decimal("-959.45")
    assert statements[6].closing_balance == Decimal("-492.89")


def test_mbank_outgoing_transfer_names_the_payee_account_and_title():
    statements = parse("mbank_mt940_multiple_accounts_ksdev.txt")
    line = next(
        line for line in statements[0].lines if line.bank_reference == "145411008035693.020001"
    )
    assert not line.credit and line.amount == Decimal("35.45")
    assert line.counterparty_account == "05109010560001589600256813"
    assert line.counterparty_name == "KLINIKA MEDYCZNA PRO MED FIOŁKOWA 14 03-486 WARSZAWA"
    assert line.title == "KONSULTACJA MEDYCZNA"


def test_mbank_mt942_has_no_balances_and_its_sums_match_three_iph_credits():
    [report] = parse("wolph_mt940_mbank_mt942.sta")
    assert report.format == "mt942"
    assert report.opening_balance is None and report.closing_balance is None
    assert report.currency == "PLN"
    assert report.account == "PL29114010810000267002001002"
    assert [line.virtual_account for line in report.lines] == [
        "XX000000000001",
        "XX000000000002",
        "XX000000000003",
    ]
    assert report.lines[0].counterparty_name == "JAN NOWAK"
    assert report.lines[0].title == "PRZELEW SRODKOW"
    assert report.lines[2].bank_reference == "179171073864291.000001"
    assert report.movement() == Decimal("0.03")


def test_pko_bp_subfields_give_title_name_iban_and_bank_reference():
    [statement] = parse("pko_bp_mt940_example_transcribed_from_spec_pdf.txt")
    assert statement.account == "PL44102055610000380209739045"
    assert statement.opening_balance == Decimal("-2671.79")
    assert statement.closing_balance == Decimal("-3336.72")
    assert statement.balances_agree()
    assert len(statement.lines) == 4
    tax = statement.lines[1]
    assert not tax.credit and tax.amount == Decimal("434.00")
    assert tax.title == "P 85100158550 0 PIT-23"
    assert tax.counterparty_name.startswith("DRUGI MAZOWIECKI URZ")
    assert tax.counterparty_name.endswith("D SKARBOWY WARSZAWA")
    assert tax.counterparty_account == "PL32101000712223147254000000"
    assert tax.bank_reference == "6460502100001611"
    assert tax.transaction_code == "210"
    assert statement.lines[0].virtual_account == ""  # the filler ˙ means empty
