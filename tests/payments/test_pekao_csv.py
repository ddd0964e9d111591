import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iok.ledger.nrb import make_nrb
from iok.payments.parsers.pekao import parse_pekao_csv
from iok.payments.staged import StatementError

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "bank"
SAMPLE = SHARED / "pekao_collect_virtual_accounts_cuw_suwalki.csv"
FIXTURE = Path(__file__).parent / "fixtures" / "csv" / "pekao_collect_20261115.csv"

needs_sample = pytest.mark.skipif(
    not SAMPLE.exists(), reason=f"the shared bank samples are not here ({SHARED})"
)


@needs_sample
def test_the_shared_pekao_report_gives_five_payments_totalling_its_trailer():
    [report] = parse_pekao_csv(SAMPLE.read_bytes(), SAMPLE.name)
    assert report.account == "68124033631111001037019696"
    assert report.date == datetime.date(2020, 7, 7)
    assert report.currency == "PLN"
    assert report.opening_balance is None and report.closing_balance is None
    assert len(report.lines) == 5
    assert report.movement() == Decimal("708.50")
    assert all(line.credit for line in report.lines)


@needs_sample
def test_the_shared_pekao_report_reads_the_virtual_account_from_field_13_and_joins_the_title():
    first = parse_pekao_csv(SAMPLE.read_bytes())[0].lines[0]
    assert first.virtual_account == "53124069600582000000000296"
    assert first.counterparty_account == "94124018481111001073243718"
    assert first.amount == Decimal("90.00")
    assert first.counterparty_name == "JAN KOWALSKI"
    assert first.counterparty_address == "UL. CHOPINA 5/11, 16-400 SUWAŁKI, PODLASKIE"
    assert first.title == "LIPIEC 2020 Kowalski Gabriel nr ewidencyjny 296"
    assert first.bank_reference == "0152077601207616"
    assert first.line_number == 2


def test_our_own_report_reads_polish_names_and_titles_cut_mid_word():
    [report] = parse_pekao_csv(FIXTURE.read_bytes(), FIXTURE.name)
    assert report.account == "90124069600000123456789012"
    assert report.number == "20261115"
    first, second, third = report.lines
    assert first.booking_date == datetime.date(2026, 11, 15)
    assert first.value_date == datetime.date(2026, 11, 14)
    assert first.title == "CZYNSZ 11/2026 LOKAL 12 ZA MIESIĄC LISTOPAD"
    assert second.title == (
        "Opłata za październik i listopad 2026 nr ewidencyjny 102 Anna Nowak"
        " wraz z odsetkami za zwłokę"
    )
    assert third.counterparty_name == "ŻANETA GÓŹDŹ-ŚLĄSKA"
    assert third.counterparty_address == "UL. ŹRÓDLANA 3 M.4, 00-950 WARSZAWA"
    assert third.virtual_account == make_nrb("12406960", "5820000000000103")
    assert report.movement() == Decimal("708.25")


def replace_line(number, new):
    lines = FIXTURE.read_bytes().split(b"\r\n")
    lines[number - 1] = new
    return b"\r\n".join(lines)


def test_a_trailer_whose_count_disagrees_is_refused_naming_its_line():
    with pytest.raises(StatementError, match=r"x\.csv, linia 5: stopka podaje liczbę wpłat 4,"):
        parse_pekao_csv(replace_line(5, b"03,4,708.25"), "x.csv")


def test_a_trailer_whose_total_disagrees_is_refused_naming_its_line():
    with pytest.raises(StatementError, match=r"linia 5: suma w stopce to 708\.26"):
        parse_pekao_csv(replace_line(5, b"03,3,708.26"), "x.csv")


def test_a_report_without_its_trailer_is_cut_short():
    data = b"\r\n".join(FIXTURE.read_bytes().split(b"\r\n")[:3])
    with pytest.raises(StatementError, match=r"x\.csv, linia 3: brak stopki 03"):
        parse_pekao_csv(data, "x.csv")


def test_a_detail_cut_in_the_middle_is_refused_naming_its_line():
    line = FIXTURE.read_bytes().split(b"\r\n")[2]
    with pytest.raises(StatementError, match=r"linia 3: liczba pól w rekordzie 02: 8,"):
        parse_pekao_csv(replace_line(3, b",".join(line.split(b",")[:8])), "x.csv")


def test_a_broken_amount_is_refused_naming_its_line():
    line = FIXTURE.read_bytes().split(b"\r\n")[1].replace(b"350.00", b"35O.00")
    with pytest.raises(StatementError, match=r"linia 2: to nie jest kwota: '35O\.00'"):
        parse_pekao_csv(replace_line(2, line), "x.csv")


def test_a_detail_before_any_header_is_refused():
    with pytest.raises(StatementError, match=r"linia 1: rekord '02' przed nagłówkiem 01"):
        parse_pekao_csv(FIXTURE.read_bytes().split(b"\r\n", 1)[1], "x.csv")


# Property: random payments written as a Pekao report read back the same.

text = st.text(alphabet="ABCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻaąćęłńóśźż0123456789 ./-", max_size=60)
payments = st.fixed_dictionaries(
    {
        "grosze": st.integers(min_value=1, max_value=10**11),
        "name": text.map(str.strip).filter(bool),
        "title": st.text(alphabet="abcąęłóśż XI/2026.-:", max_size=140).map(str.strip),
        "virtual": st.integers(min_value=0, max_value=10**16 - 1),
        "payer": st.integers(min_value=0, max_value=10**16 - 1),
        "day": st.integers(min_value=0, max_value=365),
    }
)


def render(payments):
    lines = ["01,90124069600000123456789012,58124069605820000000000000,20261231,PLN"]
    for i, p in enumerate(payments):
        day = (datetime.date(2026, 1, 1) + datetime.timedelta(days=p["day"])).strftime("%Y%m%d")
        pieces = [p["title"][k : k + 35] for k in range(0, 140, 35)]
        lines.append(
            ",".join(
                [
                    "02",
                    "1",
                    make_nrb("10201332", f"{p['payer']:016d}"),
                    str(Decimal(p["grosze"]).scaleb(-2)),
                    day,
                    day,
                    p["name"],
                    "UL. DŁUGA 1",
                    "",
                    "16-400 SUWAŁKI",
                    "10201332",
                    "0",
                    make_nrb("12406960", f"{p['virtual']:016d}"),
                    "",
                    *pieces,
                    f"REF{i:013d}",
                ]
            )
        )
    total = sum(Decimal(p["grosze"]) for p in payments).scaleb(-2)
    lines.append(f"03,{len(payments)},{total}")
    return "\r\n".join(lines).encode("cp1250")


@settings(max_examples=60, deadline=None)
@given(st.lists(payments, min_size=1, max_size=10))
def test_random_payments_written_as_a_pekao_report_read_back_the_same(payments):
    [report] = parse_pekao_csv(render(payments))
    assert [line.amount for line in report.lines] == [
        Decimal(p["grosze"]).scaleb(-2) for p in payments
    ]
    assert [line.counterparty_name for line in report.lines] == [p["name"] for p in payments]
    assert [line.title for line in report.lines] == [p["title"] for p in payments]
    assert [line.virtual_account for line in report.lines] == [
        make_nrb("12406960", f"{p['virtual']:016d}") for p in payments
    ]
    assert [line.bank_reference for line in report.lines] == [
        f"REF{i:013d}" for i in range(len(payments))
    ]
