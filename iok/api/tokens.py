"""Issuing, finding and revoking API tokens.

A token reads `iok_<prefix>_<secret>`: the prefix (8 random characters)
finds its row by a unique index, the SHA-256 digest of the whole token
checks it, compared in constant time. The secret is 32 random bytes (256
bits): a digest of it cannot be reversed by guessing, which is what Argon2's
deliberate slowness guards against for passwords people choose; here it
would only cost every API call tens of milliseconds of CPU and make a flood
of bad tokens a cheap way to load the server."""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iok import clock
from iok.api.models import ApiToken
from iok.api.scopes import Scope

PREFIX = "iok_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    system: str,
    scopes: list[str],
    *,
    expires: datetime.datetime | None = None,
    created_by: str = "",
) -> tuple[ApiToken, str]:
    """A new token for `system` with `scopes`: the row, and the token itself,
    which is shown once and never stored."""
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise ValidationError(
            {"scopes": _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}}
        )
    if not system.strip():
        raise ValidationError({"system": _("Name the system that will use the token.")})
    if expires is not None and expires <= clock.now():
        raise ValidationError({"expires": _("The expiry must be in the future.")})
    row = ApiToken(
        system=system.strip(), scopes=sorted(set(scopes)), expires=expires, created_by=created_by
    )
    token = assign(row)
    row.save()
    return row, token


def assign(row: ApiToken) -> str:
    """Give the unsaved `row` a new token; the token, to be shown once."""
    prefix = secrets.token_hex(4)
    token = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    row.token_prefix, row.token_hash = prefix, digest(token)
    return token


def find(token: str) -> ApiToken | None:
    """The valid (not expired, not revoked) token row of `token`, or None."""
    if not token.startswith(PREFIX):
        return None
    prefix, _sep, secret = token.removeprefix(PREFIX).partition("_")
    if not secret:
        return None
    row = ApiToken.objects.filter(token_prefix=prefix).first()
    if row is None or not hmac.compare_digest(row.token_hash, digest(token)):
        return None
    if not row.is_valid():
        return None
    _mark_used(row)
    return row


def _mark_used(row: ApiToken) -> None:
    """Last use, written at most every IOK_API_LAST_USED_EVERY seconds; an
    UPDATE of the one column, so it is bookkeeping, not an audited change."""
    now = clock.now()
    every = datetime.timedelta(seconds=settings.IOK_API_LAST_USED_EVERY)
    if row.last_used is None or now - row.last_used >= every:
        ApiToken.objects.filter(pk=row.pk).update(last_used=now)
        row.last_used = now


@transaction.atomic
def revoke(row: ApiToken) -> bool:
    """Revoke the token from now on; False if it was revoked already."""
    if row.revoked is not None:
        return False
    row.revoked = clock.now()
    row.save(update_fields=["revoked"])
    return True
