"""Polish bank account numbers (NRB) and their check digits, without Django.

An NRB is 26 digits: 2 IBAN check digits, the bank's 8-digit settlement number
(3-digit bank, 4-digit branch, 1 check digit) and a 16-digit account number.
The settings module validates the configured settlement number with this code,
so it must not import Django.
"""

SETTLEMENT_WEIGHTS = (3, 9, 7, 1, 3, 9, 7)
POLAND = "2521"  # "PL" as ISO 7064 reads letters: P=25, L=21


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
    digits = nrb.replace(" ", "")
    return " ".join([digits[:2], *(digits[i : i + 4] for i in range(2, len(digits), 4))])
