"""The address failed logins are counted by, behind reverse proxies or not."""

from django.test import RequestFactory

from iok.access.lockout import client_ip


def request(forwarded=None):
    extra = {"REMOTE_ADDR": "192.168.0.10"}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_connection_is_the_client_and_the_header_is_ignored(settings):
    settings.IOK_PROXY_COUNT = 0
    assert client_ip(request("6.6.6.6")) == "192.168.0.10"


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(settings):
    settings.IOK_PROXY_COUNT = 1
    assert client_ip(request("6.6.6.6, 83.1.2.3")) == "83.1.2.3"


def test_behind_two_proxies_a_forged_first_entry_is_ignored(settings):
    settings.IOK_PROXY_COUNT = 2
    assert client_ip(request("6.6.6.6, 83.1.2.3, 10.0.0.2")) == "83.1.2.3"


def test_a_missing_header_falls_back_to_the_connection(settings):
    settings.IOK_PROXY_COUNT = 1
    assert client_ip(request()) == "192.168.0.10"
