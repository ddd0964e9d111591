"""A tenant's pages are served while a large statement is imported: a real
server process and a real import process on one database of the run's kind.

The import is held still at two moments by the test (its own functions
wrapped in the import's process, the code under test unchanged): while it
reads and matches the file, when it holds no lock and a tenant can even log
in; and while it writes a statement, when pages still read the books as they
were before it. No timing is asserted: a request that has to wait for the
import would wait for ever here, as the import does not go on until the
test lets it (and the server's wait for the database ends in an error)."""

import contextlib
import http.cookiejar
import re
import textwrap
import time
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest

from iok.ledger.money import format_money
from tests.browser.conftest import serve
from tests.payments.test_concurrent_import import COLLECTION, _amount, pko_line
from tests.processes import fresh_database, run, start_python

LINES = 4500  # three batches of the import
TENANT, PASSWORD = "najemca", "najemca-demo-2026"

LEDGERS = textwrap.dedent("""
    from iok.ledger.models import Ledger
    for ledger in Ledger.objects.order_by("pk"):
        print(ledger.virtual_account)
""")

BALANCE = textwrap.dedent("""
    from iok.ledger.models import Ledger
    print(Ledger.objects.get(pk={pk}).balance)
""")

# The import, held still by the test twice: after it matched its second
# batch (reading, no lock held), and after it wrote its first batch of lines
# (inside the statement's transaction). Each time it says so in a file and
# waits for the test's file to go on.
IMPORT = textwrap.dedent("""
    import pathlib, time
    from django.core.management import call_command
    from iok.payments import importing

    here = pathlib.Path({folder!r})

    def hold(name):
        (here / f"{{name}}.held").touch()
        while not (here / f"{{name}}.go").exists():
            time.sleep(0.02)

    def held_after(function, name, call):
        calls = []
        def wrapper(*args, **kwargs):
            result = function(*args, **kwargs)
            calls.append(1)
            if len(calls) == call:
                hold(name)
            return result
        return wrapper

    importing.Matcher.match_all = held_after(importing.Matcher.match_all, "reading", 2)
    importing._insert_lines = held_after(importing._insert_lines, "writing", 1)
    call_command("import-statement", {file!r})
""")


class Tenant:
    """A browser's part, without a browser: cookies, the CSRF token, a form."""

    def __init__(self, url: str):
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.url + path, timeout=60) as response:
            return response.status, response.read().decode()

    def log_in(self) -> tuple[int, str]:
        _status, form = self.get("/konto/logowanie/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = {"csrfmiddlewaretoken": token, "username": TENANT, "password": PASSWORD}
        request = urllib.request.Request(  # noqa: S310 - our own local server
            self.url + "/konto/logowanie/",
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.url + "/konto/logowanie/"},
        )
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.url


def statement(accounts: list[str]) -> bytes:
    """A day of LINES payments into the demo's ledgers, in PKO BP's MT940."""
    body, total = [], Decimal(0)
    for n in range(LINES):
        amount = Decimal(10 + n % 90)
        body += pko_line(n, amount, virtual=accounts[n % len(accounts)], title=f"CZYNSZ {n}")
        total += amount
    return "\r\n".join(
        [
            ":20:MT940",
            f":25:/PL{COLLECTION}",
            ":28C:312",
            ":60F:C261101PLN0,00",
            *body,
            f":62F:C261102PLN{_amount(total)}",
            "-",
        ]
    ).encode("iso-8859-2")


def wait_for(path, importer) -> None:
    # A watchdog, not a measure: the import's first pass over 4,500 lines
    # takes seconds; five minutes means it is stuck.
    deadline = time.monotonic() + 300
    while not path.exists():
        if importer.poll() is not None:
            pytest.fail(f"the import ended before {path.name}: {importer.communicate()}")
        if time.monotonic() > deadline:
            pytest.fail(f"the import never reached {path.name}")
        time.sleep(0.02)


def balance_of(env, panel: str) -> str:
    """The balance of the ledger the panel shows, as the panel writes it."""
    pk = re.search(r'href="/kartoteka/(\d+)/', panel).group(1)
    balance = Decimal(run(env, "shell", "--no-imports", "-c", BALANCE.format(pk=pk)).stdout)
    return format_money(balance)


@pytest.mark.slow
def test_a_tenant_is_served_and_can_log_in_while_a_statement_is_imported(tmp_path):
    with fresh_database(tmp_path) as env:
        run(env, "demo", "--premises=12", "--seed=5", "--until=2026-10")
        accounts = run(env, "shell", "--no-imports", "-c", LEDGERS).stdout.split()
        env = {**env, "IOK_COLLECTION_ACCOUNTS": COLLECTION}
        file = tmp_path / "wyciag.sta"
        file.write_bytes(statement(accounts))
        with serve(env) as site:
            tenant = Tenant(site.url)
            assert tenant.log_in() == (200, site.url + "/")
            before = balance_of(env, tenant.get("/")[1])
            code = IMPORT.format(folder=str(tmp_path), file=str(file))
            importer = start_python(env, code)
            try:
                wait_for(tmp_path / "reading.held", importer)
                # Reading the file: nothing is locked, a login writes at once.
                assert Tenant(site.url).log_in() == (200, site.url + "/")
                status, panel = tenant.get("/")
                assert status == 200 and before in panel
                (tmp_path / "reading.go").touch()

                wait_for(tmp_path / "writing.held", importer)
                # Writing a statement: the pages read the books as they were.
                status, panel = tenant.get("/")
                assert status == 200 and before in panel
                status, kartoteka = tenant.get(
                    re.search(r'href="(/kartoteka/\d+/operacje/)', panel)[1]
                )
                assert status == 200 and before in kartoteka
                (tmp_path / "writing.go").touch()

                _out, err = importer.communicate(timeout=300)
                assert importer.returncode == 0, err
            finally:
                with contextlib.suppress(ProcessLookupError):
                    importer.kill()
            status, panel = tenant.get("/")
            after = balance_of(env, panel)
            assert after != before and status == 200 and after in panel
