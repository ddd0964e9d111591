"""CSV that a spreadsheet opens as data, never as formulas.

Excel and LibreOffice run a cell that starts with =, +, -, @ (or a tab or a
carriage return before one) as a formula, so a tenant named
`=HYPERLINK("http://…")` would become a link in a clerk's spreadsheet
(OWASP: CSV injection). Every CSV the project writes goes through
`writer()`, which prefixes such a cell with an apostrophe: the spreadsheet
shows the text as written and runs nothing. Plain numbers such as -12,50
stay numbers."""

import csv
import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def neutralised(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(TRIGGERS) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


class _Writer:
    def __init__(self, stream, **options):
        self._csv = csv.writer(stream, **options)

    def writerow(self, row):
        return self._csv.writerow([neutralised(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(stream, **options) -> _Writer:
    """A csv.writer whose every cell is neutralised."""
    return _Writer(stream, **options)
