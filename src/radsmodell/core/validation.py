"""The input rules every form and every API operation share, so that the API refuses what the
pages refuse, with the same message naming the same field:

- text holds no control characters (tab, line feed and carriage return are text) and nothing
  that cannot be stored as UTF-8 (a lone surrogate);
- a date lies between 1 January 1990 and 31 December 2100;
- a time sent with an offset ("10:00:00+01:00") is the Oslo wall time of the same moment.

Forms get the first two through core.forms.StyledMixin, API input schemas through InputSchema;
services turn times into Oslo times with `local_time`.
"""
import functools
import re
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)
# C0 controls but tab, LF and CR; DEL and the C1 controls; surrogates (never valid UTF-8).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(label: str, value: str) -> str | None:
    """What is wrong with a text for the field `label`, or None."""
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    return _("«%(field)s» inneholder tegnet U+%(code)04X, som ikke er tillatt i tekst. Fjern det og prøv igjen.") % {
        "field": label, "code": ord(found.group())}


def date_problem(label: str, value: date) -> str | None:
    """What is wrong with a date for the field `label`, or None."""
    day = value.date() if isinstance(value, datetime) else value
    if EARLIEST <= day <= LATEST:
        return None
    return _("«%(field)s» må være en dato mellom 01.01.1990 og 31.12.2100.") % {"field": label}


def value_problem(label: str, value) -> str | None:
    """The first text or date problem in a value, or in the items of a list or dict."""
    if isinstance(value, str):
        return text_problem(label, value)
    if isinstance(value, date):
        return date_problem(label, value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        return next(filter(None, (value_problem(label, item) for item in value)), None)
    return None


def local_time(value: time | None, day: date, field: str) -> time | None:
    """`value` as the wall time in the site's time zone (Europe/Oslo) on `day`: a time with an
    offset is converted ("10:00+01:00" on a summer day is 11:00); one without is taken as an
    Oslo time already. A moment that falls on another day in Oslo is refused on `field`."""
    if value is None or value.utcoffset() is None:
        return value
    local = datetime.combine(day, value).astimezone(timezone.get_default_timezone())
    if local.date() != day:
        raise ValidationError({field: _("«%(field)s» %(time)s er %(local)s norsk tid, en annen dag enn %(day)s.") % {
            "field": field, "time": value.isoformat(), "local": local.strftime("%d.%m.%Y %H:%M"),
            "day": day.strftime("%d.%m.%Y")}})
    return local.time().replace(tzinfo=None)


class InputSchema(Schema):
    """The base of every API input schema: the forms' text and date rules on every field."""

    @field_validator("*", mode="after")
    @classmethod
    def _shared_rules(cls, value, info: ValidationInfo):
        problem = value_problem(info.field_name, value)
        if problem:
            raise PydanticCustomError("invalid_input", "{message}", {"message": problem})
        return value


def form_refusal(form, field_name=lambda name: name) -> ValidationError:
    """A form's errors as one ValidationError for the API, each on the API's name of its field
    (`field_name` renames, e.g. "risk-2-impact" → "risks.1.impact"), so a page form and the
    API operation that uses it refuse with the same messages."""
    return ValidationError({field_name(name): errors for name, errors in form.errors.as_data().items()})


def refusing_concurrent_writes(field: str, message):
    """Decorate a service: one transaction; a row a concurrent write took first (a unique number,
    a unique pair) becomes `message` on `field`, not a crash, and nothing of the call is saved."""
    def decorate(function):
        atomic = transaction.atomic(function)

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return atomic(*args, **kwargs)
            except IntegrityError:
                raise ValidationError({field: str(message)}) from None

        return wrapper

    return decorate
