"""The Elixir-O payment order file (PLI), the Polish banks' domestic
transfer format after KIR's Elixir messages: one transfer a line (CR LF),
comma-separated fields, text fields in double quotes, several lines of 35
characters inside one field separated by `|`, Windows-1250 encoding.

A normal transfer is message type 110; its fields, in order:

 1. message type: 110
 2. execution date: YYYYMMDD
 3. amount in grosze, digits only
 4. the payer's bank's settlement number (8 digits of the NRB after its check digits)
 5. 0
 6. the payer's account (NRB, 26 digits), quoted
 7. the recipient's account (NRB), quoted
 8. the payer's name and address, up to 4 × 35, quoted
 9. the recipient's name and address, up to 4 × 35, quoted
10. 0
11. the recipient's bank's settlement number
12. the title, up to 4 × 35, quoted
13. "" (empty)
14. "" (empty)
15. the order's classification: "51" (a transfer)
16. the payer's own reference, quoted
"""

import datetime
import textwrap
from dataclasses import dataclass
from decimal import Decimal

from iok.ledger.money import to_grosze

TRANSFER = "110"
CLASSIFICATION = "51"
LINE, LINES = 35, 4
ENCODING = "cp1250"


@dataclass(frozen=True)
class Transfer:
    """One transfer of a payment order file, whatever its format."""

    amount: Decimal
    account: str  # the recipient's NRB, 26 digits
    name: str
    title: str
    reference: str


def settlement_number(nrb: str) -> str:
    return nrb[2:10]


def text(value: str) -> str:
    """A text field's content: no quote (it would end the field), no `|` (it
    separates the field's lines) and no line breaks."""
    return " ".join(value.replace('"', "'").replace("|", "/").split())


def lines_of(value: str, count: int = LINES) -> str:
    """`value` in lines of at most 35 characters, broken between words where
    it can be, at most `count` of them, joined by `|`."""
    return "|".join(textwrap.wrap(text(value), LINE)[:count])


def record(transfer: Transfer, *, payer_name: str, payer_account: str, on: datetime.date) -> str:
    fields = [
        TRANSFER,
        on.strftime("%Y%m%d"),
        str(to_grosze(transfer.amount)),
        settlement_number(payer_account),
        "0",
        f'"{payer_account}"',
        f'"{transfer.account}"',
        f'"{lines_of(payer_name)}"',
        f'"{lines_of(transfer.name)}"',
        "0",
        settlement_number(transfer.account),
        f'"{lines_of(transfer.title)}"',
        '""',
        '""',
        f'"{CLASSIFICATION}"',
        f'"{text(transfer.reference)}"',
    ]
    return ",".join(fields)


def write(transfers, *, payer_name: str, payer_account: str, on: datetime.date) -> bytes:
    """The file: one record a transfer, each line ended by CR LF, in
    Windows-1250 (a character it lacks becomes `?`)."""
    lines = [
        record(t, payer_name=payer_name, payer_account=payer_account, on=on) for t in transfers
    ]
    return "".join(f"{line}\r\n" for line in lines).encode(ENCODING, errors="replace")
