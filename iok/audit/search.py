"""Finding audit events: by object, by person, by date and by action."""

import datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iok.audit.models import AuditEvent
from iok.audit.signals import audited_models

CONTRACTORS_AT_MOST = 50
# The text index holds the text's runs of three characters (trigrams): a
# shorter piece has none to look up and would read the whole log.
TEXT_AT_LEAST = 3


def _type_choices():
    types = ContentType.objects.get_for_models(*audited_models()).values()
    named = sorted((str(ct.model_class()._meta.verbose_name), ct.pk) for ct in types)
    return [("", _("any"))] + [(pk, name) for name, pk in named]


class SearchForm(forms.Form):
    object_type = forms.TypedChoiceField(
        label=_("Object type"), coerce=int, required=False, empty_value=None
    )
    object_id = forms.IntegerField(label=_("Object id"), required=False, min_value=1)
    object_text = forms.CharField(
        label=_("Object (text)"),
        required=False,
        min_length=TEXT_AT_LEAST,
        max_length=100,
        help_text=_("At least three letters or digits of its name, number or address."),
    )
    actor = forms.CharField(label=_("Who (login)"), required=False, max_length=150)
    contractor = forms.CharField(
        label=_("Contractor"),
        required=False,
        max_length=100,
        help_text=_(
            "PESEL, NIP or name: events on the contractor and their contracts, ledgers and logins."
        ),
    )
    since = forms.DateField(label=_("From"), required=False)
    until = forms.DateField(label=_("To"), required=False)
    action = forms.ChoiceField(
        label=pgettext_lazy("audit log", "Action"),
        required=False,
        choices=[("", _("any")), *AuditEvent.Action.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = _type_choices()

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The first day is after the last one."))
        if data.get("object_id") and not data.get("object_type"):
            self.add_error("object_type", _("Choose the type of the object the id belongs to."))
        return data


def search(data: dict):
    """The events that match every filter given in `data` (a SearchForm's cleaned_data)."""
    events = AuditEvent.objects.select_related("content_type")
    if data.get("object_type"):
        events = events.filter(content_type_id=data["object_type"])
        if data.get("object_id"):
            events = events.filter(
                Q(object_id=data["object_id"]) | naming_in_bulk(data["object_id"])
            )
    if data.get("object_text"):
        events = events.filter(naming_text(data["object_text"]))
    if data.get("actor"):
        events = events.filter(actor_username__iexact=data["actor"])
    if data.get("contractor"):
        events = events.filter(of_contractors(find_contractors(data["contractor"])))
    if data.get("since"):
        events = events.filter(when__gte=_start_of(data["since"]))
    if data.get("until"):
        events = events.filter(when__lt=_start_of(data["until"] + datetime.timedelta(days=1)))
    if data.get("action"):
        events = events.filter(action=data["action"])
    return events


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def find_contractors(text: str) -> list[int]:
    from iok.registry.models import Contractor

    text = text.strip()
    compact = "".join(ch for ch in text if ch.isalnum())
    found = Contractor.objects.filter(
        Q(pesel=compact) | Q(nip=compact) | Q(last_name__iexact=text) | Q(company_name__iexact=text)
    )
    if " " in text:
        first, _sep, last = text.partition(" ")
        found = found | Contractor.objects.filter(
            first_name__iexact=first.strip(), last_name__iexact=last.strip()
        )
    return list(found.values_list("pk", flat=True)[:CONTRACTORS_AT_MOST])


def of_contractors(ids: list[int]) -> Q:
    """Events on the contractors, their contract parties, contracts, ledgers,
    the entries of those ledgers, their properties and their logins."""
    from iok.access.models import Account
    from iok.ledger.models import Entry, Ledger
    from iok.registry.models import Contract, Contractor, ContractParty, PropertyValue

    if not ids:
        return Q(pk__in=[])
    contracts = _pks(Contract.objects.filter(parties__in=ids))
    ledgers = _pks(Ledger.objects.filter(contract__in=contracts))
    on = {
        Contractor: ids,
        ContractParty: _ids(ContractParty.objects.filter(contractor__in=ids)),
        Contract: contracts,
        Ledger: ledgers,
        Entry: _ids(Entry.objects.filter(ledger__in=ledgers)),
        PropertyValue: _ids(PropertyValue.objects.filter(contract__in=contracts)),
        Account: _ids(Account.objects.filter(contractor__in=ids)),
    }
    types = ContentType.objects.get_for_models(*on)
    found = Q(pk__in=[])
    for model, pks in on.items():
        found |= Q(content_type=types[model], object_id__in=pks)
    for pk in ledgers:  # bulk writes that name the ledger (billing, bulk booking)
        found |= Q(content_type=types[Ledger]) & naming_in_bulk(pk)
    return found


def _pks(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def _ids(queryset):
    """The ids of `queryset`'s objects, for `object_id__in` next to their type.
    SQLite looks a subquery's ids up in audit_object (type, id) one by one and
    caps a statement's parameters (32,766), which a list of every entry of
    fifty contractors could pass. PostgreSQL cannot use `id IN (subquery)`
    inside the OR of types: it would read every event of the type (every
    entry's) and test each against the subquery; a list it looks up in
    audit_object, and its statements take any number of them."""
    if connection.vendor == "sqlite":
        return queryset.values("pk")
    return _pks(queryset)


def naming_in_bulk(pk: int) -> Q:
    """The bulk writes whose list of ids names `pk`. Only bulk events carry
    such a list, and the partial index audit_bulk holds only them: the LIKE
    reads the few bulk events, not the whole log (migration 0007)."""
    return Q(action=AuditEvent.Action.BULK, object_ids__contains=f",{pk},")


def naming_text(text: str) -> Q:
    """The events whose object's text holds `text`, in any case (Polish
    letters too), read through the text index of migration 0008.
    PostgreSQL: Django's `icontains`, UPPER(object_repr) LIKE UPPER('%text%'),
    served by the trigram index on that expression. SQLite: the phrase
    `text` in the FTS5 trigram table, which matches any substring of three
    characters or more, case folded the Unicode way (SQLite's own LIKE folds
    only A-Z, so this also finds 'Łódź' by 'łódź', as PostgreSQL does)."""
    if connection.vendor != "sqlite":
        return Q(object_repr__icontains=text)
    phrase = '"' + text.replace('"', '""') + '"'  # one FTS5 string, taken literally
    return Q(pk__in=RawSQL("SELECT rowid FROM audit_text WHERE audit_text MATCH %s", [phrase]))
