"""Asking before an action that cannot be undone (publish, remove, approve, close).

The form carries `data-confirm="question"`. With JavaScript (static core/confirm.js) a dialog
asks the question and the form is sent with `confirmed=1`. Without JavaScript the view is
asked unconfirmed, and `ask()` answers with a confirmation page that posts the same form
again, confirmed:

    if (question := confirm.ask(request, gettext("Publisere innkallingen?"))) is not None:
        return question
"""
from django.shortcuts import render
from django.utils.translation import gettext

CONFIRMED = "confirmed"


def ask(request, question: str, *, action: str = "", back: str = ""):
    """A confirmation page for an unconfirmed POST; None once the user has confirmed."""
    if request.method != "POST" or request.POST.get(CONFIRMED) == "1":
        return None
    fields = [(name, value) for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"
              for value in values]
    return render(request, "core/confirm.html", {
        "question": question, "action": request.get_full_path(), "fields": fields,
        "confirm_label": action or gettext("Ja, fortsett"),
        "back": back or request.headers.get("Referer") or "/",
    })
