"""Which format a bank file is in, told from its content, and the one entry point.

The file name says nothing reliable (banks name MT940 files .txt, .sta, .mt9
or .csv), so the first bytes decide: SWIFT tags for MT940 (`:20:` with
`:60F:`/`:61:`) and MT942 (`:13D:` or `:34F:`, no opening balance), the XML
root's namespace for camt.053, the `01,` header and `02`/`03` records for
Pekao's report. A bank's own CSV export cannot be told from content: it is
read when the caller gives its mapping. The caller may also name the format
outright (`--format`), which skips detection."""

import re
from collections.abc import Iterable
from typing import BinaryIO

from django.utils.translation import gettext as _

from iok.payments.parsers.camt import parse_camt053, stream_camt053
from iok.payments.parsers.csv_mapping import CsvMapping, parse_csv
from iok.payments.parsers.pekao import parse_pekao_csv
from iok.payments.staged import StagedStatement, StatementError

FORMATS = ("mt940", "mt942", "camt053", "pekao_csv", "csv")
HEAD = 65536  # enough to see the first statement's tags or the XML root

MT_START = re.compile(rb"(?m)(?:^|\{4:|^\{)[ \t]*:20:")  # `{:20:`: Alior's framing
MT940_TAGS = re.compile(rb"(?m)^[ \t]*:(?:60[FM]|61|62[FM]):")
MT942_TAGS = re.compile(rb"(?m)^[ \t]*:(?:13D?|34F):")
XML_NAMESPACE = re.compile(rb"""xmlns(?::[\w.-]+)?\s*=\s*["'][^"']*?(camt\.\d{3})""")
PEKAO_HEADER = re.compile(rb"01,\d{26},")
PEKAO_RECORD = re.compile(rb"(?m)^0[23],")


def detect_format(data: bytes, source: str = "") -> str:
    head = data[:HEAD]
    start = head.lstrip(b"\x01\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return _xml_format(head, source)
    if PEKAO_HEADER.match(start) and PEKAO_RECORD.search(start):
        return "pekao_csv"
    if MT_START.search(head):
        if MT942_TAGS.search(head) and not re.search(rb"(?m)^[ \t]*:60[FM]:", head):
            return "mt942"
        if MT940_TAGS.search(head):
            return "mt940"
    raise StatementError(
        _("not a bank statement: neither MT940/MT942, camt.053 nor a Pekao report"), source
    )


def _xml_format(head: bytes, source: str) -> str:
    found = XML_NAMESPACE.search(head)
    if found and found.group(1) == b"camt.053":
        return "camt053"
    if found is None and re.search(rb"<(?:\w+:)?BkToCstmrStmt\b", head):
        return "camt053"
    kind = found.group(1).decode() if found else _("an XML document")
    raise StatementError(
        _("not a bank statement: %(kind)s, not a camt.053 statement") % {"kind": kind}, source
    )


def parse_statement(
    data: bytes, source: str = "", format: str | None = None, mapping: CsvMapping | None = None
) -> list[StagedStatement]:
    """Read any supported bank file. `format` overrides detection; `mapping` reads a CSV
    export that is none of the known formats."""
    if format is None:
        try:
            format = detect_format(data, source)
        except StatementError:
            if mapping is None:
                raise
            format = "csv"
    if format == "csv":
        if mapping is None:
            raise StatementError(_("a bank's CSV export needs its column mapping"), source)
        return parse_csv(data, mapping, source)
    if format in ("mt940", "mt942"):
        # Imported here so the other formats work while the mt-940 library is not loaded.
        from iok.payments.parsers.mt940 import parse_mt940

        return parse_mt940(data, source)
    if format == "camt053":
        return parse_camt053(data, source)
    if format == "pekao_csv":
        return parse_pekao_csv(data, source)
    raise StatementError(
        _("unknown format %(format)r: one of %(formats)s")
        % {"format": format, "formats": ", ".join(FORMATS)},
        source,
    )


def stream_statement(
    file: BinaryIO, source: str = "", format: str | None = None, mapping: CsvMapping | None = None
) -> Iterable[StagedStatement]:
    """Like `parse_statement`, from an open binary file. MT940, MT942
    and camt.053 are read as they are consumed (`stream_mt940`,
    `stream_camt053`): memory stays flat however long the file. The CSV
    formats are read whole."""
    head = file.read(HEAD)
    file.seek(0)
    if format is None:
        try:
            format = detect_format(head, source)
        except StatementError:
            if mapping is None:
                raise
            format = "csv"
    if format in ("mt940", "mt942"):
        from iok.payments.parsers.mt940 import stream_mt940

        return stream_mt940(file, source)
    if format == "camt053":
        return stream_camt053(file, source)
    return parse_statement(file.read(), source, format, mapping)
