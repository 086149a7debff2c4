"""Security and caching headers on every response the app writes itself.

Static files keep WhiteNoise's headers (this middleware sits after it). Django's SecurityMiddleware
adds nosniff, Referrer-Policy, Cross-Origin-Opener-Policy and HSTS, its clickjacking middleware
X-Frame-Options: DENY; here come the Content-Security-Policy, the Permissions-Policy and
Cache-Control.

The policy lets scripts come from our own static files only, never inline and never eval: a chart's
data comes as `json_script` (type application/json, which the browser does not run), handlers are
bound in the static files. Styles are our stylesheets plus the <style> blocks written in the
templates (the documents' one stylesheet for screen and PDF), each allowed by the hash of its text;
so no style="" attribute and no injected <style> applies. The API's Swagger UI (/api/docs) is
served from our static files (swagger-ui-dist from npm, started by core/api_docs.js), so it needs no
exception either.
"""
import base64
import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.template.utils import get_app_template_dirs
from django.utils.cache import patch_cache_control, patch_vary_headers

# No page uses the camera, microphone, position, payments or USB; and no advertising interest groups
# (FLoC's interest-cohort, and browsing-topics that replaced it).
PERMISSIONS_POLICY = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), "
                      "browsing-topics=()")
# Plain CSS between the tags: a block with template tags in it would not match its hash.
STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def template_style_hashes() -> tuple[str, ...]:
    """'sha256-…' of every <style> block in the apps' templates, as the browser hashes its text."""
    hashes = set()
    for folder in get_app_template_dirs("templates"):
        for path in Path(folder).rglob("*.html"):
            for css in STYLE_BLOCK.findall(path.read_text(encoding="utf-8")):
                digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
                hashes.add(f"'sha256-{digest}'")
    return tuple(sorted(hashes))


def content_security_policy() -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        " ".join(["style-src 'self'", *template_style_hashes()]),
        "img-src 'self' data:",  # data: for the icons inside Designsystemet's and Swagger UI's CSS
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def set_cache_control(request, response) -> None:
    if response.has_header("Cache-Control"):
        return  # the view has said (never_cache on the login page and the admin: private, no-store)
    user = getattr(request, "user", None)
    if (user is not None and user.is_authenticated) or request.method not in ("GET", "HEAD") \
            or response.status_code != 200:
        # A signed-in user's page, the answer to a form, an error: for this browser only, asked again.
        patch_cache_control(response, private=True, no_cache=True)
    elif response.cookies:
        # A cookie for this visitor alone (the CSRF token of a form on the page, a message): not to be kept.
        patch_cache_control(response, private=True, no_store=True)
    else:
        # The same for every anonymous visitor: any cache may keep it, but asks again each time (the
        # ETag of ConditionalGetMiddleware answers 304 while it is unchanged). A signed-in visitor,
        # or one who chose English, gets another page: the cookie is part of the key.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ["Cookie"])


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        # In development a template's <style> block may change under the running server.
        policy = content_security_policy() if settings.DEBUG else self.policy
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        set_cache_control(request, response)
        return response
