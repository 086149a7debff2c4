"""Pages of the council register. Thin: parse, call a selector or service, render.

Who may read and write is declared on each view (core.roles); the visibility of drafts and
unapproved minutes is the selectors' business, as it depends on the meeting.
"""
import os
from datetime import date
from itertools import zip_longest

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from radsmodell.core import confirm, history
from radsmodell.core.forms import submit
from radsmodell.core.frozen import Frozen
from radsmodell.core.pagination import paginate
from radsmodell.core.roles import Role, access, can_see_drafts, is_secretariat, public_page, secretariat_action
from radsmodell.opendata.registry import page_downloads

from . import forms, selectors, services
from .models import ActionItem, AgendaItem, Attachment, Body, Case, Input, Meeting
from .textdiff import word_diff


@public_page
def bodies(request):
    all_bodies = Body.objects.select_related("succeeded_by").prefetch_related(
        "later_names", "mandates", "succeeded_by__later_names")
    return render(request, "council/bodies.html", {"bodies": all_bodies, "nav": "bodies"})


@public_page
def body_detail(request, slug):
    body = get_object_or_404(Body.objects.select_related("succeeded_by"), slug=slug)
    mandates = list(body.mandates.all())
    members_day, day_error = _members_day(request.GET.get("dato", ""))
    return render(request, "council/body.html", {
        "body": body,
        "nav": "bodies",
        "later_names": body.later_names.all(),
        "predecessors": body.predecessors.all(),
        "mandates": mandates,
        "comparison": _mandate_comparison(mandates, request.GET.get("a"), request.GET.get("b")),
        "members_day": members_day,
        "members_day_error": day_error,
        "members": selectors.members_on(body, members_day),
        "periods": selectors.membership_periods(body),
        "meetings": selectors.meetings_for(request.user, body),
    })


def _members_day(text: str) -> tuple[date, str]:
    """The day of the member list (?dato=ÅÅÅÅ-MM-DD), today by default; a wrong date says so."""
    if not text.strip():
        return timezone.localdate(), ""
    try:
        return date.fromisoformat(text.strip()), ""
    except ValueError:
        return timezone.localdate(), _("«%(text)s» er ikke en dato (ÅÅÅÅ-MM-DD). Listen viser medlemmene i dag.") % {
            "text": text}


def _mandate_comparison(mandates, left_id, right_id):
    """Two mandate versions side by side; by default the first adopted against the first proposal."""
    by_id = {str(m.pk): m for m in mandates}
    left = by_id.get(left_id) or next((m for m in mandates if m.status == "adopted"), None)
    right = by_id.get(right_id) or next((m for m in mandates if m.status == "proposed"), None)
    if left is None or right is None or left == right:
        return None
    return {"left": left, "right": right, "tasks": list(zip_longest(left.tasks, right.tasks, fillvalue=""))}


def _meetings_context(request, body: Body | None, meeting_form) -> dict:
    return {
        **paginate(request, selectors.meetings_for(request.user, body)),
        "bodies": Body.objects.prefetch_related("later_names"),
        "selected_body": body,
        "meeting_form": meeting_form,
        "nav": "meetings",
        "meeting_downloads": page_downloads("moter"),
        "case_downloads": page_downloads("saker"),
    }


@public_page
def meetings(request):
    slug = request.GET.get("organ")
    body = get_object_or_404(Body, slug=slug) if slug else None
    form = forms.MeetingForm(initial={"body": body}) if is_secretariat(request.user) else None
    return render(request, "council/meetings.html", _meetings_context(request, body, form))


@secretariat_action
def meeting_create(request):
    form = forms.MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.plan_meeting(
                form.cleaned_data["body"], form.cleaned_data["date"], form.cleaned_data["start_time"],
                form.cleaned_data["end_time"], form.cleaned_data["location"], form.cleaned_data["number"],
            )
        except ValidationError as error:
            form.apply_error(error)
        else:
            messages.success(request, _("Møtet %(meeting)s er planlagt med standardsakene på dagsordenen.")
                             % {"meeting": meeting.title})
            return redirect(meeting)
    return render(request, "council/meetings.html", _meetings_context(request, None, form), status=400)


def _meeting_context(request, meeting: Meeting, **forms_override) -> dict:
    show_minutes = selectors.minutes_visible(request.user, meeting)
    agenda = selectors.agenda(meeting)
    context = {
        "meeting": meeting,
        "nav": "meetings",
        "agenda": agenda,
        "opening_item_id": next((i.pk for i in agenda if i.case_id and i.case.title.casefold().startswith(
            services.OPENING_CASES[0][0].casefold())), None),
        "show_minutes": show_minutes,
        "attendance": selectors.attendance(meeting) if show_minutes else [],
        "secretariat_attendees": meeting.secretariat.select_related("person") if show_minutes else [],
        "details_form": forms.MeetingDetailsForm(prefix="details", initial={
            "start_time": meeting.start_time, "end_time": meeting.end_time, "location": meeting.location,
            "number": meeting.number}),
        "case_form": forms.CaseAddForm(prefix="case"),
        "break_form": forms.AgendaBreakForm(prefix="break"),
        "attendance_form": forms.AttendanceForm(prefix="attendance"),
        "notice_changes": services.notice_changes(meeting),
    }
    if is_secretariat(request.user) and meeting.is_published and not meeting.minutes_locked:
        context.update(_approval_context(meeting, forms_override.get("approve_form")))
    context.update(forms_override)
    return context


def _approval_context(meeting: Meeting, form=None) -> dict:
    """What approving the minutes needs: what is missing, and the cases that can approve them."""
    candidates = services.approving_cases(meeting)
    proposed = services.proposed_approving_case(meeting, candidates)
    following = Meeting.objects.filter(body=meeting.body, date__gt=meeting.date).order_by("date").first()
    return {
        "minutes_gaps": services.minutes_gaps(meeting),
        "approve_form": form or forms.ApproveMinutesForm(candidates, prefix="approve", proposed=proposed),
        "approving_candidates": bool(candidates),
        "following_meeting": following,
        "standard_outcomes": [(services.NOTED, _("Tatt til orientering")), (services.DISCUSSED, _("Drøftet"))],
    }


@public_page
def meeting_detail(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    return render(request, "council/meeting.html", _meeting_context(request, meeting))


def _meeting_action(request, meeting, form_name, form, action, success, closed=None):
    """`closed` refuses the post, whatever it holds, when the approved minutes have locked what it changes."""
    return submit(request, form, action, success, meeting, lambda: render(
        request, "council/meeting.html", _meeting_context(request, meeting, **{form_name: form}), status=400),
        closed=closed)


def _refused(request, refusal: Frozen, target):
    """A change to approved minutes: the reason, said on the page the change was asked from."""
    messages.error(request, " ".join(refusal.messages))
    return redirect(target)


@secretariat_action
def meeting_details(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    form = forms.MeetingDetailsForm(request.POST, prefix="details")
    return _meeting_action(request, meeting, "details_form", form,
                           lambda data: services.update_meeting(meeting, **data), _("Møtet er oppdatert."),
                           closed=lambda: services.ensure_agenda_open(meeting))


@secretariat_action
def meeting_add_case(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    form = forms.CaseAddForm(request.POST, prefix="case")
    return _meeting_action(
        request, meeting, "case_form", form,
        lambda data: services.add_case(meeting, data["title"], data["type"], data["start_time"]),
        _("Saken er lagt til på dagsordenen."), closed=lambda: services.ensure_agenda_open(meeting),
    )


@secretariat_action
def meeting_add_break(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    form = forms.AgendaBreakForm(request.POST, prefix="break")
    return _meeting_action(
        request, meeting, "break_form", form,
        lambda data: services.add_agenda_break(meeting, data["kind"], data["start_time"], data["title"]),
        _("Punktet er lagt til på dagsordenen."), closed=lambda: services.ensure_agenda_open(meeting),
    )


@secretariat_action
def agenda_item_action(request, body, day, item_id, action):
    meeting = selectors.get_meeting(request.user, body, day)
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    try:
        services.ensure_agenda_open(meeting)  # before asking to confirm a removal that cannot happen
        if action == "opp":
            services.move_agenda_item(item, -1)
        elif action == "ned":
            services.move_agenda_item(item, +1)
        elif action == "fjern":
            question = confirm.ask(request, _("Fjerne «%(item)s» fra dagsordenen?") % {"item": item.label},
                                   action=_("Fjern"), back=meeting.get_absolute_url())
            if question is not None:
                return question
            services.remove_agenda_item(item)
            messages.success(request, _("«%(item)s» er fjernet fra dagsordenen.") % {"item": item.label})
        elif action == "tid":
            form = forms.AgendaTimeForm(request.POST, prefix=f"time{item.pk}")
            if not form.is_valid():
                raise ValidationError(form.errors["start_time"])
            services.set_agenda_time(item, form.cleaned_data["start_time"])
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(meeting)


@secretariat_action
def meeting_publish(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    question = confirm.ask(
        request, _("Publisere innkallingen til %(meeting)s? Etter publisering ligger saksnumrene fast, og "
                   "innkallingen er åpen for alle.") % {"meeting": meeting.title},
        action=_("Publiser innkallingen"), back=meeting.get_absolute_url())
    if question is not None:
        return question
    try:
        services.publish_notice(meeting)
        messages.success(request, _("Innkallingen er publisert."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(meeting)


@secretariat_action
def meeting_attendance(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    form = forms.AttendanceForm(request.POST, prefix="attendance")
    return _meeting_action(
        request, meeting, "attendance_form", form,
        lambda data: services.record_attendance(meeting, data["name"], data["organisation"], data["status"],
                                                data["remote"], data["remote_from"], data["remote_until"],
                                                data["substitute_for"], data["note"]),
        _("Oppmøtet er registrert."), closed=lambda: services.ensure_attendance_open(meeting),
    )


def _resolve_case(body: Body, field: str, text: str) -> Case:
    case = selectors.case_by_number(body, text)
    if case is None:
        raise ValidationError({field: _("%(body)s har ingen sak %(number)s.") % {
            "body": body.short_name, "number": text}})
    return case


@secretariat_action
def meeting_approve_minutes(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    try:
        services.ensure_minutes_not_approved(meeting)
    except Frozen as refusal:
        return _refused(request, refusal, meeting)
    if not meeting.is_published:  # the page offers no approval form to show errors on
        messages.error(request, _("Innkallingen er ikke publisert; referatet kan ikke godkjennes."))
        return redirect(meeting)
    form = forms.ApproveMinutesForm(services.approving_cases(meeting), request.POST, prefix="approve")
    # Asked only when approval can go ahead: what is missing is said first, without a question.
    if form.is_valid() and not services.minutes_gaps(meeting):
        question = confirm.ask(
            request, _("Godkjenne og låse referatet fra %(meeting)s? Senere endringer føres som rettelser med "
                       "begrunnelse.") % {"meeting": meeting.title},
            action=_("Godkjenn og lås referatet"), back=meeting.get_absolute_url())
        if question is not None:
            return question

    def approve(data):
        services.approve_minutes(meeting, _resolve_case(meeting.body, "approving_case", data["approving_case"]))

    return _meeting_action(request, meeting, "approve_form", form, approve, _("Referatet er godkjent og låst."))


@secretariat_action
def case_standard_outcome(request, body, year, number):
    """One click: "Tatt til orientering", "Drøftet" or "Vedtatt som foreslått", from the approval checklist."""
    case = selectors.get_case(request.user, body, year, number)
    try:
        services.record_standard_outcome(case, request.POST.get("outcome", ""))
        messages.success(request, _("Sak %(number)s: vedtaket «%(decision)s» er registrert.") % {
            "number": case.case_number, "decision": case.decision})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{case.meeting.get_absolute_url()}#godkjenn" if case.meeting else case.get_absolute_url())


# --- Cases -------------------------------------------------------------------------------

def _case_context(request, case: Case, **forms_override) -> dict:
    meeting = case.meeting
    show_minutes = selectors.minutes_visible(request.user, meeting)
    context = {
        "case": case,
        "meeting": meeting,
        "nav": "meetings",
        "show_minutes": show_minutes,
        "previous": selectors.previous_treatments(request.user, case),
        "later": selectors.later_treatments(request.user, case),
        "other_fora": case.other_fora.all(),
        "attachments": case.attachments.all(),
        "inputs": case.inputs.all() if show_minutes else [],
        "action_items": case.action_items.select_related("closed_by", "closed_by__body") if show_minutes else [],
        "closes": case.closes_action_items.select_related("case", "case__body") if show_minutes else [],
        "corrections": case.corrections.select_related("author") if show_minutes else [],
        "comments": case.comments.select_related("author") if can_see_drafts(request.user) else [],
        "memo_form": forms.MemoForm.for_case(case),
        "outcome_form": forms.OutcomeForm(prefix="outcome", initial={
            "decision": case.decision, "minutes_text": case.minutes_text,
            "type_in_meeting": case.type_in_meeting, "type_change_reason": case.type_change_reason,
        }),
        "input_form": forms.InputForm(prefix="input"),
        "action_form": forms.ActionItemForm(prefix="action"),
        "close_form": forms.CloseActionItemForm(prefix="close"),
        "correction_form": forms.CorrectionForm(prefix="correction"),
        "comment_form": forms.CommentForm(prefix="comment"),
        "attachment_form": forms.AttachmentForm(prefix="attachment"),
        "previous_form": forms.PreviousCasesForm(prefix="previous", initial={
            "keys": "\n".join(c.key for c in case.previous_cases.select_related("body"))}),
        "other_forum_form": forms.OtherForumForm(prefix="forum"),
        "number_form": forms.CaseNumberForm(prefix="number", initial={"number": case.case_number}),
        "can_comment": can_see_drafts(request.user) and meeting is not None and not meeting.is_published,
        "changes": history.changes_for(case) if is_secretariat(request.user) else [],
        "amendment": word_diff(case.proposed_decision, case.decision)
        if show_minutes and case.proposed_decision and case.decision_amended else None,
    }
    context.update(forms_override)
    return context


@public_page
def case_detail(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    return render(request, "council/case.html", _case_context(request, case))


def _case_action(request, case, form_name, form, action, success, closed=None):
    """`closed` refuses the post, whatever it holds, when the approved minutes have locked what it changes."""
    return submit(request, form, action, success, case, lambda: render(
        request, "council/case.html", _case_context(request, case, **{form_name: form}), status=400), closed=closed)


@secretariat_action
def case_memo(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    form = forms.MemoForm(request.POST, prefix="memo")
    return _case_action(request, case, "memo_form", form,
                        lambda data: services.update_memo(case, **form.service_fields()), _("Saksnotatet er lagret."),
                        closed=lambda: services.ensure_case_open(case))


@secretariat_action
def case_outcome(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    form = forms.OutcomeForm(request.POST, prefix="outcome")
    return _case_action(request, case, "outcome_form", form,
                        lambda data: services.record_outcome(case, **data), _("Behandlingen i møtet er registrert."),
                        closed=lambda: services.ensure_outcome_open(case))


@secretariat_action
def case_input(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    form = forms.InputForm(request.POST, prefix="input")
    return _case_action(request, case, "input_form", form,
                        lambda data: services.add_input(case, data["text"], data["actor"]), _("Innspillet er lagret."),
                        closed=lambda: services.ensure_outcome_open(case))


@secretariat_action
def input_remove(request, input_id):
    item = get_object_or_404(Input.objects.select_related("case", "case__body", "case__meeting"), pk=input_id)
    try:
        services.ensure_outcome_open(item.case)  # before asking to confirm a removal that cannot happen
    except Frozen as refusal:
        return _refused(request, refusal, item.case)
    question = confirm.ask(request, _("Fjerne innspillet «%(text)s»?") % {"text": Truncator(item.text).words(12)},
                           action=_("Fjern innspillet"), back=item.case.get_absolute_url())
    if question is not None:
        return question
    try:
        services.remove_input(item)
        messages.success(request, _("Innspillet er fjernet."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(item.case)


@secretariat_action
def case_action_item(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    form = forms.ActionItemForm(request.POST, prefix="action")
    return _case_action(request, case, "action_form", form,
                        lambda data: services.add_action_item(case, data["text"], data["owner"]),
                        _("Aksjonspunktet er registrert."), closed=lambda: services.ensure_outcome_open(case))


@secretariat_action
def action_item_close(request, item_id):
    item = get_object_or_404(ActionItem.objects.select_related("case", "case__body"), pk=item_id)
    form = forms.CloseActionItemForm(request.POST, prefix="close")

    def close(data):
        closed_by = _resolve_case(item.case.body, "closed_by", data["closed_by"]) if data["closed_by"] else None
        services.close_action_item(item, closed_by, data["note"])

    return _case_action(request, item.case, "close_form", form, close, _("Aksjonspunktet er lukket."))


@secretariat_action
def case_correction(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    form = forms.CorrectionForm(request.POST, prefix="correction")
    return _case_action(
        request, case, "correction_form", form,
        lambda data: services.correct_minutes(case, data["field"], data["new_value"], data["reason"], request.user),
        _("Rettelsen er registrert."),
    )


@access(read=None, write=Role.MEMBER, scope="draft memos (the service refuses published ones)")
def case_comment(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    form = forms.CommentForm(request.POST, prefix="comment")
    return _case_action(request, case, "comment_form", form,
                        lambda data: services.add_memo_comment(case, request.user, data["text"]),
                        _("Kommentaren er lagret."), closed=lambda: services.ensure_case_open(case))


@secretariat_action
def case_attachment(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    form = forms.AttachmentForm(request.POST, request.FILES, prefix="attachment")
    return _case_action(
        request, case, "attachment_form", form,
        lambda data: services.add_attachment(case, data["title"], data["file"], data["label"]),
        _("Vedlegget er lagt til."), closed=lambda: services.ensure_case_open(case),
    )


@secretariat_action
def case_previous(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    form = forms.PreviousCasesForm(request.POST, prefix="previous")
    return _case_action(
        request, case, "previous_form", form,
        lambda data: services.link_previous_cases(case, data["keys"].split()),
        _("Tidligere behandlinger er oppdatert."), closed=lambda: services.ensure_case_open(case),
    )


@secretariat_action
def case_other_forum(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    form = forms.OtherForumForm(request.POST, prefix="forum")
    return _case_action(
        request, case, "other_forum_form", form,
        lambda data: services.add_other_forum(case, data["date_text"], data["title"], data["decision"]),
        _("Behandlingen i øvrige fora er lagt til."), closed=lambda: services.ensure_case_open(case),
    )


@secretariat_action
def case_number(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    form = forms.CaseNumberForm(request.POST, prefix="number")
    return _case_action(request, case, "number_form", form,
                        lambda data: services.set_case_number(case, data["number"]), _("Saksnummeret er endret."),
                        closed=lambda: services.ensure_case_open(case))


@access(read=Role.PUBLIC, scope="the case's visibility")
def attachment_download(request, attachment_id):
    """Files are served through the same visibility rule as their case, never straight from disk."""
    attachment = get_object_or_404(Attachment.objects.select_related("case", "case__meeting"), pk=attachment_id)
    if not attachment.file or not selectors.case_visible(request.user, attachment.case):
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True,
                        filename=os.path.basename(attachment.file.name))
