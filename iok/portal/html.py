"""HTML built in Python for the portal's long lists (iok/portal/details.py,
rows.py, readings_html.py): `html()` is Django's `format_html` and
`joined()` its `format_html_join` for parts already built, without
their check of every argument for a lazy translation, which a page of a
few thousand cells pays some two thousand times (a tenth of the day view's
time, docs/benchmarks.md). The escaping is the same: a value that is not
already safe is escaped by `django.utils.html.escape`'s own function
(`html.escape`, quotes included); a lazy translation among the values is
turned to text in the active language, as `str()` does, never kept lazy.
tests/portal/test_html.py holds `html()` to `format_html`'s output."""

from html import escape

from django.utils.safestring import SafeData, SafeString


def _escaped(value) -> str:
    return value if isinstance(value, SafeData) else escape(str(value))


def html(template: str, *values) -> SafeString:
    """`template` (our own markup, with `{}` for each value) with every value escaped."""
    return SafeString(template.format(*map(_escaped, values)))  # nosec B703 - each value escaped


def joined(separator: str, parts) -> SafeString:
    """`parts`, each escaped unless already safe, joined by our own `separator`."""
    return SafeString(separator.join(map(_escaped, parts)))  # nosec B703 - each part escaped
