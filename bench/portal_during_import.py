"""The tenant's pages while a 50,000-line statement is imported: the panel's
response times (p50, p99, worst) and a login's, before and during the
import, side by side in one run, with a real server and a real import
process on one database.

    .venv/bin/python bench/portal_during_import.py                     # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/portal_during_import.py                 # PostgreSQL
    .venv/bin/python bench/portal_during_import.py --lines 5000        # a quick try

The town is the demo's (its tenant `najemca` logs in) and 20,000 ledgers of
bench/import.py, which the statement pays. Printed: each measure before and
during the import and their ratio, the import's own time, the worst login
wait as a share of it, and every request that failed. Nothing asserts on
time; see docs/benchmarks.md."""

import argparse
import contextlib
import datetime
import http.cookiejar
import importlib
import io
import os
import random
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from throwaway import throwaway_django  # bench/ is on sys.path when run as a script

LINES = 50_000
BASELINE_SECONDS = 20
LOGIN_EVERY = 10  # one login among so many panel requests
TENANT, PASSWORD = "najemca", "najemca-demo-2026"
bench_import = importlib.import_module("import")  # bench/import.py: its town and file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=LINES, help="lines of the statement")
    options = parser.parse_args()
    with throwaway_django("iok_bench_portal", "iok-bench-portal-") as workdir:
        run(options, workdir)


def run(options, workdir: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with contextlib.redirect_stdout(io.StringIO()):  # the demo's logins are known
        call_command("demo", "--premises=12", "--seed=5", "--until=2026-10", verbosity=0)
    accounts = bench_import.build_ledgers(first=1000)
    bench_import.analyze()
    data = bench_import.mt940(
        random.Random(bench_import.SEED), accounts, options.lines, datetime.date(2026, 11, 5), "305"
    )
    path = os.path.join(workdir, "wyciag.sta")
    with open(path, "wb") as file:
        file.write(data)
    print(bench_import.machine_line(connection).replace("import benchmark", "portal benchmark"))
    connection.close()
    # runserver over plain HTTP, as the tests do
    env = {**os.environ, "IOK_DEBUG": "true", "IOK_BENCH_DIR": workdir}
    with served(env) as url:
        before = measure(url, lambda started: time.perf_counter() - started < BASELINE_SECONDS)
        importer = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "iok.manage", "import-statement", path],
            stdout=subprocess.DEVNULL,
        )
        started = time.perf_counter()
        during = measure(url, lambda _started: importer.poll() is None)
        importing = time.perf_counter() - started
        if importer.wait() != 0:
            sys.exit("the import failed")
    report(options.lines, before, during, importing)
    errors = _server_errors(os.path.join(workdir, "server.log"))
    print(f"  the server's errors: {', '.join(errors) if errors else 'none'}")


def _server_errors(path: str) -> list[str]:
    """The exceptions in the server's log ("OperationalError: database is
    locked"), each once."""
    with open(path) as log:
        found = re.findall(r"^(\w+(?:\.\w+)*(?:Error|Exception): .*)$", log.read(), re.MULTILINE)
    return sorted(set(found))


@contextlib.contextmanager
def served(env):
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = open(os.path.join(env["IOK_BENCH_DIR"], "server.log"), "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "iok.manage", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "/deklaracja-dostepnosci/", timeout=2)  # noqa: S310
                break
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


class Client:
    def __init__(self, url: str):
        self.url = url
        jar = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(jar)

    def get(self, path: str) -> str:
        with self.opener.open(self.url + path, timeout=120) as response:
            return response.read().decode()

    def log_in(self) -> None:
        form = self.get("/konto/logowanie/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = {"csrfmiddlewaretoken": token, "username": TENANT, "password": PASSWORD}
        request = urllib.request.Request(  # noqa: S310 - our own local server
            self.url + "/konto/logowanie/",
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.url + "/konto/logowanie/"},
        )
        with self.opener.open(request, timeout=120) as response:
            if response.url != self.url + "/":
                raise RuntimeError(f"the login ended at {response.url}")


def measure(url: str, going) -> dict[str, list]:
    """Panel requests one after another while `going(started)`, a login
    every LOGIN_EVERY of them; each one's seconds, and the failures."""
    tenant = Client(url)
    tenant.log_in()
    times = {"panel": [], "login": [], "failed": []}
    started = time.perf_counter()
    n = 0
    while going(started):
        n += 1
        name, work = ("login", Client(url).log_in) if n % LOGIN_EVERY == 0 else ("panel", None)
        began = time.perf_counter()
        try:
            work() if work else tenant.get("/")
        except Exception as error:  # every failure is counted and shown
            times["failed"].append(f"{name}: {error}")
            continue
        times[name].append(time.perf_counter() - began)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(lines: int, before: dict, during: dict, importing: float) -> None:
    print(f"{lines:,}-line statement imported in {importing:.1f} s while the portal was used\n")
    print(f"  {'':<14} {'before':>10} {'during':>10} {'during/before':>14}")
    for name in ("panel", "login"):
        for label, share in (("p50", 0.5), ("p99", 0.99), ("worst", 1.0)):
            a, b = percentile(before[name], share), percentile(during[name], share)
            print(f"  {name + ' ' + label:<14} {a * 1e3:8.0f} ms {b * 1e3:8.0f} ms {b / a:13.1f}×")
    print(
        f"\n  requests: {len(before['panel']) + len(before['login'])} before, "
        f"{len(during['panel']) + len(during['login'])} during"
    )
    worst = max(during["login"], default=0)
    print(f"  worst login during the import: {worst / importing:.1%} of the import's time")
    failed = before["failed"] + during["failed"]
    print(f"  failed: {len(failed)}" + "".join(f"\n    {f}" for f in failed[:10]))


if __name__ == "__main__":
    main()
