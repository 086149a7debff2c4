"""What the council register gives the search index (core/search): cases, action items and commissions,
each visible to the public exactly as on its pages (selectors.py, commission_selectors.py), and the
signals that keep the index in step with every write, in the write's transaction."""
import re
from datetime import date
from itertools import islice

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core import links, search
from radsmodell.core.formatting import long_date

from .models import ActionItem, Body, BodyName, Case, CaseType, Commission, Input, Meeting

CHUNK = 500

OUTCOMES = {
    "decided": gettext_lazy("Vedtatt"),
    "noted": gettext_lazy("Tatt til orientering"),
    "postponed": gettext_lazy("Utsatt"),
    "pending": gettext_lazy("Ikke avgjort"),
}
POSTPONED = re.compile(r"\butsatt|\butsettes|\bny behandling")


def outcome(decision: str) -> str:
    """decided / noted / postponed / pending, read from the decision's wording."""
    text = " ".join(decision.casefold().split())
    if not text:
        return "pending"
    if "til orientering" in text:
        return "noted"
    if POSTPONED.search(text):
        return "postponed"
    return "decided"


def _chunks(rows, size: int = CHUNK):
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def _linked(kind: str, refs: list[str], other: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for ref, other_ref in links.pairs_between(kind, refs, other):
        found.setdefault(ref, []).append(other_ref)
    return found


def _case_date(case: Case) -> date | None:
    return case.meeting.date if case.meeting else case.memo_date


# --- Cases ----------------------------------------------------------------------------------

def case_documents(cases):
    cases = cases.select_related("body", "meeting").prefetch_related("body__later_names", "inputs")
    for chunk in _chunks(cases.iterator(chunk_size=CHUNK)):
        refs = [str(case.pk) for case in chunk]
        initiatives = _linked("case", refs, "initiative")
        solutions = _linked("case", refs, "solution")
        for case in chunk:
            yield _case_document(case, initiatives.get(str(case.pk), []), solutions.get(str(case.pk), []))


def _case_document(case: Case, initiatives: list[str], solutions: list[str]) -> search.Document:
    meeting = case.meeting
    public = meeting is None or meeting.is_published
    minutes_public = meeting is None or meeting.minutes_locked
    day = _case_date(case)
    inputs = "\n".join(i.text for i in case.inputs.all())
    fields = [
        search.DocField(_("Vedtak"), case.decision, minutes_public),
        search.DocField(_("Forslag til vedtak"), case.proposed_decision, True),
        search.DocField(_("Omtale"), case.summary, True),
        search.DocField(_("Hensikt med saken"), case.purpose, True),
        search.DocField(_("Bakgrunn"), case.background, True),
        search.DocField(_("Drøftingsspørsmål"), case.questions, True),
        search.DocField(_("Videre saksprosess"), case.next_steps, True),
        search.DocField(_("Referat"), case.minutes_text, minutes_public),
        search.DocField(_("Innspill"), inputs, minutes_public),
        search.DocField(_("Saksnummer"), case.case_number, True),
    ]
    facets = {"body": [case.body.slug], "year": [str(case.year)], "type": [case.effective_type],
              "outcome": [outcome(case.decision)], "initiative": initiatives, "solution": solutions}
    public_facets = facets if minutes_public else {**facets, "type": [case.type], "outcome": ["pending"]}
    shown_type = case.effective_type if minutes_public else case.type
    meta = [case.body_short_name, _("Sak %(number)s") % {"number": case.case_number}]
    if shown_type:
        meta.append(str(CaseType(shown_type).label))
    if day:
        meta.append(long_date(day))
    return search.Document(
        kind="case", ref=str(case.pk), title=case.title, url=case.get_absolute_url(), date=day, public=public,
        fields=[f for f in fields if f.text.strip()], facets=facets, public_facets=public_facets,
        meta=" · ".join(meta))


# --- Action items ---------------------------------------------------------------------------

def action_item_documents(items):
    items = items.select_related("case", "case__body", "case__meeting").prefetch_related("case__body__later_names")
    for item in items.iterator(chunk_size=CHUNK):
        meeting = item.case.meeting
        # As action_items_for: the public sees an item once its meeting's minutes are approved.
        public = meeting is None or (meeting.is_published and meeting.minutes_locked)
        title = " ".join(item.text.split())
        if len(title) > 120:
            title = title[:119].rsplit(" ", 1)[0] + " …"
        meta = [item.case.body_short_name, _("Sak %(number)s") % {"number": item.case.case_number},
                _("Ansvarlig: %(owner)s") % {"owner": item.owner}, str(item.get_status_display())]
        yield search.Document(
            kind="action_item", ref=str(item.pk), title=title,
            url=reverse("council:action_item", args=[item.pk]), date=item.created, public=public,
            fields=[search.DocField(_("Aksjonspunkt"), item.text, True),
                    search.DocField(_("Ansvarlig"), item.owner, True)],
            facets={"body": [item.case.body.slug], "year": [str(item.created.year)]},
            meta=" · ".join(meta))


# --- Commissions ----------------------------------------------------------------------------

def commission_documents(commissions):
    commissions = commissions.select_related("receiver", "giver_body", "decided_in__meeting").prefetch_related(
        "cases__meeting", "cases__body")
    for commission in commissions.iterator(chunk_size=CHUNK):
        yield _commission_document(commission)


def _case_public(case: Case | None) -> bool:
    return case is not None and (case.meeting is None or case.meeting.is_published)


def _commission_document(commission: Commission) -> search.Document:
    # As commissions_for: public unless known only from cases the public may not see.
    cases = list(commission.cases.all())
    known_from_cases = bool(cases) or commission.decided_in_id is not None
    public = not known_from_cases or any(map(_case_public, cases)) or _case_public(commission.decided_in)
    body_slugs = [case.body.slug for case in cases]
    if commission.giver_body_id:
        body_slugs.append(commission.giver_body.slug)
    meta = []
    if commission.reference:
        meta.append(commission.reference)
    meta.append(_("Til %(receiver)s") % {"receiver": commission.receiver.name})
    meta.append(str(commission.get_status_display()))
    return search.Document(
        kind="commission", ref=str(commission.pk), title=commission.title, url=commission.get_absolute_url(),
        date=commission.given, public=public,
        fields=[f for f in [search.DocField(_("Beskrivelse"), commission.description, True),
                            search.DocField(_("Leveranse"), commission.deliverable, True),
                            search.DocField(_("Referanse"), commission.reference, True)] if f.text.strip()],
        facets={"body": body_slugs, "year": [str(commission.given.year)] if commission.given else []},
        meta=" · ".join(meta))


# --- Facet labels ---------------------------------------------------------------------------

def _body_labels(values: list[str]) -> dict[str, str]:
    """The body's short name today (Body.display_short_name), read without making the objects."""
    later = BodyName.objects.filter(body=OuterRef("pk"), valid_from__lte=date.today()).order_by("-valid_from")
    bodies = Body.objects.filter(slug__in=values).annotate(later=Subquery(later.values("short_name")[:1]))
    return {slug: later or short for slug, short, later in bodies.values_list("slug", "short_name", "later")}


def _type_labels(values: list[str]) -> dict[str, str]:
    return {value: str(CaseType(value).label) for value in values if value in CaseType.values}


def _outcome_labels(values: list[str]) -> dict[str, str]:
    return {value: str(OUTCOMES[value]) for value in values if value in OUTCOMES}


search.register_kind(search.SearchKind("case", gettext_lazy("Saker"), 10, Case, case_documents, Case.objects.all))
search.register_kind(search.SearchKind("action_item", gettext_lazy("Aksjonspunkter"), 20, ActionItem,
                                       action_item_documents, ActionItem.objects.all))
search.register_kind(search.SearchKind("commission", gettext_lazy("Oppdrag"), 30, Commission,
                                       commission_documents, Commission.objects.all))
search.register_facet(search.Facet("body", gettext_lazy("Organ"), 10, _body_labels))
search.register_facet(search.Facet("year", gettext_lazy("År"), 20))
search.register_facet(search.Facet("type", gettext_lazy("Sakstype"), 30, _type_labels))
search.register_facet(search.Facet("outcome", gettext_lazy("Utfall"), 40, _outcome_labels))


# --- Keeping the index in step --------------------------------------------------------------

def _pks(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def _about_cases(case_pks: list[int]) -> dict[str, list]:
    """What a change to these cases reaches: the cases, their action items (visibility), and the
    commissions treated or given in them (visibility, body facet)."""
    return {
        "case": case_pks,
        "action_item": _pks(ActionItem.objects.filter(case__in=case_pks)),
        "commission": _pks(Commission.objects.filter(Q(cases__in=case_pks) | Q(decided_in__in=case_pks)).distinct()),
    }


search.follow(Case, lambda case: _about_cases([case.pk]), uid="council-case")
search.follow(Input, lambda row: {"case": [row.case_id]}, uid="council-input")
search.follow(ActionItem, lambda item: {"action_item": [item.pk]}, uid="council-action-item")
search.follow(Commission, lambda commission: {"commission": [commission.pk]}, uid="council-commission")
# Publishing the notice or approving the minutes changes what the public may find.
search.follow(Meeting, lambda meeting: _about_cases(_pks(Case.objects.filter(meeting=meeting))), uid="council-meeting")
# The body's name is in every hit's line under the title.
search.follow(Body, lambda body: {"case": _pks(Case.objects.filter(body=body)),
                                  "action_item": _pks(ActionItem.objects.filter(case__body=body))}, uid="council-body")
search.follow(BodyName, lambda name: {"case": _pks(Case.objects.filter(body_id=name.body_id)),
                                      "action_item": _pks(ActionItem.objects.filter(case__body_id=name.body_id))},
              uid="council-body-name")


def _commission_cases_changed(instance, pk_set) -> dict[str, list]:
    if isinstance(instance, Commission):
        return {"commission": [instance.pk]}
    if pk_set is None:  # a case's commissions cleared: those it had
        return {"commission": _pks(instance.commissions.all())}
    return {"commission": list(pk_set)}


search.follow_m2m(Commission.cases.through, _commission_cases_changed, uid="council-commission-cases")
