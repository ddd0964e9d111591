import random

import pytest
from django.test import override_settings
from schwifty import IBAN
from stdnum import iban

from iok.ledger.nrb import format_nrb, make_nrb, settlement_number_is_valid
from iok.ledger.virtual_account import ledger_id_from, virtual_account_for


def sample_ids():
    rng = random.Random(2026)
    edges = [1, 2, 9, 10, 99, 100, 10**11, 10**12 - 1]
    return edges + list(range(1, 3001)) + [rng.randrange(1, 10**12) for _ in range(4000)]


def test_every_virtual_account_is_a_valid_polish_iban():
    for ledger_id in sample_ids():
        nrb = virtual_account_for(ledger_id)
        assert len(nrb) == 26
        assert iban.is_valid("PL" + nrb), nrb
        IBAN("PL" + nrb, validate_bban=True)  # raises on a bad check or settlement digit


def test_virtual_account_is_settlement_number_prefix_and_padded_id():
    nrb = virtual_account_for(123)
    assert nrb[2:10] == "10201026"
    assert nrb[10:14] == "4477"
    assert nrb[14:] == "000000000123"


def test_ledger_id_is_read_back_from_its_virtual_account():
    for ledger_id in sample_ids()[:500]:
        assert ledger_id_from(virtual_account_for(ledger_id)) == ledger_id
        assert ledger_id_from("PL " + format_nrb(virtual_account_for(ledger_id))) == ledger_id


def test_a_foreign_or_mistyped_number_names_no_ledger():
    nrb = virtual_account_for(77)
    mistyped = nrb[:-1] + str((int(nrb[-1]) + 1) % 10)
    assert ledger_id_from(mistyped) is None
    assert ledger_id_from("61109010140000071219812874") is None
    assert ledger_id_from("12") is None


def test_an_id_too_long_for_its_digits_is_refused():
    with pytest.raises(ValueError, match="does not fit"):
        virtual_account_for(10**12)


@override_settings(
    IOK_BANK_SETTLEMENT_NUMBER="12401037", IOK_VIRTUAL_PREFIX="12", IOK_VIRTUAL_ID_DIGITS=14
)
def test_other_bank_settings_give_other_valid_numbers():
    nrb = virtual_account_for(5)
    assert nrb[2:] == "12401037" + "12" + "00000000000005"
    IBAN("PL" + nrb, validate_bban=True)


def test_settlement_check_digit_agrees_with_schwifty():
    rng = random.Random(7)
    for _ in range(2000):
        number = f"{rng.randrange(10**8):08d}"
        nrb = make_nrb(number, "0" * 16)
        try:
            IBAN("PL" + nrb, validate_bban=True)
            schwifty_ok = True
        except ValueError:
            schwifty_ok = False
        assert settlement_number_is_valid(number) == schwifty_ok, number


def test_account_numbers_print_in_groups_of_four():
    assert format_nrb("61109010140000071219812874") == "61 1090 1014 0000 0712 1981 2874"
