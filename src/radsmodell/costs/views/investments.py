"""Investment cases (seed 004) and the growth in running costs of the national solutions that
investments bring (case 6/24). Read-only pages; the case page recomputes NPV and IRR from a GET
form, so every figure can be linked to."""
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from radsmodell.core.formatting import number, percent
from radsmodell.core.roles import public_page

from .. import appraisal
from ..economics import RISK_MARGIN, RUNNING_COST_RATE, investment_case_from_dict, whole_nok
from ..engine import ModelFileError
from ..forms import AppraisalForm
from ..models import InvestmentCase

FIGURE_LABELS = {"expected": _("Forventningsverdi uten reserve"), "reserve": _("Reserve"),
                 "total": _("Forventningsverdi inkl. reserve")}
NO_SOLUTION = _("Ikke knyttet til en nasjonal e-helseløsning")
TRUE_VALUES = ("1", "on", "true", "ja")


def _economics(row: InvestmentCase):
    """The case's definition read by economics.py, or the error that stops it."""
    try:
        return investment_case_from_dict(appraisal.years_as_numbers(row.definition), origin=row.slug), ""
    except (ModelFileError, ValueError) as error:
        return None, str(error)


def _kr(ore: int | None) -> int | None:
    return None if ore is None else whole_nok(ore)


def _summary(row: InvestmentCase, case, with_risk_margin: bool) -> dict:
    stated = case.stated
    return {
        "row": row, "case": case, "expected": _kr(case.expected_ore), "reserve": _kr(case.reserve_ore),
        "reserve_percent": case.reserve_percent_shown(), "computed_total": _kr(case.total_ore),
        "stated_total": _kr(stated.total_ore) if stated else None,
        "total": _kr(stated.total_ore if stated and stated.total_ore is not None else case.total_ore),
        "running": _kr(case.running_cost_per_year_ore()),
        "running_with_margin": _kr(case.running_cost_per_year_ore(with_risk_margin=True)),
        "running_shown": _kr(case.running_cost_per_year_ore(with_risk_margin=with_risk_margin)),
    }


@public_page
def investment_list(request):
    with_margin = request.GET.get("risk_margin", "").lower() in TRUE_VALUES
    cases, broken, entries = [], [], []
    for row in InvestmentCase.objects.select_related("initiative", "solution"):
        case, error = _economics(row)
        if case is None:
            broken.append((row, error))
            continue
        cases.append(_summary(row, case, with_margin))
        entries.append(appraisal.forecast_entry(row.name, row.solution.name if row.solution else "", case,
                                                with_risk_margin=with_margin))
    forecast = appraisal.forecast(entries, with_risk_margin=with_margin)
    table, chart = None, None
    if forecast is not None:
        names = list(forecast.by_solution)
        labels = [name or str(NO_SOLUTION) for name in names]
        table = {"solutions": labels, "rows": [
            {"year": year, "values": [_kr(forecast.by_solution[n][i]) for n in names], "total": _kr(forecast.total[i])}
            for i, year in enumerate(forecast.years)]}
        chart = {"years": [str(y) for y in forecast.years],
                 "series": [{"name": label, "values": [_kr(v) for v in forecast.by_solution[n]]}
                            for n, label in zip(names, labels)]}
    return render(request, "costs/investments.html", {
        "cases": cases, "broken": broken, "unlinked": any(not e.solution for e in entries),
        "entries": [{"entry": e, "base": _kr(e.base_ore), "running": _kr(e.running_per_year_ore)} for e in entries],
        "forecast": table, "chart": chart, "with_margin": with_margin,
        "rate": RUNNING_COST_RATE.value * 100, "margin": RISK_MARGIN.value * 100, "nav": "costs",
    })


def _parameters(case) -> list[dict]:
    """Every value the economics use, with its source and whether it is an assumption."""
    a = case.npv_assumptions
    rows = []
    if case.reserve_source is not None:
        p = case.reserve_source
        value = (f"{number(whole_nok(p.value))} kr" if case.reserve.amount_ore is not None else percent(p.value))
        rows.append((gettext("Reserve"), value, p))
    rows.append((gettext("Driftskostnader per år, andel av investeringen"),
                 percent(case.running_cost_rate.value * 100, 0), case.running_cost_rate))
    if a is not None:
        def years(amounts: dict) -> str:
            return "; ".join(f"{year}: {number(whole_nok(ore))} kr" for year, ore in sorted(amounts.items()))

        by_year, benefits = years(a.investment_by_year.value), years(a.benefits_by_year.value)
        rows += [
            (gettext("Første år i beregningen"), str(a.first_year.value), a.first_year),
            (gettext("Økonomisk levetid"),
             ngettext("%(n)s år", "%(n)s år", a.life_years.value) % {"n": a.life_years.value}, a.life_years),
            (gettext("Kalkulasjonsrente"), percent(a.discount_rate.value * 100), a.discount_rate),
            (gettext("Investering per år"), by_year or "–", a.investment_by_year),
            (gettext("Driftskostnader i nåverdiberegningen"),
             gettext("%(amount)s kr per år fra %(year)s") % {"amount": number(whole_nok(a.running_per_year_ore.value)),
                                                              "year": a.running_from_year.value},
             a.running_per_year_ore),
            (gettext("Nyttestrøm"), benefits or gettext("ingen oppgitt"), a.benefits_by_year),
        ]
    return [{"label": label, "value": value, "source": p.source, "assumption": p.assumption}
            for label, value, p in rows]


def _appraisal_rows(result: appraisal.Appraisal) -> list[dict]:
    return [{"year": f.flow.year, "investment": _kr(f.flow.investment_ore), "running": _kr(f.flow.running_ore),
             "benefit": _kr(f.flow.benefit_ore), "net": _kr(f.flow.net_ore), "factor": f.factor,
             "present": _kr(f.present_ore)} for f in result.flows]


@public_page
def investment_detail(request, slug):
    row = InvestmentCase.objects.select_related("initiative", "solution").filter(slug=slug).first()
    if row is None:
        raise Http404(gettext("Fant ikke investeringssaken"))
    case, error = _economics(row)
    context = {"row": row, "case": case, "error": error, "nav": "costs"}
    if case is None:
        return render(request, "costs/investment.html", context)
    bound = any(key in request.GET for key in ("life_years", "discount_rate", "benefit_per_year", "risk_margin"))
    result = None
    if case.npv_assumptions is not None:
        defaults = appraisal.default_inputs(case)
        form = AppraisalForm(request.GET if bound else None, min_life=appraisal.min_life_years(case), defaults=defaults)
        if not bound or form.is_valid():
            inputs = form.inputs() if bound else defaults
            try:
                result = appraisal.appraise(case, inputs)
            except ValueError as problem:
                form.add_error("life_years", str(problem))
        context.update({"form": form, "inputs": result.inputs if result else None})
    with_margin = bool(result and result.inputs.with_risk_margin)
    stated = case.stated
    context.update({
        "summary": _summary(row, case, with_margin),
        "lines": [{"label": line.label, "amount": _kr(line.amount_ore), "note": line.note} for line in case.lines],
        "discrepancies": [{"label": FIGURE_LABELS.get(d.figure, d.figure), "stated": _kr(d.stated_ore),
                           "computed": _kr(d.computed_ore), "difference": _kr(d.difference_ore)}
                          for d in case.discrepancies()],
        "stated": {"running": _kr(stated.running_per_year_ore), "npv": _kr(stated.npv_ore),
                   "npv_mnok": round(whole_nok(stated.npv_ore) / 1_000_000) if stated.npv_ore is not None else None}
        if stated else None,
        "parameters": _parameters(case), "result": result,
        "flows": _appraisal_rows(result) if result else [],
        "totals": {k: _kr(v) for k, v in result.totals.items()} if result else None,
        "npv": _kr(result.npv_ore) if result else None,
        "costs_only_npv": _kr(result.costs_only_npv_ore) if result else None,
        "break_even": _kr(result.break_even_benefit_ore) if result else None,
        "stated_benefit": _kr(result.stated_npv_benefit_ore) if result else None,
        "irr": result.irr * 100 if result and result.irr is not None else None,
        "npv_running": _kr(case.npv_assumptions.running_per_year_ore.value) if case.npv_assumptions else None,
        "npv_running_from": case.npv_assumptions.running_from_year.value if case.npv_assumptions else None,
        "rate": RUNNING_COST_RATE.value * 100, "margin": RISK_MARGIN.value * 100,
    })
    status = 400 if "form" in context and context["form"].errors else 200
    return render(request, "costs/investment.html", context, status=status)
