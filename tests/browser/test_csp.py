"""The Content-Security-Policy in a real browser: the charts draw, htmx swaps, the confirm dialog asks
and the API docs render, and Chromium reports no violation of the policy and no console error."""
import pytest
from playwright.sync_api import Page, expect

from .conftest import SECRETARIAT, log_in
from .test_council_pages import NEW_MEETING_DAY, plan_meeting

pytestmark = pytest.mark.browser

# Installed before any of the page's own scripts, through the developer protocol (not subject to the policy).
LISTEN = """document.addEventListener("securitypolicyviolation", e =>
    (window.__violations = window.__violations || [])
        .push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


@pytest.fixture
def watched(page: Page) -> Page:
    """The page, with every policy violation and console error it reports in `page.problems`."""
    page.problems = []
    page.add_init_script(LISTEN)
    page.on("console", lambda message: message.type in ("error", "warning") and page.problems.append(
        f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    return page


def problems(page: Page) -> list[str]:
    """What the page and its console reported so far (call before leaving the page)."""
    return page.problems + page.evaluate("window.__violations || []")


def assert_chart_drawn(page: Page, selector: str) -> None:
    canvas = page.locator(f"{selector} canvas").first
    expect(canvas).to_be_attached()
    box = canvas.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, box


@pytest.mark.parametrize(("path", "chart"), [
    ("/strategi/", None),
    ("/strategi/indikatorer/pll-andel-befolkning/", "#indicator-chart"),
    ("/koblinger/graf/?objekt=initiative:pll", "#link-graph-chart"),
    ("/portefolje/avhengigheter/", "#dependency-chart"),
    ("/kostnader/betalingsplikt/", "#gate-timeline"),
    ("/kostnader/investeringer/", "#forecast-chart"),
    ("/prioritering/modeller/ehelseraad-2022/", None),
])
def test_pages_with_charts_draw_them_within_the_policy(watched: Page, path: str, chart: str | None):
    assert watched.goto(path).status == 200
    if chart:
        assert_chart_drawn(watched, chart)
        watched.locator(chart).hover()  # the tooltip: an HTML one would use style attributes
    assert problems(watched) == []


def test_prioritisation_session_page(watched: Page):
    from radsmodell.priority.models import ScoringSession

    council_2022 = ScoringSession.objects.get(title="Tiltak for 2023 – prioritering")
    assert watched.goto(council_2022.get_absolute_url()).status == 200
    expect(watched.locator("table:visible").first).to_be_visible()  # the download box folds its own table
    assert problems(watched) == []


def test_the_documents_stylesheet_applies(watched: Page):
    """The notice's own <style> block is allowed by its hash: its headings get their rule line."""
    watched.goto("/moter/nuit/2024-05-15/innkalling.html")
    border = watched.locator("h2").first.evaluate("h => getComputedStyle(h).borderBottomStyle")
    assert border == "solid"
    assert problems(watched) == []


def test_classes_that_replaced_inline_styles_apply(watched: Page):
    watched.goto("/prioritering/modeller/ehelseraad-2022/")
    padding = watched.locator('#criteria th[data-depth="1"]').first.evaluate("th => getComputedStyle(th).paddingLeft")
    assert padding == "24px"  # 1.5rem
    watched.goto("/strategi/")
    assert watched.locator("ul.grid-cards").first.evaluate("ul => getComputedStyle(ul).listStyleType") == "none"
    assert problems(watched) == []


def test_api_docs_render_from_static_files(watched: Page):
    requests = []
    watched.on("request", lambda request: requests.append(request.url))
    watched.goto("/api/docs")
    expect(watched.locator(".swagger-ui .info .title")).to_contain_text("Rådsmodell API")
    expect(watched.locator(".opblock").first).to_be_visible()
    assert problems(watched) == []
    assert all(url.startswith(watched.url.split("/api/")[0]) for url in requests), requests  # no CDN


def test_htmx_swap_and_confirm_dialog_as_the_secretariat(watched: Page):
    page = watched
    log_in(page, *SECRETARIAT)
    plan_meeting(page, "NUIT", NEW_MEETING_DAY)
    add = page.get_by_role("region", name="Legg til sak")
    add.get_by_role("textbox", name="Tittel").fill("Testsak")
    add.get_by_label("Sakstype").select_option(index=1)
    add.get_by_role("button", name="Legg til sak").click()
    expect(page.get_by_role("status")).to_contain_text("Saken er lagt til")

    # htmx swaps the agenda in place (a boosted form, its CSRF token sent with it)
    url = page.url
    page.get_by_role("button", name="Flytt opp: Testsak").click()
    expect(page.locator("#agenda tbody tr").nth(1)).to_contain_text("Testsak")
    assert page.url == url
    # the confirm dialog (core/confirm.js) asks first
    page.get_by_role("button", name="Fjern: Testsak").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Fjerne «Testsak» fra dagsordenen?")
    dialog.get_by_role("button", name="Fjern").click()
    expect(page.get_by_role("status")).to_contain_text("«Testsak» er fjernet fra dagsordenen.")
    assert problems(page) == []


def test_an_inline_script_is_refused(watched: Page):
    """The check can fail: code put into the page as an inline script is blocked and reported."""
    watched.goto("/")
    watched.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.__ran = true"; document.body.append(s); }""")
    watched.wait_for_function("(window.__violations || []).length > 0")
    assert watched.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src") for v in problems(watched))
