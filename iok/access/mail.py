"""The one way IOK sends e-mail: a template triple rendered in the current
language, plain text with an HTML alternative, sent by a background job.

The message is rendered in the request (in its language, from its objects)
and sent by the worker (`iok worker`, docs/jobs.md), which tries again when
the mail server cannot be reached or refuses for now. A slow or absent mail
server therefore never slows or breaks a page, and the office's jobs page
shows a message that could not be sent, with the reason."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from iok.jobs.models import Job
from iok.jobs.running import Outcome, start


def render(name: str, context: dict) -> dict:
    """The subject, text and HTML of `templates/emails/<name>…`."""
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    return {
        "subject": subject,
        "text": render_to_string(f"emails/{name}.txt", context),
        "html": render_to_string(f"emails/{name}.html", context),
    }


def send_templated_mail(name: str, context: dict, to: list[str]) -> bool:
    """Send `templates/emails/<name>_subject.txt`, `<name>.txt` and
    `<name>.html` to `to` in the background; return False only when the
    sending is known to have failed already (when jobs run inside the
    request, IOK_JOBS_IMMEDIATE), else True: the job records how it went."""
    message = render(name, context)
    facts = {"subject": message["subject"], "to": ", ".join(to)}
    title = _("E-mail “%(subject)s” to %(to)s") % facts
    job = start(Job.Kind.MAIL, title, {"name": name, "to": list(to), **message})
    return job.state != Job.State.FAILED


def send_now(name: str, context: dict, to: list[str]) -> None:
    """Render and send at once, from inside a job; raises OSError (smtplib's
    errors are OSErrors too) when the server does not take it."""
    _send(render(name, context), to)


def _send(message: dict, to: list[str]) -> None:
    email = EmailMultiAlternatives(message["subject"], message["text"], to=to)
    email.attach_alternative(message["html"], "text/html")
    email.send()


def deliver(job: Job, progress) -> Outcome:
    """The mail job's handler: send the message rendered when it was queued."""
    data = job.payload
    progress(0, 1, _("Sending"))
    _send(data, data["to"])
    progress(1, 1, _("Sent"))
    return Outcome(_("Sent to %(to)s.") % {"to": ", ".join(data["to"])})
