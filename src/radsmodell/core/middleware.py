from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation.trans_real import parse_accept_lang_header

from .frozen import Frozen

API_PREFIX = "/api/"


def chosen_language(request) -> str:
    """The pages: the language button's cookie, else bokmål. The API (a program has no button):
    the request's Accept-Language when it names a language we have, else the same."""
    if request.path_info.startswith(API_PREFIX):
        for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
            try:
                return translation.get_supported_language_variant(code)
            except LookupError:
                continue
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Norwegian unless the user picked English with the language button.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the product's
    default is bokmål for everyone, so only the explicit choice (the cookie) counts. The API
    answers in the language its request asks for (Accept-Language).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if request.path_info.startswith(API_PREFIX):
            patch_vary_headers(response, ["Accept-Language"])
        translation.deactivate()  # the next use of this thread starts from the default again
        return response


class FrozenRefusalMiddleware:
    """A change to a closed record (core/frozen.py) that no page caught: the 409 page with the
    reason and a way back, never a bare error page. Pages that can say it where the change was
    asked (core/forms.submit, the apps' views) do so; the API answers 409 JSON (radsmodell/api.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Frozen):
            return None
        back = request.headers.get("Referer", "")
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure())
        return render(request, "409.html", {"message": " ".join(exception.messages), "back": back if safe else ""},
                      status=409)
