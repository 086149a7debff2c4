"""Pages of the prioritisation: models, sessions, results with sensitivity, the scoring sheet, exports.

Who may use each page is declared on it (core.roles). The public reads closed sessions only:
that is the selectors' rule, so a page of an open session is "not found" for them.
"""
import io
from pathlib import Path

import yaml
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core import exports
from radsmodell.core.forms import submit
from radsmodell.core.frozen import Frozen
from radsmodell.core.pagination import paginate
from radsmodell.core.roles import WRITE_REFUSALS, Role, access, is_secretariat, public_page, secretariat_action
from radsmodell.core.tabular import XLSX_MAGIC, XLSX_SUFFIXES, TableError, shown_note
from radsmodell.council.selectors import case_visible

from . import forms, selectors, services
from .engine import MEAN, PROPAGATE, REQUIRE, SKIP, SUM, WEIGHTED_MEAN, Model
from .models import Rater, ScoringModel, ScoringSession
from .tables import missing_labels, read_scores_csv, results_data
from .workbook import read_workbook_figures, results_xlsx

COMBINE_NAMES = {MEAN: gettext_lazy("gjennomsnitt"), WEIGHTED_MEAN: gettext_lazy("vektet gjennomsnitt"),
                 SUM: gettext_lazy("sum")}
# What a group does with a missing answer (engine.py): a short name for the table, the rule in words.
MISSING_NAMES = {SKIP: gettext_lazy("hopper over"), PROPAGATE: gettext_lazy("som regnearket"),
                 REQUIRE: gettext_lazy("krever alle")}
MISSING_RULES = {
    SKIP: gettext_lazy("Manglende svar og undergrupper uten verdi utelates; gruppen mangler verdi bare når ingen "
                       "av delene har verdi."),
    PROPAGATE: gettext_lazy("Tomme svar og tekst utelates, slik Excels GJENNOMSNITT gjør, men en undergruppe der "
                            "alle svar mangler, har ingen verdi (#DIV/0! i arket), og det bærer oppover: gruppen "
                            "over får heller ingen verdi."),
    REQUIRE: gettext_lazy("Gruppen har verdi bare når alle svar og undergrupper har verdi."),
}


def missing_rules(model: Model) -> list[dict]:
    """The rules for missing answers the model uses, each with the groups that follow it."""
    rules = []
    for rule in (PROPAGATE, SKIP, REQUIRE):
        nodes = [node.label for node in model.root.nodes() if not node.is_leaf and node.missing_rule == rule]
        if nodes:
            rules.append({"name": MISSING_NAMES[rule], "text": MISSING_RULES[rule], "nodes": nodes})
    return rules


def score_rule(model: Model) -> str:
    if model.root.combine == SUM:
        return _("Score er summen av gruppene.")
    return _("Score er det vektede gjennomsnittet av gruppene.")


def _sessions_page(request, session_form, status=200):
    context = paginate(request, selectors.sessions_for(request.user))
    for session in context["page"]:
        session.visible_case = _visible_case(request.user, session)
    return render(request, "priority/sessions.html", {**context, "session_form": session_form, "nav": "priority"},
                  status=status)


@public_page
def sessions(request):
    return _sessions_page(request, forms.SessionForm(prefix="session") if is_secretariat(request.user) else None)


def _models_page(request, model_form, status=200):
    context = paginate(request, ScoringModel.objects.only("slug", "name", "builtin"))
    return render(request, "priority/models.html", {**context, "model_form": model_form, "nav": "priority"},
                  status=status)


@public_page
def scoring_models(request):
    form = None
    if is_secretariat(request.user):
        builtin = ScoringModel.objects.filter(builtin=True).first()
        start = {k: v for k, v in builtin.definition.items() if k in ("tie_break", "root")} if builtin else {}
        form = forms.ScoringModelForm(prefix="model", initial={
            "definition": yaml.safe_dump(start, allow_unicode=True, sort_keys=False)})
    return _models_page(request, form)


@public_page
def scoring_model_detail(request, slug):
    scoring_model = get_object_or_404(ScoringModel, slug=slug)
    model = scoring_model.engine
    weights = model.effective_leaf_weights()
    rows = []

    def walk(node, depth):
        rows.append({"node": node, "depth": depth, "indent": depth * 1.5,
                     "weight": weights.get(node.key) if node.is_leaf else None,
                     "combine": "" if node.is_leaf else COMBINE_NAMES[node.combine],
                     "missing": "" if node.is_leaf else MISSING_NAMES[node.missing_rule]})
        for child in node.children:
            walk(child, depth + 1)

    for group in model.groups:
        walk(group, 0)
    return render(request, "priority/model.html", {
        "scoring_model": scoring_model, "model": model, "rows": rows, "nav": "priority",
        "rules": missing_rules(model), "score_rule": score_rule(model), "root_missing": MISSING_NAMES[REQUIRE],
        "tie_break": [next(g.label for g in model.groups if g.key == key) for key in model.tie_break],
        "definition": yaml.safe_dump(scoring_model.definition, allow_unicode=True, sort_keys=False),
    })


@secretariat_action
def scoring_model_create(request):
    form = forms.ScoringModelForm(request.POST, prefix="model")
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_scoring_model(data["slug"], data["name"], data["description"],
                                                    data["definition"])
        except ValidationError as error:
            form.apply_error(error)
        else:
            messages.success(request, _("Modellen er lagret."))
            return redirect("priority:model", created.slug)
    return _models_page(request, form, status=400)


def _visible_case(user, session: ScoringSession):
    """The council case the session belongs to, when the user may see it."""
    return session.case if session.case and case_visible(user, session.case) else None


def _group_label(labels: list[str], index: int | None) -> str:
    """A stored swap names its groups by position; a built-in model changed since may have fewer."""
    return labels[index] if index is not None and index < len(labels) else ""


def _session_context(request, session: ScoringSession, **overrides) -> dict:
    model = session.scoring_model.engine
    outcome = selectors.session_results(session)
    sensitivity, swaps = services.current_sensitivity(session, outcome)
    groups = list(model.groups)
    # The portfolio initiative a measure is, so the ranking leads on to the initiative's page.
    initiatives = {m.name: m.initiative for m in session.measures.select_related("initiative") if m.initiative}
    rows = []
    for result in outcome.results:
        rows.append({"result": result, "groups": [result.groups[g.key] for g in groups],
                     "missing": missing_labels(model, result), "initiative": initiatives.get(result.name)})
    figures = selectors.printed_figures(session, outcome)
    group_labels = [g.label for g in groups]
    context = {
        "session": session, "case": _visible_case(request.user, session), "model": model, "groups": groups,
        "rows": rows, "outcome": outcome,
        # Names from the stored result: a closed session shows what it stored, whatever the scores say now.
        "sensitivity": [
            {"name": name, "p": sensitivity.p_top_k[i], "low": sensitivity.rank_low[i],
             "high": sensitivity.rank_high[i]}
            for i, name in enumerate(sensitivity.names)
        ] if sensitivity else [],
        "draws": sensitivity.draws if sensitivity else 0,
        "top_k": sensitivity.top_k if sensitivity else session.top_k,  # the k the stored result was drawn with
        "swaps": [{"upper": s.upper, "lower": s.lower, "shift": s.shift,
                   "from_group": _group_label(group_labels, s.from_group),
                   "to_group": _group_label(group_labels, s.to_group)} for s in swaps],
        "tie_break": [next(g.label for g in groups if g.key == key) for key in model.tie_break],
        "rules": missing_rules(model), "score_rule": score_rule(model),
        "differing": [f for f in figures if not f.agrees], "agreeing": [f for f in figures if f.agrees],
        "raters": session.raters.all(),
        "rater_form": forms.RaterForm(prefix="rater"),
        # Self-scoring: the sheets' progress and the invitations (the secretariat's), where the raters differ.
        "progress": selectors.sheet_progress(session) if is_secretariat(request.user) else [],
        "invite_form": forms.InviteForm(prefix="invite", session=session),
        "disagreement": selectors.disagreement_view(session, request.user) if outcome.raters > 1 else None,
        "measure_form": forms.MeasureForm(prefix="measure"),
        "measures": session.measures.all(),
        "sensitivity_form": forms.SensitivityForm(prefix="sens", initial={
            "concentration": session.concentration, "top_k": session.top_k}),
        "nav": "priority",
        "downloads": exports.downloads(
            lambda variant: reverse("priority:export", args=[session.pk, exports.SUFFIXES[variant]]),
            results_data(model, []).columns),
    }
    context.update(overrides)
    return context


@public_page
def session_detail(request, session_id):
    session = selectors.get_session(request.user, session_id)
    if not selectors.results_visible(request.user, session):
        # Raters scoring themselves see their own sheet, not the others' result, until closing.
        rater = selectors.own_rater(request.user, session.pk)
        progress = selectors.sheet_progress(session)
        return render(request, "priority/own_sheet_waiting.html", {
            "session": session, "case": _visible_case(request.user, session),
            "refusal": selectors.result_refusal(session),
            "own": next((p for p in progress if rater and p.rater.pk == rater.pk), None),
            "delivered": sum(1 for p in progress if p.rater.submitted_at),
            "sheets": sum(1 for p in progress if p.rater.user_id), "nav": "priority"})
    return render(request, "priority/session.html", _session_context(request, session))


def _read_upload(upload, model):
    """Measures, text-cell notes and the figures a workbook prints, from a score table (CSV) or
    the council's workbook (XLSX).

    ValidationError on the upload field with every problem of the file, each naming its line
    (or sheet) and cell."""
    content = upload.read()
    try:
        if Path(upload.name or "").suffix.lower() in XLSX_SUFFIXES or content.startswith(XLSX_MAGIC):
            measures, warnings, figures = read_workbook_figures(io.BytesIO(content), model)
            return measures, {(w.measure, w.question): w.text for w in warnings}, figures
        measures, warnings = read_scores_csv(content, model, upload.name or "")
        return measures, {(w.measure, w.column): w.text for w in warnings}, []
    except TableError as error:
        note = shown_note(error.errors)  # the first hundred problems, and how many there are
        raise ValidationError({"upload": [f"{upload.name}: {problem}" for problem in error.errors]
                               + ([note] if note else [])})


@secretariat_action
def session_create(request):
    form = forms.SessionForm(request.POST, request.FILES, prefix="session")
    if form.is_valid():
        data = form.cleaned_data
        try:
            model = data["scoring_model"].engine
            measures, raw, figures = _read_upload(data["upload"], model) if data["upload"] else ({}, {}, [])
            typed = data["measures"].splitlines()
            known = set(typed)  # a set: a file of many measures is checked in linear time
            names = typed + [n for n in measures if n not in known]
            with transaction.atomic():
                session = services.create_session(
                    data["title"], data["scoring_model"], names, initiatives=data["initiatives"], scores=measures,
                    rater_name=data["rater"] or (data["upload"].name[:200] if data["upload"] else ""), raw_text=raw,
                    self_scoring=data["self_scoring"])
                unmatched = services.record_printed_figures(
                    session, figures, _("arbeidsboken %(name)s") % {"name": data["upload"].name} if figures else "")
        except ValidationError as error:
            form.apply_error(error)
        else:
            messages.success(request, _("Scoringsrunden er opprettet."))
            _flag_printed_figures(request, session, unmatched)
            return redirect(session)
    return _sessions_page(request, form, status=413 if form.has_error("upload", "too_large") else 400)


def _flag_printed_figures(request, session: ScoringSession, unmatched: list[str]) -> None:
    """Say on import where the workbook's own figures differ from the model's (the session page lists them)."""
    differing = [f for f in selectors.printed_figures(session, selectors.session_results(session)) if not f.agrees]
    if differing:
        messages.warning(request, _("%(count)s tall i arbeidsboken er ikke modellens: se «Tall i arbeidsboken». "
                                    "Modellens tall gjelder; arkets er tatt vare på ved siden av.")
                         % {"count": len(differing)})
    if unmatched:
        messages.warning(request, _("Arbeidsboken har tall for tiltak som ikke er i runden (navnene er ulike?): "
                                    "%(names)s.") % {"names": ", ".join(unmatched)})


@secretariat_action
def session_add_rater(request, session_id):
    session = selectors.get_session(request.user, session_id)
    form = forms.RaterForm(request.POST, prefix="rater")
    return submit(request, form, lambda data: services.add_rater(session, data["name"]),
                  _("Vurderingsskjemaet er lagt til."), session, lambda: render(
                      request, "priority/session.html", _session_context(request, session, rater_form=form),
                      status=400), closed=lambda: services.ensure_session_open(session))


@secretariat_action
def session_add_measure(request, session_id):
    session = selectors.get_session(request.user, session_id)
    form = forms.MeasureForm(request.POST, prefix="measure")
    return submit(request, form, lambda data: services.add_measure(session, data["name"]),
                  _("Tiltaket er lagt til."), session, lambda: render(
                      request, "priority/session.html", _session_context(request, session, measure_form=form),
                      status=400), closed=lambda: services.ensure_session_open(session))


@secretariat_action
def session_remove(request, session_id, what, item_id):
    """Remove a measure or a rater from an open session."""
    session = selectors.get_session(request.user, session_id)
    if what == "tiltak":
        item, remove = get_object_or_404(session.measures, pk=item_id), services.remove_measure
    elif what == "vurderer":
        item, remove = get_object_or_404(session.raters, pk=item_id), services.remove_rater
    else:
        raise Http404
    try:
        remove(session, item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("«%(name)s» er fjernet fra runden.") % {"name": item.name})
    return redirect(session)


@secretariat_action
def session_settings(request, session_id):
    session = selectors.get_session(request.user, session_id)
    form = forms.SensitivityForm(request.POST, prefix="sens")
    return submit(request, form,
                  lambda data: services.update_sensitivity_settings(session, data["concentration"], data["top_k"]),
                  "", session, lambda: render(
                      request, "priority/session.html", _session_context(request, session, sensitivity_form=form),
                      status=400), closed=lambda: services.ensure_session_open(session))


@secretariat_action
def session_status(request, session_id, status):
    session = selectors.get_session(request.user, session_id)
    try:
        services.set_status(session, status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(session)


@access(read=Role.MEMBER, write=Role.MEMBER, scope="own sheet")
def scoring_sheet(request, session_id, rater_id):
    session = selectors.get_session(request.user, session_id)
    rater = get_object_or_404(Rater, pk=rater_id, session=session)
    if not selectors.may_read_sheet(request.user, rater):
        raise PermissionDenied(selectors.sheet_refusal(rater))
    if request.method == "GET" and session.self_scoring and session.is_open and rater.user_id == request.user.pk:
        return redirect("priority:own_sheet", session.pk)  # where the rater also delivers it
    model = session.scoring_model.engine
    measures = list(session.measures.select_related("initiative"))
    existing = {(s.measure_id, s.question): s for s in rater.scores.all()}
    editable = session.is_open and selectors.may_fill_in(request.user, rater)
    errors = {}
    if request.method == "POST":
        if not selectors.may_fill_in(request.user, rater):
            raise PermissionDenied(_("Bare %(name)s fyller ut dette arket.") % {"name": rater.name}
                                   if rater.user_id else WRITE_REFUSALS[Role.SECRETARIAT])
        try:
            services.ensure_session_open(session)  # whatever the sheet sent: the reason, on the sheet
        except Frozen as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect(request.path)
        # Only the cells the sheet sent: a partial post never blanks saved scores.
        cells = {(m.pk, leaf.key): (request.POST[services.field_name(m, leaf.key)],
                                    request.POST.get(services.field_name(m, leaf.key) + "-comment", ""))
                 for m in measures for leaf in model.leaves() if services.field_name(m, leaf.key) in request.POST}
        try:
            if session.self_scoring and rater.user_id:
                services.save_own_sheet(rater, cells, deliver=False)  # a change is a draft until delivered
            else:
                services.record_scores(rater, cells)
        except ValidationError as error:
            errors = {field: " ".join(msgs) for field, msgs in error.message_dict.items()}
        else:
            messages.success(request, _("Scorene er lagret."))
            return redirect(session)
    rows = []
    for group in model.groups:
        for leaf in group.leaves():
            cells = []
            for m in measures:
                field = services.field_name(m, leaf.key)
                saved = existing.get((m.pk, leaf.key))
                value = request.POST.get(field) if request.method == "POST" else (
                    "" if saved is None or saved.value is None else f"{saved.value:g}")
                comment = request.POST.get(field + "-comment") if request.method == "POST" else (
                    saved.comment if saved else "")
                cells.append({"field": field, "value": value, "comment": comment, "measure": m,
                              "error": errors.get(field, ""), "raw": saved.raw if saved else ""})
            rows.append({"group": group, "leaf": leaf, "cells": cells})
    return render(request, "priority/sheet.html", {
        "session": session, "rater": rater, "measures": measures, "rows": rows, "editable": editable,
        "errors": errors, "nav": "priority",
    }, status=400 if errors else 200)


@public_page
def session_export(request, session_id, suffix):
    """The ranking as "-excel.csv", ".csv", ".json" or ".xlsx" (tables.results_data); the workbook
    also has the sensitivity."""
    session = selectors.get_session(request.user, session_id)
    if not selectors.results_visible(request.user, session):
        raise PermissionDenied(selectors.result_refusal(session))
    model = session.scoring_model.engine
    outcome = selectors.session_results(session)
    stem, variant = f"prioritering-{session.pk}", exports.variant_of(suffix)
    if variant != "xlsx":
        return exports.response(results_data(model, outcome.results), variant, stem)
    sensitivity, _swaps = services.current_sensitivity(session, outcome)
    response = HttpResponse(results_xlsx(model, outcome.results, sensitivity), content_type=exports.FILE_TYPES[variant])
    response["Content-Disposition"] = content_disposition_header(True, stem + exports.SUFFIXES[variant])
    return response
