"""Line charts of indicator series as inline SVG: no script, so the PDF can hold them.

Pure Python (no Django). Every text is escaped; the numbers are written the Norwegian way.
A chart never stands alone: the page puts a table with the same numbers beside it.
"""
from decimal import Decimal
from html import escape

from radsmodell.core.numbers import number
from radsmodell.core.numbers import percent as percent_text

WIDTH = 620
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_HEIGHT = 56, 16, 12, 160
FONT = 'font-family="DejaVu Sans, sans-serif"'
# Colours with enough contrast on white, told apart by dash pattern and marker shape as well.
COLOURS = ["#1f5fa8", "#c0392b", "#2e7d32", "#7b3fa0", "#b35c00", "#00727a"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2"]
MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square"]
REFERENCE_COLOUR = "#555555"


def line_chart_svg(series: list[tuple[str, list[tuple[str, Decimal]]]], title: str, percent: bool,
                   *, x_labels: list[str] | None = None,
                   references: list[tuple[str, Decimal]] = ()) -> str:
    """One line per (name, [(x label, value), …]); the y axis in percent when `percent`.

    `x_labels` gives the order of the x axis (default: the labels as the series have them,
    merged); `references` are dashed horizontal lines such as ambitions, (label, value).
    Returns "" when there is nothing to draw.
    """
    series = [(name, [(x, Decimal(v)) for x, v in points if v is not None]) for name, points in series]
    series = [(name, points) for name, points in series if points]
    if not series:
        return ""
    xs = list(x_labels) if x_labels else _merged_labels([[x for x, _ in points] for _, points in series])
    references = [(label, Decimal(value)) for label, value in references if value is not None]
    values = [v for _, points in series for _, v in points] + [v for _, v in references]
    low, high, step = _axis(min(values), max(values), percent)

    plot_width = WIDTH - PLOT_LEFT - PLOT_RIGHT
    bottom = PLOT_TOP + PLOT_HEIGHT

    def x_at(index: int) -> float:
        if len(xs) == 1:
            return PLOT_LEFT + plot_width / 2
        pad = min(24, plot_width / (2 * len(xs)))
        return PLOT_LEFT + pad + (plot_width - 2 * pad) * index / (len(xs) - 1)

    def y_at(value: Decimal) -> float:
        return bottom - PLOT_HEIGHT * float((value - low) / (high - low))

    def tick_text(value: Decimal) -> str:
        decimals = 0 if value == value.to_integral_value() else 1
        return percent_text(value, decimals) if percent else number(value, decimals)

    parts = []
    # Grid and y axis labels.
    tick = low
    while tick <= high:
        y = y_at(tick)
        parts.append(f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{WIDTH - PLOT_RIGHT}" y2="{y:.1f}" '
                     f'stroke="#d0d0d0" stroke-width="1"/>')
        parts.append(f'<text x="{PLOT_LEFT - 6}" y="{y + 3.5:.1f}" font-size="9" text-anchor="end" {FONT}>'
                     f'{escape(tick_text(tick))}</text>')
        tick += step
    parts.append(f'<line x1="{PLOT_LEFT}" y1="{bottom}" x2="{WIDTH - PLOT_RIGHT}" y2="{bottom}" '
                 f'stroke="#333" stroke-width="1"/>')
    # X axis labels, thinned out so they do not run into each other.
    every = max(1, -(-len(xs) * 62 // plot_width))
    for index, label in enumerate(xs):
        if index % every and index != len(xs) - 1:
            continue
        x = x_at(index)
        parts.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}" stroke="#333"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 16}" font-size="9" text-anchor="middle" {FONT}>'
                     f'{escape(label)}</text>')
    # Reference lines (ambitions).
    for label, value in references:
        y = y_at(value)
        parts.append(f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{WIDTH - PLOT_RIGHT}" y2="{y:.1f}" '
                     f'stroke="{REFERENCE_COLOUR}" stroke-width="1.2" stroke-dasharray="3 3"/>')
        parts.append(f'<text x="{WIDTH - PLOT_RIGHT - 2}" y="{y - 4:.1f}" font-size="9" text-anchor="end" '
                     f'fill="{REFERENCE_COLOUR}" {FONT}>{escape(label)}</text>')
    # The lines.
    position = {x: i for i, x in enumerate(xs)}
    for index, (_name, points) in enumerate(series):
        colour, dash, marker = _style(index)
        coords = [(x_at(position[x]), y_at(v)) for x, v in points if x in position]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        parts.extend(_marker(marker, x, y, colour) for x, y in coords)
    # Legend under the plot: one entry a line, long names wrapped.
    y = bottom + 34
    for index, (name, _points) in enumerate(series):
        colour, dash, marker = _style(index)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{PLOT_LEFT}" y1="{y - 3.5}" x2="{PLOT_LEFT + 24}" y2="{y - 3.5}" stroke="{colour}" '
                     f'stroke-width="2"{dash_attr}/>')
        parts.append(_marker(marker, PLOT_LEFT + 12, y - 3.5, colour))
        for line in _wrap(name, 88):
            parts.append(f'<text x="{PLOT_LEFT + 32}" y="{y}" font-size="9" {FONT}>{escape(line)}</text>')
            y += 13
        y += 3
    for label, _value in references:
        parts.append(f'<line x1="{PLOT_LEFT}" y1="{y - 3.5}" x2="{PLOT_LEFT + 24}" y2="{y - 3.5}" '
                     f'stroke="{REFERENCE_COLOUR}" stroke-width="1.2" stroke-dasharray="3 3"/>')
        parts.append(f'<text x="{PLOT_LEFT + 32}" y="{y}" font-size="9" {FONT}>{escape(label)}</text>')
        y += 16
    height = int(y)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">'
            f'<title>{escape(title)}</title>{"".join(parts)}</svg>')


def _style(index: int) -> tuple[str, str, str]:
    return COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)], MARKERS[index % len(MARKERS)]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def _merged_labels(lists: list[list[str]]) -> list[str]:
    """The x labels of all series in one order: a label new to the axis goes before the next
    label of its own series that is already there, else at the end."""
    merged: list[str] = []
    for labels in lists:
        for index, label in enumerate(labels):
            if label in merged:
                continue
            following = next((merged.index(x) for x in labels[index + 1:] if x in merged), None)
            if following is None:
                merged.append(label)
            else:
                merged.insert(following, label)
    return merged


def _axis(low: Decimal, high: Decimal, percent: bool) -> tuple[Decimal, Decimal, Decimal]:
    """A y axis from 0 (or below, for negative values) to a round number above the highest value."""
    low, high = min(low, Decimal(0)), max(high, Decimal(0))
    if high == low:
        high = low + (Decimal(10) if percent else Decimal(1))
    raw = (high - low) / 5
    magnitude = Decimal(10) ** (raw.adjusted())
    step = next(m * magnitude for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
                if m * magnitude >= raw)
    if percent and high <= 100 and step < 1:
        step = Decimal(1) if high - low > 2 else step
    top = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    bottom = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    if top == high:  # leave a little air above the highest point
        top += step
    return bottom, top, step


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines or [""]
