"""Decimal and money fields (iok/forms.py): typed the Polish way, shown the
Polish way, in a text input a browser does not empty, with refusals that
name the value and the problem; and the model fields' form fields are them,
in the admin as in any other form."""

from decimal import Decimal

import pytest
from django import forms as django_forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from iok import forms
from iok.ledger.models import Rate
from iok.registry.models import PropertyValue


def refusal(field, text) -> str:
    with pytest.raises(ValidationError) as refused:
        field.clean(text)
    return " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("7,80", "7.80"),
        ("7.80", "7.80"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),  # as format_money prints it
        ("1\u202f234\u202f567,5", "1234567.5"),
        ("1234,56", "1234.56"),
        (" 12 ", "12"),
        ("-12,5", "-12.5"),
        ("\u221212,5", "-12.5"),
        ("+3", "3"),
        (",5", "0.5"),
        ("12,", "12"),
    ],
)
def test_a_number_is_read_with_a_comma_or_a_point_and_spaces_between_thousands(typed, number):
    assert forms.parse_decimal(typed) == Decimal(number)


@pytest.mark.parametrize("typed", ["abc", "12 34", "1234 567", "1e5", "NaN", "Infinity", "-", ","])
def test_what_is_not_a_number_is_refused_naming_it(typed):
    assert refusal(forms.DecimalField(), typed) == (
        f"„{typed}” nie jest liczbą; wpisz ją tak: 1234,56 albo 1 234,56."
    )


def test_a_comma_and_a_point_together_are_refused_saying_which_is_which():
    assert refusal(forms.MoneyField(), "1.234,56") == (
        "„1.234,56” ma i przecinek, i kropkę: część dziesiętną oddziel przecinkiem,"
        " a tysiące spacją (albo niczym)."
    )


def test_a_fraction_of_a_grosz_is_refused_not_rounded():
    field = forms.MoneyField()
    assert refusal(field, "7,805") == (
        "„7,805” zawiera ułamek grosza: kwota ma najwyżej dwa miejsca po przecinku."
    )
    assert field.clean("7,800") == Decimal("7.80")


def test_too_many_decimal_places_are_refused_naming_how_many_are_allowed():
    assert refusal(forms.DecimalField(places=3), "52,4001") == (
        "„52,4001” ma więcej niż 3 miejsca po przecinku."
    )


def test_a_value_beyond_the_limits_is_refused_naming_the_limit():
    field = forms.MoneyField(min_value=Decimal(0), max_value=Decimal("1000"))
    assert refusal(field, "-0,01") == (
        "„-0,01” to mniej niż 0,00, najmniejsza wartość dozwolona w tym polu."
    )
    assert refusal(field, "1 000,01") == (
        "„1000,01” to więcej niż 1000,00, największa wartość dozwolona w tym polu."
    )


def test_a_number_of_more_digits_than_can_be_kept_is_refused():
    assert "za dużo cyfr" in refusal(forms.MoneyField(), "9" * 40)


def test_an_empty_value_is_none_or_required():
    assert forms.MoneyField(required=False).clean("  ") is None
    assert refusal(forms.MoneyField(), "") == "To pole jest wymagane."


def test_the_messages_are_english_in_the_english_interface():
    with translation.override("en"):
        assert refusal(forms.DecimalField(), "x") == (
            '"x" is not a number; type it like 1234,56 or 1 234,56.'
        )


def test_a_float_is_refused_outright():
    with pytest.raises(TypeError):
        forms.parse_decimal(7.8)


class Prices(django_forms.Form):
    amount = forms.MoneyField()
    area = forms.DecimalField(places=3)


def test_an_amount_renders_with_a_comma_in_a_text_input_with_the_number_keyboard():
    html = str(Prices(initial={"amount": Decimal("1234.50"), "area": Decimal("2.000")}))
    assert 'type="text" name="amount" value="1234,50" inputmode="decimal"' in html
    assert 'name="area" value="2"' in html  # two persons, not "2,000"
    assert 'type="number"' not in html


def test_a_quantity_shows_the_decimals_it_has():
    field = forms.DecimalField(places=3)
    assert field.prepare_value(Decimal("52.400")) == "52,4"
    assert field.prepare_value(Decimal("0.000")) == "0"
    assert field.prepare_value(Decimal("-12.125")) == "-12,125"


def test_a_form_sent_back_as_shown_has_not_changed():
    initial = {"amount": Decimal("7.80"), "area": Decimal("2.000")}
    form = Prices(data={"amount": "7,80", "area": "2"}, initial=initial)
    assert form.is_valid() and not form.has_changed()
    assert form.cleaned_data == initial


def test_what_was_typed_is_shown_back_as_typed_when_the_form_is_refused():
    form = Prices(data={"amount": "7,805", "area": "1 234,5"})
    assert not form.is_valid()
    assert 'value="7,805"' in str(form["amount"])
    assert form.cleaned_data["area"] == Decimal("1234.5")


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2))
def test_an_amount_shown_is_read_back_as_the_same_amount(amount):
    field = forms.MoneyField()
    assert field.clean(field.prepare_value(amount)) == amount


@given(st.integers(min_value=0, max_value=10**15))
def test_an_amount_grouped_by_thousands_is_read_as_the_amount(grosze):
    amount = Decimal(grosze).scaleb(-2)
    printed = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    assert forms.MoneyField().clean(printed) == amount


def test_the_model_fields_take_these_form_fields():
    rate_amount = Rate._meta.get_field("amount").formfield()
    value = PropertyValue._meta.get_field("value").formfield()
    assert isinstance(rate_amount, forms.MoneyField) and rate_amount.places == 2
    assert isinstance(value, forms.DecimalField) and value.places == 3
    assert isinstance(value.widget, forms.DecimalInput)


def test_the_admin_gets_a_text_input_not_its_number_input(db):
    """The admin asks every integer field, these included, for a number
    input; a browser would show `7,80` in it as empty."""
    request = RequestFactory().get("/")
    field = admin.site._registry[Rate].formfield_for_dbfield(
        Rate._meta.get_field("amount"), request
    )
    assert isinstance(field.widget, forms.DecimalInput)
    assert 'type="text"' in field.widget.render("amount", "7,80")


def test_the_model_field_reads_text_the_same_way():
    field = Rate._meta.get_field("amount")
    assert field.to_python("1 234,56") == Decimal("1234.56")
    with pytest.raises(ValidationError):
        field.to_python("1.234,56")
