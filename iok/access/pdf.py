"""The two printed documents of access: the paper application form and the
credential letter. Both are Polish whatever language the clerk's browser
speaks, because they go to tenants; the text still comes from the catalogue."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from iok import clock

FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
LINE = 6  # mm between lines of running text


class Document(FPDF):
    """An A4 page set in DejaVu, which has every Polish letter."""

    def __init__(self, title: str):
        super().__init__(format="A4")
        for style, path in font_paths().items():
            self.add_font("DejaVu", style, str(path))
        self.set_margins(20, 15, 20)
        self.set_auto_page_break(True, margin=12)
        self.set_title(title)
        self.set_lang(settings.LANGUAGE_CODE)
        self.set_creator("IOK")
        self.add_page()
        self.set_font("DejaVu", size=10.5)

    def heading(self, text: str, size: float = 14) -> None:
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10.5)
        self.ln(3)

    def paragraph(self, text: str, *, bold: bool = False) -> None:
        self.set_font("DejaVu", "B" if bold else "", 10.5)
        self.multi_cell(0, LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10.5)
        self.ln(2)

    def value(self, label: str, value: str) -> None:
        """A label and, in bold, what the reader copies from it."""
        self.cell(55, LINE + 2, label)
        self.set_font("DejaVu", "B", 13)
        self.cell(0, LINE + 2, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10.5)

    def blank(self, label: str, lines: int = 1) -> None:
        """A label with dotted lines to write on by hand."""
        self.cell(0, LINE, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for _line in range(lines):
            self.ln(8)
            self.dotted_line(self.l_margin, self.w - self.r_margin)
        self.ln(3)

    def dotted_line(self, start: float, end: float) -> None:
        self.set_dash_pattern(dash=0.6, gap=0.9)
        self.line(start, self.get_y(), end, self.get_y())
        self.set_dash_pattern()

    def boxes(self, label: str, count: int) -> None:
        """One box per character, as forms ask for a PESEL."""
        self.cell(0, LINE, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        for i in range(count):
            self.rect(self.l_margin + i * 7, self.get_y(), 7, 8)
        self.ln(12)

    def checkbox(self, text: str) -> None:
        self.rect(self.l_margin, self.get_y() + 1, 4.5, 4.5)
        self.set_x(self.l_margin + 8)
        self.multi_cell(0, LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)

    def signature_lines(self, left: str, right: str) -> None:
        self.ln(10)
        half = (self.w - self.l_margin - self.r_margin) / 2
        self.dotted_line(self.l_margin, self.l_margin + half - 10)
        self.dotted_line(self.l_margin + half + 10, self.w - self.r_margin)
        self.ln(1)
        self.set_font("DejaVu", size=8.5)
        self.cell(half + 10, 5, left)
        self.cell(0, 5, right, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10.5)
        self.ln(4)

    def small(self, text: str) -> None:
        self.set_font("DejaVu", size=8.5)
        self.multi_cell(0, 4.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10.5)

    def as_bytes(self) -> bytes:
        return bytes(self.output())


def font_paths() -> dict[str, Path]:
    directory = Path(settings.IOK_PDF_FONT_DIR)
    paths = {style: directory / name for style, name in FONT_FILES.items()}
    for path in paths.values():
        if not path.is_file():
            raise ImproperlyConfigured(
                f"The PDF font {path} is missing, so no PDF with Polish letters can be made. "
                "Install the Debian package fonts-dejavu-core, or set IOK_PDF_FONT_DIR to a "
                f"directory holding {' and '.join(FONT_FILES.values())}."
            )
    return paths


def polish(render):
    """Render a document in the site's language, not the clerk's."""

    def rendered(*args, **kwargs) -> bytes:
        with translation.override(settings.LANGUAGE_CODE):
            return render(*args, **kwargs)

    return rendered


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
