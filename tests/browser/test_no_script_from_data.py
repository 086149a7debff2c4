"""No script from data: every name that reaches a chart, its tooltip, a graph label or the chart's table
is stored as markup and as ECharts rich-text markup, each chart's tooltips are opened one by one, and
nothing runs: the names show as the text they are, on the canvas and in the tables.

The pages run with their Content-Security-Policy switched off, so the test finds markup built from data
in our scripts even though the policy would stop it from running.
"""
import itertools

import pytest
from playwright.sync_api import Page, expect

from .conftest import SECRETARIAT, TIMEOUT_MS, log_in

pytestmark = pytest.mark.browser

# Fits the 60 characters of a solution's short name behind a number of two digits.
PAYLOAD = '<img src=x onerror=__xss=1>"><script>alert()</script>{a|x}'

# Every chart's items, one tooltip after the other: what the tooltip draws on the canvas (the text of
# the pieces ECharts lays out from its rich text), so "{a|x}" read as markup would be missing there.
# (An HTML tooltip, which no chart should have, gives its text content.)
OPEN_EVERY_TOOLTIP = """(selector) => {
    const chart = echarts.getInstanceByDom(document.querySelector(selector));
    const view = chart._componentsViews.find(v => v && v._tooltipContent);
    const texts = [];
    chart.getModel().eachSeries((series, seriesIndex) => {
        for (let dataIndex = 0; dataIndex < series.getData().count(); dataIndex++) {
            chart.dispatchAction({type: "showTip", seriesIndex, dataIndex});
            chart.getZr().flush();
            const el = view._tooltipContent.el;
            if (el instanceof Element) texts.push(el.textContent);
            else if (el) texts.push(el.childrenRef().map(c => (c.style && c.style.text) || "").join("")
                                    .replace(/\\u200b/g, ""));
        }
    });
    chart.dispatchAction({type: "hideTip"});
    return texts;
}"""

# Markup the payload would have made had any of it been parsed as HTML.
INJECTED = """() => document.querySelectorAll(
    'img[src="x"], script:not([src]):not([type="application/json"])').length"""


def hostile(n: int) -> str:
    return f"{n}{PAYLOAD}"


@pytest.fixture
def hostile_names(demo):
    """Every text a chart shows, stored as the payload (each with its own number, to keep names apart)."""
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    from radsmodell.costs.models import InvestmentCase, PaymentGate
    from radsmodell.council.models import Case
    from radsmodell.portfolio.models import EpjVendor, Initiative, NationalSolution
    from radsmodell.priority.models import ScoringSession
    from radsmodell.strategy.models import Area, Goal, Indicator, Observation

    for model, fields in [(PaymentGate, ["service"]), (NationalSolution, ["name", "short_name"]),
                          (Initiative, ["name", "short_name"]), (EpjVendor, ["name"]), (Area, ["name"]),
                          (Indicator, ["name"]), (Goal, ["name"]), (Case, ["title"]), (ScoringSession, ["title"]),
                          (InvestmentCase, ["name"])]:
        numbers = itertools.count(1)
        for pk in model.objects.values_list("pk", flat=True):
            n = next(numbers)
            model.objects.filter(pk=pk).update(**{field: hostile(n) for field in fields})
    # The demo's investment cases name no solution; the forecast draws one series per solution.
    solutions = list(NationalSolution.objects.all()[:2])
    for index, pk in enumerate(InvestmentCase.objects.values_list("pk", flat=True)):
        InvestmentCase.objects.filter(pk=pk).update(solution=solutions[index % 2])
    Observation.objects.exclude(measure="").update(measure=Concat(F("measure"), Value(" " + PAYLOAD)))
    measured = Observation.objects.exclude(measure="").values_list("indicator__slug", flat=True).first()
    return measured or Indicator.objects.filter(observations__isnull=False).values_list("slug", flat=True).first()


@pytest.fixture
def unguarded(browser, base_url):
    """A page with the policy switched off, noting every dialog the page opens."""
    context = browser.new_context(base_url=base_url, locale="nb-NO", bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def assert_nothing_ran(page: Page) -> None:
    page.evaluate("() => new Promise(done => setTimeout(done, 100))")  # an image's error event comes later
    assert page.evaluate("typeof window.__xss") == "undefined", page.url
    assert page.dialogs == [], page.url
    assert page.evaluate(INJECTED) == 0, page.url


def check_chart(page: Page, path: str, chart: str, table: str) -> None:
    page.goto(path)
    expect(page.locator(f"{chart} canvas").first).to_be_attached()
    page.wait_for_function("(s) => window.echarts && echarts.getInstanceByDom(document.querySelector(s))", arg=chart)
    # A real hover first, on the middle of the chart, then every item's tooltip in turn.
    box = page.locator(chart).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    texts = page.evaluate(OPEN_EVERY_TOOLTIP, chart)
    assert_nothing_ran(page)
    assert texts, f"{path}: no tooltip opened"
    assert any(PAYLOAD in text for text in texts), (path, texts[:3])
    expect(page.locator(table)).to_contain_text(PAYLOAD)


@pytest.mark.parametrize("reader", ["public", "secretariat"])
def test_names_with_markup_are_shown_as_text_in_every_chart_and_run_nothing(unguarded: Page, hostile_names, reader):
    page = unguarded
    if reader == "secretariat":
        log_in(page, *SECRETARIAT)
    check_chart(page, "/kostnader/betalingsplikt/", "#gate-timeline", "#gates")
    check_chart(page, "/kostnader/investeringer/", "#forecast-chart", "#forecast")
    check_chart(page, "/portefolje/avhengigheter/", "#dependency-chart", "#solution-counts")
    check_chart(page, f"/strategi/indikatorer/{hostile_names}/", "#indicator-chart", "#indicator-data-table")
    check_chart(page, "/koblinger/graf/?objekt=initiative%3Apll&steg=2", "#link-graph-chart", "#link-graph-table")
    # The indicator cards draw their charts on the server, as SVG with the names as text.
    page.goto("/strategi/indikatorkort.html")
    expect(page.locator("svg text", has_text=PAYLOAD).first).to_be_attached()
    assert_nothing_ran(page)
