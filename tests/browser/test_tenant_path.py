"""The tenant's whole path in a real browser, on a desktop and a phone:
one-time password → forced change → terms → main panel → kartoteka → an
expanded row; axe-core on every page on the way."""

from tests.browser.axe import serious_violations
from tests.browser.conftest import login

NEW_PASSWORD = "Moje-nowe-haslo-do-kartoteki"  # noqa: S105 - a test login's password

ISSUE_LOGIN = """
from iok.access.logins import issue_login
from iok.registry.models import ContractParty
party = ContractParty.objects.filter(role="main", contract__premises__kind="residential",
                                     contract__end__isnull=True).order_by("-pk").first()
user, password = issue_login(party.contractor)
print(user.username, password)
"""


def checked(page, visited: list):
    """The page has one h1 and passes axe-core; remember it for the summary."""
    assert page.locator("h1").count() == 1, page.url
    assert serious_violations(page) == [], page.url
    visited.append(page.url)


def test_a_tenant_goes_from_the_one_time_password_to_an_expanded_kartoteka_row(site, page):
    username, one_time = site.shell(ISSUE_LOGIN).split()[-2:]
    visited = []

    page.goto(site.url + "/konto/logowanie/")
    checked(page, visited)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", one_time)
    page.click("main button[type=submit], main form button")

    page.wait_for_url("**/konto/haslo/**")
    page.goto(site.url + "/")  # every page leads back to the change form until it is done
    page.wait_for_url("**/konto/haslo/**")
    checked(page, visited)
    page.fill("input[name=old_password]", one_time)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("main form button")

    page.wait_for_url("**/konto/regulamin/**")
    checked(page, visited)
    page.check("input[name=accept]")
    page.click("main form button")

    page.wait_for_url(lambda url: "/konto/" not in url)
    checked(page, visited)
    assert page.get_by_text("zł").first.is_visible()

    page.click("a[href$='/operacje/']")
    page.wait_for_url("**/operacje/**")
    checked(page, visited)
    row = page.locator("main details").first
    assert row.get_attribute("open") is None
    row.locator("summary").click()
    assert row.get_attribute("open") is not None
    assert row.locator("table, dl").first.is_visible()
    assert len(visited) == 5


def test_every_portal_page_of_the_demo_tenant_passes_axe(site, page):
    page.goto(site.url + "/konto/logowanie/")
    page.fill("input[name=username]", "najemca")
    page.fill("input[name=password]", "najemca-demo-2026")
    page.click("main form button")
    page.wait_for_url(lambda url: "/konto/" not in url)
    links = {
        site.url + href
        for href in page.eval_on_selector_all(
            "main a[href^='/kartoteka/'], nav a[href^='/kartoteka/']",
            "links => links.map(a => a.getAttribute('href'))",
        )
    }
    assert len(links) >= 4
    for url in sorted(links):
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert serious_violations(page) == [], url


def test_a_settlement_calculation_of_the_demo_tenant_passes_axe(site, page):
    """The settlement's own page is one level below the menu's pages."""
    login(page, site, "najemca", "najemca-demo-2026")
    page.click("nav a[href$='/rozliczenia/']")
    page.click("main a[href*='/rozliczenia/']:not([href$='/pdf/'])")
    assert "/rozliczenia/" in page.url and page.locator("h1").count() == 1
    assert serious_violations(page) == [], page.url
