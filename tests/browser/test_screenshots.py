"""Screenshots of the main panel and the kartoteka, for docs/screenshots
(`make screenshots`); in a plain test run they go to a temporary folder."""

import os
from pathlib import Path

PAGES = {"panel": "/", "kartoteka": "operacje/"}


def test_the_main_panel_and_the_kartoteka_can_be_photographed(site, page, request, tmp_path):
    folder = Path(os.environ.get("IOK_SCREENSHOTS_DIR") or tmp_path)
    width = request.node.callspec.params["page"]
    page.goto(site.url + "/konto/logowanie/")
    page.fill("input[name=username]", "najemca")
    page.fill("input[name=password]", "najemca-demo-2026")
    page.click("main form button")
    page.wait_for_url(lambda url: "/konto/" not in url)
    panel = folder / f"panel-{width}.png"
    page.screenshot(path=panel, full_page=True)
    page.click("a[href$='/operacje/']")
    page.wait_for_url("**/operacje/**")
    page.locator("main details summary").first.click()
    kartoteka = folder / f"kartoteka-{width}.png"
    page.screenshot(path=kartoteka, full_page=True)
    for picture in (panel, kartoteka):
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert picture.stat().st_size > 10_000, picture  # a page, not a blank
