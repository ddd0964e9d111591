"""Alior, BNP Paribas, ING's collection account and older Nordea, from the
project's own fixtures (tests/payments/fixtures/mt940, written from the
banks' published format descriptions)."""

from decimal import Decimal
from pathlib import Path

import pytest

from iok.ledger.nrb import make_nrb
from iok.payments.parsers.detect import detect_format, parse_statement
from iok.payments.parsers.mt940 import parse_mt940
from iok.payments.staged import StatementError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mt940"
PAYER = make_nrb("10901014", "0000000123456789")
PAYER_2 = make_nrb("11602202", "0000000200300400")


def parse(name):
    return parse_statement((FIXTURES / name).read_bytes(), name)


def test_alior_messages_framed_by_braces_on_their_own_line_or_glued_to_a_tag_are_read():
    data = (FIXTURES / "alior.sta").read_bytes()
    assert detect_format(data) == "mt940"
    first, second = parse("alior.sta")
    assert (first.number, second.number) == ("233", "234")
    assert first.balances_agree() and second.balances_agree()
    assert second.opening_balance == Decimal("1420.00")
    assert first.lines[0].virtual_account == make_nrb("24900050", "1234000000004217")
    assert second.lines[0].title == "WODA 12/2026"


def test_a_brace_that_frames_nothing_is_still_refused_naming_its_tag():
    data = (FIXTURES / "alior.sta").read_bytes().replace(b":28C:233", b":28C:233\r\n{x")
    with pytest.raises(StatementError, match=r"alior\.sta, linia 4: .*:28C:"):
        parse_mt940(data, "alior.sta")


def test_bnp_paribas_statement_numbers_with_year_and_suffix_and_cn_dn_marks_are_read():
    first, second = parse("bnp_paribas.sta")
    assert (first.number, second.number) == ("036/2026/BPL", "037/2026/BPL")
    payment, fee = first.lines
    assert (payment.credit, payment.amount) == (True, Decimal("250.00"))
    assert (fee.credit, fee.amount, fee.title) == (False, Decimal("5.81"), "PROWIZJA ZA PRZELEW")
    assert payment.title == "CZYNSZ GRUDZIEŃ 2026 LOKAL 3"
    assert payment.counterparty_name == "JAN KOWALSKI"
    # ^30 bank + ^31 account without the check digits: they follow from the rest
    assert payment.counterparty_account == PAYER
    assert first.balances_agree() and second.balances_agree()


def test_a_statement_number_that_is_not_one_is_refused_naming_its_line():
    data = (FIXTURES / "bnp_paribas.sta").read_bytes().replace(b"036/2026/BPL", b"036 / 2026")
    with pytest.raises(StatementError, match=r"bnp\.sta, linia 3: .*:28C:"):
        parse_mt940(data, "bnp.sta")


def test_a_broken_tag_prints_nothing_to_the_console(capfd, caplog):
    """The mt-940 library logs its regular expressions at ERROR when a tag
    does not match, which Python prints to stderr when no handler is set up
    (pytest's own handler would hide it, so the records are checked too).
    A clerk sees our message only."""
    caplog.set_level("DEBUG")
    data = (FIXTURES / "bnp_paribas.sta").read_bytes()
    for broken in (
        data.replace(b":61:2612011201CN250,00", b":61:26120X1201CN250,00"),
        data.replace(b":60F:C261130PLN500,00", b":60F:X261130PLN500,00"),
        data.replace(b":62F:C261201PLN744,19", b":62F:C2612PLN744,19"),
    ):
        with pytest.raises(StatementError):
            parse_mt940(broken, "bnp.sta")
    assert capfd.readouterr() == ("", "")
    assert [record for record in caplog.records if record.name.startswith("mt940")] == []


def test_ing_virtual_account_after_the_double_slash_is_the_credited_account_not_a_reference():
    [statement] = parse("ing_virtual.sta")
    first, second = statement.lines
    assert first.virtual_account == make_nrb("10501012", "1234000000004217")
    assert second.virtual_account == make_nrb("10501012", "1234000000004225")
    # The same virtual account comes with every payment of the payer: no reference.
    assert (first.bank_reference, second.bank_reference) == ("", "")


def test_ing_amounts_without_decimals_and_the_29_account_are_read():
    [statement] = parse("ing_virtual.sta")
    first, second = statement.lines
    assert (first.amount, second.amount) == (Decimal("150.00"), Decimal("80.00"))
    assert statement.closing_balance == Decimal("230.00") and statement.balances_agree()
    assert first.title == "CZYNSZ 12/2026 ŁĄCZNA 4 M 2"
    assert first.counterparty_account == PAYER  # ~29, no ~38
    assert second.title == "WODA 12/2026"
    assert second.counterparty_account == "PL" + PAYER_2  # ~38 before ~29


def test_ing_name_and_address_are_told_apart():
    [statement] = parse("ing_virtual.sta")
    first, second = statement.lines
    assert (first.counterparty_name, first.counterparty_address) == (
        "BOŻENA KRÓL",
        "UL. ŁĄCZNA 4 M 2 41-200 SOSNOWIEC",
    )
    assert (second.counterparty_name, second.counterparty_address) == (
        "ZBIGNIEW MAŁEK",
        "UL. POLNA 1 00-950 WARSZAWA",
    )


def test_a_name_that_holds_no_address_is_not_split():
    pko = parse("pko_bp.sta")[0].lines[0]
    assert (pko.counterparty_name, pko.counterparty_address) == ("MAŁGORZATA WĘGRZYN-ŚLĄSKA", "")


def test_ing_zero_technical_entry_is_left_out_and_noted_with_its_reason():
    [statement] = parse("ing_virtual.sta")
    assert all(line.amount for line in statement.lines)
    [(line_number, reason)] = statement.skipped
    assert line_number == 16
    assert "0,00" in reason


def test_nordea_plus_separated_subfields_give_title_name_and_account():
    [statement] = parse("nordea.sta")
    [payment] = statement.lines
    assert payment.title == "OPŁATA ZA LOKAL 7/2026 GRUDZIEŃ"
    assert payment.counterparty_name == "ELŻBIETA ŻAK-WÓJCIK"
    assert payment.counterparty_account == "PL" + PAYER_2
    assert payment.transaction_code == "020"
