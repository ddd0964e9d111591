"""The client address django-axes counts failed logins by."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str:
    """The address of whoever sent the request.

    Behind IOK_PROXY_COUNT reverse proxies, each appends the address it saw
    to X-Forwarded-For, so the client is that many entries from the right;
    anything further left was written by the client and cannot be trusted.
    Without this, every tenant would share the proxy's address and five typos
    anywhere would lock everybody out."""
    count = settings.IOK_PROXY_COUNT
    if count > 0:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",")]
        if len(forwarded) >= count and forwarded[-count]:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login. It is given nothing about
    the login typed, so it reads the same whether the login exists or not."""
    context = {
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "access/locked_out.html", context, status=429)
