"""Each bank's MT940 dialect, from the project's own fixtures (tests/payments/fixtures/mt940)."""

from decimal import Decimal
from pathlib import Path

import pytest

from iok.ledger.nrb import make_nrb
from iok.payments.parsers.mt940 import decode, parse_mt940

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mt940"
PAYER = make_nrb("10901014", "0000000123456789")


def parse(name):
    [statement] = parse_mt940((FIXTURES / name).read_bytes(), name)
    return statement


def test_pko_bp_credit_names_the_virtual_account_from_swrk():
    statement = parse("pko_bp.sta")
    payment = statement.lines[0]
    assert payment.virtual_account == make_nrb("10205561", "1234000000004217")
    assert payment.counterparty_account == "PL" + PAYER
    assert payment.counterparty_name == "MAŁGORZATA WĘGRZYN-ŚLĄSKA"
    assert payment.title == "CZYNSZ ZA LISTOPAD 2026 LOKAL 12 UL. ŻÓŁKIEWSKIEGO 7"
    assert payment.amount == Decimal("512.34") and payment.credit


def test_pko_bp_statement_reads_0xff_fillers_as_empty_and_balances_agree():
    statement = parse("pko_bp.sta")
    fee = statement.lines[1]
    assert (fee.title, fee.counterparty_name, fee.virtual_account) == ("OPŁATA ZA PRZELEW", "", "")
    assert statement.number == "45"
    assert statement.account == "PL" + make_nrb("10205561", "0000380209739045")
    assert statement.balances_agree()


@pytest.mark.parametrize(
    ("name", "bank"), [("pekao.sta", "12401037"), ("nest_bank.sta", "18700006")]
)
def test_pekao_and_nest_bank_separators_read_like_pko_subfields(name, bank):
    payment = parse(name).lines[0]
    assert payment.title == "OPŁATA ZA LOKAL 4/11/2026 GŻEGŻÓŁCIŃSKA"
    assert payment.counterparty_name == "JÓZEF PIĄTEK-ŁUCZAK"
    assert payment.counterparty_account == "PL" + PAYER
    assert payment.virtual_account == make_nrb(bank, "1234000000004217")
    assert payment.transaction_code == "034"


def test_ing_two_details_lines_are_merged_and_cp852_text_is_read():
    statement = parse("ing.sta")
    payment, fee = statement.lines
    assert payment.title == "ZALICZKA NA WODĘ 12/2026 ŁÓDŹ ŚWIĘTOKRZYSKA 5"
    assert payment.counterparty_name == "ZOFIA GĄSIOR-ŻUREK"
    assert payment.counterparty_account == "PL" + make_nrb("11602202", "0000000200300400")
    assert payment.transaction_code == "034"
    assert (fee.credit, fee.title, fee.transaction_code) == (False, "PROWIZJA", "073")
    assert statement.balances_agree()


def test_mbank_iph_text_wrapped_mid_word_is_read_whole():
    statement = parse("mbank_iph.sta")
    payment = statement.lines[0]
    assert payment.virtual_account == "XX000000004217"
    assert payment.counterparty_account == PAYER
    assert payment.counterparty_name == "GRZEGORZ BRZĘCZYSZCZYKIEWICZ"
    assert payment.counterparty_address == "UL. ŹRÓDLANA 3 M 14 41-200 SOSNOWIEC"
    assert payment.title == "CZYNSZ 11/2026 I ZALICZKA NA CO"
    assert payment.bank_reference == "154961063737599.110001"
    assert statement.closing_balance == Decimal("683.18") and statement.balances_agree()


def test_mbank_mt942_reversal_of_a_credit_is_a_debit_and_sums_are_checked():
    report = parse("mbank_mt942.sta")
    assert report.format == "mt942"
    assert (report.opening_balance, report.closing_balance) == (None, None)
    assert [line.credit for line in report.lines] == [True, False]
    assert report.lines[1].amount == Decimal("20.00")
    assert report.date.isoformat() == "2026-11-02"


def test_the_8_bit_encodings_are_told_apart_by_polish_letters():
    text = "ZAŻÓŁĆ GĘŚLĄ JAŹŃ"
    for encoding in ("iso-8859-2", "cp1250", "cp852", "utf-8"):
        assert decode(text.encode(encoding)) == text, encoding


def test_an_explicit_encoding_wins_over_detection():
    assert decode("ŁÓDŹ".encode("cp1250"), encoding="cp1250") == "ŁÓDŹ"


def test_soh_and_etx_framing_is_stripped_without_moving_line_numbers():
    statement = parse("mbank_mt942.sta")
    assert statement.lines[0].line_number == 7
    assert statement.lines[0].raw.startswith(":61:2611021102CN120,50NTRF")


def test_entry_date_missing_falls_back_to_the_value_date_and_crosses_the_year():
    text = "\n".join(
        [
            ":20:X",
            ":25:/PL" + PAYER,
            ":28C:1",
            ":60F:C261231PLN0,00",
            ":61:261231C1,00NTRFNONREF",
            ":61:2612310102C2,00NTRFNONREF",
            ":62F:C270102PLN3,00",
            "-",
        ]
    )
    first, second = parse_mt940(text.encode())[0].lines
    assert first.booking_date == first.value_date
    assert second.booking_date.isoformat() == "2027-01-02"
