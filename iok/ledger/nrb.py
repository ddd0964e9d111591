"""Bank account numbers: the one place for their form and their check digits,
without Django.

An NRB (Polish account number) is 26 digits: 2 IBAN check digits, the bank's
8-digit settlement number (3-digit bank, 4-digit branch, 1 check digit) and a
16-digit account number; as an IBAN it is PL and the 26 digits. `compact`
writes any account number as one word, `is_valid` tests its check digits,
`NRB_IN_TEXT` finds one written in a transfer's title. The settings module
validates the configured numbers with this code, so it must not import Django.
"""

import functools
import re

from stdnum import iban

SETTLEMENT_WEIGHTS = (3, 9, 7, 1, 3, 9, 7)
POLAND = "2521"  # "PL" as ISO 7064 reads letters: P=25, L=21

# 26 digits in a title, as people write them: PL or not, in groups of four or not.
NRB_IN_TEXT = re.compile(r"(?<!\d)(?:PL)?\s?(\d{2}(?:\s?\d{4}){6})(?!\d)")


def compact(number: str) -> str:
    """The account number as one word: no spaces (of any kind), hyphens or
    dots, upper case; a country code stays ("PL61 1090-1014…" → "PL611090…").
    `compact(n).removeprefix("PL")` is an NRB's 26 digits."""
    return iban.compact("".join(number.split()))


@functools.lru_cache(maxsize=4096)  # payers pay again: each account is checked once
def is_valid(number: str) -> bool:
    """Whether the number's check digits are right: 26 digits (with PL or
    without) as an NRB, anything with another country code as that IBAN."""
    number = compact(number)
    if number.isdigit():
        number = "PL" + number
    if number.startswith("PL"):
        # ISO 7064 mod 97-10 with PL = 2521: stdnum's test without its
        # registry lookups, which the import would make for every line.
        nrb = number[2:]
        return len(nrb) == 26 and nrb.isdigit() and int(nrb[2:] + POLAND + nrb[:2]) % 97 == 1
    return iban.is_valid(number)


def settlement_check_digit(first_seven: str) -> str:
    total = sum(int(d) * w for d, w in zip(first_seven, SETTLEMENT_WEIGHTS, strict=True))
    return str((10 - total % 10) % 10)


def settlement_number_is_valid(number: str) -> bool:
    return len(number) == 8 and number.isdigit() and settlement_check_digit(number[:7]) == number[7]


def iban_check_digits(bban: str) -> str:
    """ISO 7064 mod 97-10 check digits of a Polish BBAN (24 digits)."""
    return f"{98 - int(bban + POLAND + '00') % 97:02d}"


def make_nrb(settlement: str, account: str) -> str:
    bban = settlement + account
    if len(bban) != 24 or not bban.isdigit():
        raise ValueError(f"A Polish BBAN has 24 digits, got {bban!r}.")
    return iban_check_digits(bban) + bban


def format_nrb(nrb: str) -> str:
    """26 digits as the banks print them: 2, then groups of four."""
    digits = compact(nrb)
    return " ".join([digits[:2], *(digits[i : i + 4] for i in range(2, len(digits), 4))])
