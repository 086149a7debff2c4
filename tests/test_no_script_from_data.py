"""No script from data, in the source: our JavaScript (everything under static/ except vendor/) never
turns a string into markup, and every ECharts tooltip is drawn as rich text on the canvas (ECharts'
default HTML tooltip puts a formatter's string into the page as HTML).

A plain reading of the files, not a parser: it finds the usual ways and the tooltips as we write them
(`tooltip: { … }`). tests/browser/test_no_script_from_data.py checks the pages themselves.
"""
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "radsmodell"
OUR_SCRIPTS = sorted(p for p in PACKAGE.glob("*/static/**/*.js") if "vendor" not in p.relative_to(PACKAGE).parts)
MARKUP_FROM_STRINGS = re.compile(r"\.(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment)\b"
                                 r"|\bdocument\.write(ln)?\b|\bparseFromString\b|\bsrcdoc\b")


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


def _tooltips(source: str) -> list[str]:
    """The text of each `tooltip: { … }` object, braces balanced."""
    found = []
    for match in re.finditer(r"\btooltip\s*:\s*\{", source):
        depth, start = 0, match.end() - 1
        for index in range(start, len(source)):
            depth += {"{": 1, "}": -1}.get(source[index], 0)
            if depth == 0:
                found.append(source[start:index + 1])
                break
    return found


def test_our_scripts_are_found():
    assert {"link_graph.js", "confirm.js", "timeline.js", "forecast.js", "dependencies.js", "indicator.js"} <= {
        p.name for p in OUR_SCRIPTS}


@pytest.mark.parametrize("path", OUR_SCRIPTS, ids=_name)
def test_no_script_builds_markup_from_a_string(path):
    lines = [f"{number}: {line.strip()}" for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if MARKUP_FROM_STRINGS.search(line)]
    assert lines == [], f"{_name(path)} builds markup from a string; use createElement and textContent"


@pytest.mark.parametrize("path", [p for p in OUR_SCRIPTS if "echarts" in p.read_text(encoding="utf-8")], ids=_name)
def test_every_chart_tooltip_is_drawn_as_rich_text(path):
    source = path.read_text(encoding="utf-8")
    tooltips = _tooltips(source)
    assert tooltips, f"{_name(path)} draws a chart: its tooltip should say how it is drawn"
    html = [t for t in tooltips if not re.search(r"""renderMode\s*:\s*["']richText["']""", t)]
    assert html == [], f"{_name(path)}: a tooltip without renderMode: \"richText\""
