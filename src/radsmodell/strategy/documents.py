"""Strategy realisation's document: the indicator cards of a period (HTML and PDF), one card
per indicator as the slides of the indicator set show them (seed 001, sak 40/25) — what the
indicator measures, its source and update frequency, baseline and ambitions, status, the
assessment and a line chart with a table of the same numbers.
"""
from datetime import date
from decimal import Decimal

from django.db.models import Min, Prefetch
from django.urls import reverse
from django.utils import timezone, translation

from radsmodell.core.formatting import MONTHS_NB, long_date, number, percent
from radsmodell.core.provenance import cite
from radsmodell.documents.registry import BadSubject, Console, Document, SubjectNotFound, register

from . import engine
from .charts import line_chart_svg
from .models import Area, Assessment, Goal, Indicator, InterimAmbition, Observation, Strategy
from .services import series_values
from .texts import RULE, STATUS_NAMES, UNCLEAR_AMBITION, period_error, status_summary

NOT_GIVEN = "Ikke oppgitt"
WIDE_TABLE_MAX_PERIODS = 8


@translation.override("nb")
def indicator_cards_context(period: str | None, user=None) -> dict:
    """The cards of the indicators assessed in `period` ("2025-Q1"), or, without a period, of
    every indicator that has an assessment, with its latest one. Raises engine.PeriodError
    (a ValueError) when `period` is not a period."""
    chosen = engine.parse_period(period) if period else None
    strategy = Strategy.objects.first()
    target_year = strategy.target_year if strategy else 2030
    assessments = _assessments(chosen.text if chosen else None)
    cards = [_card(a, target_year) for a in assessments]
    if chosen:
        which = f"vurdering {chosen.label}"
        heading = f"Indikatorkort: vurderinger for {chosen.label}"
    else:
        which = "siste vurdering av hver indikator"
        heading = "Indikatorkort: siste vurdering av hver indikator"
    header = [
        ("Strategi", strategy.name if strategy else ""),
        ("Vurderinger", f"{chosen.label} ({chosen.text})" if chosen else "Siste vurdering av hver indikator"),
        ("Indikatorer", number(len(cards))),
        ("Laget", long_date(timezone.localdate())),
    ]
    return {
        "document": "indicator_cards",
        "file_stem": f"indikatorkort-{chosen.text}" if chosen else "indikatorkort",
        "doc_title": f"Indikatorkort – {which}",
        "running_header": f"Indikatorkort – {which}",
        "doc_author": "Helsedirektoratet",
        "heading": heading,
        "header": [{"label": label, "value": value} for label, value in header if value],
        "period": chosen.text if chosen else "",
        "period_label": chosen.label if chosen else "",
        "target_year": target_year,
        "rule": str(RULE),
        "status_labels": [str(label) for label in STATUS_NAMES.values()],
        "status_summary": status_summary({status.value: sum(1 for c in cards if c["status"] == status.value)
                                          for status in STATUS_NAMES}),
        "cards": cards,
    }


def _assessments(period: str | None) -> list[Assessment]:
    """The assessment each card shows, ordered as the indicator set is: overarching goals first,
    then the strategic goals, by number; by name within a goal."""
    if period:
        chosen = list(Assessment.objects.filter(period=period).only("id", "indicator_id", "period"))
    else:
        latest: dict[int, Assessment] = {}
        for a in Assessment.objects.only("id", "indicator_id", "period"):
            current = latest.get(a.indicator_id)
            if current is None or _period_key(a.period) > _period_key(current.period):
                latest[a.indicator_id] = a
        chosen = list(latest.values())
    rows = (Assessment.objects.filter(pk__in=[a.pk for a in chosen])
            .select_related("indicator", "indicator__primary_area")
            .prefetch_related(Prefetch("indicator__goals", queryset=Goal.objects.order_by("level", "number")),
                              Prefetch("indicator__interim_ambitions",
                                       queryset=InterimAmbition.objects.select_related("area").order_by("year"))))
    return sorted(rows, key=lambda a: (_goal_key(a.indicator), a.indicator.name))


def _period_key(text: str):
    try:
        p = engine.parse_period(text)
        return (p.end, p.start)
    except engine.PeriodError:
        return (date.min, date.min)


def _goal_key(indicator: Indicator) -> tuple:
    goals = list(indicator.goals.all())
    if not goals:
        return (2, 0)
    return min((0 if g.level == Goal.Level.OVERARCHING else 1, g.number) for g in goals)


def short_label(text: str) -> str:
    """A period as the chart's x axis writes it: 2024, 3. kv. 2025, apr. 2025."""
    p = engine.parse_period(text)
    if p.kind == "year":
        return p.text
    if p.kind == "quarter":
        return f"{p.text[-1]}. kv. {p.start.year}"
    month = MONTHS_NB[p.start.month - 1]
    return f"{month if len(month) <= 4 else month[:3] + '.'} {p.start.year}"


def _label(text: str) -> str:
    try:
        return engine.parse_period(text).label
    except engine.PeriodError:
        return text


def _card(assessment: Assessment, target_year: int) -> dict:
    indicator = assessment.indicator
    series = _series(indicator)
    # The measured values share one number of decimals (52 %, or 1,0 % beside 12,1 %);
    # ambitions and the baseline are written as given (25 %).
    series_decimals = _decimals([v for _, points in series for _, v in points] + [indicator.latest_value])

    def show(value, decimals: int | None = None) -> str:
        if value is None:
            return ""
        decimals = _decimals([value]) if decimals is None else decimals
        if indicator.is_percent:
            return percent(value, decimals)
        text = number(value, decimals)
        return f"{text} {indicator.unit}" if indicator.unit and indicator.unit != "antall" else text

    interim = [{"year": a.year, "value": a.value, "area": a.area.name if a.area else "",
                "text": f"{show(a.value)} i {a.year}" + (f" ({a.area.name})" if a.area else " (område ikke oppgitt)")}
               for a in indicator.interim_ambitions.all()]
    if indicator.ambition is not None:
        ambition = f"{show(indicator.ambition)} i {target_year}"
    else:
        ambition = f"Ingen ambisjon satt for {target_year}"
    if indicator.baseline_period and indicator.baseline_value is not None:
        baseline = f"{show(indicator.baseline_value)} ({_label(indicator.baseline_period)})"
    elif indicator.baseline_period:
        baseline = f"Måling i {_label(indicator.baseline_period)} (verdien er ikke oppgitt)"
    else:
        baseline = NOT_GIVEN

    status = engine.Status(indicator.status)
    latest = ""
    if indicator.latest_value is not None:
        latest = f"{show(indicator.latest_value, series_decimals)} ({_label(indicator.latest_period)})"
        if indicator.primary_area:
            latest += f", {indicator.primary_area.name}"
    judged_against = ""
    if status == engine.Status.UNCLEAR_AMBITION:
        judged_against = str(UNCLEAR_AMBITION)
    elif indicator.target_value is not None and indicator.expected_value is not None:
        judged_against = (f"Målt mot {show(indicator.target_value)} i {indicator.target_year}; "
                          f"den rette linjen dit tilsier {show(indicator.expected_value, 1)} "
                          f"for {_label(indicator.latest_period)}.")

    x_periods = sorted({p for _, points in series for p, _ in points}, key=_period_key)
    x_labels = [short_label(p) for p in x_periods]
    names = [name for name, _ in series]
    table_rows = []
    for p, label in zip(x_periods, x_labels):
        values = [dict(points).get(p) for _, points in series]
        table_rows.append({"period": label, "period_label": _label(p),
                           "values": [show(v, series_decimals) if v is not None else "–" for v in values]})
    references = [(f"Ambisjon {a['year']}: {show(a['value'])}" + (f" ({a['area']})" if a["area"] else ""), a["value"])
                  for a in interim]
    if indicator.ambition is not None:
        references.append((f"Ambisjon {target_year}: {show(indicator.ambition)}", indicator.ambition))
    chart_title = _chart_title(indicator, names, x_periods)
    chart = line_chart_svg([(name, [(short_label(p), v) for p, v in points]) for name, points in series],
                           chart_title, indicator.is_percent, x_labels=x_labels, references=references)

    # Laid out two to a row (the data source alone), so that a card fits on a page.
    fact_rows = [
        [("Datakilde", indicator.data_source or NOT_GIVEN)],
        [("Oppdatering", f"{indicator.get_frequency_display()} oppdatering" if indicator.frequency else NOT_GIVEN),
         ("Modenhet", str(indicator.get_readiness_display()) if indicator.readiness else NOT_GIVEN)],
        [("Type", str(indicator.get_kind_display()) if indicator.kind else NOT_GIVEN),
         ("Status", str(STATUS_NAMES[status]))],
        [("Utgangspunkt", baseline), ("Siste verdi", latest or "Ingen målinger")],
        [(f"Ambisjon {target_year}", ambition),
         ("Delambisjoner", "; ".join(a["text"] for a in interim) or "Ingen")],
    ]
    # What the card shows that the source does not say: each with the reason it is assumed.
    assumptions = [(label, reason) for label, reason in (
        ("Mål", indicator.assumption), ("Modenhet", indicator.readiness_assumption),
        ("Utgangspunkt", indicator.baseline_assumption)) if reason]
    for name, reasons in _series_assumptions(indicator):
        assumptions += [(f"Tallene for {name}", reason) for reason in reasons]
    return {
        "slug": indicator.slug,
        "code": indicator.code,
        "source": cite(indicator.source),
        "assumptions": [{"label": label, "reason": reason} for label, reason in assumptions],
        "name": indicator.name,
        "goals": [g.label for g in indicator.goals.all()],
        "readiness": str(indicator.get_readiness_display()) if indicator.readiness else "",
        "kind": str(indicator.get_kind_display()) if indicator.kind else "",
        "frequency": str(indicator.get_frequency_display()) if indicator.frequency else "",
        "definition": indicator.definition,
        "data_source": indicator.data_source,
        "unit": indicator.unit,
        "baseline": baseline,
        "ambition": ambition,
        "interim_ambitions": interim,
        "break_notes": indicator.break_notes,
        "status": status.value,
        "status_label": str(STATUS_NAMES[status]),
        "latest": latest,
        "judged_against": judged_against,
        "facts": [{"label": label, "value": value} for row in fact_rows for label, value in row],
        "fact_rows": [[{"label": label, "value": value} for label, value in row] for row in fact_rows],
        "assessment": {
            "period": assessment.period,
            "period_label": _label(assessment.period),
            "text": assessment.text,
            "next": assessment.next_assessment,
            "next_label": _label(assessment.next_assessment) if assessment.next_assessment else "",
        },
        "chart": chart,
        "chart_title": chart_title,
        # Rows are periods; `wide` turns it round (a row per series, a column per period) when
        # the periods are few, which keeps the card on one page.
        "table": {"columns": names, "rows": table_rows, "wide": len(table_rows) <= WIDE_TABLE_MAX_PERIODS,
                  "by_series": [{"name": name, "values": [row["values"][i] for row in table_rows]}
                                for i, name in enumerate(names)],
                  "caption": f"Tallene i figuren: {indicator.name}"
                             + (" (andel i prosent)" if indicator.is_percent else "")},
    }


def _series(indicator: Indicator) -> list[tuple[str, list[tuple[str, Decimal]]]]:
    """The indicator's own series, one per area and measure, in the order they were entered."""
    keys = list(Observation.objects.filter(indicator=indicator).values("area", "measure")
                .annotate(first=Min("id")).order_by("area", "first"))
    if not keys:
        return []
    areas = Area.objects.in_bulk({k["area"] for k in keys})
    several_areas = len({k["area"] for k in keys}) > 1
    result = []
    for key in keys:
        area = areas[key["area"]]
        measure = key["measure"]
        parts = ([area.name] if several_areas or not measure else []) + ([measure] if measure else [])
        points = [(p, v) for p, v in series_values(indicator, area, measure) if v is not None]
        if points:
            result.append((" – ".join(parts), points))
    return result


def _series_assumptions(indicator: Indicator) -> list[tuple[str, list[str]]]:
    """(series name, distinct reasons) for the series whose values are partly inferred."""
    found: dict[str, list[str]] = {}
    several_areas = Observation.objects.filter(indicator=indicator).values("area").distinct().count() > 1
    rows = (Observation.objects.filter(indicator=indicator).exclude(assumption="").select_related("area")
            .order_by("area_id", "id").only("area__name", "measure", "assumption"))
    for row in rows:
        name = " – ".join(([row.area.name] if several_areas or not row.measure else []) +
                          ([row.measure] if row.measure else []))
        reasons = found.setdefault(name, [])
        if row.assumption not in reasons:
            reasons.append(row.assumption)
    return list(found.items())


def _decimals(values: list) -> int:
    """0 when every value is whole, else 1 (as the cards write 52 % and 12,1 %)."""
    for value in values:
        if value is not None and Decimal(value) != Decimal(value).to_integral_value():
            return 1
    return 0


def _chart_title(indicator: Indicator, names: list[str], periods: list[str]) -> str:
    what = "andel i prosent" if indicator.is_percent else f"verdi ({indicator.unit})"
    lines = "én linje" if len(names) == 1 else f"{len(names)} linjer"
    span = ""
    if periods:
        first, last = _label(periods[0]), _label(periods[-1])
        span = f", {first}" if first == last else f", {first} – {last}"
    return (f"Linjediagram: {indicator.name}, {what}{span}; {lines}: {'; '.join(names)}. "
            f"Tallene står i tabellen under figuren.")


# --- the document ---------------------------------------------------------------------------

def _period(text: str | None) -> str | None:
    """A period as the cards take it ("2025-Q1"), or None for every indicator's latest assessment."""
    text = (text or "").strip()
    if text:
        engine.parse_period(text)  # PeriodError (a ValueError) says what is wrong
    return text or None


def _period_of_request(request) -> str | None:
    try:
        return _period(request.GET.get("periode"))
    except engine.PeriodError as error:
        raise BadSubject(period_error(error)) from None


def find_period(key: str) -> str | None:
    if key == "siste":
        return None
    try:
        return _period(key)
    except engine.PeriodError as error:
        raise SubjectNotFound(period_error(error)) from None


register(Document(
    "indicator_cards", "strategy/documents/indicator_cards.html", indicator_cards_context,
    "strategi/indikatorkort", _period_of_request, formats=("html", "pdf"), download=False,
    back=lambda period: (reverse("strategy:dashboard"), "Tilbake til målene"),
    console=Console("--period", "vurderingsperioden, for eksempel 2025-Q1, eller «siste»", find_period),
))
