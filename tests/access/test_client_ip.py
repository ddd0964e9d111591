"""The address failed logins are counted by and the audit records, behind
reverse proxies or not: X-Forwarded-For is believed only from a trusted
proxy (IOK_TRUSTED_PROXIES), read right to left past every trusted one."""

from django.test import RequestFactory

from iok.access.lockout import client_ip


def request(forwarded=None, remote="192.168.0.10"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_connection_is_the_client_and_the_header_is_ignored(settings):
    settings.IOK_TRUSTED_PROXIES = []
    assert client_ip(request("6.6.6.6")) == "192.168.0.10"


def test_a_connection_that_is_not_a_trusted_proxy_is_not_believed(settings):
    settings.IOK_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(request("6.6.6.6")) == "192.168.0.10"


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(settings):
    settings.IOK_TRUSTED_PROXIES = ["192.168.0.10"]
    assert client_ip(request("6.6.6.6, 83.1.2.3")) == "83.1.2.3"


def test_behind_two_proxies_a_forged_first_entry_is_ignored(settings):
    settings.IOK_TRUSTED_PROXIES = ["192.168.0.0/24", "10.0.0.2"]
    assert client_ip(request("6.6.6.6, 83.1.2.3, 10.0.0.2")) == "83.1.2.3"


def test_a_client_cannot_pose_as_a_trusted_proxy_further_left(settings):
    settings.IOK_TRUSTED_PROXIES = ["192.168.0.10", "10.0.0.2"]
    # 10.0.0.2 written by the client left of its own address is never reached.
    assert client_ip(request("10.0.0.2, 83.1.2.3")) == "83.1.2.3"


def test_a_missing_header_falls_back_to_the_connection(settings):
    settings.IOK_TRUSTED_PROXIES = ["192.168.0.10"]
    assert client_ip(request()) == "192.168.0.10"


def test_an_entry_that_is_not_an_address_stops_at_the_last_trusted_hop(settings):
    settings.IOK_TRUSTED_PROXIES = ["192.168.0.10", "10.0.0.2"]
    assert client_ip(request("83.1.2.3, nonsense, 10.0.0.2")) == "10.0.0.2"


def test_ipv6_proxies_and_clients(settings):
    settings.IOK_TRUSTED_PROXIES = ["::1"]
    assert client_ip(request("2001:db8::7", remote="::1")) == "2001:db8::7"
