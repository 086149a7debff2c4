"""Cost distribution's part of an initiative's history (core/timeline.py): the duty-to-pay gate's
steps (legal assessment, production, approved trial, planned entry into the split), the investment
cases and the price models linked to it. All are public pages."""
import re
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from radsmodell.core import links
from radsmodell.core.timeline import Event

from .builtin import BUILTIN_MODELS
from .models import InvestmentCase, PaymentGate


def cost_events(kind: str, ref: str, user) -> list[Event]:
    return [*_gate_events(ref), *_investment_events(ref), *_price_model_events(ref)]


def _gate_events(ref: str) -> list[Event]:
    linked = links.links_to("initiative", ref, "gate")
    gates = PaymentGate.objects.filter(Q(initiative_id__in=links.pks([ref])) | Q(pk__in=links.pks(linked)))
    events = []
    for gate in gates:
        steps = [
            (gate.legal_decided_on, _("Juridisk vurdering: %(status)s") % {"status": gate.get_legal_status_display()},
             gate.legal_decided_by),
            (gate.production_date, _("I produksjon"), ""),
            (gate.approved_on, _("Tilstrekkelig utprøving godkjent"), gate.approved_by),
            (gate.planned_entry, _("Planlagt inn i kostnadsfordelingen"), ""),
        ]
        events += [Event(day=day, label=_("Plikt til betaling"), title=f"{gate.service}: {what}",
                         url=reverse("costs:gate", args=[gate.slug]), detail=by, source=gate.source,
                         assumption=gate.assumption, order=40)
                   for day, what, by in steps if day]
    return events


def _investment_events(ref: str) -> list[Event]:
    """On the day the link gives; without one on the first year of the investment period, marked as
    inferred (an investment case states its period, not the day it was decided)."""
    linked = links.links_to("initiative", ref, "investment")
    events = []
    for case in InvestmentCase.objects.filter(Q(initiative_id__in=links.pks([ref])) | Q(pk__in=links.pks(linked))):
        link = linked.get(str(case.pk))
        period = str(case.definition.get("period", ""))
        first_year = re.match(r"\s*(\d{4})", period)
        if link is not None and link.date:
            day, assumption = link.date, link.assumption
        elif first_year:
            day, assumption = date(int(first_year.group(1)), 1, 1), _(
                "Dagen investeringen ble besluttet er ikke kjent; den står på første år i investeringsperioden.")
        else:
            continue
        events.append(Event(day=day, label=_("Investering"), title=case.name,
                            url=reverse("costs:investment", args=[case.slug]),
                            detail=_("Investeringsperiode %(period)s") % {"period": period} if period else "",
                            source=case.source, assumption=assumption, order=40))
    return events


def _price_model_events(ref: str) -> list[Event]:
    """A price model linked to the initiative, from the first year it applies."""
    events = []
    for slug, link in links.links_to("initiative", ref, "price_model").items():
        model = BUILTIN_MODELS.get(slug)
        if model is None or not model.periods:
            continue
        first = min(p.first_year for p in model.periods)
        events.append(Event(day=date(first, 1, 1), label=_("Prismodell"),
                            title=_("%(name)s gjelder fra %(year)s") % {"name": model.name, "year": first},
                            url=reverse("costs:price_model", args=[slug]), source=link.source,
                            assumption=link.assumption, order=40))
    return events
