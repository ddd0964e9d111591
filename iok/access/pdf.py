"""The two printed documents of access: the paper application form and the
credential letter. Both are Polish whatever language the clerk's browser
speaks, because they go to tenants (`iok.pdf.polish`)."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf.enums import XPos, YPos

from iok import clock
from iok.pdf import LINE, Document, polish


@polish
def application_form(apply_online_url: str) -> bytes:
    pdf = Document(_("Application for access to the tenant portal"))
    pdf.heading(_("Application for access to the tenant portal (IOK)"))
    pdf.paragraph(
        _(
            "Fill in the form legibly and hand it in at the office or send it by post. "
            "You can also apply online: %(url)s"
        )
        % {"url": apply_online_url}
    )
    pdf.blank(_("First name and last name"))
    pdf.boxes("PESEL", 11)
    pdf.blank(_("Address of the premises (street, building and premises number, city)"), 2)
    pdf.blank(_("Contract number (as on the contract or on a payment notice)"))
    pdf.blank(_("E-mail address"))
    pdf.blank(_("Phone number"))
    pdf.checkbox(
        _(
            "I consent to receiving correspondence about my contract electronically: "
            "in the tenant portal and at the e-mail address given above (required)."
        )
    )
    pdf.paragraph(
        _(
            "I declare that the data above are true. I will receive my login and a one-time "
            "password in a letter from the office."
        )
    )
    pdf.signature_lines(_("Place and date"), _("Signature of the applicant"))
    _office_part(pdf)
    return pdf.as_bytes()


def _office_part(pdf: Document) -> None:
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)
    pdf.paragraph(_("Filled in by the office"), bold=True)
    pdf.blank(_("Received on, by"))
    pdf.blank(_("Checked against the registry; decision (approved / rejected, reason)"))
    pdf.small(
        _(
            "The personal data in this application are processed only to check it against "
            "the register of contracts and to give the applicant access to the tenant portal. "
            "Information on the processing of personal data is available at the office."
        )
    )


@polish
def credential_letter(
    *,
    name: str,
    address: list[str],
    login: str,
    password: str,
    portal_url: str,
    expires: datetime.datetime,
) -> bytes:
    """The letter that hands a tenant their login and one-time password."""
    pdf = Document(_("Your login to the tenant portal"))
    pdf.cell(0, LINE, _date(clock.today()), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for line in [name, *address]:
        pdf.cell(0, LINE, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(10)
    pdf.heading(_("Your login to the tenant portal (IOK)"))
    pdf.paragraph(
        _(
            "As you asked, we have opened your access to the tenant portal. There you can see "
            "your financial ledger, your balance, the account number for payments and the data "
            "of your premises and contract."
        )
    )
    pdf.value(_("Portal address:"), portal_url)
    pdf.value(_("Login:"), login)
    pdf.value(_("One-time password:"), password)
    pdf.value(_("Valid until:"), _date(expires))
    pdf.ln(4)
    _instructions(pdf, expires)
    return pdf.as_bytes()


def _instructions(pdf: Document, expires) -> None:
    pdf.paragraph(_("How to log in for the first time"), bold=True)
    steps = [
        _("Open the portal address and log in with the login and the one-time password above."),
        _(
            "The portal asks you to choose your own password of at least 12 characters. "
            "Do not use a password you use elsewhere."
        ),
        _("Read and accept the terms of use of the portal."),
        _(
            "In the account settings, give your e-mail address and confirm it: then you can "
            "reset a forgotten password yourself."
        ),
    ]
    for number, step in enumerate(steps, start=1):
        pdf.paragraph(f"{number}. {step}")
    pdf.paragraph(
        _(
            "The one-time password works until %(date)s. If it has expired, or if you did not "
            "ask for access, please contact the office and we will issue a new one."
        )
        % {"date": _date(expires)}
    )
    pdf.paragraph(
        _(
            "Keep this letter where nobody else can read it and destroy it after your first "
            "login. Our staff will never ask you for your password."
        )
    )


def _date(value) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")
