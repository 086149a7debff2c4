"""Where notices and reminders go for one body: each current member's e-mail address and user
account, and the follow-up address of their organisations. The secretariat keeps them on one page
(`body_addresses`); a member with an account sets their own address on their profile, which wins.

The whole page is checked before anything is saved; only rows that changed are written, so the
history shows who changed which address.
"""
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Body, Organisation, Person


def person_field(person_id: int, name: str) -> str:
    return f"p{person_id}-{name}"


def organisation_field(organisation_id: int) -> str:
    return f"o{organisation_id}-email"


@dataclass
class AddressBook:
    people: list[Person]
    organisations: list[Organisation]
    users: list = field(default_factory=list)  # the active accounts a person can be linked to


def address_book(body: Body) -> AddressBook:
    """The body's current members (one row per person) and their organisations."""
    memberships = (body.memberships.filter(end__isnull=True, ended=False)
                   .exclude(role="sekretariat")
                   .select_related("person__user", "person__organisation", "organisation"))
    people: dict[int, Person] = {}
    organisations: dict[int, Organisation] = {}
    for membership in memberships:
        people.setdefault(membership.person_id, membership.person)
        organisation = membership.organisation or membership.person.organisation
        if organisation is not None:
            organisations.setdefault(organisation.pk, organisation)
    users = list(get_user_model().objects.filter(is_active=True).order_by("username"))
    return AddressBook(sorted(people.values(), key=lambda p: p.name),
                       sorted(organisations.values(), key=lambda o: o.name), users)


def save_addresses(body: Body, data) -> tuple[int, dict[str, str]]:
    """Save the page as sent (`data` maps field names to values). Returns (rows changed, errors by
    field); with any error nothing is saved."""
    book = address_book(body)
    users = {str(user.pk): user for user in book.users}
    errors: dict[str, str] = {}
    person_changes, organisation_changes = [], []
    linked_elsewhere = dict(Person.objects.filter(user__isnull=False).values_list("user_id", "name"))
    chosen: dict[int, str] = {}

    for person in book.people:
        email_name, user_name = person_field(person.pk, "email"), person_field(person.pk, "user")
        # A field not sent leaves its value as it is: a partial post changes only what it names.
        email = (data.get(email_name, person.email) or "").strip()
        if email and (message := _invalid(email)):
            errors[email_name] = f"{person.name}: {message}"
        raw_user = (data.get(user_name, str(person.user_id or "")) or "").strip()
        user = users.get(raw_user) if raw_user else None
        if user is None and raw_user and raw_user == str(person.user_id or ""):
            user = person.user  # kept as it is, even when the account has since been deactivated
        elif raw_user and user is None:
            errors[user_name] = _("%(name)s: brukerkontoen finnes ikke eller er ikke aktiv.") % {"name": person.name}
        if user is not None:
            other = linked_elsewhere.get(user.pk)
            if other and other != person.name:
                errors[user_name] = _("%(name)s: brukerkontoen «%(user)s» er allerede knyttet til %(other)s.") % {
                    "name": person.name, "user": user.username, "other": other}
            elif user.pk in chosen:
                errors[user_name] = _("%(name)s: brukerkontoen «%(user)s» er valgt også for %(other)s.") % {
                    "name": person.name, "user": user.username, "other": chosen[user.pk]}
            chosen[user.pk] = person.name
        if email != person.email or (user.pk if user else None) != person.user_id:
            person_changes.append((person, email, user))

    for organisation in book.organisations:
        name = organisation_field(organisation.pk)
        email = (data.get(name, organisation.email) or "").strip()
        if email and (message := _invalid(email)):
            errors[name] = f"{organisation.name}: {message}"
        if email != organisation.email:
            organisation_changes.append((organisation, email))

    if errors:
        return 0, errors
    with transaction.atomic():
        for person, email, user in person_changes:
            person.email, person.user = email, user
            person.save(update_fields=["email", "user"])
        for organisation, email in organisation_changes:
            organisation.email = email
            organisation.save(update_fields=["email"])
    return len(person_changes) + len(organisation_changes), {}


def _invalid(email: str) -> str:
    try:
        validate_email(email)
    except ValidationError:
        return _("«%(email)s» er ikke en gyldig e-postadresse.") % {"email": email}
    if len(email) > 254:
        return _("E-postadressen er for lang.")
    return ""
