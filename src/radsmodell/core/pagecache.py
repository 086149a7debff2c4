"""A short-lived cache of what anonymous visitors read, so that many of them at once are served
from memory instead of each page being built again (bench/load.py).

Only a GET or HEAD without a session cookie, answered 200 without setting a cookie, is kept; the key
is the full path with its query and the chosen language. Entries live RADSMODELL_PAGE_CACHE_SECONDS
(10 by `radsmodell serve`, 0 = off, the default elsewhere), in each worker's own memory; a write
answered in a worker empties that worker's cache at once, and the others follow within those seconds.
So a change reaches the public within seconds, and a signed-in user always sees the register as it is.
The response goes out through the headers, ETag and log middleware above this one, hit or not.
"""
import threading
import time

from django.conf import settings
from django.http import HttpResponse

from .middleware import chosen_language

SAFE = ("GET", "HEAD")


# One per worker process, shared by its threads: (path, language) → (expires, status, headers,
# content). A new response is made for each hit, since the middleware above this one sets
# per-request headers (X-Request-ID) on the response it gets.
_pages: dict[tuple[str, str], tuple[float, int, list, bytes]] = {}
_lock = threading.Lock()


def clear() -> None:
    with _lock:
        _pages.clear()


class AnonymousPageCache:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0:
            return self.get_response(request)
        if request.method not in SAFE:
            response = self.get_response(request)
            if response.status_code < 400:
                clear()  # this worker shows the change at once
            return response
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "Authorization" in request.headers:
            return self.get_response(request)  # signed in, holding a message or an API key: the page is theirs
        key = (request.get_full_path(), chosen_language(request))
        now = time.monotonic()
        with _lock:
            kept = _pages.get(key)
        if kept is not None and kept[0] > now:
            return HttpResponse(kept[3], status=kept[1], headers=kept[2])
        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            with _lock:
                if len(_pages) >= settings.PAGE_CACHE_ENTRIES:
                    _pages.clear()  # a crawler walking every query string: start over
                _pages[key] = (now + seconds, response.status_code, list(response.items()), response.content)
        return response
