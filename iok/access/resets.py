"""The password reset e-mail, as a job: the request only queues it, the
worker decides whether there is anything to send.

The reset form's page must answer in the same time whether or not the
address belongs to a login: so the request does the same work for every
address (one job queued, nothing looked up, no mail server contacted), and
only the job finds the logins with that confirmed address and mails them."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from iok.jobs.models import Job
from iok.jobs.running import Failed, Outcome, start


def queue_reset(email: str, domain: str, use_https: bool, extra: dict | None = None) -> Job:
    """Queue the reset of `email`; `extra` is more of the e-mail's context
    (plain values: it waits in the database)."""
    title = _("Password reset requested for %(email)s") % {"email": email}
    payload = {"email": email, "domain": domain, "use_https": use_https, "extra": extra or {}}
    return start(Job.Kind.PASSWORD_RESET, title, payload)


def deliver(job: Job, progress) -> Outcome:
    """The job's handler: mail a reset link to each login whose confirmed
    address this is (none: nothing is sent, and nothing is wrong)."""
    from iok.access.forms import ResetPasswordForm

    data = job.payload
    form = ResetPasswordForm({"email": data["email"]})
    if not form.is_valid():
        raise Failed(_("%(email)s is not an e-mail address.") % {"email": data["email"]})
    progress(0, 1, _("Looking for the logins with this address"))
    sent = form.send_links(data["domain"], data["use_https"], data.get("extra"))
    progress(1, 1, _("Done"))
    if not sent:
        return Outcome(_("No login has this confirmed address: nothing was sent."), "", "info")
    return Outcome(
        ngettext(
            "A reset link was sent to %(count)d login.",
            "A reset link was sent to %(count)d logins.",
            sent,
        )
        % {"count": sent}
    )
