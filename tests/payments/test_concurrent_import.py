"""Two imports of the same or overlapping statements at the same moment book
each payment once: two real processes, each running `iok import-statement`,
against a database of the run's kind (SQLite file or PostgreSQL)."""

import json
import textwrap
from decimal import Decimal

import pytest

from tests.office.test_payment_pages import camt053
from tests.processes import fresh_database, python_at_once, run

COLLECTION = "84102010260000120203456789"
LEDGERS = 25
FF = "˙"  # PKO BP's filler of an empty :86: subfield: byte 0xFF in ISO-8859-2

SETUP = textwrap.dedent("""
    import datetime
    from iok.ledger.posting import open_ledger
    from iok.registry.models import Building, Contract, Premises
    building = Building.objects.create(street="ul. Lipowa", number="1", postal_code="15-424",
                                       city="Białystok")
    for n in range({count}):
        flat = Premises.objects.create(building=building, kind="residential", number=str(n))
        contract = Contract.objects.create(number=f"M/{{n}}", kind="lease", premises=flat,
                                           start=datetime.date(2026, 1, 1))
        print(open_ledger(contract).virtual_account)
""")

IMPORT = textwrap.dedent("""
    from django.core.management import call_command
    call_command("import-statement", {file!r})
""")

STATE = textwrap.dedent("""
    import json
    from django.db.models import Sum
    from iok.ledger.models import Entry, Ledger
    from iok.payments.models import StatementLine
    booked = StatementLine.objects.filter(status="booked")
    print(json.dumps({
        "entries": Entry.objects.count(),
        "lines": StatementLine.objects.count(),
        "booked": booked.count(),
        "booked_with_entry": booked.filter(entry__isnull=False).count(),
        "entries_without_line": Entry.objects.filter(statement_line__isnull=True).count(),
        "balances": str(Ledger.objects.aggregate(s=Sum("balance"))["s"] or 0),
    }))
""")


def pko_line(n: int, amount: Decimal, *, credit=True, virtual="", title="", name="") -> list[str]:
    """One :61: with its PKO BP :86: (no bank reference: the key is the line's hash)."""
    sign, code = ("C", "152") if credit else ("D", "108")
    return [
        f":61:2611021102{sign}{_amount(amount)}N{code}NONREF",
        f":86:{code}~00{code}",
        f"~20{title[:27] or FF}",
        f"~21{title[27:54] or FF}",
        f"~32{name or FF}",
        f"~63{'SWRK ' + virtual if virtual else FF}",
    ]


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def day_of_payments(virtual_accounts: list[str]) -> list[tuple]:
    """(credit, amount, virtual account, title) for one day at the collection account:
    payments to every ledger, some twice with the same amount, payers nobody
    can place, and fees."""
    day = []
    for n, account in enumerate(virtual_accounts * 3):
        amount = Decimal(100 + n % 7) + Decimal(n % 5) / 4
        day.append((True, amount, account, "CZYNSZ 11/2026 UL. ŻÓŁKIEWSKIEGO 7"))
        if n % 10 == 0:
            day.append((True, Decimal("45.00"), "", "ZA GARAŻ BEZ NUMERU"))
        if n % 15 == 0:
            day.append((False, Decimal("0.75"), "", "OPLATA ZA PRZELEW"))
    return day


def mt940(day: list[tuple]) -> bytes:
    opening = Decimal("1000.00")
    body = []
    for n, (credit, amount, virtual, title) in enumerate(day):
        body += pko_line(
            n, amount, credit=credit, virtual=virtual, title=title, name="ŁUCJA WĘGRZYN"
        )
    closing = opening + sum((a if c else -a for c, a, *_ in day), Decimal(0))
    text = [
        ":20:MT940",
        f":25:/PL{COLLECTION}",
        ":28C:312",
        f":60F:C261101PLN{_amount(opening)}",
        *body,
        f":62F:C261102PLN{_amount(closing)}",
        "-",
    ]
    return "\r\n".join(text).encode("iso-8859-2")


def mt942(day: list[tuple]) -> bytes:
    """The intraday report of the same day, sent before the day closed: its first half."""
    part = day[: len(day) // 2]
    body = []
    for n, (credit, amount, virtual, title) in enumerate(part):
        body += pko_line(
            n, amount, credit=credit, virtual=virtual, title=title, name="ŁUCJA WĘGRZYN"
        )
    credits = [a for c, a, *_ in part if c]
    debits = [a for c, a, *_ in part if not c]
    text = [
        ":20:MT942",
        f":25:/PL{COLLECTION}",
        ":28C:312/1",
        ":34F:PLN0,00",
        ":13D:2611021215+0100",
        *body,
        f":90D:{len(debits)}PLN{_amount(sum(debits, Decimal(0)))}",
        f":90C:{len(credits)}PLN{_amount(sum(credits, Decimal(0)))}",
        "-",
    ]
    return "\r\n".join(text).encode("iso-8859-2")


def import_at_once(env, *files) -> None:
    for out in python_at_once(env, [IMPORT.format(file=str(file)) for file in files]):
        assert out.startswith(str(files[0].parent))  # its summary, no traceback


def state(env) -> dict:
    return json.loads(run(env, "shell", "--no-imports", "-c", STATE).stdout)


def assert_each_payment_booked_once(env, *, lines: int, booked: int, total: Decimal) -> None:
    found = state(env)
    assert found["lines"] == lines  # every line of the day staged once, under its one key
    assert found["booked"] == found["booked_with_entry"] == found["entries"] == booked
    assert found["entries_without_line"] == 0  # and a line holds one entry (one-to-one)
    assert Decimal(found["balances"]) == total
    checked = run(env, "check-ledger", check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def ledgers(env, count: int) -> list[str]:
    return run(env, "shell", "--no-imports", "-c", SETUP.format(count=count)).stdout.split()


@pytest.mark.slow
def test_the_same_camt_file_imported_twice_at_once_books_its_payment_once(tmp_path):
    with fresh_database(tmp_path) as env:
        [virtual] = ledgers(env, 1)
        file = write(tmp_path, "wyciag.xml", camt053(virtual))
        import_at_once(env, file, file)
        assert_each_payment_booked_once(env, lines=3, booked=1, total=Decimal("100.00"))


@pytest.mark.slow
def test_the_same_mt940_file_imported_twice_at_once_books_each_payment_once(tmp_path):
    with fresh_database(tmp_path) as env:
        day = day_of_payments(ledgers(env, LEDGERS))
        file = write(tmp_path, "wyciag-312.sta", mt940(day))
        import_at_once(env, file, file)
        paid = [a for credit, a, virtual, _ in day if credit and virtual]
        assert_each_payment_booked_once(env, lines=len(day), booked=len(paid), total=sum(paid))


@pytest.mark.slow
def test_an_intraday_report_and_the_days_statement_at_once_book_each_payment_once(tmp_path):
    with fresh_database(tmp_path) as env:
        day = day_of_payments(ledgers(env, LEDGERS))
        intraday = write(tmp_path, "raport-942.sta", mt942(day))
        daily = write(tmp_path, "wyciag-312.sta", mt940(day))
        import_at_once(env, intraday, daily)
        paid = [a for credit, a, virtual, _ in day if credit and virtual]
        assert_each_payment_booked_once(env, lines=len(day), booked=len(paid), total=sum(paid))
