"""The journal as CSV for a Polish accounting package: one row per journal
line, `;`-separated, a decimal comma and no thousands separator, a header
row, dates dd.mm.rrrr (or ISO, YYYY-MM-DD), UTF-8 with a byte-order mark
(or Windows-1250, which older packages expect). Every cell goes through
`iok.spreadsheet.writer`, so no description runs as a formula."""

import io

from django.utils.translation import gettext as _

from iok.accounting.journal import Document
from iok.spreadsheet import writer

HEADER = [
    "data",
    "numer_dokumentu",
    "data_operacji",
    "kartoteka",
    "opis",
    "konto",
    "wn",
    "ma",
]
# the name an option gives → Python's codec (utf-8-sig writes the byte-order mark)
ENCODINGS = {"utf-8": "utf-8-sig", "cp1250": "cp1250"}
DATE_FORMATS = {"dmy": "%d.%m.%Y", "iso": "%Y-%m-%d"}


def amount(value) -> str:
    """1234,56; empty for the side a line does not use."""
    return f"{value:.2f}".replace(".", ",") if value else ""


def write_csv(documents: list[Document], stream, *, dates: str = "dmy") -> int:
    """Write the rows to a text stream; the number of journal lines written."""
    day = DATE_FORMATS[dates]
    rows = writer(stream, delimiter=";", lineterminator="\r\n")
    rows.writerow(HEADER)
    count = 0
    for document in documents:
        for line in document.lines:
            rows.writerow(
                [
                    document.date.strftime(day),
                    document.number,
                    document.operation_date.strftime(day),
                    document.ledger,
                    document.description,
                    line.account,
                    amount(line.debit),
                    amount(line.credit),
                ]
            )
            count += 1
    return count


def journal_csv(documents: list[Document], *, encoding: str = "utf-8", dates: str = "dmy") -> bytes:
    """The whole file, encoded. A character Windows-1250 lacks becomes '?'."""
    if encoding not in ENCODINGS:
        raise ValueError(_("The journal is written in UTF-8 or Windows-1250 (cp1250)."))
    text = io.StringIO()
    write_csv(documents, text, dates=dates)
    return text.getvalue().encode(ENCODINGS[encoding], errors="replace")
