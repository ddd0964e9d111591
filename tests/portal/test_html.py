"""The portal's HTML helpers escape exactly as Django's format_html does."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from iok.portal.html import html, joined


@given(st.text(), st.text())
def test_html_escapes_every_value_as_format_html_does(first, second):
    template = '<a href="{}" title="{}">x</a>'
    assert html(template, first, second) == format_html(template, first, second)


def test_html_keeps_what_is_already_safe_and_escapes_the_rest():
    made = html("<p>{} {}</p>", mark_safe("<b>bold</b>"), "<i>not</i>")
    assert made == "<p><b>bold</b> &lt;i&gt;not&lt;/i&gt;</p>"
    assert isinstance(made, SafeString)


def test_html_turns_a_lazy_translation_into_text():
    assert html("<p>{}</p>", gettext_lazy("Reading")) == "<p>Odczyt</p>"


def test_joined_escapes_the_parts_that_are_not_safe():
    made = joined("\n", [html("<li>{}</li>", "a&b"), "<script>"])
    assert made == "<li>a&amp;b</li>\n&lt;script&gt;"
    assert isinstance(made, SafeString)
