"""Signing in through an OpenID Connect provider (HelseID, ID-porten), when settings turn it on (README, «Drift»).

mozilla-django-oidc runs the code flow (state, nonce, PKCE, the ID token checked against the provider's
keys); here is what Rådsmodell decides. The provider proves who someone is, the secretariat decides who
they are here: a sign-in is the existing account whose user name is the provider's `sub`, or else the one
with the (verified) e-mail address. Nobody is created unless RADSMODELL_OIDC_CREATE_USERS=1, and then
without a role. A deactivated account is refused. Every refusal says why on the login page.
"""
import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .roles import Role, access

log = logging.getLogger(__name__)


def _refuse(request, reason: str) -> None:
    """Remember why, for the login page (the callback view only learns that no user came back)."""
    request.oidc_refusal = reason


class Backend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # Only the callback view signs in with a code: a password form sent with ?code=…&state=… must not.
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "oidc_authentication_callback":
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, jwt.PyJWTError, SuspiciousOperation, KeyError, ValueError) as error:
            # The provider unreachable or answering something we cannot trust. No claims in the log.
            log.warning("Innlogging med OIDC feilet: %s: %s", type(error).__name__, error)
            _refuse(request, gettext("Innloggingen med %(name)s kunne ikke fullføres. Prøv igjen om litt, "
                                     "eller kontakt sekretariatet.") % {"name": settings.OIDC_NAME})
            return None

    def verify_token(self, token, **kwargs):
        # The library checks signature, expiry and nonce; the token must also be from our provider, for us.
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience or []
        if payload.get("iss") != settings.OIDC_OP_ISSUER or settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID-tokenet er ikke utstedt av den konfigurerte leverandøren til denne klienten.")
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        users = self.UserModel.objects.all()
        by_sub = users.filter(username=claims["sub"])
        if by_sub.exists():
            return by_sub
        # An address the provider says it has not verified could be anyone's.
        if claims.get("email") and claims.get("email_verified", True) not in (False, "false"):
            return users.filter(email__iexact=claims["email"])
        return users.none()

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):  # OpenID Connect Core 5.3.2: the same person, or nothing
            raise SuspiciousOperation("Brukerinfo gjelder en annen `sub` enn ID-tokenet.")
        name = settings.OIDC_NAME
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) > 1:
            _refuse(self.request, gettext("Flere brukere i Rådsmodell har e-postadressen du er logget inn med hos "
                                          "%(name)s. Be sekretariatet rette det.") % {"name": name})
            return None
        if users:
            if not self.user_can_authenticate(users[0]):
                _refuse(self.request, gettext("Brukeren din er deaktivert. Kontakt sekretariatet."))
                return None
            return users[0]
        if not settings.OIDC_CREATE_USER:
            _refuse(self.request, gettext("Du er logget inn hos %(name)s, men har ingen bruker i Rådsmodell. "
                                          "Sekretariatet oppretter brukere og gir roller: kontakt dem.")
                    % {"name": name})
            return None
        return self.create_user(claims)

    def create_user(self, claims):
        """An account without a role, named by the provider's `sub` so that the next sign-in finds it."""
        user = self.UserModel.objects.create_user(
            claims["sub"], email=claims.get("email", ""),
            first_name=(claims.get("given_name") or "")[:150], last_name=(claims.get("family_name") or "")[:150])
        log.info("Bruker %s opprettet ved innlogging med OIDC (uten rolle).", user.pk)
        return user

    # Django's, not the library's: a deactivated account's session no longer gives a user.
    get_user = ModelBackend.get_user


class Callback(OIDCAuthenticationCallbackView):
    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation as error:  # an unknown or reused state: an old tab, the back button
            log.warning("Innlogging med OIDC avvist: %s", error)
            return self.login_failure()

    def login_failure(self):
        """Back to the login page with the reason (a refused account, or the provider's error)."""
        reason = getattr(self.request, "oidc_refusal", None) or gettext(
            "Innloggingen med %(name)s ble avbrutt eller lyktes ikke. Prøv igjen.") % {"name": settings.OIDC_NAME}
        messages.error(self.request, reason)
        return redirect("login")


# Both are plain GETs anyone may make (the provider decides who gets through); sign out is core's /logg-ut/.
sign_in = access(read=Role.PUBLIC)
urlpatterns = [
    path("authenticate/", sign_in(OIDCAuthenticationRequestView.as_view()), name="oidc_authentication_init"),
    path("callback/", sign_in(Callback.as_view()), name="oidc_authentication_callback"),
]
