"""Browser tests: Debian's Chromium, driven by Playwright, against a real
`iok runserver` process on a fresh database (the same kind as the run's).

A server of its own, rather than pytest-django's live server, because the
live server empties tables with DELETE between tests, which the ledger's
append-only triggers refuse on SQLite."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass

import pytest

from tests.clock import shared_time
from tests.processes import fresh_database, run

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    """Under pytest-xdist (`make test` runs the suite in parallel) every
    browser test goes to one worker, so the demo site and Chromium, built
    once a session, are built once, not once in each worker."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.xdist_group("browser"))


@dataclass
class Site:
    url: str
    env: dict

    def shell(self, code: str) -> str:
        """Run Python in the site's database and return what it printed."""
        return run(self.env, "shell", "--no-imports", "-c", code).stdout.strip()


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("CI needs Debian's Chromium for the browser tests: apt-get install chromium")
    pytest.skip("no Chromium on this machine (apt-get install chromium); browser tests skipped")


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen, log) -> None:
    for _ in range(150):
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the server stopped: {log.read()}")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local server
            return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer at {url}")


@contextlib.contextmanager
def serve(env: dict):
    """A real server process on a free port with this environment, until the end.

    Its log goes to a file, not a pipe: runserver logs every request, and a
    pipe nobody reads fills after some hundred requests and stops the server."""
    port = _free_port()
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed below, with the server
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "tests.clocked", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/deklaracja-dostepnosci/", server, log)
        yield Site(url, env)
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory, chromium_path):
    """A demo town of 12 premises served by a real server process."""
    with fresh_database(tmp_path_factory.mktemp("site")) as env:
        run(env, "demo", "--premises=12", "--seed=5", "--until=2026-10")
        with serve(env) as served:
            yield served


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def login(page, site: Site, username: str, password: str) -> None:
    """Log in through the form; for a login with two-step login (the demo's
    clerk, official and administrator) type the code of the demo's
    authenticator key too. A code is spent once used, so a second login in
    the same 30 seconds takes the next step's code (allowed by one step of
    tolerance), and a third waits for the clock."""
    page.goto(site.url + "/konto/logowanie/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button")
    page.wait_for_load_state()
    if "/konto/dwa-etapy/weryfikacja/" not in page.url:
        return
    page.fill("input[name=code]", _next_code(site, username))
    page.click("main form button")
    page.wait_for_url(lambda url: "/dwa-etapy/" not in url)


def _next_code(site: Site, username: str) -> str:
    from django_otp.oath import TOTP

    from iok.demo.logins import DEMO_TOTP_KEY

    last_t = int(site.shell(LAST_STEP % {"username": username}))
    totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
    totp.time = shared_time()  # the server's clock, not this process's frozen one
    step = max(totp.t(), last_t + 1)
    if step > totp.t() + 1:
        time.sleep((step - 1) * 30 - shared_time() + 0.5)
    totp.time = step * 30 + 1
    return f"{totp.token():06d}"


LAST_STEP = """
from django_otp.plugins.otp_totp.models import TOTPDevice
print(TOTPDevice.objects.get(user__username="%(username)s", confirmed=True).last_t)
"""


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser):
    size = DESKTOP if request.param == "desktop" else PHONE
    context = browser.new_context(viewport=size, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
