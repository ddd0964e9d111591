"""Jobs inside the request are the tests' and the demo's setting: a
production check names it."""

from iok.jobs.checks import jobs_leave_the_request


def test_the_deploy_check_warns_when_jobs_run_inside_the_request(settings):
    settings.IOK_JOBS_IMMEDIATE = True
    [warning] = jobs_leave_the_request(None)
    assert warning.id == "iok.jobs.W001" and "iok worker" in warning.hint


def test_the_deploy_check_is_quiet_when_the_worker_runs_the_jobs(settings):
    settings.IOK_JOBS_IMMEDIATE = False
    assert jobs_leave_the_request(None) == []
