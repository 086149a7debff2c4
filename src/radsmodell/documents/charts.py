"""Bar charts for documents: SVG for the page and the PDF, and the same bars as a PNG for Word
(which cannot show our SVG). The table beside each chart carries the same numbers.

A chart is rows of (label, value, colour); the colours come with the rows, so this module
needs no knowledge of what is charted.
"""
import json
import subprocess
from functools import cache
from html import escape
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SCALE = 2  # drawn at twice the size so it stays sharp when printed
DEFAULT_COLOUR = "#1f5fa8"
FONT_FOLDERS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
                Path("/usr/share/fonts/TTF"), Path("/usr/local/share/fonts")]


def bar_chart_svg(rows: list[tuple[str, int, str]], title: str) -> str:
    """Horizontal bars as SVG without script, so the PDF can hold it; `title` names it for screen readers."""
    if not rows:
        return ""
    top = max(n for _, n, _ in rows) or 1
    height = 24 * len(rows) + 10
    bars = []
    for index, (label, n, colour) in enumerate(rows):
        y = 5 + index * 24
        width = 260 * n / top
        bars.append(f'<text x="0" y="{y + 14}" font-size="10">{escape(label)}</text>'
                    f'<rect x="110" y="{y}" width="{width:.1f}" height="18" fill="{colour or DEFAULT_COLOUR}"/>'
                    f'<text x="{115 + width:.1f}" y="{y + 14}" font-size="10">{n}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="420" height="{height}" role="img" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>{"".join(bars)}</svg>')


def bar_chart_for_word(rows: list[tuple[str, int, str]], description: str) -> str:
    """The value of a template's data-docx-chart attribute: the DOCX draws these bars as a picture
    with `description` as its alternative text (see word.py)."""
    return json.dumps({"kind": "bar", "rows": [list(row) for row in rows], "description": description},
                      ensure_ascii=False)


def bar_chart_png(rows: list[tuple[str, int, str]]) -> bytes:
    """Horizontal bars, one per (label, count, colour), longest scaled to the full width."""
    font = _font(12 * SCALE)
    label_width, bar_width, row_height = 150 * SCALE, 260 * SCALE, 24 * SCALE
    image = Image.new("RGB", (label_width + bar_width + 50 * SCALE, row_height * len(rows) + 10 * SCALE), "white")
    draw = ImageDraw.Draw(image)
    top = max((n for _, n, _ in rows), default=0) or 1
    for index, (label, n, colour) in enumerate(rows):
        y = 5 * SCALE + index * row_height
        width = round(bar_width * n / top)
        draw.text((0, y + 2 * SCALE), label, fill="black", font=font)
        draw.rectangle((label_width, y, label_width + width, y + 18 * SCALE), fill=colour or DEFAULT_COLOUR)
        draw.text((label_width + width + 5 * SCALE, y + 2 * SCALE), str(n), fill="black", font=font)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _font(size: int):
    """DejaVu Sans, the PDF's font, has æøå; Pillow's built-in font draws "Rød" as "R?d"."""
    path = font_file()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)


@cache
def font_file(bold: bool = False) -> str | None:
    """The file of DejaVu Sans (Bold), wherever this system keeps it; None when it has none.

    Pillow finds a font by file name only in a few folders, so fontconfig is asked too.
    """
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_FOLDERS:
        if (folder / name).is_file():
            return str(folder / name)
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans:bold" if bold else "DejaVu Sans"],
                               capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    if found.endswith(name) and Path(found).is_file():  # fontconfig answers another font when it lacks this one
        return found
    try:
        return ImageFont.truetype(name, 10).path  # Pillow's own search
    except OSError:
        return None
