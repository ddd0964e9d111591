"""Configuration mistakes stop the process with a message naming the variable."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

LOAD = "import django; django.setup(); from django.conf import settings; print('ok')"


def start(env, code=LOAD, tmp_path=None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("IOK_")}
    clean.pop("DATABASE_URL", None)
    clean["DJANGO_SETTINGS_MODULE"] = "iok.settings"
    if tmp_path is not None:
        clean["IOK_DATA_DIR"] = str(tmp_path)
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    run = start({"IOK_DEBUG": "false"}, tmp_path=tmp_path)
    assert run.returncode != 0
    assert "IOK_SECRET_KEY is not set" in run.stderr


def test_debug_starts_without_a_secret_key(tmp_path):
    assert start({"IOK_DEBUG": "true"}, tmp_path=tmp_path).stdout.strip() == "ok"


@pytest.mark.parametrize("word", ["maybe", "tak", "2"])
def test_a_boolean_must_be_true_or_false(word, tmp_path):
    run = start({"IOK_DEBUG": word}, tmp_path=tmp_path)
    assert run.returncode != 0
    assert "IOK_DEBUG must be true or false" in run.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"IOK_BANK_SETTLEMENT_NUMBER": "10201027"}, "wrong check digit"),
        ({"IOK_BANK_SETTLEMENT_NUMBER": "1020102"}, "must be 8 digits"),
        ({"IOK_VIRTUAL_PREFIX": "44a7"}, "IOK_VIRTUAL_PREFIX must be digits"),
        ({"IOK_VIRTUAL_ID_DIGITS": "10"}, "must add up to the 16 digits"),
        ({"IOK_VIRTUAL_ID_DIGITS": "twelve"}, "must be a whole number"),
        ({"IOK_DUE_DAY": "31"}, "IOK_DUE_DAY must be between 1 and 28"),
    ],
)
def test_bad_bank_settings_are_refused_with_a_clear_message(env, message, tmp_path):
    run = start({"IOK_DEBUG": "true", **env}, tmp_path=tmp_path)
    assert run.returncode != 0
    assert message in run.stderr


def test_sqlite_runs_in_wal_with_a_busy_timeout_and_immediate_transactions(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0],"
        " connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    run = start({"IOK_DEBUG": "true"}, code=code, tmp_path=tmp_path)
    assert run.stdout.split() == ["wal", "20000", "IMMEDIATE"], run.stderr


def test_database_url_selects_postgresql(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; print(connection.vendor)"
    )
    run = start(
        {"IOK_DEBUG": "true", "DATABASE_URL": "postgres://u@db.example:5432/iok"},
        code=code,
        tmp_path=tmp_path,
    )
    assert run.stdout.strip() == "postgresql", run.stderr


def test_the_accessibility_statement_takes_the_company_facts_from_the_environment(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from iok.portal.statement import statement_facts\n"
        "facts = statement_facts(); print(facts.body, facts.published.isoformat())"
    )
    env = {
        "IOK_DEBUG": "true",
        "IOK_STATEMENT_BODY": "ZGM",
        "IOK_STATEMENT_PUBLISHED": "2026-01-02",
    }
    assert start(env, code=code, tmp_path=tmp_path).stdout.split() == ["ZGM", "2026-01-02"]
    run = start({"IOK_DEBUG": "true", "IOK_STATEMENT_UPDATED": "2.01.2026"}, tmp_path=tmp_path)
    assert "IOK_STATEMENT_UPDATED must be a date written YYYY-MM-DD" in run.stderr


SETTINGS = Path(__file__).resolve().parents[1] / "iok" / "settings.py"
EXAMPLE = SETTINGS.parents[1] / ".env.example"
OWN_BANK = {
    "IOK_BANK_SETTLEMENT_NUMBER": "12401037",
    "IOK_COLLECTION_ACCOUNTS": "PL68 1240 3363 1111 0010 3701 9696",
}
SERVE = "import iok.wsgi; print('ok')"


def _read_by_settings() -> set[str]:
    """The variables settings.py reads: the first argument of each env* call."""
    tree = ast.parse(SETTINGS.read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id.startswith("env")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def _example() -> dict[str, str]:
    found = re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", EXAMPLE.read_text(), re.MULTILINE)
    return dict(found)


def test_the_example_lists_every_variable_the_settings_read_and_no_other():
    read, listed = _read_by_settings(), set(_example())
    assert read - listed == set(), "read by settings.py, missing from .env.example"
    assert listed - read == set(), "in .env.example, read by no setting"


def test_every_setting_is_read_by_a_parser_of_iok_env_and_none_through_globals():
    source = SETTINGS.read_text()
    assert "globals()" not in source and "os.environ" not in source


def test_the_examples_values_are_what_the_parsers_accept(tmp_path):
    values = {**_example(), "IOK_DEBUG": "true", "IOK_DATA_DIR": str(tmp_path)}
    run = start(values, tmp_path=tmp_path)
    assert run.stdout.strip() == "ok", run.stderr


def test_production_refuses_to_serve_on_the_demo_bank_numbers(tmp_path):
    env = {"IOK_DEBUG": "false", "IOK_SECRET_KEY": "production-" + "k" * 50}
    run = start(env, code=SERVE, tmp_path=tmp_path)
    assert run.returncode != 0
    assert "IOK_BANK_SETTLEMENT_NUMBER is the demo's (10201026)" in run.stderr
    assert "IOK_COLLECTION_ACCOUNTS holds the demo's account" in run.stderr
    assert start({**env, **OWN_BANK}, code=SERVE, tmp_path=tmp_path).stdout.strip() == "ok"


def test_the_deployment_check_names_each_demo_bank_number(tmp_path):
    env = {"IOK_DEBUG": "false", "IOK_SECRET_KEY": "production-" + "k" * 50}
    check = "from django.core.management import call_command; call_command('check', deploy=True)"
    run = start(env, code=f"import django; django.setup(); {check}", tmp_path=tmp_path)
    assert "iok.payments.E001" in run.stderr and "iok.payments.E002" in run.stderr
    run = start(
        {**env, "IOK_COLLECTION_ACCOUNTS": OWN_BANK["IOK_COLLECTION_ACCOUNTS"]},
        code=f"import django; django.setup(); {check}",
        tmp_path=tmp_path,
    )
    assert "iok.payments.E001" in run.stderr and "iok.payments.E002" not in run.stderr


def test_a_development_machine_serves_the_demo_bank_numbers(tmp_path):
    assert start({"IOK_DEBUG": "true"}, code=SERVE, tmp_path=tmp_path).stdout.strip() == "ok"


# ---- Deployment: proxy, preview, logging (docs/deploy.md) --------------------
CHECK_DEPLOY = (
    "import django; django.setup()\n"
    "from django.core.management import call_command\n"
    "call_command('check', deploy=True, fail_level='WARNING')\n"
    "print('clean')"
)
PRODUCTION = {
    "IOK_DEBUG": "false",
    "IOK_SECRET_KEY": "production-" + "k" * 50,
    "IOK_ALLOWED_HOSTS": "iok.example.pl",
    "IOK_TRUSTED_PROXIES": "127.0.0.1,::1",
    "IOK_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "IOK_EMAIL_HOST": "smtp.example.pl",
    "IOK_ADMINS": "IT ZGM <it@example.pl>, kierownik@example.pl",
    **OWN_BANK,
}


def test_the_deployment_check_is_clean_with_a_correct_production_configuration(tmp_path):
    run = start(PRODUCTION, code=CHECK_DEPLOY, tmp_path=tmp_path)
    assert run.stdout.splitlines()[-2:] == [
        "System check identified no issues (0 silenced).",
        "clean",
    ], run.stderr


def test_the_deployment_check_warns_when_https_is_expected_but_no_proxy_says_so(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "IOK_PROXY_SSL_HEADER"}
    env["IOK_SSL_REDIRECT"] = "false"  # "the proxy redirects": then nothing says HTTPS
    run = start(env, code=CHECK_DEPLOY, tmp_path=tmp_path)
    assert run.returncode != 0 and "iok.W101" in run.stderr
    assert "IOK_PROXY_SSL_HEADER" in run.stderr
    # Redirecting to HTTPS itself, IOK sees plain HTTP only from a client it sends on.
    redirect = {**env, "IOK_SSL_REDIRECT": "true"}
    assert "iok.W101" not in start(redirect, code=CHECK_DEPLOY, tmp_path=tmp_path).stderr


def test_the_local_preview_is_loud_and_refused_by_the_deployment_check(tmp_path):
    env = {"IOK_DEBUG": "false", "IOK_SECRET_KEY": "k" * 50, "IOK_LOCAL_PREVIEW": "true"}
    served = start(env, code=SERVE, tmp_path=tmp_path)
    assert served.stdout.strip() == "ok", served.stderr  # on the demo's bank numbers
    assert "IOK_LOCAL_PREVIEW is on" in served.stderr
    checked = start(
        {**PRODUCTION, "IOK_LOCAL_PREVIEW": "true"}, code=CHECK_DEPLOY, tmp_path=tmp_path
    )
    assert checked.returncode != 0 and "iok.E101" in checked.stderr


def test_the_local_preview_answers_this_machine_only(tmp_path):
    env = {"IOK_DEBUG": "false", "IOK_SECRET_KEY": "k" * 50, "IOK_LOCAL_PREVIEW": "true"}
    # Called as gunicorn calls it (the test client would bypass the wrapper).
    code = (
        "import iok.wsgi, io\n"
        "def answer(addr):\n"
        "    seen = []\n"
        "    env = {'REQUEST_METHOD': 'GET', 'PATH_INFO': '/healthz', 'SERVER_NAME': '127.0.0.1',"
        " 'SERVER_PORT': '8000', 'HTTP_HOST': '127.0.0.1', 'REMOTE_ADDR': addr,"
        " 'wsgi.input': io.BytesIO(), 'wsgi.url_scheme': 'http', 'wsgi.errors': io.StringIO()}\n"
        "    iok.wsgi.application(env, lambda status, headers: seen.append(status))\n"
        "    return seen[0].split()[0]\n"
        "print(answer('192.168.1.5'), answer('127.0.0.1'))"
    )
    run = start(env, code=code, tmp_path=tmp_path)
    assert run.stdout.split()[-2:] == ["403", "503"], run.stderr  # 503: nothing migrated


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"IOK_PROXY_COUNT": "1"}, "IOK_PROXY_COUNT is no longer read: set IOK_TRUSTED_PROXIES"),
        ({"IOK_TRUSTED_PROXIES": "10.0.0.300"}, "'10.0.0.300' is not an IP address"),
        ({"IOK_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, "IOK_TRUSTED_PROXIES, which is empty"),
        ({"IOK_PROXY_SSL_HEADER": "X-Forwarded-Proto: https"}, "must be a header's name"),
        ({"IOK_CSRF_TRUSTED_ORIGINS": "iok.example.pl"}, "must be an origin with its scheme"),
        ({"IOK_ADMINS": "IT ZGM"}, "IOK_ADMINS: 'IT ZGM' is not an e-mail address"),
        ({"IOK_LOG_LEVEL": "loud"}, "IOK_LOG_LEVEL must be DEBUG, INFO"),
    ],
)
def test_bad_deployment_settings_are_refused_with_a_clear_message(env, message, tmp_path):
    run = start({"IOK_DEBUG": "true", **env}, tmp_path=tmp_path)
    assert run.returncode != 0
    assert message in run.stderr


def test_the_deployment_settings_are_read_from_the_environment(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings\n"
        "print(settings.ADMINS, settings.SECURE_PROXY_SSL_HEADER, settings.CSRF_TRUSTED_ORIGINS,"
        " [str(n) for n in settings.IOK_TRUSTED_PROXIES], settings.STORAGES['staticfiles'])"
    )
    env = {**PRODUCTION, "IOK_CSRF_TRUSTED_ORIGINS": "https://iok.example.pl"}
    out = start(env, code=code, tmp_path=tmp_path).stdout
    assert "[('IT ZGM', 'it@example.pl'), ('kierownik@example.pl', 'kierownik@example.pl')]" in out
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in out and "['https://iok.example.pl']" in out
    assert "['127.0.0.1/32', '::1/128']" in out and "CompressedManifestStaticFilesStorage" in out
