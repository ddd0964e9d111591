from tests.browser.axe import serious_violations


def test_the_accessibility_statement_opens_without_login_and_passes_axe(site, page):
    page.goto(site.url + "/deklaracja-dostepnosci/")
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "pl"
    assert serious_violations(page) == []


def test_the_login_page_passes_axe(site, page):
    page.goto(site.url + "/konto/logowanie/")
    assert page.locator("h1").count() == 1
    assert serious_violations(page) == []
