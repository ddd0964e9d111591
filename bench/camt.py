"""camt.053 parsing benchmark: IOK's parser against a bare iterparse of the
same file, in one run, per line, and the peak memory of each as the file grows.

    .venv/bin/python bench/camt.py                         # 20,000 and 100,000 entries
    .venv/bin/python bench/camt.py --sizes 2000,10000      # a quick try

The file is written here, as camt.053.001.02 lays a statement out and banks
pretty-print it: one statement, its header (account, opening and closing
balances), then N entries (`Ntry`), each a tenant's credit transfer with one
`TxDtls` (payer's name, address and account, the credited virtual account,
the title, the bank's reference), every 20th a bank fee without details.

IOK's parse is timed as the import reads a file: `stream_statement` over an
open file, every line of every statement taken. The baseline is the
standard library's C `iterparse` over the same file, reading each `Ntry`'s
amount and clearing it, so the ratio does not depend on the machine. The two
alternate, best of `--rounds` each. Then tracemalloc's peak for each, per
size, to show whether memory grows with the file. Nothing asserts on time;
a parse that returns the wrong number of lines stops the script. See
docs/benchmarks.md."""

import argparse
import gc
import io
import platform
import sys
import time
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django
from django.conf import settings

settings.configure(USE_I18N=False)
django.setup()

from iok.ledger.nrb import make_nrb  # noqa: E402
from iok.payments.parsers.detect import stream_statement  # noqa: E402

OWN = "PL90124069600000123456789012"
ROUNDS = 3
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>BENCH-1</MsgId>
      <CreDtTm>2026-11-15T18:00:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>STMT-BENCH</Id>
      <ElctrncSeqNb>301</ElctrncSeqNb>
      <CreDtTm>2026-11-15T18:00:00</CreDtTm>
      <Acct>
        <Id><IBAN>{own}</IBAN></Id>
        <Ccy>PLN</Ccy>
      </Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="PLN">0.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-11-14</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="PLN">{closing}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-11-15</Dt></Dt>
      </Bal>
"""
CREDIT = """      <Ntry>
        <Amt Ccy="PLN">{amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-11-15</Dt></BookgDt>
        <ValDt><Dt>2026-11-14</Dt></ValDt>
        <AcctSvcrRef>BENCH{n:09d}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="PLN">{amount}</Amt></TxAmt></AmtDtls>
            <RltdPties>
              <Dbtr>
                <Nm>Najemca {n}</Nm>
                <PstlAdr>
                  <AdrLine>ul. Chopina {n}/11</AdrLine>
                  <AdrLine>16-400 Suwałki</AdrLine>
                </PstlAdr>
              </Dbtr>
              <DbtrAcct><Id><IBAN>PL22114020170000380272274859</IBAN></Id></DbtrAcct>
              <CdtrAcct><Id><Othr><Id>{virtual}</Id></Othr></Id></CdtrAcct>
            </RltdPties>
            <RmtInf>
              <Ustrd>Czynsz 11/2026 lokal {n}</Ustrd>
            </RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
"""
FEE = """      <Ntry>
        <Amt Ccy="PLN">5.00</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-11-15</Dt></BookgDt>
        <AcctSvcrRef>FEE{n:09d}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn></BkTxCd>
        <AddtlNtryInf>Opłata za prowadzenie rachunku</AddtlNtryInf>
      </Ntry>
"""
FOOTER = """    </Stmt>
  </BkToCstmrStmt>
</Document>
"""


def camt053(entries: int) -> bytes:
    """One statement of `entries` entries whose balances agree."""
    body, total = [], 0
    for n in range(entries):
        if n % 20 == 19:
            body.append(FEE.format(n=n))
            total -= 500
        else:
            grosze = 10_000 + (n * 7919) % 90_000
            total += grosze
            virtual = make_nrb("12406960", f"58{n:014d}")
            body.append(CREDIT.format(n=n, amount=f"{grosze / 100:.2f}", virtual=virtual))
    closing = f"{total / 100:.2f}"
    return (HEADER.format(own=OWN, closing=closing) + "".join(body) + FOOTER).encode()


def iok_parse(data: bytes) -> int:
    """As the import reads a file: streamed from an open file, every line taken."""
    file = io.BytesIO(data)
    return sum(1 for statement in stream_statement(file, "bench.xml") for _ in statement.lines)


def bare_iterparse(data: bytes) -> int:
    """The baseline: C iterparse, each entry's amount read, the entry cleared."""
    count = 0
    ntry = "{urn:iso:std:iso:20022:tech:xsd:camt.053.001.02}Ntry"
    amt = "{urn:iso:std:iso:20022:tech:xsd:camt.053.001.02}Amt"
    # The benchmark's own generated file, not untrusted input.
    for _event, el in ET.iterparse(io.BytesIO(data)):  # noqa: S314
        if el.tag == ntry:
            count += el.find(amt) is not None
            el.clear()
    return count


def best(fn, data, rounds) -> float:
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        fn(data)
        times.append(time.perf_counter() - start)
    return min(times)


def peak(fn, data) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn(data)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20000,100000", help="entries per file, comma-separated")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    options = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, rounds {options.rounds}\n")
    for size in (int(s) for s in options.sizes.split(",") if s.strip()):
        data = camt053(size)
        lines = iok_parse(data)
        if lines != size or bare_iterparse(data) != size:
            sys.exit(f"expected {size} lines, IOK read {lines}")
        iok, bare = [], []
        for _ in range(options.rounds):  # alternated, so a drift of the machine hits both
            iok.append(best(iok_parse, data, 1))
            bare.append(best(bare_iterparse, data, 1))
        iok_s, bare_s = min(iok), min(bare)
        print(f"{size:,} entries ({len(data) / 1e6:.1f} MB)")
        for name, seconds in (
            ("IOK parse (stream_statement)", iok_s),
            ("bare C iterparse", bare_s),
        ):
            print(f"  {name:<32} {seconds:7.2f} s  {seconds / size * 1e3:6.3f} ms a line")
        print(f"  ratio IOK / baseline             {iok_s / bare_s:7.1f}×")
        ratios = ", ".join(f"{a / b:.1f}×" for a, b in zip(iok, bare, strict=True))
        print(f"  round by round                   {ratios}")
        print(
            f"  peak memory (tracemalloc)        IOK {peak(iok_parse, data) / 1e6:7.1f} MB, "
            f"baseline {peak(bare_iterparse, data) / 1e6:7.1f} MB  (file held in memory by both)\n"
        )


if __name__ == "__main__":
    main()
