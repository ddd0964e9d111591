"""Two processes posting to one ledger at the same moment lose no grosz."""

import textwrap
import time

import pytest

from tests.processes import fresh_database, run, start_python

SETUP = textwrap.dedent("""
    import datetime
    from iok.ledger.posting import open_ledger
    from iok.registry.models import Building, Contract, Premises
    building = Building.objects.create(street="ul. Lipowa", number="1", postal_code="15-424",
                                       city="Białystok")
    flat = Premises.objects.create(building=building, kind="residential", number="1")
    contract = Contract.objects.create(number="M/1", kind="lease", premises=flat,
                                       start=datetime.date(2026, 1, 1))
    print(open_ledger(contract).pk)
""")

POST = textwrap.dedent("""
    import datetime, time
    from decimal import Decimal
    from iok.ledger.models import Ledger
    from iok.ledger.posting import post_entry
    ledger = Ledger.objects.get(pk={ledger})
    while time.time() < {start}:
        time.sleep(0.01)
    for n in range({count}):
        post_entry(ledger, "payment", title=f"wpłata {{n}}", amount=Decimal("{amount}"),
                   operation_date=datetime.date(2026, 11, 5))
""")


@pytest.mark.slow
def test_two_processes_posting_at_once_keep_the_balance_exact(tmp_path):
    with fresh_database(tmp_path) as env:
        ledger = run(env, "shell", "--no-imports", "-c", SETUP).stdout.strip()
        start = time.time() + 2
        workers = [
            start_python(env, POST.format(ledger=ledger, start=start, count=40, amount=amount))
            for amount in ("10.01", "0.07")
        ]
        for worker in workers:
            _, err = worker.communicate(timeout=120)
            assert worker.returncode == 0, err
        balance = run(
            env,
            "shell",
            "--no-imports",
            "-c",
            f"""
from iok.ledger.models import Ledger
print(Ledger.objects.get(pk={ledger}).balance)""",
        ).stdout.strip()
        assert balance == "403.20"  # 40 × 10.01 + 40 × 0.07
        assert run(env, "check-ledger", check=False).returncode == 0
