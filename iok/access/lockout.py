"""Who is locked out after failed logins, and the client address it is
counted by.

The policy (docs/access.md, ASVS 2.2.1): five failures of one login from one
address lock that pair for 15 minutes (django-axes), so nobody can lock a
tenant or the administrator out from somewhere else; and
IOK_ADDRESS_FAILURE_LIMIT failures from one address, whatever the logins,
lock the address, which stops one machine trying a password on many logins."""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

from iok import clock, proxy


def client_ip(request) -> str:
    """The address of whoever sent the request, failed logins are counted by:
    the connection's, or the one a trusted proxy forwards (iok/proxy.py;
    IOK_TRUSTED_PROXIES). Without it, every tenant behind the proxy would
    share its address and five typos anywhere would lock everybody out."""
    return proxy.client_ip(request)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login. It is given nothing about
    the login typed, so it reads the same whether the login exists or not."""
    context = {
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "access/locked_out.html", context, status=429)


def failures_from(address: str) -> int:
    """Failed logins from `address` still within the cool-off, any login."""
    since = clock.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check of the (login, address) pair, and then the address's."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)
        if failures_from(client_ip(request)) >= settings.IOK_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True  # shown the lockout page, not counted
            raise AxesBackendPermissionDenied("too many failed logins from this address")
