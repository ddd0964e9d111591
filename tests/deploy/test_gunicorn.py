"""IOK as deployed: gunicorn on a free port with the production settings
(IOK_DEBUG=false, secure cookies, hashed static files from collectstatic)
behind a simulated TLS-terminating proxy on 127.0.0.1, which says
X-Forwarded-Proto: https and X-Forwarded-For, over real HTTP. A first-login
tenant logs in, changes the password and accepts the terms; the addresses
the lockout and the audit record are the forwarded client's only when the
connection is the trusted proxy's (127.0.0.1), and the connection's own
from anywhere else (127.0.0.2, with the same headers)."""

import contextlib
import http.client
import http.cookies
import json
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

import pytest

from tests.processes import fresh_database, run

FIRST_LOGIN, ONE_TIME = "nowy", "pierwsze-logowanie"
NEW_PASSWORD = "Wlasne-haslo-po-proxy-2026"  # noqa: S105 - a test login's password
TENANT = "83.1.2.3"  # the client the trusted proxy forwards
PRODUCTION = {
    "IOK_DEBUG": "false",
    "IOK_SECRET_KEY": "production-like-" + "k" * 50,
    "IOK_ALLOWED_HOSTS": "127.0.0.1",
    "IOK_BANK_SETTLEMENT_NUMBER": "12401037",
    "IOK_COLLECTION_ACCOUNTS": "PL68 1240 3363 1111 0010 3701 9696",
    "IOK_TRUSTED_PROXIES": "127.0.0.1",
    "IOK_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    # The proxy redirects plain HTTP itself (deploy/nginx-iok.conf).
    "IOK_SSL_REDIRECT": "false",
    "IOK_STATIC_MANIFEST": "true",
}
GUNICORN = (
    "import sys, tests.clocked\n"
    "tests.clocked.start()\n"
    "from gunicorn.app.wsgiapp import run\n"
    "sys.argv = ['gunicorn', '-c', 'python:iok.gunicorn_conf', '--bind', '127.0.0.1:{port}',"
    " '--workers', '2', 'iok.wsgi']\n"
    "run()\n"
)
RECORDED = """
import json
from axes.models import AccessAttempt
from iok.audit.models import AuditEvent
print(json.dumps({
    "attempts": sorted(set(AccessAttempt.objects.values_list("ip_address", flat=True))),
    "audit": sorted(set(AuditEvent.objects.exclude(ip=None).values_list("ip", flat=True))),
}))
"""


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """A browser behind the proxy: it keeps its cookies (secure ones too, as
    the proxy passes them on over its plain connection to IOK) and sends
    what the proxy adds to every request."""

    def __init__(self, port: int, source: str, forwarded_for: str, origin: str = "https"):
        self.port, self.source, self.origin = port, source, origin
        self.proxy_headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": forwarded_for}
        self.cookies = http.cookies.SimpleCookie()

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(self.source, 0)
        )
        headers = {**self.proxy_headers, "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # What a browser sends on an HTTPS page; Django's CSRF check reads it.
            headers["Origin"] = f"{self.origin}://127.0.0.1:{self.port}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(cookie)
        return response, text

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, page: str, action: str, fields: dict):
        """Posts `fields` with the CSRF token of the form on `page`."""
        _response, text = self.get(page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
        return self.request("POST", action, {"csrfmiddlewaretoken": token, **fields})


@contextlib.contextmanager
def gunicorn(env: dict, port: int):
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed below, with the server
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", GUNICORN.format(port=port)],
        env=env,
        stdout=log,
        stderr=log,
        text=True,
    )
    try:
        for _ in range(300):  # a watchdog of a minute, not a measure
            if server.poll() is not None:
                log.seek(0)
                pytest.fail(f"gunicorn stopped: {log.read()}")
            with contextlib.suppress(OSError):
                Browser(port, "127.0.0.1", "").get("/healthz")
                break
            time.sleep(0.2)
        yield log
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deployed")
    with fresh_database(folder) as env:
        run(env, "demo", "--premises=10", "--seed=3", "--until=2026-10")
        env = {**env, **PRODUCTION, "IOK_STATIC_ROOT": str(folder / "static")}
        run(env, "collectstatic", "--noinput", "--verbosity=0")
        port = free_port()
        with gunicorn(env, port) as log:
            yield env, port, log


def test_a_tenant_logs_in_changes_the_password_and_accepts_the_terms_behind_the_proxy(site):
    env, port, log = site
    tenant = Browser(port, "127.0.0.1", f"6.6.6.6, {TENANT}")
    response, _ = tenant.post_form(
        "/konto/logowanie/",
        "/konto/logowanie/",
        {"username": FIRST_LOGIN, "password": ONE_TIME},
    )
    assert response.status == 302, "the login is refused (403 would be CSRF behind the proxy)"
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers  # IOK knows it is HTTPS
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])

    response, _ = tenant.get("/")
    assert (response.status, response.headers["Location"]) == (302, "/konto/haslo/")
    response, _ = tenant.post_form(
        "/konto/haslo/",
        "/konto/haslo/",
        {"old_password": ONE_TIME, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status == 302
    response, _ = tenant.get("/")
    assert (response.status, response.headers["Location"]) == (302, "/konto/regulamin/")
    response, _ = tenant.post_form(
        "/konto/regulamin/", "/konto/regulamin/akceptacja/", {"accept": "on"}
    )
    assert response.status == 302
    response, panel = tenant.get("/")
    assert response.status == 200 and "/kartoteka/" in panel

    # The panel's stylesheet: hashed by collectstatic, compressed, kept for a year.
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', panel).group(1)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", stylesheet, headers={"Accept-Encoding": "gzip"})
    served = connection.getresponse()
    served.read()
    connection.close()
    assert served.status == 200 and served.headers["Content-Encoding"] == "gzip"
    assert "immutable" in served.headers["Cache-Control"]

    recorded = json.loads(run(env, "shell", "--no-imports", "-c", RECORDED).stdout)
    assert recorded["audit"] == [TENANT]

    # One structured line per request, with the tenant's id once logged in.
    log.seek(0)
    lines = [line for line in log.read().splitlines() if "logger=iok.request" in line]
    accepted = next(line for line in lines if "path=/konto/regulamin/akceptacja/" in line)
    assert re.search(r" user_id=\d+ method=POST path=\S+ status=302 duration_ms=\d+ ", accepted)


def test_headers_from_a_connection_that_is_not_the_trusted_proxy_are_not_believed(site):
    env, port, _log = site
    # Another machine (127.0.0.2) sends what the proxy would.
    stranger = Browser(port, "127.0.0.2", "83.9.9.9", origin="http")
    stranger.proxy_headers["X-Request-ID"] = "chosen-by-the-stranger"
    response, _ = stranger.post_form(
        "/konto/logowanie/",
        "/konto/logowanie/",
        {"username": "najemca", "password": "not-the-password-at-all"},
    )
    assert response.status == 200  # the form again, the failure counted
    assert "Strict-Transport-Security" not in response.headers  # not HTTPS to IOK
    assert response.headers["X-Request-ID"] != "chosen-by-the-stranger"

    trusted = Browser(port, "127.0.0.1", "6.6.6.6, 83.4.4.4")
    trusted.post_form(
        "/konto/logowanie/",
        "/konto/logowanie/",
        {"username": "najemca", "password": "not-the-password-either"},
    )
    recorded = json.loads(run(env, "shell", "--no-imports", "-c", RECORDED).stdout)
    assert recorded["attempts"] == ["127.0.0.2", "83.4.4.4"]
