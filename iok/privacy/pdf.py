"""The RODO export as a PDF to print or keep: the same data as the HTML
page, set in DejaVu (every Polish letter), in the site's language."""

from django.utils.translation import gettext as _

from iok.formats.filters import quantity as _quantity
from iok.ledger.money import format_money
from iok.pdf import Document, polish


def _day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _moment(value) -> str:
    return value.strftime("%d.%m.%Y %H:%M") if value else ""


def _event(event: dict) -> str:
    labels = {
        "login": _("logged in"),
        "failure": _("failed login"),
        "locked_out": _("failed login, locked out"),
        "failures_counted": _("failed logins counted: %(count)s")
        % {"count": event.get("failures")},
    }
    return labels[event["event"]]


@polish
def export_pdf(data: dict) -> bytes:
    pdf = Document(_("Your personal data"))
    c = data["contractor"]
    pdf.heading(_("Personal data held about %(name)s") % {"name": c["name"]})
    pdf.small(_("Prepared on %(when)s.") % {"when": _moment(data["generated"])})
    pdf.ln(3)
    pdf.heading(_("Contractor data"), 12)
    for label, value in [
        ("PESEL", c["pesel"]),
        ("NIP", c["nip"]),
        ("REGON", c["regon"]),
        (_("Address"), f"{c['street']}, {c['postal_code']} {c['city']}"),
        (_("E-mail"), c["email"]),
        (_("Phone"), c["phone"]),
    ]:
        if value:
            pdf.paragraph(f"{label}: {value}")
    for contract in data["contracts"]:
        _contract(pdf, contract)
    for login in data["logins"]:
        _login(pdf, login)
    if data["access_requests"]:
        pdf.heading(_("Applications for a login"), 12)
        for r in data["access_requests"]:
            pdf.paragraph(
                f"{_moment(r['submitted'])}: {r['first_name']} {r['last_name']}, "
                f"PESEL {r['pesel']}, {r['premises_address']}, {r['contract_number']}; "
                f"{r['status_label']}"
            )
    return pdf.as_bytes()


def _contract(pdf: Document, contract: dict) -> None:
    pdf.heading(_("Contract %(number)s") % {"number": contract["number"]}, 12)
    end = _day(contract["end"]) or _("open-ended")
    parties = ", ".join(f"{p['name']} ({p['role_label']})" for p in contract["parties"])
    pdf.paragraph(f"{contract['kind_label']}, {_day(contract['start'])} – {end}")
    pdf.paragraph(f"{contract['premises']['address']}")
    pdf.paragraph(_("Parties: %(parties)s") % {"parties": parties})
    for p in contract["properties"]:
        pdf.small(f"{p['name']}: {_quantity(p['value'])} {p['unit']} ({_day(p['valid_from'])})")
    ledger = contract["ledger"]
    if ledger:
        pdf.ln(2)
        pdf.paragraph(
            _("Ledger: account %(account)s, balance %(balance)s")
            % {"account": ledger["virtual_account"], "balance": format_money(ledger["balance"])},
            bold=True,
        )
        for e in ledger["entries"]:
            pdf.small(
                f"{e['id']}. {_day(e['operation_date'])} {e['kind_label']}: {e['title']} "
                f"{format_money(e['amount'])}"
            )
    for meter in contract["meters"]:
        pdf.ln(2)
        pdf.paragraph(f"{meter['medium_label']} {meter['serial_number']}", bold=True)
        for r in meter["readings"]:
            pdf.small(f"{_day(r['date'])}: {_quantity(r['value'])} {meter['unit']}")


def _login(pdf: Document, login: dict) -> None:
    pdf.heading(_("Login %(login)s") % {"login": login["login"]}, 12)
    pdf.paragraph(
        _("Created %(created)s, last login %(last)s")
        % {"created": _moment(login["created"]), "last": _moment(login["last_login"]) or "–"}
    )
    for event in login["access_log"]:
        pdf.small(f"{_moment(event['time'])} {_event(event)} {event['ip_address'] or ''}")
