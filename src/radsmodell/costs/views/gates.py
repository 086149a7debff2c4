"""The duty-to-pay gate (case 18/24): every service on its way into the cost split, and one page
per service with the legal assessment, the service's own requirements (adapted from the case's
six, with what differs from them) and the owner's approval. Public to read; the secretariat
records and adapts the list."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from radsmodell.core.forms import submit
from radsmodell.core.roles import is_secretariat, secretariat_writes

from .. import gate as rules
from .. import gate_services as services
from ..forms import (
    ApprovalForm,
    DropRequirementForm,
    LegalForm,
    RequirementForm,
    RequirementWordingForm,
    ServiceForm,
)
from ..models import GateRequirement, PaymentGate

EVENT_LABELS = {
    "planned": _("Planlagt inn i kostnadsfordelingen"),
    "production": _("I produksjon"),
    "deadline": _("Ett år etter produksjon"),
    "approved": _("Tilstrekkelig utprøving godkjent"),
    "entry": _("Inn i kostnadsfordelingen"),
    "earliest": _("Tidligst mulig inn (hvis godkjent i dag)"),
}
CHANGE_LABELS = {rules.UNCHANGED: _("Som i forslaget"), rules.REWORDED: _("Omformulert"),
                 rules.ADDED: _("Lagt til"), rules.DROPPED: _("Tatt ut")}


def _gates():
    return PaymentGate.objects.select_related("solution", "initiative").prefetch_related(
        Prefetch("requirements", queryset=GateRequirement.objects.order_by("number")))


def _row(gate: PaymentGate, today) -> dict:
    """What the list and the page show about one gate."""
    facts = services.facts(gate)
    timing = rules.timing(facts, today)
    gaps = rules.gaps(facts)
    postponed = bool(gate.planned_entry and timing.expected and timing.expected > gate.planned_entry)
    changes = [r.change for r in facts.requirements]
    differs = [(str(CHANGE_LABELS[kind]), changes.count(kind)) for kind in (rules.ADDED, rules.REWORDED, rules.DROPPED)
               if kind in changes]
    return {"gate": gate, "facts": facts, "met": facts.met_count, "of": facts.listed_count, "differs": differs,
            "ready": not gaps, "missing": [m.text(gettext) for m in gaps], "timing": timing, "postponed": postponed}


def _timeline(rows: list[dict]) -> dict:
    """The dates of every gate for the chart; the table on the page holds the same dates."""
    events = []
    for row in rows:
        gate, timing = row["gate"], row["timing"]
        for kind, day in (("planned", gate.planned_entry), ("production", gate.production_date),
                          ("deadline", timing.deadline), ("approved", gate.approved_on), ("entry", timing.entry),
                          ("earliest", timing.earliest)):
            if day is not None:
                events.append({"service": gate.service, "kind": kind, "date": day.isoformat()})
    return {"services": [row["gate"].service for row in rows],
            "kinds": [{"key": key, "label": str(label)} for key, label in EVENT_LABELS.items()],
            "events": events}


@secretariat_writes
def gate_list(request):
    form = None
    if request.method == "POST":
        form = ServiceForm(request.POST, prefix="ny")
        if form.is_valid():
            try:
                created = services.create_gate(**form.cleaned_data)
            except ValidationError as error:
                form.apply_error(error)
            else:
                messages.success(request, gettext("Tjenesten er registrert med de seks foreslåtte kravene. "
                                                  "Tilpass listen til tjenesten."))
                return redirect("costs:gate", created.slug)
    today = timezone.localdate()
    rows = [_row(gate, today) for gate in _gates()]
    timeline = _timeline(rows)
    return render(request, "costs/gates.html", {
        "rows": rows, "timeline": timeline, "has_dates": bool(timeline["events"]), "today": today,
        "form": form or (ServiceForm(prefix="ny") if is_secretariat(request.user) else None), "nav": "costs",
    }, status=400 if form is not None and form.errors else 200)


def _requirement_rows(gate: PaymentGate, secretariat: bool, bound: dict) -> list[dict]:
    """Each requirement on the service's list (dropped ones too) with how it differs from the
    template, and for the secretariat its forms (a bound form with errors where one was sent)."""
    rows = []
    for row in sorted(gate.requirements.all(), key=lambda r: r.number):
        listed = services.listed(row)
        entry = {"row": row, "change": listed.change, "change_label": CHANGE_LABELS[listed.change],
                 "proposed": listed.proposed, "fulfilled": listed.fulfilled}
        if secretariat:
            n = row.number
            entry.update({
                "form": bound.get(("requirement", n)) or RequirementForm(prefix=f"krav-{n}", initial={
                    "met": row.met, "evidence": row.evidence, "assumption": row.assumption}),
                "wording_form": bound.get(("reword", n)) or RequirementWordingForm(
                    prefix=f"ord-{n}", number=n, initial={"title": row.title, "detail": row.detail}),
                "drop_form": bound.get(("drop", n)) or DropRequirementForm(prefix=f"ut-{n}", number=n),
            })
            entry["open"] = any(bound.get((kind, n)) is not None for kind in ("requirement", "reword", "drop"))
        rows.append(entry)
    return rows


def _page(request, gate: PaymentGate, status: int = 200, bound: dict | None = None, **forms):
    secretariat = is_secretariat(request.user)
    bound = bound or {}
    context = {"row": _row(gate, timezone.localdate()), "gate": gate, "nav": "costs",
               "requirements": _requirement_rows(gate, secretariat, bound),
               "template": rules.REQUIREMENTS, "template_source": rules.TEMPLATE_SOURCE}
    if secretariat:
        context.update({
            "legal_form": LegalForm(prefix="juridisk", initial={
                "legal_status": gate.legal_status, "legal_decided_by": gate.legal_decided_by,
                "legal_decided_on": gate.legal_decided_on}),
            "approval_form": ApprovalForm(prefix="godkjenning"),
            "service_form": ServiceForm.for_gate(gate, prefix="tjeneste"),
            "add_form": bound.get(("add", None)) or RequirementWordingForm(prefix="nytt-krav"),
        })
        context.update(forms)
    return render(request, "costs/gate.html", context, status=status)


def _gate(slug: str) -> PaymentGate:
    gate = _gates().filter(slug=slug).first()
    if gate is None:
        raise Http404(gettext("Fant ikke tjenesten"))
    return gate


@secretariat_writes
def gate_detail(request, slug):
    gate = _gate(slug)
    if request.method != "POST":
        return _page(request, gate)
    action = request.POST.get("action")
    target = request.path

    if action in REQUIREMENT_ACTIONS:
        return _requirement_action(request, gate, action, target)
    if action == "legal":
        form = LegalForm(request.POST, prefix="juridisk")
        return submit(request, form, lambda data: services.record_legal_assessment(
            gate, data["legal_status"], decided_by=data["legal_decided_by"], decided_on=data["legal_decided_on"]),
            gettext("Den juridiske vurderingen er registrert."), target,
            lambda: _page(request, _gate(slug), 400, legal_form=form))
    if action == "approve":
        form = ApprovalForm(request.POST, prefix="godkjenning")
        return submit(request, form, lambda data: services.approve(gate, **data),
                      gettext("Tilstrekkelig utprøving er godkjent."), target,
                      lambda: _page(request, _gate(slug), 400, approval_form=form))
    if action == "withdraw":
        try:
            services.withdraw_approval(gate)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Godkjenningen er trukket tilbake."))
        return redirect(target)
    if action == "service":
        form = ServiceForm(request.POST, prefix="tjeneste")
        return submit(request, form, lambda data: services.update_service(gate, **data),
                      gettext("Opplysningene om tjenesten er lagret."), target,
                      lambda: _page(request, _gate(slug), 400, service_form=form))
    return HttpResponseBadRequest(gettext("Ukjent handling"))


REQUIREMENT_ACTIONS = ("requirement", "reword", "drop", "restore", "add")


def _requirement_action(request, gate: PaymentGate, action: str, target: str):
    """The secretariat's writes to the service's list of requirements. Bad input shows the page
    again with the form as it was sent and the message at its field (status 400)."""
    def again(key, form):
        return lambda: _page(request, _gate(gate.slug), 400, bound={key: form})

    if action == "add":
        form = RequirementWordingForm(request.POST, prefix="nytt-krav")
        return submit(request, form, lambda data: services.add_requirement(gate, **data),
                      gettext("Kravet er lagt til for tjenesten."), target + "#krav", again(("add", None), form))
    try:
        number = int(request.POST.get("number", ""))
    except ValueError:
        raise Http404(gettext("Tjenesten har ikke dette kravet")) from None
    if not any(r.number == number for r in gate.requirements.all()):
        raise Http404(gettext("Tjenesten har ikke dette kravet"))
    anchor = f"{target}#krav-{number}"
    if action == "requirement":
        form = RequirementForm(request.POST, prefix=f"krav-{number}")
        return submit(request, form, lambda data: services.update_requirement(gate, number, **data),
                      gettext("Krav %(number)s er oppdatert.") % {"number": number}, anchor,
                      again(("requirement", number), form))
    if action == "reword":
        form = RequirementWordingForm(request.POST, prefix=f"ord-{number}", number=number)
        return submit(request, form, lambda data: services.reword_requirement(gate, number, **data),
                      gettext("Krav %(number)s har fått tjenestens egen ordlyd.") % {"number": number}, anchor,
                      again(("reword", number), form))
    if action == "drop":
        form = DropRequirementForm(request.POST, prefix=f"ut-{number}", number=number)
        return submit(request, form, lambda data: services.drop_requirement(gate, number, **data),
                      gettext("Krav %(number)s er tatt ut av listen.") % {"number": number}, anchor,
                      again(("drop", number), form))
    try:
        services.restore_requirement(gate, number)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Krav %(number)s står på listen igjen.") % {"number": number})
    return redirect(anchor)
