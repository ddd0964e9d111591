"""IOK behind a reverse proxy (nginx, a load balancer): which connections are
the company's own proxies, the client's address they forward, and whether a
request came over HTTPS.

Only a connection from IOK_TRUSTED_PROXIES is believed about anything it says
in a header: its X-Forwarded-For, its X-Request-ID, its IOK_PROXY_SSL_HEADER.
From anyone else these headers are the client's own words: X-Forwarded-For is
ignored and the proxy SSL header is removed before Django reads it, so nobody
can pose as another address (and dodge a lockout) or as HTTPS."""

import functools
import ipaddress
import logging

from django.conf import settings
from django.core.checks import Error, Warning, register

logger = logging.getLogger(__name__)


@functools.cache
def _networks(configured: tuple) -> tuple:
    return tuple(ipaddress.ip_network(str(item), strict=False) for item in configured)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted(address) -> bool:
    """Is `address` (text or an ip_address) one of IOK_TRUSTED_PROXIES?"""
    if isinstance(address, str):
        address = _address(address)
    if address is None:
        return False
    return any(address in network for network in _networks(tuple(settings.IOK_TRUSTED_PROXIES)))


def from_trusted_proxy(request) -> bool:
    return is_trusted(request.META.get("REMOTE_ADDR", ""))


def client_ip(request) -> str:
    """The address of whoever sent the request.

    The connection's own address, unless it is a trusted proxy: then
    X-Forwarded-For is read from the right (each proxy appends the address
    it saw), past every trusted proxy, and the first address that is not
    one is the client's. Anything further left was written by the client
    and is never believed. An entry that is not an address ends the walk at
    the last trusted hop."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not from_trusted_proxy(request):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hop = remote
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(entry)
        if address is None:
            return hop
        hop = str(address)
        if not is_trusted(address):
            return hop
    return hop


def https_expected() -> bool:
    """Production serves over HTTPS only: secure cookies, HSTS."""
    return not settings.DEBUG and settings.SESSION_COOKIE_SECURE


class ProxyMiddleware:
    """First in MIDDLEWARE, before SecurityMiddleware reads the scheme: drops
    the proxy SSL header a client sent itself, and logs once that HTTPS is
    expected but a request came as plain HTTP with no proxy header to say
    otherwise (the proxy is not telling IOK, or IOK is not told to listen)."""

    warned = False

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if header and not from_trusted_proxy(request):
            request.META.pop(header[0], None)
        if not request.is_secure() and https_expected() and not header:
            self._warn(request)
        return self.get_response(request)

    @classmethod
    def _warn(cls, request):
        if cls.warned or request.path == "/healthz":
            return
        cls.warned = True
        logger.warning(
            "A plain-HTTP request arrived while HTTPS is expected and IOK_PROXY_SSL_HEADER is "
            "not set: secure cookies are not sent back over it, so logins and forms fail. Set "
            "IOK_PROXY_SSL_HEADER (e.g. X-Forwarded-Proto) and IOK_TRUSTED_PROXIES for the "
            "proxy in front of IOK (docs/deploy.md)."
        )


@register("iok", deploy=True)
def proxy_configuration(app_configs=None, **kwargs):
    """What `iok check --deploy` says about serving behind a proxy."""
    if settings.DEBUG:
        return []
    found = []
    if getattr(settings, "IOK_LOCAL_PREVIEW", False):
        found.append(
            Error(
                "IOK_LOCAL_PREVIEW is on: cookies are sent over plain HTTP and the demo's bank "
                "numbers are served. It is for `make serve` on 127.0.0.1 only; unset it.",
                id="iok.E101",
            )
        )
        return found
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if not header and not settings.SECURE_SSL_REDIRECT:
        found.append(
            Warning(
                "HTTPS is expected (secure cookies, HSTS) but IOK_PROXY_SSL_HEADER is not set "
                "and IOK_SSL_REDIRECT is false: behind a TLS-terminating proxy every request "
                "looks like plain HTTP and every form is refused.",
                hint="Set IOK_PROXY_SSL_HEADER=X-Forwarded-Proto and IOK_TRUSTED_PROXIES to "
                "the proxy's address (docs/deploy.md).",
                id="iok.W101",
            )
        )
    return found
