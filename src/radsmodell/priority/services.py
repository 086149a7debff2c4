"""Writes of the prioritisation: sessions, raters and their scores. One transaction each;
broken rules raise ValidationError naming the field.

Every write that changes what a session's sensitivity is drawn from (measures, raters,
scores, the settings, the scoring model) ends with `refresh_sensitivity`, so pages read the
stored result (`current_sensitivity`) instead of drawing 20 000 times on each load.
"""
from collections import Counter

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from radsmodell.core.frozen import Frozen

from . import selectors
from .builtin import ASSUMPTIONS, BUILTIN_MODELS
from .engine import ModelError, parse_cell
from .models import Measure, PrintedFigure, Rater, Score, ScoringModel, ScoringSession
from .sensitivity import Sensitivity, Swap, simulate, smallest_swaps
from .serialization import model_from_dict, model_to_dict

# The most measures a session scores: the sensitivity counts ranks in a table of measures × ranks,
# and a council ranks tens of measures, not thousands (a file of thousands is a wrong file).
MAX_MEASURES = 200


def ensure_builtin_models() -> None:
    """The models that come with the platform exist in the database, as the code defines them."""
    for model in BUILTIN_MODELS.values():
        definition = model_to_dict(model)
        before = ScoringModel.objects.filter(slug=model.slug).values_list("definition", flat=True).first()
        scoring_model, _created = ScoringModel.objects.update_or_create(
            slug=model.slug, defaults={"name": model.name, "definition": definition, "builtin": True,
                                       "assumption": ASSUMPTIONS.get(model.slug, "")})
        if before is not None and before != definition:
            # Closed sessions keep the result they were closed with.
            open_sessions = ScoringSession.objects.filter(scoring_model=scoring_model,
                                                          status=ScoringSession.Status.OPEN)
            for session in open_sessions:
                refresh_sensitivity(session)


@transaction.atomic
def create_scoring_model(slug: str, name: str, description: str, definition_text: str) -> ScoringModel:
    """A configurable model from its definition written as YAML (or JSON, which YAML reads too)."""
    if ScoringModel.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Det finnes allerede en modell «%(slug)s».") % {"slug": slug}})
    try:
        data = yaml.safe_load(definition_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", error)
        if mark:
            message = _("linje %(line)s: ikke gyldig YAML (%(problem)s).") % {"line": mark.line + 1, "problem": problem}
        else:
            message = _("ikke gyldig YAML (%(problem)s).") % {"problem": problem}
        raise ValidationError({"definition": message})
    if not isinstance(data, dict):
        raise ValidationError({"definition": _("Definisjonen må være et oppslag med «root» (og gjerne «tie_break»).")})
    data = {**data, "slug": slug, "name": name}
    try:
        model = model_from_dict(data)
    except (ModelError, TypeError, ValueError) as error:
        raise ValidationError({"definition": str(error)})
    if model.root.combine != "sum" and not model.root.weights:
        raise ValidationError({"definition": _("Roten kombinerer gruppene som sum (med vekter om de skal telle "
                                               "ulikt).")})
    return ScoringModel.objects.create(slug=slug, name=name, description=description,
                                       definition=model_to_dict(model))


@transaction.atomic
def create_session(title: str, scoring_model: ScoringModel, measure_names: list[str], case=None,
                   source: str = "", initiatives=(), scores: dict[str, list[dict]] | None = None,
                   rater_name: str = "", raw_text: dict[tuple[str, str], str] | None = None,
                   assumption: str = "", outside: dict[str, str] | None = None,
                   self_scoring: bool = False) -> ScoringSession:
    """A session scoring the named measures and the chosen portfolio initiatives (by their names),
    with the `scores` read from a file as one rater's sheet: all of it, or nothing.

    `assumption` says why the session is linked to `case` when its source does not; `outside`
    names measures scored but kept outside the ranking, with the reason."""
    linked = {i.name: i for i in initiatives}
    given = set(measure_names)  # sets and counters throughout: a file of many names is checked in linear time
    names = [n.strip() for n in measure_names if n.strip()] + [n for n in linked if n not in given]
    if len(names) > MAX_MEASURES:
        raise ValidationError({"measures": _("En runde kan ha høyst %(limit)s tiltak, ikke %(count)s.") % {
            "limit": MAX_MEASURES, "count": len(names)}})
    too_long = [n for n in names if len(n) > Measure._meta.get_field("name").max_length]
    if too_long:
        raise ValidationError({"measures": _("Navnet er for langt (over %(limit)s tegn): «%(start)s…».") % {
            "limit": Measure._meta.get_field("name").max_length, "start": too_long[0][:60]}})
    if not title.strip():
        raise ValidationError({"title": _("Runden må ha en tittel.")})
    if not names:
        raise ValidationError({"measures": _("Oppgi minst ett tiltak.")})
    duplicates = sorted(n for n, count in Counter(names).items() if count > 1)
    if duplicates:
        raise ValidationError({"measures": _("Tiltaket står flere ganger: %(names)s.") % {
            "names": ", ".join(duplicates)}})
    unknown = sorted(set(outside or {}) - set(names))
    if unknown:
        raise ValidationError({"measures": _("Utenfor rangeringen, men ikke i runden: %(names)s.") % {
            "names": ", ".join(unknown)}})
    session = ScoringSession.objects.create(title=title.strip(), scoring_model=scoring_model, case=case,
                                            source=source, assumption=assumption, self_scoring=self_scoring)
    for position, name in enumerate(names, start=1):
        Measure.objects.create(session=session, name=name, position=position, initiative=linked.get(name),
                               outside_ranking=(outside or {}).get(name, ""))
    if scores:
        import_scores(session, rater_name, scores, raw_text)  # draws the sensitivity with the scores
    else:
        refresh_sensitivity(session)
    return session


def ensure_session_open(session: ScoringSession) -> None:
    """A closed session is a published result: its measures, raters, scores and settings stay as they were."""
    if not session.is_open:
        raise Frozen(_("Scoringsrunden «%(title)s» er lukket, så tiltakene, vurdererne, scorene og innstillingene "
                       "for følsomhetsanalysen ligger fast slik de var da den ble lukket. En ny scoring er en ny "
                       "runde.") % {"title": session.title})


@transaction.atomic
def add_rater(session: ScoringSession, name: str, user=None) -> Rater:
    ensure_session_open(session)
    if not name.strip():
        raise ValidationError({"name": _("Skriv navnet på den som vurderer.")})
    if len(name.strip()) > Rater._meta.get_field("name").max_length:
        raise ValidationError({"name": _("Navnet er for langt (over %(limit)s tegn).") % {
            "limit": Rater._meta.get_field("name").max_length}})
    if session.raters.filter(name=name.strip()).exists():
        raise ValidationError({"name": _("«%(name)s» vurderer allerede i denne runden.") % {"name": name.strip()}})
    rater = Rater.objects.create(session=session, name=name.strip(), user=user)
    refresh_sensitivity(session)
    return rater


@transaction.atomic
def add_measure(session: ScoringSession, name: str) -> Measure:
    """Another measure in an open session, last in the list; its cells start blank."""
    ensure_session_open(session)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Skriv navnet på tiltaket.")})
    if len(name) > Measure._meta.get_field("name").max_length:
        raise ValidationError({"name": _("Navnet er for langt (over %(limit)s tegn).") % {
            "limit": Measure._meta.get_field("name").max_length}})
    if session.measures.filter(name=name).exists():
        raise ValidationError({"name": _("«%(name)s» er allerede med i runden.") % {"name": name}})
    last = session.measures.order_by("-position").values_list("position", flat=True).first() or 0
    measure = Measure.objects.create(session=session, name=name, position=last + 1)
    refresh_sensitivity(session)
    return measure


@transaction.atomic
def remove_measure(session: ScoringSession, measure: Measure) -> None:
    """Take a measure out of an open session, with every rater's scores for it."""
    ensure_session_open(session)
    if session.measures.count() == 1:
        raise ValidationError({"session": _("Runden må ha minst ett tiltak.")})
    measure.delete()
    refresh_sensitivity(session)


@transaction.atomic
def remove_rater(session: ScoringSession, rater: Rater) -> None:
    """Take a rater's sheet out of an open session (the scores go with it)."""
    ensure_session_open(session)
    rater.delete()
    refresh_sensitivity(session)


def field_name(measure: Measure, question: str) -> str:
    """The form field of one cell of the scoring sheet."""
    return f"m{measure.pk}-{question}"


@transaction.atomic
def record_scores(rater: Rater, cells: dict[tuple[int, str], tuple[str, str]]) -> int:
    """Save a rater's sheet: {(measure id, question key): (cell text, comment)}.

    Blank is allowed; text that is not a number is refused here (the sheet is typed, not
    imported); a number outside the question's scale is refused. Nothing is saved if one
    cell is wrong. Returns the number of cells with a value.
    """
    session = rater.session
    ensure_session_open(session)
    model = session.scoring_model.engine
    leaves = {leaf.key: leaf for leaf in model.leaves()}
    measures = {m.pk: m for m in session.measures.all()}
    errors = {}
    parsed = {}
    for (measure_id, question), (text, comment) in cells.items():
        measure, leaf = measures.get(measure_id), leaves.get(question)
        if measure is None or leaf is None:
            raise ValidationError({"session": _("Ukjent tiltak eller spørsmål (%(measure)s, %(question)s).") % {
                "measure": measure_id, "question": question}})
        value, warning = parse_cell(text)
        name = field_name(measure, question)
        where = {"measure": measure.name, "question": question}
        if warning:
            errors[name] = _("%(measure)s, %(question)s: «%(text)s» er ikke et tall.") % {**where, "text": text.strip()}
        elif value is not None and not (leaf.scale[0] <= value <= leaf.scale[1]):
            errors[name] = _("%(measure)s, %(question)s: %(value)s er utenfor skalaen %(low)s–%(high)s.") % {
                **where, "value": f"{value:g}", "low": f"{leaf.scale[0]:g}", "high": f"{leaf.scale[1]:g}"}
        parsed[(measure, question)] = (value, comment.strip())
    if errors:
        raise ValidationError(errors)
    for (measure, question), (value, comment) in parsed.items():
        Score.objects.update_or_create(rater=rater, measure=measure, question=question,
                                       defaults={"value": value, "comment": comment, "raw": ""})
    refresh_sensitivity(session)
    return sum(1 for value, _comment in parsed.values() if value is not None)


@transaction.atomic
def set_self_scoring(session: ScoringSession, on: bool) -> ScoringSession:
    """Let the raters score themselves in an open session, or stop it. Which sheets count changes
    (a user's undelivered sheet does not count while it is on), so the result is drawn again."""
    ensure_session_open(session)
    session.self_scoring = on
    session.save(update_fields=["self_scoring"])
    refresh_sensitivity(session)
    return session


def rater_name(user) -> str:
    return (user.get_full_name() or user.username).strip()[:Rater._meta.get_field("name").max_length]


@transaction.atomic
def invite_raters(session: ScoringSession, users) -> list[Rater]:
    """One sheet per invited user in an open self-scoring session, named by the user's full name
    (with the username when another rater has that name). All of them, or none."""
    ensure_session_open(session)
    if not session.self_scoring:
        raise ValidationError({"users": _("Runden er ikke en runde der vurdererne scorer selv. Slå det på "
                                          "før du inviterer.")})
    users = list(users)
    if not users:
        raise ValidationError({"users": _("Velg minst én bruker å invitere.")})
    invited = set(session.raters.filter(user__in=users).values_list("user__username", flat=True))
    if invited:
        raise ValidationError({"users": _("Allerede invitert: %(names)s.") % {"names": ", ".join(sorted(invited))}})
    inactive = sorted(u.username for u in users if not u.is_active)
    if inactive:
        raise ValidationError({"users": _("Brukeren er deaktivert: %(names)s.") % {"names": ", ".join(inactive)}})
    names = set(session.raters.values_list("name", flat=True))
    raters = []
    for user in users:
        name = rater_name(user)
        if name in names:
            name = f"{name} ({user.username})"[:Rater._meta.get_field("name").max_length]
        if name in names:
            raise ValidationError({"users": _("«%(name)s» vurderer allerede i denne runden.") % {"name": name}})
        names.add(name)
        raters.append(Rater.objects.create(session=session, name=name, user=user))
    return raters  # no scores yet: nothing the result is drawn from has changed


@transaction.atomic
def save_own_sheet(rater: Rater, cells: dict[tuple[int, str], tuple[str, str]], deliver: bool) -> int:
    """A rater's own sheet, saved as a draft or delivered (`record_scores` checks every cell).

    Delivering stamps the time; saving a draft after delivering withdraws the delivery until
    the rater delivers again, so "delivered" always means the sheet as it stands. An empty sheet
    cannot be delivered. Returns the number of cells of the whole sheet with a value."""
    ensure_session_open(rater.session)
    # Stamped before the scores are saved, so the result is drawn once, with this sheet counted or not.
    rater.submitted_at = timezone.now() if deliver else None
    rater.save(update_fields=["submitted_at"])
    record_scores(rater, cells)
    filled = rater.scores.filter(value__isnull=False).count()
    if deliver and not filled:
        raise ValidationError({"session": _("Arket er tomt. Fyll ut minst én score før du leverer.")})
    return filled


@transaction.atomic
def import_scores(session: ScoringSession, rater_name: str, measures: dict[str, list[dict]],
                  raw_text: dict[tuple[str, str], str] | None = None) -> Rater:
    """Scores read from a file (CSV or the council's workbook) as one rater's sheet.

    Text cells arrive as missing values; `raw_text` keeps what the cell said, so the
    warning stays visible on the session page.
    """
    rater = add_rater(session, rater_name)
    by_name = {m.name: m for m in session.measures.all()}
    if len(by_name.keys() | measures.keys()) > MAX_MEASURES:
        raise ValidationError({"measures": _("En runde kan ha høyst %(limit)s tiltak, ikke %(count)s.") % {
            "limit": MAX_MEASURES, "count": len(by_name.keys() | measures.keys())}})
    longest = Score._meta.get_field("raw").max_length
    for name, ratings in measures.items():
        measure = by_name.get(name) or Measure.objects.create(session=session, name=name, position=len(by_name) + 1)
        by_name[name] = measure
        for question, value in ratings[0].items():
            raw = (raw_text or {}).get((name, question), "")[:longest]  # what the cell said, as far as it is kept
            if value is not None or raw:
                Score.objects.create(rater=rater, measure=measure, question=question, value=value, raw=raw)
    refresh_sensitivity(session)
    return rater


@transaction.atomic
def record_printed_figures(session: ScoringSession, figures, source: str = "") -> list[str]:
    """Keep what a workbook prints for the session's measures (objects with sheet, measure, what,
    printed, and a `cell` or a `source`), beside the model's own figures: nothing is overwritten.

    Returns the names the workbook uses for measures the session does not have (a summary sheet
    may shorten them), so the page that imported the file can say which figures were left out."""
    by_name = {m.name: m for m in session.measures.all()}
    unmatched = []
    for figure in figures:
        measure = by_name.get(figure.measure)
        if measure is None:
            unmatched.append(figure.measure)
            continue
        note = getattr(figure, "source", "") or ", ".join(
            part for part in (source, f"ark «{figure.sheet}»", f"celle {figure.cell}" if getattr(figure, "cell", "")
                              else "") if part)
        PrintedFigure.objects.update_or_create(session=session, measure=measure, sheet=figure.sheet,
                                               what=figure.what, defaults={"printed": figure.printed,
                                                                           "source": note[:200]})
    return list(dict.fromkeys(unmatched))


@transaction.atomic
def set_status(session: ScoringSession, status: str) -> ScoringSession:
    if status not in ScoringSession.Status.values:
        raise ValidationError({"status": _("Ukjent status «%(status)s».") % {"status": status}})
    ensure_session_open(session)  # a closed session is a published result: it is neither reopened nor closed again
    if status == ScoringSession.Status.CLOSED and session.is_open:
        refresh_sensitivity(session)  # what the session is closed with is what it shows from now on
    session.status = status
    session.save(update_fields=["status"])  # never the stored sensitivity from a stale instance
    return session


@transaction.atomic
def update_sensitivity_settings(session: ScoringSession, concentration: float, top_k: int) -> ScoringSession:
    ensure_session_open(session)
    errors = {}
    if not 0 < concentration <= 1_000_000:
        errors["concentration"] = _("Konsentrasjonen må være større enn 0 og høyst 1 000 000.")
    if not 1 <= top_k <= max(session.measures.count(), 1):
        errors["top_k"] = _("k må være mellom 1 og antall tiltak.")
    if errors:
        raise ValidationError(errors)
    session.concentration, session.top_k = concentration, top_k
    session.save(update_fields=["concentration", "top_k"])
    refresh_sensitivity(session)
    return session


def current_sensitivity(session: ScoringSession,
                        outcome: selectors.SessionResults) -> tuple[Sensitivity | None, list[Swap]]:
    """The sensitivity a page or an export shows: the stored result, read without drawing.

    It is drawn here only when none is stored (sessions from before it was stored) or when an
    open session's inputs no longer match the fingerprint (changed past the services). A
    closed session shows what it stored.
    """
    stored = session.sensitivity
    if stored is not None and (not session.is_open or stored["fingerprint"] == selectors.sensitivity_fingerprint(
            selectors.sensitivity_inputs(session, outcome))):
        return selectors.stored_sensitivity(stored)
    return refresh_sensitivity(session, outcome)


@transaction.atomic
def refresh_sensitivity(session: ScoringSession,
                        outcome: selectors.SessionResults | None = None) -> tuple[Sensitivity | None, list[Swap]]:
    """Draw the session's sensitivity again when its inputs changed, and store it with their fingerprint.

    The one writer of `ScoringSession.sensitivity`. Unchanged inputs (same fingerprint) keep
    the stored result without drawing; the seed is fixed, so drawing again from the same
    inputs would give the same numbers anyway.
    """
    # Lock the row: two score saves at once store in turn, the later one seeing both.
    stored = ScoringSession.objects.select_for_update().values_list("sensitivity", flat=True).get(pk=session.pk)
    if outcome is None:
        outcome = selectors.session_results(session)
    inputs = selectors.sensitivity_inputs(session, outcome)
    fingerprint = selectors.sensitivity_fingerprint(inputs)
    if stored is not None and stored["fingerprint"] == fingerprint:
        session.sensitivity = stored
        return selectors.stored_sensitivity(stored)
    sensitivity, swaps = None, []
    if inputs is not None:
        sensitivity = simulate(**inputs)
        swaps = smallest_swaps(inputs["group_values"], inputs["weights"], inputs["names"])
    session.sensitivity = {"fingerprint": fingerprint, "sensitivity": sensitivity.to_dict() if sensitivity else None,
                           "swaps": [swap.to_dict() for swap in swaps]}
    # An update, not save(): no signal, no history row, no other field overwritten.
    ScoringSession.objects.filter(pk=session.pk).update(sensitivity=session.sensitivity)
    return sensitivity, swaps
