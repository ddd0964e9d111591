"""The CSV a Polish accounting package imports: read back with csv, it gives
the journal's accounts and amounts; the header, separators, decimal comma,
dates and encodings are as docs/accounting.md says."""

import csv
import io
from decimal import Decimal

from iok.accounting.export import HEADER, journal_csv
from iok.accounting.journal import journal
from tests.accounting.conftest import NOVEMBER


def read_back(data: bytes, encoding: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode(encoding)), delimiter=";"))


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ".")) if text else Decimal(0)


def test_the_csv_read_back_gives_the_journals_lines_and_amounts(books):
    documents = journal(*NOVEMBER)
    rows = read_back(journal_csv(documents), "utf-8-sig")
    expected = [
        (d.number, line.account, line.debit, line.credit) for d in documents for line in d.lines
    ]
    got = [(r["numer_dokumentu"], r["konto"], amount(r["wn"]), amount(r["ma"])) for r in rows]
    assert got == expected
    assert sum(amount(r["wn"]) for r in rows) == sum(amount(r["ma"]) for r in rows)


def test_the_csv_has_a_header_a_bom_semicolons_a_decimal_comma_and_polish_dates(books):
    data = journal_csv(journal(*NOVEMBER))
    assert data.startswith("\ufeff".encode())
    header, first = data.decode("utf-8-sig").splitlines()[:2]
    assert header == ";".join(HEADER)
    assert first.startswith("01.11.2026;NAL/2026/")
    assert first.endswith(";561,43;")


def test_windows_1250_and_iso_dates_on_request(books):
    data = journal_csv(journal(*NOVEMBER), encoding="cp1250", dates="iso")
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = read_back(data, "cp1250")
    assert rows[0]["data"] == "2026-11-01"
    assert "Korekta naliczenia" in rows[-1]["opis"]
