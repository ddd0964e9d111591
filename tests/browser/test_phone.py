"""Every page a tenant reads, on a phone 360 px wide: the amounts and the
balance are on the screen without scrolling sideways (a table's rows stack
into labelled blocks), and the chart's text is big enough to read."""

import pytest

from tests.browser.conftest import PHONE, login

WIDTH = PHONE["width"]

# Every amount of the page (the column heads, hidden on a phone, aside), with
# the details rows opened so that the tables inside them (an entry's
# components, a month's entries) are measured too.
AMOUNTS = """() => {
  document.querySelectorAll("main details").forEach(d => { d.open = true; });
  return [...document.querySelectorAll(
    "main td.amount, main .balance, main .facts dd")]
    .filter(el => el.textContent.trim() && el.getClientRects().length)
    .map(el => {
      const box = el.getBoundingClientRect();
      return {text: el.textContent.trim().slice(0, 40), left: box.left, right: box.right};
    });
}"""

# The size at which each text of the charts is drawn on the screen, in px.
CHART_TEXT = """() => [...document.querySelectorAll("main svg text")].map(el => ({
  text: el.textContent.trim(),
  px: parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a,
}))"""


@pytest.fixture(scope="module")
def phone(browser, site):
    """One logged-in tenant on a phone for the whole module."""
    context = browser.new_context(viewport=PHONE, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, site, "najemca", "najemca-demo-2026")
    yield page
    context.close()


def tenant_pages(page, site) -> dict[str, str]:
    """The pages of the tenant's ledger, found through its links."""
    page.goto(site.url + "/")
    panel = page.get_attribute("nav a[href^='/kartoteka/']", "href")
    base = site.url + panel.rstrip("/")
    page.goto(base + "/rozliczenia/")
    detail = page.get_attribute("main table a[href*='/rozliczenia/']", "href")
    page.goto(base + "/operacje/?rok=2026")
    entry = page.get_attribute("main td a[href*='/operacje/']", "href")
    return {
        "panel": base + "/",
        "kartoteka by day": base + "/operacje/?rok=2026",
        "kartoteka by month": base + "/miesiace/?rok=2026",
        "kartoteka by year": base + "/lata/",
        "entry": site.url + entry,
        "contract": base + "/lokal-i-umowa/",
        "readings": base + "/odczyty/",
        "settlements": base + "/rozliczenia/",
        "settlement calculation": site.url + detail,
        "my data": site.url + "/konto/moje-dane/",
    }


@pytest.fixture(scope="module")
def pages(phone, site):
    return tenant_pages(phone, site)


PAGES = [
    "panel",
    "kartoteka by day",
    "kartoteka by month",
    "kartoteka by year",
    "entry",
    "contract",
    "readings",
    "settlements",
    "settlement calculation",
    "my data",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_tenant_page_on_a_phone_shows_every_amount_without_scrolling_sideways(phone, pages, name):
    phone.goto(pages[name])
    amounts = phone.evaluate(AMOUNTS)
    assert amounts, f"{name}: no amounts found"
    off_screen = [a for a in amounts if a["left"] < 0 or a["right"] > WIDTH]
    assert off_screen == [], f"{name}: amounts off the screen: {off_screen[:5]}"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{name}: the page is {width} px wide"


def test_the_chart_text_on_a_phone_is_drawn_at_ten_pixels_or_more(phone, pages):
    phone.goto(pages["readings"])
    texts = phone.evaluate(CHART_TEXT)
    assert texts, "no chart on the readings page"
    small = [t for t in texts if t["px"] < 10]
    assert small == [], f"chart text smaller than 10 px: {small[:5]}"
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_a_stacked_row_names_each_amount_by_its_column(phone, pages):
    phone.goto(pages["kartoteka by day"])
    label = phone.evaluate(
        """() => getComputedStyle(document.querySelector(
          "main table.kartoteka > tbody > tr[id^=entry-] > td.amount[data-label]"), "::before"
        ).content"""
    )
    assert label.strip('"') in {"Naliczenia", "Charges"}
