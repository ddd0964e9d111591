"""Every admin change form of the demo town, opened in Chromium by the clerk
and by the City Hall official and saved unchanged: the save succeeds (a
success message, no error list) wherever the login may change the object;
where it may only see it, the page opens without a save button. One object
of every registered model the demo has.

A browser, not the test client, because the failure this guards against is
the browser's: it empties an `<input type="number">` holding a Polish
`7,80` before it shows the form, and sends it empty."""

import json

import pytest

from tests.browser.conftest import DESKTOP, login

LOGINS = {"clerk": ("pracownik", "biuro-demo-2026"), "official": ("urzednik", "urzad-demo-2026")}

# Number inputs the HTML gave a value the browser threw away (a `7,80`).
EMPTIED = """[...document.querySelectorAll("input[type=number]")]
    .filter((input) => input.getAttribute("value") && !input.value)
    .map((input) => input.name)"""

# One object of each registered model, and what each login may do with it.
TARGETS = """
import json
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

users = {name: get_user_model().objects.get(username=name) for name in %(usernames)r}
targets = []
for model, model_admin in sorted(admin.site._registry.items(), key=lambda i: i[0]._meta.label):
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        continue
    meta = model._meta
    rights = {}
    for name, user in users.items():
        request = RequestFactory().get("/")
        request.user = user
        if model_admin.has_change_permission(request, obj):
            rights[name] = "change"
        elif model_admin.has_view_permission(request, obj):
            rights[name] = "view"
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    targets.append({"model": meta.label, "url": url, "rights": rights})
print(json.dumps(targets))
"""


@pytest.fixture(scope="module")
def targets(site):
    usernames = [username for username, _ in LOGINS.values()]
    return json.loads(site.shell(TARGETS % {"usernames": usernames}))


def saved_unchanged(page, url: str) -> str | None:
    """Open the change form, save it as shown; what went wrong, or None."""
    page.goto(url)
    emptied = page.evaluate(EMPTIED)
    if emptied:
        return f"the browser emptied {', '.join(emptied)}"
    with page.expect_navigation():
        page.click("input[name=_save]")
    errors = page.locator(".errornote, .errorlist")
    if errors.count():
        return " | ".join(errors.all_inner_texts())
    if not page.locator(".messagelist .success").count():
        return f"no success message at {page.url}"
    return None


def shown_read_only(page, url: str) -> str | None:
    response = page.goto(url)
    if response.status != 200:
        return f"status {response.status}"
    if page.locator("input[name=_save]").count():
        return "a save button for a login that may only see the object"
    return None


@pytest.mark.parametrize("role", LOGINS)
def test_every_admin_change_form_of_the_demo_saves_unchanged(site, browser, targets, role):
    username, password = LOGINS[role]
    context = browser.new_context(viewport=DESKTOP, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login(page, site, username, password)
        failures, saved = {}, []
        for target in targets:
            right = target["rights"].get(username)
            url = site.url + target["url"]
            if right == "change":
                failure = saved_unchanged(page, url)
                saved.append(target["model"])
            elif right == "view":
                failure = shown_read_only(page, url)
            else:
                continue
            if failure:
                failures[target["model"]] = failure
    finally:
        context.close()
    assert not failures, failures
    # Both logins change the registry; the clerk also rates, prices and norms.
    assert {"registry.Premises", "registry.Contract"} <= set(saved)
    if role == "clerk":
        assert {"ledger.Rate", "settlements.SupplierPrice"} <= set(saved)
