from pathlib import Path

import pytest

from iok.payments.parsers.detect import detect_format, parse_statement
from iok.payments.staged import StatementError
from tests.payments.test_csv_mapping import ING, SANTANDER

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "bank"

OWN_FIXTURES = {
    "camt/camt053_v02_batch.xml": "camt053",
    "camt/camt053_v08.xml": "camt053",
    "csv/pekao_collect_20261115.csv": "pekao_csv",
    "mt940/ing.sta": "mt940",
    "mt940/mbank_iph.sta": "mt940",
    "mt940/mbank_mt942.sta": "mt942",
    "mt940/nest_bank.sta": "mt940",
    "mt940/pekao.sta": "mt940",
    "mt940/pko_bp.sta": "mt940",
}
SAMPLES = {
    "mbank_mt940_IPH_ksdev.txt": "mt940",
    "mbank_mt940_multiple_accounts_ksdev.txt": "mt940",
    "pekao_collect_virtual_accounts_cuw_suwalki.csv": "pekao_csv",
    "pko_bp_mt940_example_transcribed_from_spec_pdf.txt": "mt940",
    "wolph_mt940_mbank_mt942.sta": "mt942",
}


@pytest.mark.parametrize(("name", "expected"), OWN_FIXTURES.items())
def test_each_own_fixture_is_recognised_by_its_content(name, expected):
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"{name} is not written yet")
    assert detect_format(path.read_bytes()) == expected


@pytest.mark.parametrize(("name", "expected"), SAMPLES.items())
def test_each_shared_sample_is_recognised_by_its_content(name, expected):
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"the shared bank samples are not here ({SHARED})")
    assert detect_format(path.read_bytes()) == expected


@pytest.mark.parametrize(
    "name", ["camt/camt053_v02_batch.xml", "camt/camt053_v08.xml", "csv/pekao_collect_20261115.csv"]
)
def test_parse_statement_detects_and_reads_each_own_fixture(name):
    statements = parse_statement((FIXTURES / name).read_bytes(), name)
    assert statements[0].format == OWN_FIXTURES[name]
    assert statements[0].source == name
    assert statements[0].lines


def test_parse_statement_dispatches_mt940_to_the_mt940_parser():
    data = (FIXTURES / "mt940" / "mbank_iph.sta").read_bytes()
    assert parse_statement(data, "iph.sta")[0].lines


def test_a_named_format_overrides_detection():
    data = (FIXTURES / "camt" / "camt053_v08.xml").read_bytes()
    with pytest.raises(StatementError, match=r"^x\.xml, linia 1: rekord .* przed nagłówkiem 01"):
        parse_statement(data, "x.xml", format="pekao_csv")
    assert parse_statement(data, "x.xml", format="camt053")[0].format == "camt053"


def test_a_csv_export_is_read_with_its_mapping_given_or_named():
    ing = (FIXTURES / "csv" / "ing_like_lista_transakcji.csv").read_bytes()
    assert len(parse_statement(ing, "ing.csv", mapping=ING)[0].lines) == 3
    santander = (FIXTURES / "csv" / "santander_like_historia.csv").read_bytes()
    assert parse_statement(santander, "s.csv", format="csv", mapping=SANTANDER)[0].format == "csv"


def test_a_csv_export_without_its_mapping_is_not_a_statement():
    ing = (FIXTURES / "csv" / "ing_like_lista_transakcji.csv").read_bytes()
    with pytest.raises(StatementError, match=r"^ing\.csv: to nie jest wyciąg bankowy"):
        parse_statement(ing, "ing.csv")
    with pytest.raises(StatementError, match="wymaga mapowania kolumn"):
        parse_statement(ing, "ing.csv", format="csv")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Hello, this is a letter.\r\n",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        b"PK\x03\x04\x14\x00\x00\x00",
        b"<html><body>:20:</body></html>",
        b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"/>',
        b":20:ONLY-A-REFERENCE\r\n",
        b"01,short,header\r\n",
    ],
)
def test_a_file_that_is_not_a_statement_is_refused_by_name(data):
    with pytest.raises(StatementError, match=r"^letter\.txt: to nie jest wyciąg bankowy"):
        parse_statement(data, "letter.txt")


def test_an_unknown_format_name_is_refused():
    with pytest.raises(StatementError, match="nieznany format 'ofx'"):
        parse_statement(b"", "x", format="ofx")
