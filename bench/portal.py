"""The tenant's pages under gunicorn with the production settings, against a
trivial view served by the same server in the same run: throughput and p99
latency of the main panel and the kartoteka's day, month and year views,
each as a ratio of the trivial view's, on a demo town of 2,000 premises.

    .venv/bin/python bench/portal.py                                   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/portal.py                               # PostgreSQL
    .venv/bin/python bench/portal.py --premises 200 --seconds 3        # a quick try
    .venv/bin/python bench/portal.py --demo /tmp/demo.sqlite3          # keep the town

With `--demo FILE` (SQLite) the town is built into FILE the first time and
measured as it is on later runs (migrated, never built again), which saves
the minutes the demo takes to build when comparing code.

Load comes from wrk (Debian: `apt-get install wrk`), a second process with
keep-alive connections, so the Python of the client does not share the
server's interpreter. Every page is requested with the demo tenant's session
cookie, the trivial view too, so all of them pay the same middleware (the
session, the login, the audit). The pages are measured in alternation, round
after round, and each one's median over the rounds counts: the machine's
speed drifts from minute to minute. Nothing asserts on time; see
docs/benchmarks.md. The target is the main panel at 0.5× the trivial view's
throughput or more, the kartoteka's views and the readings at 0.3×."""

import argparse
import contextlib
import io
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from throwaway import throwaway_django  # bench/ is on sys.path when run as a script

HERE = os.path.dirname(os.path.abspath(__file__))
PREMISES = 2000
ROUNDS = 3
SECONDS = 8
CONNECTIONS = 4
WORKERS = 2  # one per core on the machines this runs on
TARGET = 0.5  # the main panel's; every other page's is LIST_TARGET (issue 14)
LIST_TARGET = 0.3
TENANT, PASSWORD = "najemca", "najemca-demo-2026"
# As the TLS-terminating proxy in front says (docs/deploy.md): the request came over HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# Bank numbers of no real bank, valid by their check digits: production
# (IOK_DEBUG=false) refuses to serve on the demo's (iok/payments/checks.py).
BANK = {
    "IOK_BANK_SETTLEMENT_NUMBER": "10901014",
    "IOK_COLLECTION_ACCOUNTS": "PL61109010140000071219812874",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--premises", type=int, default=PREMISES, help="premises of the demo town")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds over every page")
    parser.add_argument("--seconds", type=int, default=SECONDS, help="seconds of load per page")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn worker processes")
    parser.add_argument("--demo", help="a SQLite file to keep the demo town in, built if absent")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/portal.py needs wrk, the HTTP load generator: apt-get install wrk")
    os.environ.update(BANK)
    # Hashed, compressed static files, collected as production collects them.
    os.environ["IOK_STATIC_MANIFEST"] = "true"
    with tempfile.TemporaryDirectory(prefix="iok-bench-static-") as static:
        os.environ["IOK_STATIC_ROOT"] = static
        if options.demo:
            with kept_django(options.demo) as (workdir, build):
                run(options, workdir, build)
        else:
            with throwaway_django("iok_bench_gunicorn", "iok-bench-gunicorn-") as workdir:
                run(options, workdir)


@contextlib.contextmanager
def kept_django(path: str):
    """Django on the SQLite file `path`; yields a work folder and whether the
    town is still to be built (the file did not exist)."""
    build = not os.path.exists(path)
    os.environ.setdefault("IOK_DEBUG", "false")
    os.environ.setdefault("IOK_SECRET_KEY", "benchmark-only-" + "x" * 50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iok.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{os.path.abspath(path)}"
    import django

    django.setup()
    with tempfile.TemporaryDirectory(prefix="iok-bench-gunicorn-") as workdir:
        yield workdir, build


def run(options, workdir: str, build: bool = True) -> None:
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if build:
        with contextlib.redirect_stdout(io.StringIO()):  # the demo's logins are known
            call_command("demo", f"--premises={options.premises}", "--seed=3", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    with connection.cursor() as cursor:  # fresh statistics, as a running site has
        cursor.execute("ANALYZE")
    print(
        f"portal benchmark: {connection.vendor}, {options.premises:,} premises "
        f"(built in {time.perf_counter() - started:.0f} s), gunicorn with {options.workers} "
        f"workers, wrk with {CONNECTIONS} connections, {options.rounds} rounds of "
        f"{options.seconds} s per page"
    )
    connection.close()
    with served(options.workers, workdir) as url:
        tenant = Tenant(url)
        ledger = re.search(r"/kartoteka/(\d+)/operacje/", tenant.get("/")).group(1)
        pages = pages_of(ledger)
        for path in pages.values():
            tenant.get(path)  # each page once, so a broken one stops the run here
        results = measure(url, pages, tenant.cookie, options)
    report(results)


class Tenant:
    """The demo tenant, logged in over plain HTTP as if through the TLS proxy
    (PROXY_HEADERS): the cookies are Secure, so they are kept by hand."""

    def __init__(self, url: str):
        self.url, self.cookies = url, {}
        self.origin = url.replace("http://", "https://")  # what the browser saw
        form = self.get("/konto/logowanie/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = {"csrfmiddlewaretoken": token, "username": TENANT, "password": PASSWORD}
        self.get("/konto/logowanie/", urllib.parse.urlencode(data).encode())
        if "sessionid" not in self.cookies:
            sys.exit("the demo tenant could not log in")

    @property
    def cookie(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def get(self, path: str, data: bytes | None = None) -> str:
        headers = {**PROXY_HEADERS, "Cookie": self.cookie, "Referer": self.origin + "/"}
        request = urllib.request.Request(self.url + path, data, headers)  # noqa: S310 - local
        try:
            response = urllib.request.build_opener(NoRedirect).open(request, timeout=60)
        except urllib.error.HTTPError as answer:  # a redirect, after the login
            if answer.code not in (301, 302, 303):
                raise
            response = answer
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, value = header.split(";")[0].split("=", 1)
                self.cookies[name] = value
            return response.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def pages_of(ledger: str) -> dict[str, str]:
    return {
        "trivial view": "/bench/trivial",
        "main panel": "/",
        "kartoteka day view": f"/kartoteka/{ledger}/operacje/",
        "kartoteka month view": f"/kartoteka/{ledger}/miesiace/",
        "kartoteka year view": f"/kartoteka/{ledger}/lata/",
        "readings": f"/kartoteka/{ledger}/odczyty/",
    }


@contextlib.contextmanager
def served(workers: int, workdir: str):
    """gunicorn on a free port with the production settings; the site is
    IOK's own plus the trivial view (bench/trivial_site.py)."""
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = open(os.path.join(workdir, "gunicorn.log"), "w")  # noqa: SIM115 - closed below
    env = {
        **os.environ,
        "IOK_ALLOWED_HOSTS": "127.0.0.1",
        # Behind nginx on the same machine, as docs/deploy.md sets it up.
        "IOK_TRUSTED_PROXIES": "127.0.0.1",
        "IOK_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "PYTHONPATH": HERE,
    }
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and server
        [
            *(sys.executable, "-m", "gunicorn", "-c", "python:iok.gunicorn_conf"),
            "trivial_site:application",
            *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
        ],
        env=env,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            with contextlib.suppress(OSError):
                ping = urllib.request.Request(url + "/bench/trivial", headers=PROXY_HEADERS)  # noqa: S310
                urllib.request.urlopen(ping, timeout=2)  # noqa: S310
                break
            time.sleep(0.2)
        else:
            log.flush()
            with open(log.name) as written:
                sys.exit("gunicorn did not answer:\n" + written.read()[-3000:])
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def measure(url: str, pages: dict, cookie: str, options) -> dict[str, list]:
    results = {name: [] for name in pages}
    for _ in range(options.rounds):
        for name, path in pages.items():
            results[name].append(wrk(url + path, cookie, options.seconds))
    return results


def wrk(url: str, cookie: str, seconds: int) -> tuple[float, float, int]:
    """Requests per second, p99 latency in ms, and non-2xx answers or errors."""
    output = subprocess.run(  # noqa: S603 - wrk, found on PATH by main()
        [
            *("wrk", "--latency", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s"),
            *("-H", f"Cookie: {cookie}", "-H", "X-Forwarded-Proto: https", url),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = _milliseconds(re.search(r"99%\s+([\d.]+\w+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    bad = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(map(int, errors.groups())) if errors else 0
    )
    return rate, p99, bad


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def report(results: dict[str, list]) -> None:
    trivial = results["trivial view"]
    base_rate = statistics.median(r for r, _, _ in trivial)
    base_p99 = statistics.median(p for _, p, _ in trivial)
    print(f"\n  {'page':<22} {'req/s':>8} {'p99':>9} {'throughput':>11} {'p99':>7}  rounds")
    for name, runs in results.items():
        rate = statistics.median(r for r, _, _ in runs)
        p99 = statistics.median(p for _, p, _ in runs)
        rounds = " ".join(f"{r / t[0]:.2f}" for (r, _, _), t in zip(runs, trivial, strict=True))
        target = TARGET if name == "main panel" else LIST_TARGET
        verdict = (
            "" if name == "trivial view" else ("  ok" if rate / base_rate >= target else "  below")
        )
        print(
            f"  {name:<22} {rate:8.0f} {p99:7.1f} ms {rate / base_rate:10.2f}× "
            f"{p99 / base_p99:6.1f}×  {rounds}{verdict}"
        )
    bad = sum(b for runs in results.values() for _, _, b in runs)
    print(
        f"\n  target: the main panel at {TARGET}× the trivial view's throughput or more,"
        f" every other page at {LIST_TARGET}×"
    )
    print(f"  non-2xx answers and socket errors: {bad}")


if __name__ == "__main__":
    main()
