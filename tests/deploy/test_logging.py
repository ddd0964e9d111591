"""IOK's log: one key=value line per record and per request, the request's
id echoed (a trusted proxy's, or a new one), personal data masked in every
line and in the e-mail of an error to IOK_ADMINS."""

import io
import logging
import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from iok import proxy
from iok.logs import LineFormatter, PersonalDataFilter, RequestContextFilter, mask

PESEL = "72050945620"


@pytest.fixture
def log_lines():
    """What the stdout handler of settings.LOGGING writes, as a list of lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(LineFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: stream.getvalue().splitlines()
    root.removeHandler(handler)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"PESEL {PESEL} odrzucony", "PESEL <pesel> odrzucony"),
        ("NIP 5252248481 i 525-224-84-81", "NIP <nip> i <nip>"),
        ("wpłata z PL61 1090 1014 0000 0712 1981 2874", "wpłata z <account>"),
        ("konto 61109010140000071219812874.", "konto <account>."),
        ("IBAN DE89 3704 0044 0532 0130 00", "IBAN <account>"),
        ("do anna.nowak+iok@example.com.pl", "do <e-mail>"),
        ("kwota 1234,56 zł za 2026-10, lokal 12/3", "kwota 1234,56 zł za 2026-10, lokal 12/3"),
    ],
)
def test_personal_data_is_masked_and_nothing_else(text, masked):
    assert mask(text) == masked


def test_the_filter_masks_the_arguments_too(log_lines):
    logging.getLogger("iok.test").warning("Wniosek %s od %s", PESEL, "zofia@example.pl")
    (line,) = log_lines()
    assert PESEL not in line and "zofia@" not in line
    assert 'msg="Wniosek <pesel> od <e-mail>"' in line


def test_a_traceback_is_one_masked_value_on_the_same_line(log_lines):
    try:
        raise ValueError(f"zły PESEL {PESEL}")
    except ValueError:
        logging.getLogger("iok.test").exception("Nie poszło")
    (line,) = log_lines()
    assert "exc=" in line and "ValueError" in line and PESEL not in line


@pytest.mark.django_db
def test_each_request_logs_one_line_with_its_id_user_path_status_and_duration(people, log_lines):
    client = Client()
    client.force_login(people.tenant)
    response = client.get("/")
    request_id = response["X-Request-ID"]
    lines = [line for line in log_lines() if "logger=iok.request" in line]
    assert len(lines) == 1
    assert re.fullmatch(
        r"time=\S+ level=INFO logger=iok\.request "
        rf"request_id={request_id} user_id={people.tenant.pk} method=GET path=/ "
        r'status=200 duration_ms=\d+ msg="GET / 200"',
        lines[0],
    )


@pytest.mark.django_db
def test_the_request_id_of_a_trusted_proxy_is_kept_and_anyone_elses_is_not(settings):
    settings.IOK_TRUSTED_PROXIES = ["10.0.0.1"]
    proxied = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_REQUEST_ID="nginx-4f2a")
    assert proxied.get("/healthz")["X-Request-ID"] == "nginx-4f2a"
    stranger = Client(REMOTE_ADDR="10.0.0.9", HTTP_X_REQUEST_ID="nginx-4f2a")
    assert stranger.get("/healthz")["X-Request-ID"] != "nginx-4f2a"
    odd = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_REQUEST_ID="a b\nc")
    assert re.fullmatch(r"[0-9a-f]{32}", odd.get("/healthz")["X-Request-ID"])


def test_an_error_is_mailed_to_the_admins_with_personal_data_masked(settings):
    settings.ADMINS = [("IT ZGM", "it@zgm.example.pl")]
    request = RequestFactory().post("/konto/wniosek/", {"pesel": PESEL, "email": "z@example.pl"})
    try:
        raise RuntimeError(f"nie zapisano wniosku {PESEL}")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s",
            request.path,
            exc_info=True,
            extra={"status_code": 500, "request": request},
        )
    (message,) = mail.outbox
    assert message.to == ["it@zgm.example.pl"]
    assert "Internal Server Error: /konto/wniosek/" in message.subject
    assert "RuntimeError" in message.body
    assert PESEL not in message.body + message.subject and "z@example.pl" not in message.body


def test_no_mail_goes_out_without_admins(settings):
    settings.ADMINS = []
    logging.getLogger("django.request").error("Internal Server Error: /")
    assert mail.outbox == []


@pytest.mark.django_db
def test_plain_http_while_https_is_expected_without_a_proxy_header_is_logged_once(
    settings, caplog, monkeypatch
):
    settings.SESSION_COOKIE_SECURE = True
    settings.SECURE_PROXY_SSL_HEADER = None
    monkeypatch.setattr(proxy.ProxyMiddleware, "warned", False)
    with caplog.at_level("WARNING", logger="iok.proxy"):
        Client().get("/healthz")  # the balancer's probe is plain HTTP on purpose
        Client().get("/konto/logowanie/")
        Client().get("/konto/logowanie/")
    warnings = [r for r in caplog.records if r.name == "iok.proxy"]
    assert len(warnings) == 1 and "IOK_PROXY_SSL_HEADER" in warnings[0].getMessage()


@pytest.mark.django_db
def test_the_proxy_ssl_header_is_believed_from_a_trusted_proxy_only(settings):
    settings.IOK_TRUSTED_PROXIES = ["10.0.0.1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    proxied = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" in proxied.get("/healthz")
    stranger = Client(REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in stranger.get("/healthz")
