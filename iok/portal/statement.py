"""The facts the accessibility statement (deklaracja dostępności) names, as the
act of 4 April 2019 on the digital accessibility of public bodies' websites
requires: who publishes the portal, when it was published and last updated,
when the statement was prepared and reviewed, whom to contact, and where the
customer office is.

Each company states its own through settings named IOK_STATEMENT_<FIELD>
(for example IOK_STATEMENT_BODY); until they are set the statement names the
demo's fictional company in Dębnica Podlaska."""

import datetime
from dataclasses import dataclass, fields

from django.conf import settings


@dataclass(frozen=True)
class StatementFacts:
    body: str = "Zakład Gospodarki Mieszkaniowej w Dębnicy Podlaskiej"
    published: datetime.date = datetime.date(2026, 11, 28)
    updated: datetime.date = datetime.date(2026, 11, 28)
    prepared: datetime.date = datetime.date(2026, 11, 28)
    reviewed: datetime.date = datetime.date(2026, 11, 28)
    contact_person: str = "Maria Nowak"
    email: str = "dostepnosc@zgm-debnica.example"
    phone: str = "+48 85 000 00 00"
    office: str = "ul. Rynek 1, 17-100 Dębnica Podlaska"
    # The office building's entrance, lifts, toilets and parking, in the
    # company's words; empty: the statement asks readers to contact us.
    building: str = ""


def statement_facts() -> StatementFacts:
    """The facts from settings, each falling back to the demo's."""
    given = {
        field.name: getattr(settings, f"IOK_STATEMENT_{field.name.upper()}")
        for field in fields(StatementFacts)
        if getattr(settings, f"IOK_STATEMENT_{field.name.upper()}", None) is not None
    }
    return StatementFacts(**given)
