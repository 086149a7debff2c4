from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Norwegian unless the user picked English with the language button.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the product's
    default is bokmål for everyone, so only the explicit choice (the cookie) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()  # the next use of this thread starts from the default again
        return response
