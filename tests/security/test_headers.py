"""Every response carries the security headers, and production settings
pass Django's deployment check with warnings counted as failures."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

CSP = "Content-Security-Policy"
PAGES = ["/", reverse("access:login"), reverse("portal:accessibility"), "/admin/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_forbids_framing_and_foreign_scripts(client, people, url):
    response = client.get(url)
    policy = response.headers[CSP]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", PAGES)
def test_every_page_keeps_the_referrer_to_itself_and_its_content_type(client, url):
    response = client.get(url)
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["tenant", "clerk", "official"])
def test_no_page_a_logged_in_person_sees_may_be_stored(client, people, who):
    client.force_login(getattr(people, who))
    for url in ["/", reverse("access:settings"), reverse("security:settings"), "/admin/"]:
        response = client.get(url)
        assert "no-store" in response.headers["Cache-Control"], url


def test_pages_with_personal_data_for_anonymous_visitors_are_not_stored(client):
    # The application form echoes a PESEL back when it has an error.
    response = client.post(reverse("access:request_form"), {"pesel": "85071412341"})
    assert "no-store" in response.headers["Cache-Control"]


def test_the_templates_need_no_inline_script_or_style():
    """The policy allows no inline code: a template that adds some breaks it."""
    from django.conf import settings

    roots = [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("iok/*/templates")]
    for root in roots:
        for path in root.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            assert "<script>" not in text and "<style" not in text, path
            assert " style=" not in text and " onclick=" not in text, path


def production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOK_")}
    env.update(
        IOK_DEBUG="false",
        IOK_SECRET_KEY="a-production-secret-key-" + "x7Qp2mZr9Lk4Vb8N" * 4,
        IOK_ALLOWED_HOSTS="iok.example.pl",
        IOK_EMAIL_HOST="smtp.example.pl",
        # The company's own bank numbers: production refuses the demo's.
        IOK_BANK_SETTLEMENT_NUMBER="12401037",
        IOK_COLLECTION_ACCOUNTS="PL68 1240 3363 1111 0010 3701 9696",
        IOK_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="iok.settings",
    )
    env.pop("DATABASE_URL", None)
    return env


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "iok.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_settings_mark_cookies_secure_and_send_hsts(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "iok.manage", "shell", "--no-imports", "-c", code],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "31536000", "True", "True"]
