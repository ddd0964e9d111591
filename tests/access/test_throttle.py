"""The public forms are throttled per client address and per target: the
access application (per PESEL) and the password reset (per e-mail address).
Over a limit the answer is the same 429 page for a target known or not,
nothing is saved and no mail goes out; the counts live in the database.
Limits are set small here (settings), and the default ones checked apart."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from stdnum.pl import pesel as pesel_number

from iok import clock
from iok.access import throttle
from iok.access.models import AccessRequest, ThrottleCount
from tests.access.helpers import said, without_csrf
from tests.access.test_access_request_form import FILLED

APPLY = reverse("access:request_form")
RESET = reverse("access:password_reset")
TOO_MANY = "Too many requests"
HOUR = datetime.timedelta(hours=1)


def a_pesel(number: int) -> str:
    """A valid PESEL of someone born 1.01.1980, different for each number."""
    start = f"8001010{number:03d}"
    return start + pesel_number.calc_check_digit(start)


def apply(pesel="72050945620", address="83.1.2.3", client=None, language="pl", **changes):
    client = client or Client()
    data = {**FILLED, "pesel": pesel, "last_name": f"Wiśniewska-{pesel[-4:]}", **changes}
    return client.post(APPLY, data, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)


def reset(email="anna@example.pl", address="83.1.2.3", **extra):
    return Client().post(RESET, {"email": email}, REMOTE_ADDR=address, **extra)


@pytest.fixture
def limits(settings):
    settings.IOK_THROTTLE_APPLICATION_PER_ADDRESS = 3
    settings.IOK_THROTTLE_APPLICATION_PER_PESEL = 2
    settings.IOK_THROTTLE_RESET_PER_ADDRESS = 3
    settings.IOK_THROTTLE_RESET_PER_EMAIL = 2
    return settings


def test_the_defaults_are_five_an_hour_per_address_three_a_day_per_pesel_or_an_hour_per_email():
    assert throttle.limits("application") == {"address": 5, "pesel": 3}
    assert throttle.limits("password_reset") == {"address": 5, "email": 3}
    assert throttle.RULES["application"]["pesel"][1] == datetime.timedelta(days=1)
    assert throttle.RULES["password_reset"]["email"][1] == HOUR


@pytest.mark.django_db
def test_one_address_is_refused_after_its_limit_of_applications_and_nothing_is_saved(limits):
    for number in range(3):
        assert apply(a_pesel(number)).status_code == 302
    refused = apply(a_pesel(3))
    assert refused.status_code == 429
    page = refused.content.decode()
    assert said(TOO_MANY) in page
    assert "z jednego adresu sieciowego najwyżej 3 na godzinę" in page
    assert "dla jednego numeru PESEL najwyżej 2 na dobę" in page
    assert AccessRequest.objects.count() == 3
    assert apply(a_pesel(4), address="83.9.9.9").status_code == 302  # another address


@pytest.mark.django_db
def test_one_pesel_is_refused_after_its_limit_from_many_addresses(limits):
    for address in ["83.0.0.1", "83.0.0.2"]:
        assert apply(address=address, contract_number=f"M/{address}").status_code == 302
    assert apply(address="83.0.0.3", contract_number="M/3").status_code == 429
    assert apply(address="83.0.0.4", contract_number="M/4").status_code == 429
    assert AccessRequest.objects.count() == 2
    assert apply(a_pesel(9), address="83.0.0.5").status_code == 302  # another PESEL


@pytest.mark.django_db
def test_the_page_is_the_same_for_a_pesel_in_the_registry_and_one_that_is_not(limits, applicant):
    known, unknown = applicant.pesel, a_pesel(7)
    pages = []
    for pesel, address in [(known, "83.0.1.1"), (unknown, "83.0.2.1")]:
        for count in range(2):
            apply(pesel, address=f"{address}{count}", contract_number=f"X/{count}")
        response = apply(pesel, address=f"{address}9", contract_number="X/9")
        assert response.status_code == 429
        pages.append(without_csrf(response.content))
    assert pages[0] == pages[1]


@pytest.mark.django_db
def test_a_pesel_may_apply_again_the_next_day(limits, time_machine):
    for address in ["83.0.0.1", "83.0.0.2"]:
        apply(address=address, contract_number=f"M/{address}")
    assert apply(address="83.0.0.3", contract_number="M/3").status_code == 429
    # The clock is moved to the next day: the PESEL's daily window is over.
    time_machine.move_to(clock.now() + datetime.timedelta(days=1), tick=False)
    assert apply(address="83.0.0.3", contract_number="M/3").status_code == 302


@pytest.mark.django_db
def test_an_address_may_apply_again_in_the_next_hour_and_old_counts_are_dropped(
    limits, time_machine
):
    for number in range(4):
        apply(a_pesel(number))
    assert AccessRequest.objects.count() == 3
    # The clock is moved an hour on: the address's hourly window is over.
    time_machine.move_to(clock.now() + HOUR, tick=False)
    assert apply(a_pesel(5)).status_code == 302
    address_rows = ThrottleCount.objects.filter(action="application:address")
    assert list(address_rows.values_list("count", flat=True)) == [1]


@pytest.mark.django_db
def test_only_posts_count_and_an_invalid_form_does_not(limits):
    for _ in range(10):
        assert Client().get(APPLY, REMOTE_ADDR="83.1.2.3").status_code == 200
        assert apply(pesel="12345678901").status_code == 200  # checksum wrong: a form error
    assert not ThrottleCount.objects.exists()
    assert apply(a_pesel(1)).status_code == 302


@pytest.mark.django_db
def test_the_same_application_again_is_counted_and_still_told_it_waits(limits):
    assert apply().status_code == 302
    again = apply()
    assert again.status_code == 200 and said("Your application is already waiting") in (
        again.content.decode()
    )
    assert apply().status_code == 429
    assert AccessRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_counts_hold_no_pesel_or_address(limits):
    apply(a_pesel(1))
    stored = " ".join(f"{row.action} {row.key}" for row in ThrottleCount.objects.all())
    assert a_pesel(1) not in stored and "83.1.2.3" not in stored
    assert ThrottleCount.objects.count() == 2


@pytest.mark.django_db
def test_counting_writes_no_audit_event_so_anonymous_posts_cannot_grow_the_log(limits):
    from iok.audit.models import AuditEvent

    for number in range(3):
        apply(a_pesel(number))
    before = AuditEvent.objects.count()
    for number in range(3, 10):
        assert apply(a_pesel(number)).status_code == 429  # a new PESEL counter each time
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_client_is_counted_not_the_proxy(limits):
    limits.IOK_TRUSTED_PROXIES = ["10.0.0.1"]
    for number in range(3):
        client = Client(HTTP_X_FORWARDED_FOR=f"83.0.0.{number}")
        assert apply(a_pesel(number), address="10.0.0.1", client=client).status_code == 302
    client = Client(HTTP_X_FORWARDED_FOR="83.0.0.9")
    assert apply(a_pesel(9), address="10.0.0.1", client=client).status_code == 302


def test_a_password_reset_is_refused_after_the_limit_per_address_and_no_mail_goes_out(
    limits, confirmed, mailoutbox
):
    for number in range(3):
        assert reset(f"nobody{number}@example.pl").status_code == 302
    refused = reset("anna@example.pl")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert said(TOO_MANY) in page
    assert "z jednego adresu sieciowego najwyżej 3 na godzinę" in page
    assert mailoutbox == []
    assert reset("anna@example.pl", address="83.9.9.9").status_code == 302
    assert len(mailoutbox) == 1


def test_one_e_mail_address_is_refused_after_its_limit_from_many_addresses(
    limits, confirmed, mailoutbox
):
    assert reset("anna@example.pl", address="83.0.0.1").status_code == 302
    assert reset(" Anna@Example.PL", address="83.0.0.2").status_code == 302
    assert reset("anna@example.pl", address="83.0.0.3").status_code == 429
    assert len(mailoutbox) == 2


def test_the_reset_page_is_the_same_for_a_known_and_an_unknown_address(
    limits, confirmed, mailoutbox
):
    pages = []
    for email, address in [("anna@example.pl", "83.0.1."), ("nikt@example.pl", "83.0.2.")]:
        for count in range(2):
            reset(email, address=f"{address}{count}")
        response = reset(email, address=f"{address}9")
        assert response.status_code == 429
        pages.append(without_csrf(response.content))
    assert pages[0] == pages[1]


def test_a_reset_may_be_asked_for_again_in_the_next_hour(
    limits, confirmed, mailoutbox, time_machine
):
    for address in ["83.0.0.1", "83.0.0.2"]:
        reset(address=address)
    assert reset(address="83.0.0.3").status_code == 429
    # The clock is moved an hour on: the e-mail address's window is over.
    time_machine.move_to(clock.now() + HOUR, tick=False)
    assert reset(address="83.0.0.3").status_code == 302
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_only_reset_posts_count(limits):
    for _ in range(10):
        assert Client().get(RESET, REMOTE_ADDR="83.1.2.3").status_code == 200
    assert not ThrottleCount.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "application", "password_reset"),
    [
        (
            "pl",
            "Zbyt wiele prób",
            "Limit próśb o odzyskanie hasła: z jednego adresu sieciowego najwyżej 3",
        ),
        ("en", "Too many requests", "A password reset can be asked for at most 3 times"),
    ],
)
def test_the_page_speaks_both_languages(limits, language, application, password_reset):
    for number in range(4):
        response = apply(a_pesel(number), language=language)
    assert response.status_code == 429
    assert f'lang="{language}"' in response.content.decode()
    assert application in response.content.decode()
    for number in range(4):
        response = reset(f"x{number}@example.pl", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 429
    assert password_reset in response.content.decode()


def test_windows_start_on_the_hour_and_at_midnight_utc():
    now = datetime.datetime(2026, 11, 28, 9, 41, 7, tzinfo=datetime.UTC)
    assert throttle.window_start(now, HOUR) == now.replace(minute=0, second=0)
    day = datetime.timedelta(days=1)
    assert throttle.window_start(now, day) == now.replace(hour=0, minute=0, second=0)
