"""The connections graph in a real browser: ECharts draws the chart, the table beside it lists the
same links, "Sentrer her" recentres, clicking a node opens its page, and axe finds nothing serious."""
from playwright.sync_api import Page, expect

from .conftest import axe_violations


def test_the_graph_around_pll_is_drawn_with_its_table(page: Page):
    page.goto("/portefolje/tiltak/pll/")
    page.locator(".linked-objects").get_by_role("link", name="Se sammenhengene som graf").click()
    expect(page).to_have_url("/koblinger/graf/?objekt=initiative%3Apll")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pasientens legemiddelliste (PLL)")
    expect(page.locator("#link-graph-chart canvas")).to_have_count(1)  # ECharts has drawn
    table = page.locator("#link-graph-table")
    case = "NUIT 17/24 Prinsipper for fordeling av kostnader for drift- og forvaltning av de nasjonale e-helseløsninger"
    expect(table.get_by_role("link", name=case, exact=True).first).to_be_visible()
    serious = [v["id"] for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == []

    table.get_by_role("link", name=f"Sentrer her: {case}").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("NUIT 17/24")
    price_model = page.locator("#link-graph-table").get_by_role("link", name="Helsenettet 2025 (foreløpig forslag)",
                                                                exact=True)
    expect(price_model).to_be_visible()


def test_a_kind_filter_and_two_steps_from_the_form(page: Page):
    page.goto("/koblinger/graf/")
    page.get_by_label("Objekt (type:nøkkel)").fill("initiative:pll")
    page.get_by_label("Steg ut").select_option("2")
    page.get_by_role("checkbox", name="Saker", exact=True).check()
    page.get_by_role("checkbox", name="Prismodeller", exact=True).check()
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("#link-graph-chart canvas")).to_have_count(1)
    table = page.locator("#link-graph-table")
    expect(table.get_by_role("link", name="Helsenettet 2025 (foreløpig forslag)", exact=True).first).to_be_visible()
    expect(table.get_by_role("link", name="Enklere arbeidshverdag")).to_have_count(0)


def test_clicking_a_node_in_the_chart_opens_its_page(page: Page):
    page.emulate_media(reduced_motion="reduce")  # drawn at once, without fading in: clickable right away
    page.goto("/koblinger/graf/?objekt=price_model:helsenettet-2025")
    chart = page.locator("#link-graph-chart")
    expect(chart.locator("canvas")).to_have_count(1)
    # Where ECharts placed the case 17/24 node (the layout is not animated, so it stays there).
    x, y = page.evaluate("""() => {
        const chart = echarts.getInstanceByDom(document.getElementById("link-graph-chart"));
        const data = chart.getModel().getSeriesByIndex(0).getData();
        const index = data.mapArray(i => i).find(i => data.getId(i) === "case:nuit/2024/17");
        return chart.convertToPixel({seriesIndex: 0}, data.getItemLayout(index));
    }""")
    chart.click(position={"x": x, "y": y})
    expect(page).to_have_url("/saker/nuit/2024/17/")
