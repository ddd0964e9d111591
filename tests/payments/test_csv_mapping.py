import dataclasses
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iok.payments.parsers.csv_mapping import CsvMapping, parse_csv
from iok.payments.staged import StatementError

FIXTURES = Path(__file__).parent / "fixtures" / "csv"
OWN_ACCOUNT = "90124069600000123456789012"

ING = CsvMapping(
    account=OWN_ACCOUNT,
    number="2026/11/15",
    booking_date="Data księgowania",
    value_date="Data transakcji",
    amount="Kwota transakcji (waluta rachunku)",
    counterparty_name="Dane kontrahenta",
    counterparty_account="Nr rachunku",
    title="Tytuł",
    bank_reference="Nr transakcji",
    transaction_code="Szczegóły",
    separator=";",
    decimal_comma=True,
    encoding="cp1250",
    skip_rows=5,
    footer_rows=3,
)

SANTANDER = CsvMapping(
    account=OWN_ACCOUNT,
    booking_date="Data operacji",
    value_date="Data waluty",
    amount="Kwota",
    credit_debit="Strona",
    counterparty_name="Kontrahent",
    counterparty_address="Adres kontrahenta",
    counterparty_account="Rachunek kontrahenta",
    title="Tytuł",
    bank_reference="Numer referencyjny",
    virtual_account="Rachunek wirtualny",
    separator=",",
    decimal_comma=False,
    encoding="utf-8",
    date_format="%d-%m-%Y",
)


def read(name):
    return (FIXTURES / name).read_bytes()


def test_an_ing_like_export_reads_past_its_preamble_and_footer():
    [statement] = parse_csv(read("ing_like_lista_transakcji.csv"), ING, "ing.csv")
    assert statement.account == OWN_ACCOUNT
    assert statement.number == "2026/11/15"
    assert statement.date == datetime.date(2026, 11, 15)
    assert statement.format == "csv"
    assert statement.opening_balance is None
    assert len(statement.lines) == 3
    first, second, fee = statement.lines
    assert first.line_number == 7
    assert first.booking_date == datetime.date(2026, 11, 15)
    assert first.value_date == datetime.date(2026, 11, 14)
    assert first.amount == Decimal("350.00") and first.credit
    assert first.counterparty_name == "JAN KOWALSKI UL. CHOPINA 5/11 16-400 SUWAŁKI"
    assert first.counterparty_account == "22114020170000380272274859"
    assert first.bank_reference == "202631900012345"
    assert second.amount == Decimal("1200.50")
    assert second.title == "Opłata za październik, nr 102"
    assert fee.amount == Decimal("5.00") and not fee.credit
    assert fee.transaction_code == "OPŁATA"


def test_a_santander_like_export_tells_debit_from_credit_by_its_own_column():
    [statement] = parse_csv(read("santander_like_historia.csv"), SANTANDER, "san.csv")
    first, second, fee = statement.lines
    assert first.amount == Decimal("1234.56") and first.credit
    assert first.counterparty_name == "Żaneta Góźdź-Śląska"
    assert first.counterparty_address == "ul. Źródlana 3 m.4, 00-950 Warszawa"
    assert first.counterparty_account == "04105014611000002345271577"
    assert first.virtual_account == "26124069605820000000000103"
    assert first.value_date == datetime.date(2026, 11, 14)
    assert second.virtual_account == "80124069605820000000000101"
    assert not fee.credit and fee.amount == Decimal("12.00")
    assert statement.date == datetime.date(2026, 11, 16)


def test_a_mapping_naming_a_column_the_file_lacks_is_refused_with_the_header():
    mapping = dataclasses.replace(SANTANDER, title="Opis")
    with pytest.raises(StatementError, match=r"san\.csv, linia 1: brak kolumny 'Opis' w nagłówku"):
        parse_csv(read("santander_like_historia.csv"), mapping, "san.csv")


def test_a_broken_amount_is_refused_naming_its_line():
    data = read("santander_like_historia.csv").replace(b",98.20,", b",98.2O,")
    with pytest.raises(StatementError, match=r"san\.csv, linia 3: to nie jest kwota: '98\.2O'"):
        parse_csv(data, SANTANDER, "san.csv")


def test_an_unknown_debit_credit_mark_is_refused():
    data = read("santander_like_historia.csv").replace("OBCIĄŻENIE".encode(), b"STORNO")
    with pytest.raises(
        StatementError, match=r"linia 4: to nie jest oznaczenie ani uznania, ani obciążenia"
    ):
        parse_csv(data, SANTANDER, "san.csv")


def test_a_broken_date_is_refused_naming_its_line():
    data = read("ing_like_lista_transakcji.csv").replace(
        b'2026-11-15;2026-11-15;"ANNA', b'2026-11-15;15.11.2026;"ANNA'
    )
    with pytest.raises(StatementError, match=r"ing\.csv, linia 8: to nie jest data"):
        parse_csv(data, ING, "ing.csv")


def test_a_file_in_another_encoding_is_refused():
    data = read("santander_like_historia.csv").decode("utf-8-sig").encode("cp1250")
    with pytest.raises(StatementError, match="to nie jest tekst w kodowaniu utf-8"):
        parse_csv(data, SANTANDER, "san.csv")


def test_a_row_cut_short_is_refused_naming_its_line():
    data = read("santander_like_historia.csv").rsplit(b"\n", 2)[0][:-60] + b"\n"
    with pytest.raises(StatementError, match=r"linia 3: wiersz nie ma kolumny"):
        parse_csv(data, SANTANDER, "san.csv")


# Property: random payments written with a mapping read back the same.

SIGNED = CsvMapping(
    account=OWN_ACCOUNT,
    booking_date="Data",
    amount="Kwota",
    counterparty_name="Nadawca",
    title="Tytuł",
    separator=";",
    decimal_comma=True,
    encoding="cp1250",
    date_format="%d.%m.%Y",
)

words = st.text(alphabet="abcąćęłńóśźż ABCĄĆĘŁŃÓŚŹŻ;,\"'0123456789/", min_size=1, max_size=40)
rows = st.lists(
    st.tuples(
        st.integers(min_value=-(10**11), max_value=10**11).filter(bool),
        words.map(lambda s: " ".join(s.split())).filter(bool),
        words.map(lambda s: " ".join(s.split())),
        st.integers(min_value=0, max_value=365),
    ),
    min_size=1,
    max_size=10,
)


def quoted(text):
    return '"' + text.replace('"', '""') + '"'


def comma_amount(grosze):
    sign = "-" if grosze < 0 else ""
    return f"{sign}{abs(grosze) // 100:,}".replace(",", " ") + f",{abs(grosze) % 100:02d}"


@settings(max_examples=60, deadline=None)
@given(rows)
def test_random_payments_written_with_a_mapping_read_back_the_same(rows):
    lines = ["Data;Kwota;Nadawca;Tytuł"]
    for grosze, name, title, day in rows:
        date = (datetime.date(2026, 1, 1) + datetime.timedelta(days=day)).strftime("%d.%m.%Y")
        lines.append(";".join([date, quoted(comma_amount(grosze)), quoted(name), quoted(title)]))
    [statement] = parse_csv("\r\n".join(lines).encode("cp1250"), SIGNED)
    assert [(line.amount, line.credit) for line in statement.lines] == [
        (Decimal(abs(g)).scaleb(-2), g > 0) for g, *_ in rows
    ]
    assert [(line.counterparty_name, line.title) for line in statement.lines] == [
        (name, title) for _, name, title, _ in rows
    ]
