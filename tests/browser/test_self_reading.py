"""A self-reading from entry to acceptance, in a real browser on a desktop
and a phone: the demo tenant sends the reading of a water meter of her flat,
a clerk accepts it in the office queue, and the tenant sees it accepted with
the use since the previous reading; axe-core on the readings page each time.

The demo's server runs with the reading window of the settings, which may
be closed on the day the tests run; so this module serves the same database
from a second server whose window is every day of the month."""

import time

import pytest

from tests.browser.axe import serious_violations
from tests.browser.conftest import serve
from tests.clock import shared_time

# The clerk's authenticator key (hex, as django-otp keeps it): the office's
# logins give a code from it at the second step of their login.
TOTP_KEY = "3132333435363738393031323334353637383930"
CLERK_PASSWORD = "Biuro-odczyty-2026"  # noqa: S105 - a test login's password

SETUP = """
import datetime
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from iok.access.models import Account
from iok.ledger.models import Ledger
from iok.meters.models import Meter, Reading

tenant = get_user_model().objects.get(username="najemca")
ledger = next(
    ledger for ledger in Ledger.objects.for_contractor(tenant.account.contractor_id)
    .select_related("contract__premises").order_by("pk")
    if ledger.contract.premises.kind == "residential" and ledger.contract.end is None
)
meter = Meter.objects.create(
    premises=ledger.contract.premises, medium="cold_water", serial_number="{serial}",
    place="bathroom", installed=datetime.date(2026, 1, 1),
)
Reading.objects.create(meter=meter, date=datetime.date(2026, 1, 1), value=Decimal("100.000"),
                       kind="initial", source="staff")
clerk = get_user_model().objects.create_user("{clerk}", password="{password}", is_staff=True)
clerk.groups.add(Group.objects.get(name="staff"))
Account.objects.create(user=clerk, must_change_password=False, terms_accepted=timezone.now())
try:
    from django_otp.plugins.otp_totp.models import TOTPDevice
except ImportError:
    pass
else:
    TOTPDevice.objects.create(user=clerk, name="authenticator", key="{key}", confirmed=True)
print(ledger.pk, meter.pk)
"""


@pytest.fixture(scope="module")
def open_window(site):
    """The demo's database served again with the reading window open every day."""
    with serve({**site.env, "IOK_SELF_READING_DAYS": "1-31"}) as served:
        yield served


def log_in(page, site, username, password):
    page.context.clear_cookies()
    page.goto(site.url + "/konto/logowanie/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button")
    page.wait_for_url(lambda url: "/konto/logowanie/" not in url)
    if "/konto/dwa-etapy/weryfikacja/" in page.url:
        from django_otp.oath import totp

        code = totp(bytes.fromhex(TOTP_KEY), t0=-int(shared_time() - time.time()))
        page.fill("input[name=code]", f"{code:06d}")
        page.click("main form button")
        page.wait_for_url(lambda url: "/konto/dwa-etapy/" not in url)
    assert "/konto/dwa-etapy/" not in page.url, "the clerk was asked to set up a second step"


def checked(page):
    assert page.locator("h1").count() == 1, page.url
    assert serious_violations(page) == [], page.url


def test_a_self_reading_goes_from_the_tenant_through_the_office_queue_back_to_her(
    open_window, page
):
    run = "desktop" if page.viewport_size["width"] > 600 else "phone"
    serial, clerk = f"ZW-PRZEGL-{run}", f"odczyty-{run}"
    code = SETUP.format(serial=serial, clerk=clerk, password=CLERK_PASSWORD, key=TOTP_KEY)
    ledger_pk, meter_pk = open_window.shell(code).split()[-2:]
    readings = f"{open_window.url}/kartoteka/{ledger_pk}/odczyty/"

    log_in(page, open_window, "najemca", "najemca-demo-2026")
    page.goto(readings)
    checked(page)
    meter = page.locator(f"#meter-{meter_pk}")
    meter.get_by_label("Odczyt licznika w m³").fill("123,456")
    meter.get_by_role("button", name="Wyślij odczyt").click()
    page.wait_for_url(f"**/odczyty/#meter-{meter_pk}")
    assert page.get_by_role("status").get_by_text("czeka na przyjęcie").is_visible()
    waiting = page.locator(f"#meter-{meter_pk}").get_by_role("table").last
    assert "123,456 m³" in waiting.inner_text() and "Czeka na przyjęcie" in waiting.inner_text()
    checked(page)

    log_in(page, open_window, clerk, CLERK_PASSWORD)
    page.goto(open_window.url + "/biuro/liczniki/odczyty/")
    line = page.locator("section.queue-line", has_text=serial)
    assert "123,456" in line.inner_text()
    line.get_by_role("button", name="Przyjmij").click()
    page.wait_for_url("**/biuro/liczniki/odczyty/")
    assert page.locator("section.queue-line", has_text=serial).count() == 0

    log_in(page, open_window, "najemca", "najemca-demo-2026")
    page.goto(readings)
    accepted = page.locator(f"#meter-{meter_pk}").get_by_role("table").first
    text = accepted.inner_text()
    assert "123,456 m³" in text and "23,456 m³" in text  # the use since 100,000 m³
    assert page.locator(f"#meter-{meter_pk}").get_by_role("table").count() == 1  # none waiting
    checked(page)
