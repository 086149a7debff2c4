"""Writes of the prioritisation: sessions, raters and their scores. One transaction each;
broken rules raise ValidationError naming the field."""
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from .builtin import BUILTIN_MODELS
from .engine import ModelError, parse_cell
from .models import Measure, Rater, Score, ScoringModel, ScoringSession
from .serialization import model_from_dict, model_to_dict


def ensure_builtin_models() -> None:
    """The models that come with the platform exist in the database, as the code defines them."""
    for model in BUILTIN_MODELS.values():
        ScoringModel.objects.update_or_create(
            slug=model.slug, defaults={"name": model.name, "definition": model_to_dict(model), "builtin": True})


@transaction.atomic
def create_scoring_model(slug: str, name: str, description: str, definition_text: str) -> ScoringModel:
    """A configurable model from its definition written as YAML (or JSON, which YAML reads too)."""
    if ScoringModel.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"Det finnes allerede en modell «{slug}»."})
    try:
        data = yaml.safe_load(definition_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"linje {mark.line + 1}: " if mark else ""
        raise ValidationError({"definition": f"{where}ikke gyldig YAML ({getattr(error, 'problem', error)})."})
    if not isinstance(data, dict):
        raise ValidationError({"definition": "Definisjonen må være et oppslag med «root» (og gjerne «tie_break»)."})
    data = {**data, "slug": slug, "name": name}
    try:
        model = model_from_dict(data)
    except (ModelError, TypeError, ValueError) as error:
        raise ValidationError({"definition": str(error)})
    if model.root.combine != "sum" and not model.root.weights:
        raise ValidationError({"definition": "Roten kombinerer gruppene som sum (med vekter om de skal telle ulikt)."})
    return ScoringModel.objects.create(slug=slug, name=name, description=description,
                                       definition=model_to_dict(model))


@transaction.atomic
def create_session(title: str, scoring_model: ScoringModel, measure_names: list[str], case=None,
                   source: str = "", initiatives=()) -> ScoringSession:
    """A session scoring the named measures and the chosen portfolio initiatives (by their names)."""
    linked = {i.name: i for i in initiatives}
    names = [n.strip() for n in measure_names if n.strip()] + [n for n in linked if n not in measure_names]
    too_long = [n for n in names if len(n) > Measure._meta.get_field("name").max_length]
    if too_long:
        raise ValidationError({"measures": f"Navnet er for langt (over 300 tegn): «{too_long[0][:60]}…»."})
    if not title.strip():
        raise ValidationError({"title": "Runden må ha en tittel."})
    if not names:
        raise ValidationError({"measures": "Oppgi minst ett tiltak."})
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValidationError({"measures": f"Tiltaket står flere ganger: {', '.join(duplicates)}."})
    session = ScoringSession.objects.create(title=title.strip(), scoring_model=scoring_model, case=case,
                                            source=source)
    for position, name in enumerate(names, start=1):
        Measure.objects.create(session=session, name=name, position=position, initiative=linked.get(name))
    return session


def _ensure_open(session: ScoringSession) -> None:
    if not session.is_open:
        raise ValidationError({"session": "Runden er avsluttet; scorene ligger fast."})


@transaction.atomic
def add_rater(session: ScoringSession, name: str, user=None) -> Rater:
    _ensure_open(session)
    if not name.strip():
        raise ValidationError({"name": "Skriv navnet på den som vurderer."})
    if len(name.strip()) > Rater._meta.get_field("name").max_length:
        raise ValidationError({"name": "Navnet er for langt (over 200 tegn)."})
    if session.raters.filter(name=name.strip()).exists():
        raise ValidationError({"name": f"«{name.strip()}» vurderer allerede i denne runden."})
    return Rater.objects.create(session=session, name=name.strip(), user=user)


@transaction.atomic
def add_measure(session: ScoringSession, name: str) -> Measure:
    """Another measure in an open session, last in the list; its cells start blank."""
    _ensure_open(session)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Skriv navnet på tiltaket."})
    if len(name) > Measure._meta.get_field("name").max_length:
        raise ValidationError({"name": "Navnet er for langt (over 300 tegn)."})
    if session.measures.filter(name=name).exists():
        raise ValidationError({"name": f"«{name}» er allerede med i runden."})
    last = session.measures.order_by("-position").values_list("position", flat=True).first() or 0
    return Measure.objects.create(session=session, name=name, position=last + 1)


@transaction.atomic
def remove_measure(session: ScoringSession, measure: Measure) -> None:
    """Take a measure out of an open session, with every rater's scores for it."""
    _ensure_open(session)
    if session.measures.count() == 1:
        raise ValidationError({"session": "Runden må ha minst ett tiltak."})
    measure.delete()


@transaction.atomic
def remove_rater(session: ScoringSession, rater: Rater) -> None:
    """Take a rater's sheet out of an open session (the scores go with it)."""
    _ensure_open(session)
    rater.delete()


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
    _ensure_open(session)
    model = session.scoring_model.engine
    leaves = {leaf.key: leaf for leaf in model.leaves()}
    measures = {m.pk: m for m in session.measures.all()}
    errors = {}
    parsed = {}
    for (measure_id, question), (text, comment) in cells.items():
        measure, leaf = measures.get(measure_id), leaves.get(question)
        if measure is None or leaf is None:
            raise ValidationError({"session": f"Ukjent tiltak eller spørsmål ({measure_id}, {question})."})
        value, warning = parse_cell(text)
        name = field_name(measure, question)
        if warning:
            errors[name] = f"{measure.name}, {question}: «{text.strip()}» er ikke et tall."
        elif value is not None and not (leaf.scale[0] <= value <= leaf.scale[1]):
            errors[name] = f"{measure.name}, {question}: {value:g} er utenfor skalaen {leaf.scale[0]:g}–{leaf.scale[1]:g}."
        parsed[(measure, question)] = (value, comment.strip())
    if errors:
        raise ValidationError(errors)
    for (measure, question), (value, comment) in parsed.items():
        Score.objects.update_or_create(rater=rater, measure=measure, question=question,
                                       defaults={"value": value, "comment": comment, "raw": ""})
    return sum(1 for value, _ in parsed.values() if value is not None)


@transaction.atomic
def import_scores(session: ScoringSession, rater_name: str, measures: dict[str, list[dict]],
                  raw_text: dict[tuple[str, str], str] | None = None) -> Rater:
    """Scores read from a file (CSV or the council's workbook) as one rater's sheet.

    Text cells arrive as missing values; `raw_text` keeps what the cell said, so the
    warning stays visible on the session page.
    """
    rater = add_rater(session, rater_name)
    by_name = {m.name: m for m in session.measures.all()}
    for name, ratings in measures.items():
        measure = by_name.get(name) or Measure.objects.create(session=session, name=name, position=len(by_name) + 1)
        by_name[name] = measure
        for question, value in ratings[0].items():
            raw = (raw_text or {}).get((name, question), "")
            if value is not None or raw:
                Score.objects.create(rater=rater, measure=measure, question=question, value=value, raw=raw)
    return rater


@transaction.atomic
def set_status(session: ScoringSession, status: str) -> ScoringSession:
    if status not in ScoringSession.Status.values:
        raise ValidationError({"status": f"Ukjent status «{status}»."})
    if not session.is_open and status == ScoringSession.Status.OPEN:
        # A closed session is a published result; a new round of scoring is a new session.
        raise ValidationError({"status": "Runden er avsluttet og resultatet publisert; opprett en ny runde."})
    session.status = status
    session.save()
    return session


@transaction.atomic
def update_sensitivity_settings(session: ScoringSession, concentration: float, top_k: int) -> ScoringSession:
    errors = {}
    if not 0 < concentration <= 1_000_000:
        errors["concentration"] = "Konsentrasjonen må være større enn 0 og høyst 1 000 000."
    if not 1 <= top_k <= max(session.measures.count(), 1):
        errors["top_k"] = "k må være mellom 1 og antall tiltak."
    if errors:
        raise ValidationError(errors)
    session.concentration, session.top_k = concentration, top_k
    session.save()
    return session
