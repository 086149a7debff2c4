"""Import of meeting documents: upload, review beside the source text, confirm (council/importing).

Nothing enters the register before «Bekreft import»: the upload is staged outside it
(importing/staging.py) with the reviewer's corrections, and apply.confirm writes it in one
transaction. The source files are served only through the meeting's visibility.
"""
import os

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core import tabular
from radsmodell.core.forms import StyledForm
from radsmodell.core.roles import Role, access, secretariat_page

from . import selectors
from .forms import DATE_HELP, _time_field
from .importing import apply, staging
from .importing.draft import DraftActionItem, ReadDocument
from .models import Attendance, Body, CaseType, MeetingDocument
from .numbering import CaseNumberError, parse_case_number

# Designsystemet's colour of each verdict of the plan.
COLORS = {apply.NEW: "success", apply.COMPLETE: "info", apply.IMPORTED: "neutral", apply.BLOCKED: "danger",
          apply.UPDATE: "info", apply.UNCHANGED: "neutral", apply.CLASH: "danger"}


# --- upload ----------------------------------------------------------------------------------

class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)) and data:
            return [super(MultipleFileField, self).clean(each, initial) for each in data]
        return [super().clean(data or None, initial)]  # no file: the field's own "required" message


def _body_choices() -> list[tuple[str, str]]:
    return [("", gettext_lazy("Les det av dokumentet"))] + [(b.slug, b.display_name()) for b in Body.objects.all()]


class UploadForm(StyledForm):
    files = MultipleFileField(label=gettext_lazy("Filer (PDF, DOCX eller tekst)"),
                              help_text=gettext_lazy("Innkalling, referat eller sakspapirer; én eller flere filer."))
    body = forms.ChoiceField(label=gettext_lazy("Organ"), required=False,
                             help_text=gettext_lazy("Når dokumentet ikke selv sier hvilket organ møtet hørte til."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = _body_choices()

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        problems = []
        for upload in uploads:
            if problem := tabular.size_problem(upload.size):  # refused unread: Django knows the size
                problems.append(forms.ValidationError(f"«{upload.name}»: {problem}.", code="too_large"))
        if problems:
            raise forms.ValidationError(problems)
        return uploads


def body_names() -> dict[str, str]:
    """The names the documents may give a body (full and short, earlier and later), to its slug."""
    names = {}
    for body in Body.objects.prefetch_related("later_names"):
        for name in [body.name, body.short_name] + [n for later in body.later_names.all()
                                                    for n in (later.name, later.short_name)]:
            names[name] = body.slug
    return names


def read_uploads(named_files: list[tuple[str, bytes]], body: str = "") -> tuple[list[ReadDocument], list[str]]:
    """Each file's text and drafts; the files that cannot be read, each with why. The format is told
    by the content (importing/extract.py), so a file is not refused for its name."""
    from .importing import extract, parse  # the reader: PDF and DOCX libraries load only when a file comes

    documents, problems = [], []
    names = {**parse.DEFAULT_BODY_NAMES, **body_names()}  # the reader's own names, and the register's
    for name, data in named_files:
        try:
            documents.append(parse.read_document(name, data, body_names=names, body=body))
        except extract.UnreadableDocument as error:
            message = str(error)  # the reader names the file; said here when it does not
            problems.append(message if name in message else f"«{name}»: {message}")
    return documents, problems


@secretariat_page
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            named = [(os.path.basename(u.name), u.read()) for u in form.cleaned_data["files"]]
            documents, problems = read_uploads(named, form.cleaned_data["body"])
            if problems:
                for problem in problems:
                    form.add_error("files", problem)
            else:
                token = staging.create(request.user, documents, [data for _name, data in named])
                return redirect("council:import_review", token=token)
        status = 413 if form.has_error("files", "too_large") else 400
    return render(request, "council/import_upload.html", {"form": form, "nav": "meetings"}, status=status)


# --- review ----------------------------------------------------------------------------------

def _lines_text(lines: list[str]) -> str:
    return "\n".join(lines)


class MeetingDraftForm(StyledForm):
    body = forms.ChoiceField(label=gettext_lazy("Organ"))
    date = forms.DateField(label=gettext_lazy("Dato"), help_text=DATE_HELP, input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": gettext_lazy("Datoen har feil format.")})
    number = forms.CharField(label=gettext_lazy("Møtenummer"), required=False, max_length=20)
    place = forms.CharField(label=gettext_lazy("Sted"), required=False, max_length=300)
    start = _time_field(gettext_lazy("Starter"))
    end = _time_field(gettext_lazy("Slutter"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "–")] + [(b.slug, b.display_name()) for b in Body.objects.all()]
        self.fields["body"].error_messages["required"] = _("Velg organet møtet hørte til.")
        self.fields["date"].error_messages["required"] = _("Møtet må ha en dato.")


class CaseDraftForm(StyledForm):
    number = forms.CharField(label=gettext_lazy("Saksnummer"), max_length=10,
                             help_text=gettext_lazy("N/ÅÅ, for eksempel 17/24."))
    title = forms.CharField(label=gettext_lazy("Tittel"), max_length=400)
    type = forms.ChoiceField(label=gettext_lazy("Sakstype"), choices=[("", "–")] + list(CaseType.choices),
                             required=False)
    proposal = forms.CharField(label=gettext_lazy("Forslag til vedtak"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.CharField(label=gettext_lazy("Vedtak"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    input = forms.CharField(label=gettext_lazy("Innspill"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=gettext_lazy("Ett innspill per linje."))
    action_items = forms.CharField(
        label=gettext_lazy("Aksjonspunkter"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Ett per linje: «Ansvarlig: hva som skal følges opp»."))

    def clean_number(self):
        text = self.cleaned_data["number"]
        try:
            return parse_case_number(text)
        except CaseNumberError as error:
            raise forms.ValidationError(_(error.message) % error.params) from None

    def clean_input(self):
        return [line.strip() for line in self.cleaned_data["input"].splitlines() if line.strip()]

    def clean_action_items(self):
        items, problems = [], []
        for n, line in enumerate(self.cleaned_data["action_items"].splitlines(), start=1):
            if not line.strip():
                continue
            owner, colon, text = line.partition(":")
            if not colon or not owner.strip() or not text.strip():
                problems.append(_("Linje %(n)s: skriv «Ansvarlig: hva som skal følges opp».") % {"n": n})
            elif len(owner.strip()) > 200:
                problems.append(_("Linje %(n)s: den ansvarlige kan ha høyst 200 tegn.") % {"n": n})
            else:
                items.append(DraftActionItem(text=text.strip(), owner=owner.strip()))
        if problems:
            raise forms.ValidationError(problems)
        return items


def _meeting_initial(draft) -> dict:
    return {"body": draft.body, "date": draft.date, "number": draft.number, "place": draft.place,
            "start": draft.start, "end": draft.end}


def _case_initial(case) -> dict:
    return {"number": case.case_number, "title": case.title, "type": case.type, "proposal": case.proposal,
            "decision": case.decision, "input": _lines_text(case.input),
            "action_items": _lines_text([f"{a.owner}: {a.text}" if a.owner else a.text for a in case.action_items])}


def _span(lines: dict, key: str) -> tuple[int, int] | None:
    """The source lines of a field: its own span, or the union of its parts (input[0], input[1] …)."""
    spans = [span for name, span in lines.items() if name == key or name.startswith(key + "[")]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


class _Source:
    """A field's link to the lines it came from."""

    def __init__(self, doc: int, span: tuple[int, int] | None):
        self.doc, self.span = doc, span

    def __bool__(self):
        return self.span is not None

    @property
    def anchor(self) -> str:
        return f"d{self.doc}-L{self.span[0]}"

    @property
    def lines(self) -> str:
        return f"d{self.doc}:{self.span[0]}-{self.span[1]}"

    @property
    def label(self) -> str:
        first, last = self.span
        return _("linje %(n)s") % {"n": first} if first == last else _("linje %(first)s–%(last)s") % {
            "first": first, "last": last}


def _status_label(row) -> str:
    if row.status in Attendance.Status.values:
        return str(Attendance.Status(row.status).label)
    return row.status


def _review_items(documents, import_plan, data=None):
    """Per document: its source lines and its drafts, each with bound forms and the plan."""
    result = []
    for d, document in enumerate(documents):
        plans = import_plan.for_document(d) if import_plan else []
        drafts = []
        unplaced_lines = set()
        for k, draft in enumerate(document.drafts):
            unplaced_lines |= {n for first, last in draft.unplaced for n in range(first, last + 1)}
            prefix = f"m{d}-{k}"
            meeting_form = MeetingDraftForm(data, prefix=prefix, initial=_meeting_initial(draft))
            draft_plan = next((p for p in plans if p.index == k), None)
            cases = []
            for n, case in enumerate(draft.cases):
                form = CaseDraftForm(data, prefix=f"{prefix}-c{n}", initial=_case_initial(case))
                sources = {name: _Source(d, _span(draft.lines, f"cases[{n}].{name}"))
                           for name in ("number", "title", "type", "proposal", "decision", "input", "action_items")}
                if not sources["number"]:  # the number stands on the title's line
                    sources["number"] = sources["title"]
                whole = _Source(d, _span(draft.lines, f"cases[{n}]"))
                case_plan = draft_plan.case_plan(n) if draft_plan else None
                cases.append({"form": form, "sources": sources, "whole": whole, "case": case, "plan": case_plan,
                              "color": COLORS.get(case_plan.verdict, "neutral") if case_plan else "neutral",
                              "fields": [(form[name], sources[name] or whole) for name in sources]})
            meeting_sources = {name: _Source(d, _span(draft.lines, name))
                               for name in ("body", "date", "number", "place", "start", "end")}
            drafts.append({
                "index": k, "draft": draft, "prefix": prefix, "form": meeting_form, "plan": draft_plan,
                "kind_label": MeetingDocument.Kind(draft.kind).label if draft.kind in MeetingDocument.Kind.values
                else draft.kind,
                "color": COLORS.get(draft_plan.verdict, "neutral") if draft_plan else "neutral",
                "fields": [(meeting_form[name], meeting_sources[name]) for name in meeting_sources],
                "attendance": [(row, _Source(d, _span(draft.lines, f"attendance[{i}]")), _status_label(row))
                               for i, row in enumerate(draft.attendance)],
                "cases": cases,
                "unplaced": [_Source(d, tuple(span)) for span in draft.unplaced],
            })
        text_lines = document.text.splitlines()
        result.append({
            "index": d, "document": document, "drafts": drafts,
            "lines": [(n, line, n in unplaced_lines) for n, line in enumerate(text_lines, start=1)],
            "unplaced_starts": {first for draft in document.drafts for first, _last in draft.unplaced},
        })
    return result


def _corrected(items) -> bool:
    """Check every bound form; the corrections go into the drafts when all are valid."""
    valid = True
    for item in items:
        for entry in item["drafts"]:
            meeting_form = entry["form"]
            valid &= meeting_form.is_valid()
            day = meeting_form.cleaned_data.get("date") if meeting_form.is_valid() else None
            for case in entry["cases"]:
                form = case["form"]
                if form.is_valid() and day is not None and form.cleaned_data["number"][1] != day.year:
                    form.add_error("number", _("Saksnummeret hører til %(year)s, men møtet er i %(meeting)s.") % {
                        "year": form.cleaned_data["number"][1], "meeting": day.year})
                valid &= form.is_valid()
    if not valid:
        return False
    for item in items:
        for entry in item["drafts"]:
            draft, data = entry["draft"], entry["form"].cleaned_data
            draft.body, draft.date, draft.number, draft.place = (
                data["body"], data["date"].isoformat(), data["number"].strip(), data["place"].strip())
            draft.start = data["start"].strftime("%H:%M") if data["start"] else ""
            draft.end = data["end"].strftime("%H:%M") if data["end"] else ""
            for case in entry["cases"]:
                entry_case, data = case["case"], case["form"].cleaned_data
                entry_case.number, entry_case.year = data["number"]
                entry_case.title, entry_case.type = data["title"].strip(), data["type"]
                entry_case.proposal, entry_case.decision = data["proposal"].strip(), data["decision"].strip()
                entry_case.input, entry_case.action_items = data["input"], data["action_items"]
    return True


def _review_page(request, token, documents, skip, items=None, import_plan=None, errors=(), status=200):
    """The page; `items` when the forms are already bound and checked (they keep their errors)."""
    import_plan = import_plan or apply.plan(documents)
    items = items or _review_items(documents, import_plan)
    return render(request, "council/import_review.html", {
        "token": token, "items": items, "plan": import_plan, "skip": skip, "errors": list(errors),
        "blocking": import_plan.blocking(skip), "nav": "meetings",
    }, status=status)


@secretariat_page
def review(request, token):
    try:
        documents, skip = staging.load(token, request.user)
    except staging.NotFound:
        raise Http404(_("Fant ikke importen. Den kan være bekreftet, forkastet eller eldre enn sju dager.")) from None
    if request.method != "POST":
        return _review_page(request, token, documents, skip)
    action = request.POST.get("action", "save")
    if action == "discard":
        staging.discard(token, request.user)
        messages.success(request, _("Importen er forkastet. Ingenting er lagret i registeret."))
        return redirect("council:import_upload")
    skip = set(request.POST.getlist("skip"))
    import_plan = apply.plan(documents)  # as staged: shown again beside the fields to correct
    items = _review_items(documents, import_plan, request.POST)
    if not _corrected(items):
        return _review_page(request, token, documents, skip, items, import_plan, errors=[
            _("Rett feltene som er merket. Ingenting er lagret.")], status=400)
    staging.save(token, request.user, documents, skip)
    if action != "confirm":
        messages.success(request, _("Rettelsene er lagret. Ingenting er lagret i registeret ennå."))
        return redirect("council:import_review", token=token)
    import_plan = apply.plan(documents)
    try:
        meetings = apply.confirm(documents, request.user, files=staging.file_bytes(token, request.user), skip=skip)
    except ValidationError as error:
        return _review_page(request, token, documents, skip, errors=error.messages, status=400)
    staging.discard(token, request.user)
    if not meetings:
        messages.info(request, _("Dokumentene var importert før. Ingenting er endret."))
        return redirect("council:meetings")
    done = []
    for meeting in meetings:
        verdict = next((p.verdict for p in import_plan.drafts if p.meeting_key == meeting.key), apply.NEW)
        done.append(_("%(meeting)s (nytt møte)") % {"meeting": meeting.title} if verdict == apply.NEW
                    else _("%(meeting)s (fullført)") % {"meeting": meeting.title})
    messages.success(request, _("Importert: %(meetings)s.") % {"meetings": ", ".join(done)})
    if meetings.approved:
        messages.success(request, _("Referatet er godkjent som sakene i dokumentene vedtok: %(meetings)s.") % {
            "meetings": ", ".join(meeting.title for meeting in meetings.approved)})
    return redirect(meetings[0])


# --- the kept source files ----------------------------------------------------------------------

def document_visible(user, document: MeetingDocument) -> bool:
    """A notice follows the meeting; minutes and packs hold the minutes, which follow their approval."""
    if not selectors.meeting_visible(user, document.meeting):
        return False
    return document.kind == MeetingDocument.Kind.NOTICE or selectors.minutes_visible(user, document.meeting)


@access(read=Role.PUBLIC, scope="the meeting's visibility")
def document_download(request, document_id):
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting", "meeting__body"), pk=document_id)
    if not document.file or not document_visible(request.user, document):
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)
