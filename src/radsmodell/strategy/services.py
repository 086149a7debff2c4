"""Writes to the strategy data: every change to a series goes through here, so the status the
dashboard shows is recomputed in the same transaction."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import engine
from .models import (
    Activity,
    Area,
    Assessment,
    Indicator,
    InterimAmbition,
    Observation,
    RoadmapChange,
    RoadmapVersion,
    Strategy,
)


def series_values(indicator: Indicator, area: Area | None, measure: str = "") -> list[tuple[str, Decimal]]:
    """(period, value) of one series, oldest first; quarterly means when the indicator says so."""
    if area is None:
        return []
    rows = Observation.objects.filter(indicator=indicator, area=area, measure=measure).order_by("period_start")
    values = [(o.period, o.share) for o in rows.only("period", "value", "numerator", "denominator")]
    if indicator.quarterly_as_mean_of_months:
        months = [(p, v) for p, v in values if engine.parse_period(p).kind == "month"]
        if months:
            others = [(p, v) for p, v in values if engine.parse_period(p).kind != "month"]
            quarters = [(q.period.text, q.value) for q in engine.quarterly_means(months) if q.complete]
            return sorted(others + quarters, key=lambda pv: engine.parse_period(pv[0]))
    return values


def main_measure(indicator: Indicator, area: Area | None) -> str:
    """The measure judged when a series has several: the one entered first."""
    first = Observation.objects.filter(indicator=indicator, area=area).order_by("id").values_list("measure", flat=True)
    return first.first() or ""


def ambitions_for(indicator: Indicator, area: Area | None, target_year: int) -> tuple[dict[int, Decimal], set[int]]:
    """Year → ambition for the judged area (interim ambitions plus the target-year ambition), and the
    years of ambitions whose area is unclear.

    An interim ambition that names no area belongs to the judged series only when the indicator is
    measured in one area; measured in several, the source has not said which series it is for, and
    the indicator cannot be judged against it (PLL's «Ambisjon 2026 (25 %)» stands under both the
    national chart and the trial areas' chart).
    """
    areas = set(Observation.objects.filter(indicator=indicator).values_list("area_id", flat=True).distinct())
    found, unclear = {}, set()
    for a in indicator.interim_ambitions.all():
        if a.area_id is None:
            if len(areas) > 1:
                unclear.add(a.year)
            else:
                found[a.year] = a.value
        elif area is not None and a.area_id == area.pk:
            found[a.year] = a.value
    if indicator.ambition is not None:
        found[target_year] = indicator.ambition
    return found, unclear - set(found)


def refresh_status(indicator: Indicator) -> Indicator:
    """Judge the main series against the ambitions and store the result on the indicator."""
    strategy = Strategy.objects.first()
    target_year = strategy.target_year if strategy else 2030
    area = indicator.primary_area or _first_area(indicator)
    series = series_values(indicator, area, main_measure(indicator, area))
    baseline = None
    if indicator.baseline_period and indicator.baseline_value is not None:
        baseline = (indicator.baseline_period, indicator.baseline_value)
    ambitions, unclear = ambitions_for(indicator, area, target_year)
    judgement = engine.judge(series, ambitions, indicator.higher_is_better, baseline, unclear)
    indicator.status = judgement.status.value
    indicator.latest_period = judgement.latest[0].text if judgement.latest else ""
    indicator.latest_value = judgement.latest[1] if judgement.latest else None
    indicator.latest_assumption = _assumption_of(indicator, area, judgement.latest[0]) if judgement.latest else ""
    indicator.previous_value = judgement.previous
    indicator.expected_value = judgement.expected
    indicator.target_year, indicator.target_value = judgement.target or (None, None)
    # Updated past the change log: a judgement of the recorded observations and ambitions, excluded
    # from the indicator's history, so a new observation is one change (the observation), not two.
    Indicator.objects.filter(pk=indicator.pk).update(
        status=indicator.status, latest_period=indicator.latest_period, latest_value=indicator.latest_value,
        latest_assumption=indicator.latest_assumption, previous_value=indicator.previous_value,
        expected_value=indicator.expected_value, target_year=indicator.target_year, target_value=indicator.target_value)
    return indicator


def _assumption_of(indicator: Indicator, area: Area | None, period: engine.Period) -> str:
    """Why the value judged is inferred: the assumptions of the observations it rests on (a quarter's
    months when the quarter is their mean), each once."""
    rows = (Observation.objects.filter(indicator=indicator, area=area, measure=main_measure(indicator, area),
                                       period_start__range=(period.start, period.end)).exclude(assumption="")
            .order_by("period_start").values_list("assumption", flat=True))
    return " ".join(dict.fromkeys(rows))[:400]


def _first_area(indicator: Indicator) -> Area | None:
    first = (Observation.objects.filter(indicator=indicator).order_by("area_id")
             .values_list("area_id", flat=True).first())
    return Area.objects.filter(pk=first).first() if first else None


@transaction.atomic
def save_observations(rows: list[dict]) -> dict[str, int]:
    """Insert or update observations (dicts with indicator, area, measure, period, value,
    numerator, denominator, note) and refresh the status of every indicator touched."""
    created = updated = 0
    touched = {}
    for row in rows:
        period = engine.parse_period(row["period"])
        # A value entered or imported is read from the user's own source: it is no longer an assumption.
        defaults = {"period_start": period.start, "value": row.get("value"), "numerator": row.get("numerator"),
                    "denominator": row.get("denominator"), "note": row.get("note") or "",
                    "assumption": row.get("assumption") or ""}
        if "change_from_previous" in row:  # a file without the column keeps what the source said
            defaults["change_from_previous"] = row["change_from_previous"]
        _observation, was_created = Observation.objects.update_or_create(
            indicator=row["indicator"], area=row["area"], measure=row.get("measure") or "", period=period.text,
            defaults=defaults)
        created += was_created
        updated += not was_created
        touched[row["indicator"].pk] = row["indicator"]
    for indicator in touched.values():
        refresh_status(indicator)
    return {"created": created, "updated": updated, "indicators": len(touched)}


@transaction.atomic
def add_assessment(indicator: Indicator, period: str, text: str, next_assessment: str = "") -> Assessment:
    engine.parse_period(period)
    if next_assessment:
        engine.parse_period(next_assessment)
    assessment, _created = Assessment.objects.update_or_create(
        indicator=indicator, period=period, defaults={"text": text, "next_assessment": next_assessment})
    return assessment


# ---------------------------------------------------------------- the secretariat's edits

def parse_interim_ambitions(text: str, areas: dict[str, Area]) -> list[tuple[int, Decimal, Area | None]]:
    """Lines like "2026: 25" or "2026 norge: 25,5" → (year, value, area). Raises ValidationError naming the line."""
    found, seen = [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        head, colon, value = line.partition(":")
        parts = head.split()
        try:
            if not colon or not 1 <= len(parts) <= 2:
                raise ValueError
            year, amount = int(parts[0]), Decimal(value.strip().replace(",", ".").rstrip("%").strip())
        except (ValueError, ArithmeticError):
            raise ValidationError(_("Linje %(line)s: skriv «år: verdi» eller «år område: verdi», f.eks. «2026: 25».")
                                  % {"line": number}) from None
        if not 2000 <= year <= 2100:
            raise ValidationError(_("Linje %(line)s: året %(year)s er utenfor 2000–2100.")
                                  % {"line": number, "year": year})
        area = None
        if len(parts) == 2:
            area = areas.get(parts[1])
            if area is None:
                raise ValidationError(_("Linje %(line)s: ukjent område «%(area)s» (kjente: %(known)s).")
                                      % {"line": number, "area": parts[1], "known": ", ".join(areas)})
        if (year, area) in seen:
            raise ValidationError(_("Linje %(line)s: %(year)s står to ganger.") % {"line": number, "year": year})
        seen.add((year, area))
        found.append((year, amount, area))
    return found


@transaction.atomic
def save_indicator(indicator: Indicator, goals, interim: list[tuple[int, Decimal, Area | None]]) -> Indicator:
    """Save the indicator's description and ambitions (from a validated form) and judge it again."""
    indicator.save()
    indicator.goals.set(goals)
    indicator.interim_ambitions.all().delete()
    for year, value, area in interim:
        InterimAmbition.objects.create(indicator=indicator, year=year, value=value, area=area)
    return refresh_status(indicator)


@transaction.atomic
def new_roadmap_version(key: str, name: str, note: str = "") -> RoadmapVersion:
    """A new version starts as a copy of the latest one; its changes are then recorded as they are made."""
    latest = RoadmapVersion.objects.order_by("-position", "-key").first()
    if RoadmapVersion.objects.filter(key=key).exists():
        raise ValidationError({"key": _("Versjonen «%(key)s» finnes allerede.") % {"key": key}})
    version = RoadmapVersion.objects.create(key=key, name=name, note=note,
                                            position=(latest.position + 1) if latest else 0)
    for activity in (latest.activities.all() if latest else []):
        initiatives = list(activity.initiatives.all())
        activity.pk, activity.id, activity.version = None, None, version
        activity.save()
        activity.initiatives.set(initiatives)
    return version


CHANGE_OF = [("name", RoadmapChange.Kind.RENAMED), ("goal_id", RoadmapChange.Kind.REGROUPED),
             ("subgoal_id", RoadmapChange.Kind.REGROUPED)]


@transaction.atomic
def save_activity(activity: Activity, initiatives, why: str = "") -> Activity:
    """Save an activity of the latest version and log what changed (new, renamed, regrouped, on hold)."""
    latest = RoadmapVersion.objects.order_by("-position", "-key").first()
    if activity.version_id != latest.pk:
        raise ValidationError(_("Bare den nyeste versjonen av veikartet kan endres; eldre versjoner er historikk."))
    before = Activity.objects.filter(pk=activity.pk).first() if activity.pk else None
    activity.save()
    activity.initiatives.set(initiatives)
    kinds = []
    if before is None:
        kinds.append((RoadmapChange.Kind.NEW, _("Ny aktivitet: %(name)s") % {"name": activity.name}))
    else:
        for field, kind in CHANGE_OF:
            if getattr(before, field) != getattr(activity, field) and kind not in [k for k, _text in kinds]:
                kinds.append((kind, f"{before.name} → {activity.name}" if field == "name" else activity.name))
        if activity.on_hold and not before.on_hold:
            kinds.append((RoadmapChange.Kind.ON_HOLD, _("%(name)s er satt på vent") % {"name": activity.name}))
    for kind, text in kinds:
        RoadmapChange.objects.create(version=activity.version, kind=kind, activity_key=activity.key,
                                     goal=activity.goal, text=f"{text}. {why}".strip() if why else text)
    return activity
