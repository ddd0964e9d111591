"""`iok worker` as production runs it: a process of its own on a database of
the run's kind (SQLite file or PostgreSQL), picking up a job another process
queued, its progress readable from outside while it runs.

The worker is held still inside the job (its mail sending wrapped in the
worker's process, the code under test unchanged), so the test reads the
progress at a moment it chose, not after a sleep; no timing is asserted."""

import json
import textwrap
import time

from tests.processes import fresh_database, run, start_python

QUEUE = textwrap.dedent("""
    from iok.access.mail import send_templated_mail
    context = {"user": None, "link": "https://iok.example/konto/email/x/", "days": 3}
    send_templated_mail("confirm_email", context, ["anna@example.pl"])
""")

JOB = textwrap.dedent("""
    import json
    from iok.jobs.models import Job
    job = Job.objects.get()
    print(json.dumps({"state": job.state, "done": job.done, "total": job.total,
                      "step": job.step, "attempts": job.attempts, "summary": job.summary}))
""")

# The worker, held still while it sends: it says so in a file and waits for
# the test's file to go on.
WORKER = textwrap.dedent("""
    import pathlib, time
    from django.core.management import call_command
    from iok.access import mail

    here = pathlib.Path({folder!r})
    real = mail._send

    def held(message, to):
        (here / "sending.held").touch()
        while not (here / "sending.go").exists():
            time.sleep(0.02)
        real(message, to)

    mail._send = held
    call_command("worker", "--once")
""")


def job_now(env) -> dict:
    return json.loads(run(env, "shell", "-c", JOB).stdout.strip().splitlines()[-1])


def wait_for(path, worker, limit=120):
    """Until `path` exists (the worker got there) or the worker has ended."""
    deadline = time.monotonic() + limit
    while not path.exists():
        assert worker.poll() is None, worker.communicate()
        assert time.monotonic() < deadline, "the worker never got to the job"
        time.sleep(0.05)


def test_a_worker_process_picks_up_a_queued_job_and_its_progress_shows_while_it_runs(tmp_path):
    with fresh_database(tmp_path / "db") as env:
        env = env | {"IOK_JOBS_IMMEDIATE": "false"}
        run(env, "shell", "-c", QUEUE)
        assert job_now(env)["state"] == "waiting"
        worker = start_python(env, WORKER.format(folder=str(tmp_path)))
        try:
            wait_for(tmp_path / "sending.held", worker)
            running = job_now(env)
            (tmp_path / "sending.go").touch()
            out, err = worker.communicate(timeout=120)
        finally:
            if worker.poll() is None:
                worker.kill()
        assert worker.returncode == 0, err
        done = job_now(env)
    assert running == {
        "state": "running",
        "done": 0,
        "total": 1,
        "step": "Wysyłanie",
        "attempts": 1,
        "summary": "",
    }
    assert done == {
        "state": "done",
        "done": 1,
        "total": 1,
        "step": "Wysłano",
        "attempts": 1,
        "summary": "Wysłano do anna@example.pl.",
    }
    assert "anna@example.pl" in out and "konto/email/x" in out  # the console mail backend
