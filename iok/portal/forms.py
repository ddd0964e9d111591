from django import forms
from django.utils.translation import gettext_lazy as _

from iok import clock


class YearForm(forms.Form):
    """The year of the kartoteka to show, one of the years the ledger has
    entries in; the latest when none is asked for or the one asked is not
    there. The field is `rok` because the tenant reads it in the address."""

    rok = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, years: list[int], query):
        self.latest = years[-1] if years else clock.today().year
        super().__init__(query if "rok" in query else None, initial={"rok": self.latest})
        self.fields["rok"].choices = [(year, year) for year in reversed(years or [self.latest])]

    @property
    def year(self) -> int:
        return self.cleaned_data["rok"] if self.is_bound and self.is_valid() else self.latest
