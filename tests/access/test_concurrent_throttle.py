"""Two processes (two gunicorn workers) counting the same form and key at
the same moment lose no request: the count is in the database."""

import textwrap

import pytest

from tests.processes import fresh_database, python_at_once, run

COUNT_UP = textwrap.dedent("""
    import datetime
    from iok.access.throttle import HOUR, _count
    now = datetime.datetime(2026, 11, 28, 9, 30, tzinfo=datetime.UTC)
    seen = [_count("application:address", "83.1.2.3", HOUR, now) for _ in range({count})]
    print(" ".join(map(str, seen)))
""")
COUNT = 30


@pytest.mark.slow
def test_two_workers_counting_one_address_at_once_lose_no_request(tmp_path):
    with fresh_database(tmp_path) as env:
        outputs = python_at_once(env, [COUNT_UP.format(count=COUNT)] * 2)
        seen = [int(number) for out in outputs for number in out.split()]
        # Each request saw its own count: 1 to 60, none twice.
        assert sorted(seen) == list(range(1, 2 * COUNT + 1))
        total = run(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from iok.access.models import ThrottleCount as T; print(T.objects.get().count)",
        ).stdout.strip()
        assert total == str(2 * COUNT)
