"""Two processes sending the same applications at the same moment leave
each one waiting once."""

import textwrap
import time

import pytest

from tests.processes import fresh_database, run, start_python

SEND = textwrap.dedent("""
    import time
    from iok.access.applications import submit
    from iok.access.models import AccessRequest
    while time.time() < {start}:
        time.sleep(0.01)
    created = 0
    for n in range({count}):
        application = AccessRequest(
            first_name="Jan", last_name=f"Nowak{{n}}", pesel="66112309312",
            premises_address="ul. Lipowa 1/1", contract_number="M/1",
            consents_to_electronic_correspondence=True,
        )
        created += submit(application)[1]
    print(created)
""")
COUNT = 30


@pytest.mark.slow
def test_two_processes_sending_the_same_applications_at_once_make_each_request_once(tmp_path):
    with fresh_database(tmp_path) as env:
        start = time.time() + 2
        workers = [start_python(env, SEND.format(start=start, count=COUNT)) for _ in range(2)]
        created = []
        for worker in workers:
            out, err = worker.communicate(timeout=120)
            assert worker.returncode == 0, err
            created.append(int(out.strip()))
        assert sum(created) == COUNT
        count = run(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from iok.access.models import AccessRequest; print(AccessRequest.objects.count())",
        ).stdout.strip()
        assert count == str(COUNT)
