"""`python -m tests.clocked ARGS…`: `iok ARGS…` on the suite's shared clock
(tests/clock.py), moving on from where the suite's day began."""

import datetime
import sys

import time_machine

from tests.clock import shared_time


def start() -> None:
    """Put this process on the shared clock, ticking, until it ends."""
    moment = datetime.datetime.fromtimestamp(shared_time(), tz=datetime.UTC)
    time_machine.travel(moment, tick=True).start()


def main() -> None:
    start()
    from iok.manage import main as iok

    sys.argv = ["iok", *sys.argv[1:]]
    iok()


if __name__ == "__main__":
    main()
