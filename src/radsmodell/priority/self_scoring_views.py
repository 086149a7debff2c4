"""Pages of a session where the raters score themselves: the rater's own sheet, and the
secretariat's switch and invitations.

A rater fills in and delivers only their own sheet; until the secretariat closes scoring, the
others' sheets and the combined result are the secretariat's alone (priority.selectors).
The secretariat reads every sheet while scoring runs (it runs the session and chases the
sheets not delivered) but does not fill in a user's sheet.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from radsmodell.core.frozen import Frozen
from radsmodell.core.roles import Role, access, secretariat_action

from . import forms, selectors, services
from .views import _session_context


def _sheet_rows(model, measures, existing, posted, errors):
    """The sheet's table: one row per question, one cell per measure, as saved or as just sent."""
    rows = []
    for group in model.groups:
        for leaf in group.leaves():
            cells = []
            for measure in measures:
                field = services.field_name(measure, leaf.key)
                saved = existing.get((measure.pk, leaf.key))
                if posted is not None:
                    value, comment = posted.get(field, ""), posted.get(field + "-comment", "")
                else:
                    value = "" if saved is None or saved.value is None else f"{saved.value:g}".replace(".", ",")
                    comment = saved.comment if saved else ""
                cells.append({"field": field, "value": value, "comment": comment, "measure": measure,
                              "error": errors.get(field, "")})
            low, high = (f"{end:g}" for end in leaf.scale)
            rows.append({"group": group, "leaf": leaf, "cells": cells, "low": low, "high": high})
    return rows


@access(read=Role.SIGNED_IN, write=Role.SIGNED_IN, scope="own sheet")
def own_sheet(request, session_id):
    """The signed-in user's own sheet in a session: save a draft, or deliver it."""
    rater = selectors.own_rater(request.user, session_id)
    if rater is None:
        session = selectors.get_session(request.user, session_id)  # not found for who may not see the session
        raise PermissionDenied(_("Du er ikke invitert til å score i «%(title)s».") % {"title": session.title})
    session = rater.session
    model = session.scoring_model.engine
    measures = list(session.measures.select_related("initiative"))
    errors = {}
    if request.method == "POST":
        try:
            services.ensure_session_open(session)  # whatever was sent: the reason, on the sheet
        except Frozen as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect(request.path)
        deliver = request.POST.get("action") == "deliver"
        # Only the cells the sheet sent: a partial post never blanks saved scores.
        cells = {(m.pk, leaf.key): (request.POST[services.field_name(m, leaf.key)],
                                    request.POST.get(services.field_name(m, leaf.key) + "-comment", ""))
                 for m in measures for leaf in model.leaves() if services.field_name(m, leaf.key) in request.POST}
        was_delivered = rater.submitted_at is not None
        try:
            filled = services.save_own_sheet(rater, cells, deliver=deliver)
        except ValidationError as error:
            rater.refresh_from_db()  # nothing was saved, the delivery neither
            errors = {field: " ".join(texts) for field, texts in error.message_dict.items()}
        else:
            total = len(measures) * len(model.leaves())
            if deliver:
                messages.success(request, ngettext(
                    "Arket er levert med %(filled)s av %(total)s score fylt ut.",
                    "Arket er levert med %(filled)s av %(total)s scorer fylt ut.", total) % {
                    "filled": filled, "total": total})
            elif was_delivered:
                messages.warning(request, _("Endringene er lagret som utkast. Arket er ikke levert lenger: lever "
                                            "det på nytt når du er ferdig."))
            else:
                messages.success(request, _("Utkastet er lagret."))
            return redirect(request.path)
    existing = {(s.measure_id, s.question): s for s in rater.scores.all()}
    posted = request.POST if request.method == "POST" else None
    filled = sum(1 for s in existing.values() if s.value is not None)
    return render(request, "priority/own_sheet.html", {
        "session": session, "rater": rater, "measures": measures, "nav": "priority",
        "rows": _sheet_rows(model, measures, existing, posted, errors), "errors": errors,
        "filled": filled, "total": len(measures) * len(model.leaves()),
        "editable": session.is_open,
    }, status=400 if errors else 200)


@secretariat_action
def session_self_scoring(request, session_id):
    """Switch an open session to the raters scoring themselves, or back."""
    session = selectors.get_session(request.user, session_id)
    on = request.POST.get("self_scoring") == "on"
    try:
        services.set_self_scoring(session, on)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vurdererne scorer selv i denne runden. Inviter dem under «Vurderinger».") if on
                         else _("Vurdererne scorer ikke lenger selv; sekretariatet fyller ut arkene."))
    return redirect(session)


@secretariat_action
def session_invite(request, session_id):
    """One sheet per invited user."""
    session = selectors.get_session(request.user, session_id)
    form = forms.InviteForm(request.POST, prefix="invite", session=session)
    try:
        services.ensure_session_open(session)
    except Frozen as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(session)
    if form.is_valid():
        try:
            raters = services.invite_raters(session, form.cleaned_data["users"])
        except ValidationError as error:
            form.apply_error(error)
        else:
            messages.success(request, ngettext("%(names)s er invitert og har fått sitt ark.",
                                               "%(names)s er invitert og har fått hvert sitt ark.", len(raters))
                             % {"names": ", ".join(r.name for r in raters)})
            return redirect(session)
    return render(request, "priority/session.html", _session_context(request, session, invite_form=form),
                  status=400)
