"""The page where the secretariat keeps a body's addresses for notices and reminders."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from radsmodell.core.roles import secretariat_page

from . import addresses
from .models import Body


@secretariat_page
def body_addresses(request, slug):
    body = get_object_or_404(Body, slug=slug)
    errors: dict[str, str] = {}
    if request.method == "POST":
        changed, errors = addresses.save_addresses(body, request.POST)
        if not errors:
            messages.success(request, _("Adressene er lagret (%(count)s endret).") % {"count": changed})
            return redirect("council:body_addresses", slug=body.slug)
    book = addresses.address_book(body)
    sent = request.POST if errors else None
    people = [{
        "person": person,
        "email_field": addresses.person_field(person.pk, "email"),
        "user_field": addresses.person_field(person.pk, "user"),
        "email": sent.get(addresses.person_field(person.pk, "email"), "") if sent else person.email,
        "user_id": sent.get(addresses.person_field(person.pk, "user"), "") if sent else str(person.user_id or ""),
        "account_email": person.user.email if person.user_id else "",
    } for person in book.people]
    organisations = [{
        "organisation": organisation,
        "field": addresses.organisation_field(organisation.pk),
        "email": sent.get(addresses.organisation_field(organisation.pk), "") if sent else organisation.email,
    } for organisation in book.organisations]
    return render(request, "council/body_addresses.html", {
        "body": body, "nav": "bodies", "people": people, "organisations": organisations,
        "users": book.users, "errors": errors,
    }, status=400 if errors else 200)
