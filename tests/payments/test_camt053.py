import datetime
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iok.ledger.nrb import make_nrb
from iok.payments.parsers.camt import nrb_in_title, parse_camt053
from iok.payments.staged import StatementError

FIXTURES = Path(__file__).parent / "fixtures" / "camt"
OWN_ACCOUNT = "PL90124069600000123456789012"


def read(name):
    return (FIXTURES / name).read_bytes()


def test_a_v02_statement_gives_its_account_number_balances_and_date():
    [statement] = parse_camt053(read("camt053_v02_batch.xml"), "v02.xml")
    assert statement.account == OWN_ACCOUNT
    assert statement.number == "221"
    assert statement.currency == "PLN"
    assert statement.date == datetime.date(2026, 11, 15)
    assert statement.opening_balance == Decimal("1000.00")
    assert statement.closing_balance == Decimal("2045.50")
    assert statement.balances_agree()
    assert statement.format == "camt053"
    assert statement.source == "v02.xml"


def test_a_single_payment_carries_payer_address_account_title_and_virtual_account():
    line = parse_camt053(read("camt053_v02_batch.xml"))[0].lines[0]
    assert line.booking_date == datetime.date(2026, 11, 15)
    assert line.value_date == datetime.date(2026, 11, 14)
    assert line.amount == Decimal("350.00")
    assert line.credit
    assert line.counterparty_name == "Jan Kowalski"
    assert line.counterparty_address == "ul. Chopina 5/11, 16-400 Suwałki"
    assert line.counterparty_account == "PL22114020170000380272274859"
    assert line.title == "Czynsz 11/2026 lokal 12"
    assert line.bank_reference == "PEKAO2026111500001"
    assert line.virtual_account == "80124069605820000000000101"
    assert line.transaction_code == "PMNT/RCDT/DMCT"
    assert "<EndToEndId>NOTPROVIDED</EndToEndId>" in line.raw


def test_a_batch_entry_becomes_one_line_per_transaction_with_its_own_amount_and_reference():
    lines = parse_camt053(read("camt053_v02_batch.xml"))[0].lines[1:4]
    assert [line.amount for line in lines] == [Decimal("200.00"), Decimal("300.50"), Decimal("200")]
    assert [line.bank_reference for line in lines] == [
        "PEKAO2026111500002-1",
        "PEKAO2026111500002-2",
        "PEKAO2026111500002-3",
    ]
    assert [line.counterparty_name for line in lines] == [
        "Anna Nowak",
        "Krzysztof Wiśniewski",
        "Joanna Wesoła",
    ]
    assert lines[0].counterparty_address == "Stary Folwark 21, 16-400 Suwałki"
    assert lines[1].counterparty_account == "04105014611000002345271577"
    assert len({line.line_number for line in lines}) == 3


def test_without_a_creditor_account_the_virtual_account_is_read_from_the_title():
    line = parse_camt053(read("camt053_v02_batch.xml"))[0].lines[2]
    assert line.virtual_account == "26124069605820000000000103"


def test_a_bank_fee_is_a_debit_titled_by_the_entry_information():
    fee = parse_camt053(read("camt053_v02_batch.xml"))[0].lines[-1]
    assert not fee.credit
    assert fee.amount == Decimal("5.00")
    assert fee.title == "Opłata za prowadzenie rachunku"
    assert fee.virtual_account == ""
    assert fee.transaction_code == "ACMT/MDOP/CHRG"


def test_a_v08_statement_reads_wrapped_parties_and_skips_pending_entries():
    [statement] = parse_camt053(read("camt053_v08.xml"))
    assert statement.number == "222"
    assert statement.balances_agree()
    assert len(statement.lines) == 4  # the pending 999.00 is not booked yet
    first, *batch, fee = statement.lines
    assert first.counterparty_name == "Tadeusz Korczak"
    assert first.counterparty_address == "ul. Klonowa 44/21, 16-400 Suwałki"
    assert first.amount == Decimal("120.00")  # a lone TxDtls without amount takes the entry's
    assert first.value_date == datetime.date(2026, 11, 16)  # from ValDt/DtTm
    assert first.transaction_code == "911"
    assert [line.amount for line in batch] == [Decimal("80.00"), Decimal("45.25")]
    assert not fee.credit and fee.counterparty_name == "Bank Pekao S.A."
    assert fee.title == "Opłata za przelew natychmiastowy"


def test_a_batch_whose_transactions_do_not_add_up_is_refused_naming_the_entry():
    data = read("camt053_v02_batch.xml").replace(b">300.50<", b">300.49<")
    with pytest.raises(
        StatementError, match=r"bad\.xml, linia \d+, element <Ntry>: .*sumują się do 700\.49"
    ):
        parse_camt053(data, "bad.xml")


def test_a_broken_amount_is_refused_naming_the_line_and_element():
    data = read("camt053_v02_batch.xml").replace(b">350.00<", b">350,00<")
    with pytest.raises(
        StatementError, match=r"bad\.xml, linia 33, element <Amt>: to nie jest kwota: '350,00'"
    ):
        parse_camt053(data, "bad.xml")


def test_a_broken_date_is_refused():
    data = read("camt053_v08.xml").replace(
        b"<Dt>2026-11-16</Dt></BookgDt>", b"<Dt>16.11.2026</Dt></BookgDt>", 1
    )
    with pytest.raises(StatementError, match=r"to nie jest data: '16\.11\.2026'"):
        parse_camt053(data, "bad.xml")


def test_a_truncated_file_is_refused_naming_the_line():
    data = read("camt053_v02_batch.xml")[:3000]
    with pytest.raises(StatementError, match=r"cut\.xml, linia \d+: niepoprawny plik XML"):
        parse_camt053(data, "cut.xml")


def test_a_camt052_report_is_not_taken_for_a_statement():
    data = read("camt053_v02_batch.xml").replace(b"camt.053.001.02", b"camt.052.001.02")
    with pytest.raises(StatementError, match=r"dokument camt\.052, a nie wyciąg camt\.053"):
        parse_camt053(data, "report.xml")


def test_other_xml_is_not_a_statement():
    with pytest.raises(StatementError, match="to nie jest wyciąg bankowy"):
        parse_camt053(b"<html><body>hello</body></html>", "page.xml")


def test_an_entity_bomb_is_refused_before_it_expands():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Document><BkToCstmrStmt>&lol3;</BkToCstmrStmt></Document>"""
    with pytest.raises(StatementError, match="odrzucono: plik zawiera DTD"):
        parse_camt053(bomb, "bomb.xml")


def test_an_external_entity_is_refused():
    xxe = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Document><BkToCstmrStmt><Stmt><Id>&secret;</Id></Stmt></BkToCstmrStmt></Document>"""
    with pytest.raises(StatementError, match="odrzucono"):
        parse_camt053(xxe, "xxe.xml")


def test_an_account_number_in_a_title_is_found_with_or_without_spaces_preferring_a_valid_one():
    valid = make_nrb("12406960", "5820000000000101")
    assert nrb_in_title(f"za lokal 11111111111111111111111111 wpłata na {valid}") == valid
    spaced = " ".join([valid[:2], *(valid[i : i + 4] for i in range(2, 26, 4))])
    assert nrb_in_title(f"na PL{spaced}.") == valid
    assert nrb_in_title("czynsz 11/2026") == ""


# Property: random lines written as camt.053 read back to the same values.

names = st.text(alphabet="aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄŁŚŻ &<>'\"-.", min_size=1, max_size=40)
payments = st.fixed_dictionaries(
    {
        "grosze": st.integers(min_value=1, max_value=10**11),
        "credit": st.booleans(),
        "name": names.map(str.strip).filter(bool),
        "title": names.map(str.strip).filter(bool),
        "day": st.integers(min_value=0, max_value=365),
        "virtual": st.integers(min_value=0, max_value=10**16 - 1),
    }
)


def render(payments, version, batch):
    def tx(p):
        amount = f"{Decimal(p['grosze']).scaleb(-2)}"
        amt = (
            f'<Amt Ccy="PLN">{amount}</Amt>'
            if version == "08"
            else f'<AmtDtls><TxAmt><Amt Ccy="PLN">{amount}</Amt></TxAmt></AmtDtls>'
        )
        party = f"<Nm>{escape(p['name'])}</Nm>"
        party = f"<Pty>{party}</Pty>" if version == "08" else party
        role = "Dbtr" if p["credit"] else "Cdtr"
        virtual = make_nrb("12406960", f"{p['virtual']:016d}")
        acct = f"<CdtrAcct><Id><IBAN>PL{virtual}</IBAN></Id></CdtrAcct>" if p["credit"] else ""
        return (
            f"<TxDtls>{amt}<RltdPties><{role}>{party}</{role}>{acct}</RltdPties>"
            f"<RmtInf><Ustrd>{escape(p['title'])}</Ustrd></RmtInf></TxDtls>"
        )

    def entry(group):
        signed = sum(Decimal(p["grosze"]) * (1 if p["credit"] else -1) for p in group) / 100
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=group[0]["day"])
        return (
            f'<Ntry><Amt Ccy="PLN">{abs(signed)}</Amt>'
            f"<CdtDbtInd>{'CRDT' if signed >= 0 else 'DBIT'}</CdtDbtInd>"
            f"<BookgDt><Dt>{day}</Dt></BookgDt><NtryDtls>{''.join(tx(p) for p in group)}"
            "</NtryDtls></Ntry>"
        )

    # A batch keeps credits and debits apart, as banks do: the entry's amount is their sum.
    groups = [[p for p in payments if p["credit"]], [p for p in payments if not p["credit"]]]
    groups = [g for g in groups if g] if batch else [[p] for p in payments]
    return (
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">'
        f"<BkToCstmrStmt><Stmt><Id>S1</Id><CreDtTm>2026-12-31T10:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{OWN_ACCOUNT}</IBAN></Id></Acct>"
        f"{''.join(entry(g) for g in groups)}</Stmt></BkToCstmrStmt></Document>"
    ).encode()


@settings(max_examples=60, deadline=None)
@given(st.lists(payments, min_size=1, max_size=8), st.sampled_from(["02", "08"]), st.booleans())
def test_random_payments_written_as_camt053_read_back_the_same(payments, version, batch):
    [statement] = parse_camt053(render(payments, version, batch))
    lines = statement.lines
    if batch:
        payments = [p for p in payments if p["credit"]] + [p for p in payments if not p["credit"]]
    assert [(line.amount, line.credit) for line in lines] == [
        (Decimal(p["grosze"]).scaleb(-2), p["credit"]) for p in payments
    ]
    assert [line.counterparty_name for line in lines] == [p["name"] for p in payments]
    assert [line.title for line in lines] == [p["title"] for p in payments]
    assert [line.virtual_account for line in lines] == [
        "PL" + make_nrb("12406960", format(p["virtual"], "016d")) if p["credit"] else ""
        for p in payments
    ]
