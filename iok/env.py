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
