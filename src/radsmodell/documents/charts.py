"""Bar charts as PNG for Word documents (Word cannot show our SVG charts); the table beside
each chart carries the same numbers.

The colours come with the rows, so this module needs no knowledge of what is charted.
"""
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

SCALE = 2  # drawn at twice the size so it stays sharp when printed
DEFAULT_COLOUR = "#1f5fa8"


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
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)
