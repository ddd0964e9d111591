"""What a browser submits when a form is sent as it was rendered.

A test client posting a form's initial data would post `7,80` back and
succeed; a browser does not: an `<input type="number">` whose value is not a
number in the HTML sense (a point, no comma) is emptied before it is shown
and sent empty. So this reads the page's HTML the way a browser fills a
form (the HTML standard's value sanitization and form data set, for the
controls the admin uses), and the tests post exactly that."""

import re
from html.parser import HTMLParser

# HTML's "valid floating-point number": what survives in a number input.
FLOATING_POINT = re.compile(r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?")
NOT_SENT = {"submit", "button", "reset", "image", "file"}


def sanitized(kind: str, value: str) -> str:
    """An input's value after the browser's value sanitization algorithm."""
    if kind == "number":
        return value if FLOATING_POINT.fullmatch(value) else ""
    if kind in {"text", "search", "tel", "password"}:
        return value.replace("\n", "").replace("\r", "")
    return value


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: list[tuple[str, str]] = []
        self.select: dict | None = None
        self.option: dict | None = None
        self.textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "input":
            self._input(attrs)
        elif tag == "select":
            self.select = {**attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}
            self.select["options"].append(self.option)
        elif tag == "textarea":
            self.textarea = {**attrs, "text": ""}

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "form":
            self.inside = False
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            self._selected(self.select)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self._add(self.textarea, self.textarea["text"].removeprefix("\n").replace("\r\n", "\n"))
            self.textarea = None

    def _input(self, attrs):
        kind = attrs.get("type", "text").lower()
        if kind in NOT_SENT:
            return
        if kind in {"checkbox", "radio"}:
            if "checked" in attrs:
                self._add(attrs, attrs.get("value", "on"))
            return
        self._add(attrs, sanitized(kind, attrs.get("value", "")))

    def _selected(self, select):
        options = select["options"]
        chosen = [option for option in options if option["selected"]]
        if not chosen and options and "multiple" not in select:
            chosen = options[:1]  # a drop-down always shows, and sends, one option
        for option in chosen:
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self._add(select, value)

    def _add(self, attrs, value):
        if attrs.get("name") and "disabled" not in attrs:
            self.data.append((attrs["name"], value))


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    """The name/value pairs the form with this id sends, as the test client takes them."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data
