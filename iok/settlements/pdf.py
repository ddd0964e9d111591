"""The settlement as a PDF for the tenant: the same calculation as the page,
in Polish whatever the reader's browser speaks (see iok/pdf.py)."""

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf.enums import XPos, YPos

from iok.ledger.money import format_money
from iok.pdf import LINE, Document, polish
from iok.settlements.presentation import meaning, readable


def _d(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _q(value) -> str:
    return f"{value:.3f}".replace(".", ",")


@polish
def settlement_pdf(settlement) -> bytes:
    calc = readable(settlement.document)
    dates = {"first": _d(calc["first"]), "last": _d(calc["last"])}
    title = _("Utility settlement %(first)s–%(last)s") % dates
    pdf = Document(title)
    pdf.heading(title)
    contract = settlement.contract
    pdf.paragraph(
        _("Contract %(number)s, %(premises)s")
        % {"number": contract.number, "premises": contract.premises}
    )
    if settlement.is_correction:
        pdf.paragraph(
            _("Correction no. %(revision)d: the calculation after corrected data.")
            % {"revision": settlement.revision}
        )
    for row in calc["components"]:
        _component(pdf, row)
    pdf.paragraph(
        _("Cost of the period: %(cost)s; advances charged: %(advances)s.")
        % {"cost": format_money(calc["cost"]), "advances": format_money(calc["advances"])}
    )
    pdf.paragraph(
        _("Booked now: %(amount)s (%(meaning)s).")
        % {"amount": format_money(settlement.amount), "meaning": meaning(settlement.amount)},
        bold=True,
    )
    return pdf.as_bytes()


def _component(pdf: Document, row) -> None:
    pdf.paragraph(row["name"], bold=True)
    pdf.multi_cell(
        0,
        LINE,
        _("Consumption: %(quantity)s %(unit)s, %(how)s.")
        % {"quantity": _q(row["consumption"]), "unit": row["unit"], "how": row["method_label"]},
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.multi_cell(
        0,
        LINE,
        _("Days metered by readings: %(metered)s; days estimated: %(estimated)s.")
        % {"metered": row["metered_days"], "estimated": row["estimated_days"]},
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    for part in row["parts"]:
        pdf.multi_cell(
            0,
            LINE,
            f"  {_d(part['first'])}–{_d(part['last'])}: {_q(part['quantity'])} {row['unit']}"
            f" ({part['method_label']}{', ' + part['meter'] if part['meter'] else ''})",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    for piece in row["prices"]:
        pdf.multi_cell(
            0,
            LINE,
            _("  %(first)s–%(last)s (%(days)d days): %(quantity)s %(unit)s × %(price)s")
            % {
                "first": _d(piece["first"]),
                "last": _d(piece["last"]),
                "days": piece["days"],
                "quantity": _q(piece["quantity"]),
                "unit": row["unit"],
                "price": format_money(piece["price"]),
            },
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.multi_cell(
        0,
        LINE,
        _("Cost %(cost)s (VAT %(vat)s), advances %(advances)s, difference %(difference)s.")
        % {
            "cost": format_money(row["cost"]),
            "vat": format_money(row["vat"]),
            "advances": format_money(row["advances"]),
            "difference": format_money(row["difference"]),
        },
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(3)
