"""Account numbers: one `compact`, one `is_valid` (iok/ledger/nrb.py), and the
fast NRB check agrees with stdnum's IBAN test on every number."""

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban

from iok.ledger.nrb import NRB_IN_TEXT, compact, is_valid, make_nrb

digits = st.text("0123456789", min_size=26, max_size=26)
bban = st.text("0123456789", min_size=24, max_size=24)


@settings(derandomize=True, max_examples=500)
@given(digits)
def test_is_valid_says_what_stdnum_says_of_any_26_digits(nrb):
    assert is_valid(nrb) == iban.is_valid("PL" + nrb)
    assert is_valid("PL" + nrb) == iban.is_valid("PL" + nrb)


@settings(derandomize=True, max_examples=300)
@given(bban)
def test_a_made_nrb_is_valid_as_stdnum_says(number):
    nrb = make_nrb(number[:8], number[8:])
    assert is_valid(nrb) and iban.is_valid("PL" + nrb)


def test_compact_keeps_the_country_code_and_drops_separators():
    assert compact(" PL61 1090-1014.0000\xa00712 1981 2874 ") == "PL61109010140000071219812874"
    assert compact("pl61109010140000071219812874") == "PL61109010140000071219812874"


def test_a_foreign_iban_is_tested_as_that_iban():
    assert is_valid("DE89 3704 0044 0532 0130 00")
    assert not is_valid("DE88 3704 0044 0532 0130 00")
    assert not is_valid("")


def test_an_nrb_is_found_in_a_title_however_it_is_written():
    title = "Czynsz PL61 1090 1014 0000 0712 1981 2874 i 61109010140000071219812874"
    found = [compact(m) for m in NRB_IN_TEXT.findall(title)]
    assert found == ["61109010140000071219812874"] * 2
    assert NRB_IN_TEXT.findall("ref 161109010140000071219812874") == []
