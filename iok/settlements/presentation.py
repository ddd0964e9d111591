"""A stored calculation made readable: dates, Decimals and Polish words for
the page, the office and the PDF, from the JSON document."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

METHODS = {
    "readings": gettext_lazy("from readings"),
    "prorated": gettext_lazy("from readings, prorated by days"),
    "average": gettext_lazy("estimated from the average daily use"),
    "persons": gettext_lazy("estimated from persons registered × norm"),
}
ESTIMATED = {"average", "persons"}
SOURCES = {
    "average": gettext_lazy("from the average daily use"),
    "persons": gettext_lazy("from persons registered × norm"),
}


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def _decimal(text):
    return Decimal(text) if text is not None else None


def days(count: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _estimated_days(row) -> int:
    """The component's estimated days; a document of version 1 did not keep
    them, so they are counted from its parts (a day counted once)."""
    if "estimated_days" in row:
        return row["estimated_days"]
    found = set()
    for part in row["parts"]:
        if part["method"] in ESTIMATED:
            first = datetime.date.fromisoformat(part["first"])
            found.update(first + datetime.timedelta(days=n) for n in range(part["days"]))
    return len(found)


def _how(row, metered: int, estimated: int) -> str:
    """How the consumption was obtained, in words: a component measured on
    most days and estimated on a few says both, with the days."""
    if not (metered and estimated):
        return METHODS[row["method"]]
    source = SOURCES[row["method"]]  # the weakest method of a mixed component is an estimate
    return _("from readings for %(metered)s, estimated for %(estimated)s %(source)s") % {
        "metered": days(metered),
        "estimated": days(estimated),
        "source": source,
    }


def readable(document: dict) -> dict:
    """The document with dates and amounts as Python values and the method
    of each part in words."""
    components = []
    for row in document["components"]:
        estimated = _estimated_days(row)
        metered = document["days"] - estimated
        components.append(
            {
                **row,
                **{
                    key: _decimal(row[key])
                    for key in (
                        "consumption",
                        "net",
                        "vat",
                        "cost",
                        "advances",
                        "difference",
                        "recommended",
                    )
                },
                "method_label": _how(row, metered, estimated),
                "estimated": row["method"] in ESTIMATED,
                "metered_days": metered,
                "estimated_days": estimated,
                "parts": [
                    {
                        **part,
                        "first": _date(part["first"]),
                        "last": _date(part["last"]),
                        "quantity": Decimal(part["quantity"]),
                        "start_value": _decimal(part["start_value"]),
                        "end_value": _decimal(part["end_value"]),
                        "method_label": METHODS[part["method"]],
                    }
                    for part in row["parts"]
                ],
                "prices": [
                    {
                        **piece,
                        "first": _date(piece["first"]),
                        "last": _date(piece["last"]),
                        "price": Decimal(piece["price"]),
                        "quantity": Decimal(piece["quantity"]),
                    }
                    for piece in row["prices"]
                ],
            }
        )
    return {
        "first": _date(document["first"]),
        "last": _date(document["last"]),
        "days": document["days"],
        "persons": _decimal(document["persons"]),
        "components": components,
        "skipped": document["skipped"],
        "cost": Decimal(document["cost"]),
        "advances": Decimal(document["advances"]),
        "difference": Decimal(document["difference"]),
    }


def meaning(amount: Decimal) -> str:
    """What a settlement's difference means for the tenant."""
    if amount < 0:
        return _("underpayment: to pay")
    if amount > 0:
        return _("overpayment: in your favour")
    return _("settled exactly")
