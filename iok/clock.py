"""The one place IOK asks what day and what time it is.

Every rule that depends on "today" (what is overdue, which month may be
billed, which contracts end soon, when a one-time password expires) reads it
here, so a test, a demo or a back-dated run moves one clock and everything
follows. Days are local (Europe/Warsaw): a charge due on the 10th is overdue
from the 11th in Poland, whatever the server's own zone."""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    """This instant, aware (UTC inside, local when shown)."""
    return timezone.now()


def today() -> datetime.date:
    """Today's date in Poland."""
    return timezone.localdate(now())


def local(moment: datetime.datetime | None = None) -> datetime.datetime:
    """`moment` (default: now) in Polish local time."""
    return timezone.localtime(moment or now())
