"""The API's docs page (Swagger UI from django-ninja's bundled static files)
works under the site's strict Content-Security-Policy: it renders the
document's operations and the browser refuses nothing."""


def test_the_api_docs_render_the_operations_without_a_csp_violation(site, page):
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused" in message.text else None,
    )
    page.goto(site.url + "/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15000)
    assert "IOK API" in page.locator(".info .title").inner_text()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/ledgers" in path for path in paths)
    assert refused == []
