"""A production site whose jobs run inside the request is misconfigured."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility, deploy=True)
def jobs_leave_the_request(app_configs, **kwargs):
    if settings.IOK_JOBS_IMMEDIATE:
        return [
            checks.Warning(
                "IOK_JOBS_IMMEDIATE is true: e-mail, imports and settlement runs run inside "
                "the request, and a password reset's answer takes longer for a known address.",
                hint="Unset IOK_JOBS_IMMEDIATE in production and run `iok worker` (docs/jobs.md).",
                id="iok.jobs.W001",
            )
        ]
    return []
