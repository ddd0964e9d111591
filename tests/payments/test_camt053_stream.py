"""The streaming camt.053 parser against the whole-tree parser it replaced
(camt_tree_reference.py): the same statements, lines, line numbers, raw XML
and refusals for generated files, and memory that does not hold the file."""

import datetime
import io
import tracemalloc
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iok.ledger.nrb import make_nrb
from iok.payments.parsers.camt import parse_camt053, stream_camt053
from iok.payments.parsers.detect import stream_statement
from iok.payments.staged import StatementError
from tests.payments import camt_tree_reference

FIXTURES = Path(__file__).parent / "fixtures" / "camt"
OWN_ACCOUNT = "PL90124069600000123456789012"
words = st.text(alphabet="aąbcćlłoóśzż &<>'\"-.0123456789", min_size=1, max_size=20)
transactions = st.fixed_dictionaries(
    {
        "grosze": st.integers(min_value=1, max_value=10**9),
        "name": words,
        "title": words,
        "virtual": st.integers(min_value=0, max_value=10**16 - 1),
        "address": st.booleans(),
        "reference": st.booleans(),
    }
)
entries = st.fixed_dictionaries(
    {
        "credit": st.booleans(),
        "transactions": st.lists(transactions, min_size=0, max_size=3),
        "status": st.sampled_from(["BOOK", "BOOK", "PDNG", "INFO"]),
        "day": st.integers(min_value=0, max_value=60),
        "info": words,
        "comment": st.booleans(),
    }
)
layouts = st.fixed_dictionaries(
    {"version": st.sampled_from(["02", "08"]), "indent": st.sampled_from(["", "\n", "\n  "])}
)


def render(statements, layout) -> bytes:
    """camt.053 with one line per element (or none), as banks write it."""
    nl, v08 = layout["indent"], layout["version"] == "08"

    def tx(t, credit):
        amount = Decimal(t["grosze"]).scaleb(-2)
        amt = (
            f'<Amt Ccy="PLN">{amount}</Amt>'
            if v08
            else f'<AmtDtls><TxAmt><Amt Ccy="PLN">{amount}</Amt></TxAmt></AmtDtls>'
        )
        party = f"<Nm>{escape(t['name'])}</Nm>"
        if t["address"]:
            party += f"{nl}<PstlAdr><StrtNm>Chopina</StrtNm>{nl}<TwnNm>Suwałki</TwnNm></PstlAdr>"
        party = f"<Pty>{party}</Pty>" if v08 else party
        role = "Dbtr" if credit else "Cdtr"
        virtual = make_nrb("12406960", f"{t['virtual']:016d}")
        acct = f"{nl}<CdtrAcct><Id><IBAN>PL{virtual}</IBAN></Id></CdtrAcct>" if credit else ""
        ref = (
            f"<Refs><AcctSvcrRef>R{t['virtual']}</AcctSvcrRef></Refs>{nl}" if t["reference"] else ""
        )
        return (
            f"<TxDtls>{nl}{ref}{amt}{nl}<RltdPties>{nl}<{role}>{party}</{role}>{acct}{nl}"
            f"</RltdPties>{nl}<RmtInf><Ustrd>{escape(t['title'])}</Ustrd></RmtInf>{nl}</TxDtls>"
        )

    def entry(e):
        total = sum(t["grosze"] for t in e["transactions"]) or 1234
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=e["day"])
        status = f"<Sts><Cd>{e['status']}</Cd></Sts>" if v08 else f"<Sts>{e['status']}</Sts>"
        details = "".join(tx(t, e["credit"]) + nl for t in e["transactions"])
        details = f"<NtryDtls>{nl}{details}</NtryDtls>{nl}" if details else ""
        comment = f"<!-- entry {e['day']} -->{nl}" if e["comment"] else ""
        return (
            f'<Ntry>{nl}{comment}<Amt Ccy="PLN">{Decimal(total).scaleb(-2)}</Amt>{nl}'
            f"<CdtDbtInd>{'CRDT' if e['credit'] else 'DBIT'}</CdtDbtInd>{nl}{status}{nl}"
            f"<BookgDt><Dt>{day}</Dt></BookgDt>{nl}<AcctSvcrRef>E{e['day']}</AcctSvcrRef>{nl}"
            f"{details}<AddtlNtryInf>{escape(e['info'])}</AddtlNtryInf>{nl}</Ntry>{nl}"
        )

    def statement(number, group):
        return (
            f"<Stmt>{nl}<Id>S{number}</Id>{nl}<CreDtTm>2026-12-31T10:00:00</CreDtTm>{nl}"
            f"<Acct><Id><IBAN>{OWN_ACCOUNT}</IBAN></Id><Ccy>PLN</Ccy></Acct>{nl}"
            f"{''.join(entry(e) for e in group)}</Stmt>{nl}"
        )

    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{nl}'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{layout["version"]}">'
        f"{nl}<BkToCstmrStmt>{nl}<GrpHdr><MsgId>M</MsgId></GrpHdr>{nl}"
        f"{''.join(statement(n, g) for n, g in enumerate(statements))}</BkToCstmrStmt>{nl}"
        "</Document>\n"
    ).encode()


def outcome(parse, data):
    """The statements a parser gives, or the refusal it raises."""
    try:
        return parse(data, "gen.xml")
    except StatementError as e:
        return str(e)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(entries, max_size=5), min_size=1, max_size=3), layouts)
def test_the_stream_gives_the_lines_of_the_whole_tree_parser_line_numbers_and_raw_included(
    statements, layout
):
    data = render(statements, layout)
    assert outcome(parse_camt053, data) == outcome(camt_tree_reference.parse_camt053, data)


@settings(max_examples=60, deadline=None)
@given(st.lists(entries, min_size=1, max_size=4), layouts, st.floats(min_value=0, max_value=1))
def test_a_file_cut_anywhere_is_refused_as_the_whole_tree_parser_refuses_it(entries, layout, cut):
    data = render([entries], layout)
    data = data[: int(len(data) * cut)]
    assert outcome(parse_camt053, data) == outcome(camt_tree_reference.parse_camt053, data)


@pytest.mark.parametrize("name", ["camt053_v02_batch.xml", "camt053_v08.xml"])
def test_the_fixtures_read_the_same_as_with_the_whole_tree_parser(name):
    data = (FIXTURES / name).read_bytes()
    assert parse_camt053(data, name) == camt_tree_reference.parse_camt053(data, name)


@pytest.mark.parametrize(
    "change",
    [
        (b">350.00<", b">350,00<"),
        (b">300.50<", b">300.49<"),
        (b"<CdtDbtInd>CRDT</CdtDbtInd>", b"<CdtDbtInd>XX</CdtDbtInd>"),
        (b"<Dt>2026-11-15</Dt></BookgDt>", b"<Dt>15.11.2026</Dt></BookgDt>"),
        (b"<IBAN>PL90124069600000123456789012</IBAN>", b""),
        (b"camt.053.001.02", b"camt.054.001.02"),
        (b"<Stmt>", b"<Stmx>"),
    ],
)
def test_a_broken_fixture_is_refused_with_the_same_message_as_before(change):
    data = (FIXTURES / "camt053_v02_batch.xml").read_bytes().replace(*change)
    assert outcome(parse_camt053, data) == outcome(camt_tree_reference.parse_camt053, data)


def test_a_file_nested_thousands_deep_is_refused_with_a_message_not_a_recursion_error():
    deep = b"<X>" * 5000 + b"</X>" * 5000
    data = (FIXTURES / "camt053_v02_batch.xml").read_bytes()
    data = data.replace(b"<EndToEndId>NOTPROVIDED</EndToEndId>", deep, 1)
    with pytest.raises(
        StatementError, match=r"deep\.xml, linia \d+: elementy zagnieżdżone głębiej niż 100"
    ):
        parse_camt053(data, "deep.xml")


def test_a_header_element_after_the_entries_is_refused_rather_than_read_too_late():
    data = (FIXTURES / "camt053_v02_batch.xml").read_bytes()
    data = data.replace(b"</Stmt>", b"<Bal><Amt>1.00</Amt></Bal></Stmt>")
    with pytest.raises(StatementError, match=r"linia \d+, element <Bal>"):
        parse_camt053(data, "late.xml")


def test_lines_are_parsed_as_they_are_taken_so_a_fault_late_in_the_file_comes_after_the_first():
    entry = {"credit": True, "status": "BOOK", "day": 1, "info": "x", "comment": False}
    t = {"grosze": 100, "name": "A", "title": "T", "virtual": 1, "address": False}
    many = [{**entry, "transactions": [{**t, "reference": False}]}] * 3000
    data = render([many], {"version": "02", "indent": "\n"})
    cut = data[: len(data) // 2]
    statement = next(iter(stream_camt053(io.BytesIO(cut), "cut.xml")))
    first = next(statement.lines)
    assert first.amount == Decimal("1.00") and first.line_number == 16  # its TxDtls
    with pytest.raises(StatementError, match="niepoprawny plik XML"):
        list(statement.lines)


def test_memory_does_not_grow_with_the_file():
    def peak(count):
        entry = {"credit": True, "status": "BOOK", "day": 1, "info": "x", "comment": False}
        t = {"grosze": 100, "name": "A", "title": "T", "virtual": 1, "address": True}
        data = render(
            [[{**entry, "transactions": [{**t, "reference": True}]}] * count],
            {"version": "08", "indent": "\n"},
        )
        tracemalloc.start()
        try:
            for statement in stream_statement(io.BytesIO(data), "big.xml"):
                for _line in statement.lines:
                    pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert peak(20_000) < 2 * peak(2_000)
