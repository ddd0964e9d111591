"""Two processes sending the same applications at the same moment leave
each one waiting once."""

import textwrap

import pytest

from tests.processes import fresh_database, python_at_once, run

SEND = textwrap.dedent("""
    from iok.access.applications import submit
    from iok.access.models import AccessRequest
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
        created = [int(out) for out in python_at_once(env, [SEND.format(count=COUNT)] * 2)]
        assert sum(created) == COUNT
        count = run(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from iok.access.models import AccessRequest; print(AccessRequest.objects.count())",
        ).stdout.strip()
        assert count == str(COUNT)
