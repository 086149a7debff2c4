"""An allocation's invoice lines as a table: one set of columns for every channel (the page's
downloads, `radsmodell allocate` and the API's lines), so a program that reads one reads them all.

`line_row` takes a stored line (models.AllocationLine) or a computed one (engine's Line): both
have the same attributes.
"""
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from radsmodell.core.exports import BOOLEAN, MONEY, Column, DataTable

from .engine import KINDS, SEGMENT_LABELS, SEGMENTS, ore_to_nok

LINE_COLUMNS = [
    Column("org_number", _("Organisasjonsnummer"), description=_("Virksomhetens organisasjonsnummer, ni sifre.")),
    Column("name", _("Virksomhet"), description=_("Virksomhetens navn slik registeret for året har det.")),
    Column("segment", _("Segmentkode"), description=format_lazy(_("Segmentet som kode: {codes}."),
                                                                 codes=", ".join(SEGMENTS))),
    Column("segment_label", _("Segment"), description=_("Segmentets navn.")),
    Column("kind", _("Virksomhetstype"), description=format_lazy(_("Typen virksomhet som kode: {codes}."),
                                                                 codes=", ".join(KINDS))),
    Column("category", _("Kategori"), description=_(
        "Kategorien i prismodellens nøkkel; tom når nøkkelen ikke har kategorier eller virksomheten ikke faktureres.")),
    Column("charged", _("Faktureres"), BOOLEAN, description=_(
        "Om prismodellen fakturerer virksomheten i dette steget (true/false, Ja/Nei).")),
    Column("amount_nok", _("Per år (kr)"), MONEY, total=True, description=_(
        "Årsbeløpet i kroner med to desimaler; linjene summerer seg til kostnadsgrunnlaget på øret.")),
    Column("first_month_nok", _("Første måned (kr)"), MONEY, total=True, description=_(
        "Beløpet for årets første måned, som tar øreavrundingen.")),
    Column("monthly_nok", _("Øvrige måneder (kr)"), MONEY, total=True, description=_(
        "Beløpet for hver av de elleve andre månedene.")),
]
LINE_KEYS = [column.key for column in LINE_COLUMNS]


def line_row(line) -> list:
    """The line's values in the order of LINE_COLUMNS; amounts as Decimal kroner."""
    return [line.org_number, line.name, line.segment, gettext(SEGMENT_LABELS.get(line.segment, line.segment)),
            line.kind, line.category, line.charged, ore_to_nok(line.yearly_ore),
            ore_to_nok(line.first_month_ore), ore_to_nok(line.monthly_ore)]


def line_record(line) -> dict:
    """The line as an object with the columns' keys (the API's and the console's JSON)."""
    return dict(zip(LINE_KEYS, line_row(line), strict=True))


def lines_table(lines) -> DataTable:
    return DataTable(gettext("Fakturalinjer"), LINE_COLUMNS, [line_row(line) for line in lines])
