"""Strict readers for environment variables.

A typo in production configuration must stop the process with a message that
names the variable, not fall back to a default silently.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def envint(name: str, default: int) -> int:
    raw = envstr(name)
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def envdigits(name: str, default: str, length: int | None = None) -> str:
    raw = envstr(name, default).replace(" ", "")
    if not raw.isdigit() or (length is not None and len(raw) != length):
        size = f"{length} digits" if length else "digits only"
        raise ImproperlyConfigured(f"{name} must be {size}, not {raw!r}.")
    return raw


def envdate(name: str):
    """A date written YYYY-MM-DD, or None when the variable is not set."""
    import datetime

    raw = envstr(name)
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a date written YYYY-MM-DD, not {raw!r}."
        ) from None


def envdecimals(name: str, default: dict, keys) -> dict:
    """Either one number for every key ("2.5"), or key=number pairs separated
    by commas ("cold_water=2,hot_water=1.5"); keys not named keep their
    default. Decimal comma or point."""
    from decimal import Decimal, InvalidOperation

    raw = envstr(name)
    values = {key: Decimal(str(value)) for key, value in default.items()}
    if not raw:
        return values

    def number(text):
        try:
            value = Decimal(text.strip().replace(",", "."))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value <= 0:
            raise ImproperlyConfigured(f"{name}: {text!r} is not a positive number.")
        return value

    if "=" not in raw:
        return {key: number(raw) for key in keys}
    for pair in raw.split(","):
        key, _sep, text = pair.partition("=")
        key = key.strip()
        if key not in keys:
            raise ImproperlyConfigured(f"{name}: {key!r} is not one of {', '.join(keys)}.")
        values[key] = number(text)
    return values


def envdays(name: str, default: str) -> frozenset:
    """Days of the month written as ranges and single days: "1-7",
    "25-31,1-3", "10"."""
    raw = envstr(name, default)
    days = set()
    for part in raw.split(","):
        first, _sep, last = part.strip().partition("-")
        try:
            first_day = int(first)
            last_day = int(last) if _sep else first_day
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list days of the month such as 1-7 or 25-31,1-3, not {raw!r}."
            ) from None
        if not 1 <= first_day <= last_day <= 31:
            raise ImproperlyConfigured(
                f"{name}: {part.strip()!r} is not a range of days between 1 and 31."
            )
        days.update(range(first_day, last_day + 1))
    return frozenset(days)


def envaccounts(name: str, default: str) -> list[str]:
    """Comma-separated account numbers, each an NRB with right check digits
    (PL or not, spaced or not), as their 26 digits."""
    from iok.ledger.nrb import compact, is_valid

    accounts = [compact(item).removeprefix("PL") for item in envlist(name, default)]
    for account in accounts:
        if len(account) != 26 or not account.isdigit() or not is_valid(account):
            raise ImproperlyConfigured(
                f"{name}: {account} is not a valid Polish account number (NRB)."
            )
    return accounts


def envamount(name: str, default: str):
    """An amount in złoty, decimal comma or point ("500,00"), to the grosz."""
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(envstr(name, default).replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ImproperlyConfigured(f"{name} must be an amount in złoty, like 500,00.") from None


# ---- Deployment (iok/proxy.py, iok/logs.py): see docs/deploy.md ---------------


def envnetworks(name: str) -> tuple:
    """Comma-separated IP addresses or networks in CIDR ("127.0.0.1,
    10.0.0.0/24, ::1"), as ipaddress networks; empty: none."""
    import ipaddress

    networks = []
    for item in envlist(name):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or a network such as 10.0.0.0/24."
            ) from None
    return tuple(networks)


def envheader(name: str) -> str:
    """An HTTP header's name ("X-Forwarded-Proto"), or empty."""
    import re

    raw = envstr(name)
    if raw and not re.fullmatch(r"[A-Za-z0-9-]+", raw):
        raise ImproperlyConfigured(
            f"{name} must be a header's name such as X-Forwarded-Proto, not {raw!r}."
        )
    return raw


def envorigins(name: str) -> list[str]:
    """Comma-separated origins, each with its scheme: https://iok.example.pl."""
    origins = envlist(name)
    for origin in origins:
        if not origin.startswith(("https://", "http://")) or origin.count("/") != 2:
            raise ImproperlyConfigured(
                f"{name}: {origin!r} must be an origin with its scheme and no path, "
                "such as https://iok.example.pl."
            )
    return origins


def envmailboxes(name: str) -> list[tuple[str, str]]:
    """Comma-separated mailboxes, `Name <address>` or a bare address, as
    (name, address) pairs."""
    from email.utils import parseaddr

    boxes = []
    for item in envlist(name):
        box_name, address = parseaddr(item)
        if "@" not in address or " " in address:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an e-mail address; write "
                "Name <name@example.pl> or name@example.pl, separated by commas."
            )
        boxes.append((box_name or address, address))
    return boxes


def refuse_retired(name: str, instead: str) -> None:
    """A variable IOK no longer reads stops the process rather than being
    silently ignored."""
    if envstr(name):
        raise ImproperlyConfigured(f"{name} is no longer read: {instead}")
