"""Personal API keys: the secretariat creates one for any user, the key is shown once and only its
hash is kept; a key reads, or reads and writes, with its user's roles, until it is revoked.

A request sends it as `Authorization: Bearer <key>` (core/roles.py checks it on every API
operation): it needs no session and no CSRF token, and the API acts as the key's user, so the
change log names that user. The request log names the key by its prefix, never the key.
"""
import hashlib
import logging
import secrets
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import confirm
from .forms import StyledForm
from .models import ApiToken
from .roles import secretariat_action, secretariat_page

log = logging.getLogger(__name__)

KEY_START = "rm_"  # says what the key is for when it turns up in a file or a log
PREFIX_LENGTH = 10  # "rm_" and 7 characters: tells the keys apart in lists and the request log
# A use is written at most this often, so that reading through the API is not a write each time.
LAST_USED_EVERY = timedelta(minutes=1)


class InvalidToken(Exception):
    """The key is unknown, revoked, or its user deactivated: 401 with the reason."""


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_token(user, name: str, scope: str, *, by) -> tuple[ApiToken, str]:
    """A new key for `user`: the stored token and the key itself, which is never stored or shown again."""
    for _attempt in range(5):  # two keys with the same first characters: draw again
        key = KEY_START + secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(user=user, name=name, scope=scope, prefix=key[:PREFIX_LENGTH],
                                                key_hash=digest(key), created_by=by)
        except IntegrityError:
            continue
        log.info("API-nøkkel %s opprettet for bruker %s av bruker %s.", token.prefix, user.pk, by.pk)
        return token, key
    raise RuntimeError("could not draw a unique API key")


def revoke_token(token: ApiToken, *, by) -> None:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        log.info("API-nøkkel %s trukket tilbake av bruker %s.", token.prefix, by.pk)


def authenticate(key: str) -> ApiToken:
    """The token of a key, or InvalidToken saying why it is refused."""
    token = ApiToken.objects.select_related("user").filter(key_hash=digest(key.strip())).first() if key else None
    if token is None:
        raise InvalidToken(gettext("Ukjent API-nøkkel."))
    if token.revoked is not None:
        raise InvalidToken(gettext("API-nøkkelen «%(name)s» er trukket tilbake.") % {"name": token.name})
    if not token.user.is_active:
        raise InvalidToken(gettext("Brukeren til API-nøkkelen er deaktivert."))
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)  # no history row: a use is not a change
        token.last_used = now
    return token


def bearer_key(request) -> str | None:
    """The key of an `Authorization: Bearer …` header; None without one (another scheme, e.g. a
    proxy's Basic, is not ours)."""
    scheme, _space, key = request.headers.get("Authorization", "").partition(" ")
    return key.strip() if scheme.casefold() == "bearer" else None


# --- the secretariat's page -----------------------------------------------------------------------

class NewTokenForm(StyledForm):
    user = forms.ModelChoiceField(label=_("Bruker"), queryset=get_user_model().objects.none())
    name = forms.CharField(label=_("Navn"), max_length=100,
                           help_text=_("Hva nøkkelen brukes til, f.eks. «Sakssystemet»."))
    scope = forms.ChoiceField(label=_("Tilgang"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ,
                              help_text=_("En lesenøkkel avvises ved alle endringer."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")


@secretariat_page
def tokens(request):
    """The secretariat lists every key, creates one for any user (shown once) and revokes them."""
    form = NewTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, key = create_token(form.cleaned_data["user"], form.cleaned_data["name"], form.cleaned_data["scope"],
                                  by=request.user)
        created = {"token": token, "key": key}
        form = NewTokenForm()
    rows = ApiToken.objects.select_related("user", "created_by").order_by("revoked", "-created")
    response = render(request, "core/tokens.html", {"tokens": rows, "form": form, "created": created,
                                                    "nav": "users"}, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"  # the page that shows a new key is kept nowhere
    return response


@secretariat_action
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk)
    question = gettext("Trekke tilbake API-nøkkelen «%(name)s»? Systemer som bruker den, blir avvist med en gang.")
    if (asked := confirm.ask(request, question % {"name": token.name}, action=gettext("Trekk tilbake"))) is not None:
        return asked
    revoke_token(token, by=request.user)
    messages.success(request, gettext("API-nøkkelen «%(name)s» er trukket tilbake.") % {"name": token.name})
    return redirect("api_tokens")
