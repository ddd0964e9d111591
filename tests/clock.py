"""The suite's clock, in this process and in every process the tests start.

The test process stands still at FROZEN_AT (tests/conftest.py). A real
server or command a test starts (the browser tests' site, the concurrency
tests' workers) cannot stand still, since sessions and two-step codes must
move on; so it runs at FROZEN_AT plus the real time elapsed since the suite
began, started by `python -m tests.clocked`. Every process then agrees on
what time it is, and none of them on the machine's own date."""

import datetime
import os
from zoneinfo import ZoneInfo

from time_machine import escape_hatch

FROZEN_AT = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
TODAY = FROZEN_AT.date()
# The machine's real time when the suite began, handed to the processes it starts.
START_ENV = "IOK_TEST_CLOCK_STARTED"


def _real_time() -> float:
    return escape_hatch.time.time() if escape_hatch.is_travelling() else __import__("time").time()


def started() -> float:
    """The real time the suite began (set once, on first use, in the test process)."""
    return float(os.environ.setdefault(START_ENV, repr(_real_time())))


def shared_time() -> float:
    """Seconds since the epoch on the clock every process of the suite shares."""
    return FROZEN_AT.timestamp() + (_real_time() - started())
