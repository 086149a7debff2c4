"""Django settings. SQLite under ./var by default; PostgreSQL when DATABASE_URL is set.

Everything an operator sets is an environment variable named RADSMODELL_* (README, «Drift»).
Outside development mode (RADSMODELL_DEBUG=1, which `make run` sets) the app refuses to start
without its own secret key and host names, and assumes HTTPS in front of it.
"""
import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("RADSMODELL_DATA_DIR", Path.cwd() / "var"))


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


DEBUG = _env("RADSMODELL_DEBUG", "0") == "1"
if DEBUG:
    SECRET_KEY = _env("RADSMODELL_SECRET_KEY") or "dev-only-not-secret"
    ALLOWED_HOSTS = _names(_env("RADSMODELL_ALLOWED_HOSTS") or "127.0.0.1,localhost,testserver")
else:
    _missing = [name for name in ("RADSMODELL_SECRET_KEY", "RADSMODELL_ALLOWED_HOSTS") if not _env(name)]
    if _missing:
        raise ImproperlyConfigured(
            f"Rådsmodell kjører i driftsmodus og mangler {' og '.join(_missing)}. Sett "
            "RADSMODELL_SECRET_KEY til en lang, tilfeldig verdi og RADSMODELL_ALLOWED_HOSTS til vertsnavnene "
            "(kommaseparert), se README («Drift»). For utvikling: RADSMODELL_DEBUG=1.")
    SECRET_KEY = _env("RADSMODELL_SECRET_KEY")
    ALLOWED_HOSTS = _names(_env("RADSMODELL_ALLOWED_HOSTS"))

# HTTPS is terminated by a proxy in front of the app, which says so in X-Forwarded-Proto. On by
# default outside development mode; RADSMODELL_HTTPS=0 only for plain HTTP on a closed network.
HTTPS = _env("RADSMODELL_HTTPS", "0" if DEBUG else "1") == "1"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^helse/$"]  # the health check answers the proxy on plain HTTP
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# E-mail (core/mail.py). With no RADSMODELL_SMTP_HOST the messages are printed to the console:
# development and demo send nothing. RADSMODELL_SMTP_TLS is starttls (default), ssl or none.
SMTP_HOST = _env("RADSMODELL_SMTP_HOST")
if SMTP_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = SMTP_HOST
    _smtp_tls = _env("RADSMODELL_SMTP_TLS", "starttls").lower()
    if _smtp_tls not in ("starttls", "ssl", "none"):
        raise ImproperlyConfigured(
            f"RADSMODELL_SMTP_TLS er «{_smtp_tls}»; den må være starttls, ssl eller none.")
    EMAIL_USE_TLS = _smtp_tls == "starttls"
    EMAIL_USE_SSL = _smtp_tls == "ssl"
    EMAIL_PORT = int(_env("RADSMODELL_SMTP_PORT") or {"starttls": "587", "ssl": "465", "none": "25"}[_smtp_tls])
    EMAIL_HOST_USER = _env("RADSMODELL_SMTP_USER")
    EMAIL_HOST_PASSWORD = _env("RADSMODELL_SMTP_PASSWORD")
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = _env("RADSMODELL_MAIL_FROM") or "Rådsmodell <ikke-svar@radsmodell.localhost>"
# Where the links in e-mails and calendar entries point (no trailing slash).
SITE_URL = (_env("RADSMODELL_SITE_URL") or "http://127.0.0.1:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "radsmodell.core",
    "radsmodell.council",
    "radsmodell.documents",
    "radsmodell.priority",
    "radsmodell.portfolio",
    "radsmodell.strategy",
    "radsmodell.costs",
    "radsmodell.opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag and 304; sees the Cache-Control set below it
    "radsmodell.core.security.SecurityHeadersMiddleware",  # CSP, Permissions-Policy, Cache-Control
    "radsmodell.core.logs.RequestLogMiddleware",  # request id and log line; a lost write → 409
    "radsmodell.core.pagecache.AnonymousPageCache",  # anonymous pages for a few seconds (off unless set)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "radsmodell.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "radsmodell.core.middleware.FrozenRefusalMiddleware",  # a change to a closed record → 409 page with the reason
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the 429 page
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "radsmodell.core.users.LongPasswordValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ROOT_URLCONF = "radsmodell.urls"
WSGI_APPLICATION = "radsmodell.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "radsmodell.core.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'radsmodell.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing: WAL lets reads go on during a write, BEGIN IMMEDIATE takes
    # the write lock at the start of a transaction (no deadlock between two readers turning writers),
    # and a writer waits up to `timeout` seconds for the lock before "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Bokmål unless the installation chooses English as the default for its pages and for the
# console commands' translated messages (a visitor can still switch with the language button).
LANGUAGE_CODE = os.environ.get("RADSMODELL_LANGUAGE", "nb")
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# `radsmodell serve` collects the static files with hashed, compressed names and WhiteNoise serves
# them from STATIC_ROOT (RADSMODELL_STATIC_HASHED=1, set by the command). Everywhere else (tests,
# runserver) WhiteNoise serves them straight from the apps' folders.
STATIC_HASHED = _env("RADSMODELL_STATIC_HASHED") == "1"
STATIC_ROOT = DATA_DIR / "static" if STATIC_HASHED else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if STATIC_HASHED
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not STATIC_HASHED
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Attachments are PDF or DOCX; larger files belong in the archive, not here.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# The largest file an importer reads (organisations, scores, observations; core/tabular.py), in bytes.
_upload = _env("RADSMODELL_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))
if not _upload.isdigit() or not 1024 <= int(_upload) <= 100 * 1024 * 1024:
    raise ImproperlyConfigured(f"RADSMODELL_UPLOAD_MAX_BYTES skal være et helt antall byte fra 1024 til "
                               f"104857600 (100 MB), ikke «{_upload}».")
UPLOAD_MAX_BYTES = int(_upload)
# A form post larger than any file it may carry is refused before it is read (core/uploads.py: 413).
FILE_UPLOAD_HANDLERS = ["radsmodell.core.uploads.BoundedUploadHandler",
                        "django.core.files.uploadhandler.MemoryFileUploadHandler",
                        "django.core.files.uploadhandler.TemporaryFileUploadHandler"]

# A form sent without a valid security token gets the site's own page, in the user's language.
CSRF_FAILURE_VIEW = "radsmodell.core.views.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_page"  # what waits for the user (core/mypage.py), unless ?next= says otherwise
LOGOUT_REDIRECT_URL = "home"

# --- Innlogging: låsing etter feil passord, øktens levetid ----------------------------------------
# django-axes counts failed sign-ins and locks for 15 minutes: after 5 failures for one user name from
# one address, or 20 from one address whatever the names (someone trying many accounts). Axes has one
# limit for all its parameter sets; core/login.py gives each its own, and the 429 page.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "radsmodell.core.login.LoginAttempts"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
LOGIN_FAILURE_LIMITS = [5, 20]  # one per entry of AXES_LOCKOUT_PARAMETERS
AXES_FAILURE_LIMIT = 1  # LoginAttempts counts the parameter sets that are past their own limit
AXES_COOLOFF_TIME = timedelta(minutes=15)  # from the last attempt: trying on while locked starts it anew
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "radsmodell.core.login.locked_out"
AXES_CLIENT_IP_CALLABLE = "radsmodell.core.login.client_address"
AXES_DISABLE_ACCESS_LOG = True  # keep the failures, not every successful sign-in's address and browser
# Behind a proxy every request comes from the proxy: its X-Forwarded-For is believed only when the
# request comes from one of these addresses or networks, so that a client cannot choose the address
# its failures are counted under.
try:
    TRUSTED_PROXIES = [ipaddress.ip_network(name, strict=False)
                       for name in _names(_env("RADSMODELL_TRUSTED_PROXIES", "127.0.0.1,::1"))]
except ValueError as error:
    raise ImproperlyConfigured(f"RADSMODELL_TRUSTED_PROXIES skal være IP-adresser eller nett, kommaseparert "
                               f"(f.eks. 127.0.0.1,10.0.0.0/24): {error}")

# A working day from sign-in, not renewed by activity (no database write per request), and the
# session cookie ends with the browser (shared computers); a stolen cookie is worth one day at most.
_hours = _env("RADSMODELL_SESSION_HOURS", "8")
if not _hours.isdigit() or not 1 <= int(_hours) <= 24 * 7:
    raise ImproperlyConfigured(f"RADSMODELL_SESSION_HOURS skal være et helt antall timer fra 1 til 168, "
                               f"ikke «{_hours}».")
SESSION_COOKIE_AGE = int(_hours) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Logs (core/logs.py) ---------------------------------------------------------------------------
# JSON lines on stderr, where the service manager or the container runtime collects them: one line
# per request and one per server error with its traceback, both with the request id. RADSMODELL_LOG_LEVEL
# sets the app's own level (INFO: every request; WARNING: conflicts and errors only); other libraries
# log warnings and worse. RADSMODELL_LOG_FILE writes the same lines to a file as well (reopened when
# logrotate moves it).
LOG_LEVEL = _env("RADSMODELL_LOG_LEVEL", "INFO").upper()
LOG_FILE = _env("RADSMODELL_LOG_FILE")
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(f"RADSMODELL_LOG_LEVEL={LOG_LEVEL} er ukjent: bruk DEBUG, INFO, WARNING eller ERROR.")
if LOG_FILE and not Path(LOG_FILE).parent.is_dir():
    raise ImproperlyConfigured(f"RADSMODELL_LOG_FILE={LOG_FILE}: mappen {Path(LOG_FILE).parent} finnes ikke.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "radsmodell.core.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {"()": "radsmodell.core.logs.StderrHandler", "formatter": "json"},
        **({"file": {"class": "logging.handlers.WatchedFileHandler", "filename": LOG_FILE, "formatter": "json"}}
           if LOG_FILE else {}),
    },
    "root": {"handlers": ["stderr", "file"] if LOG_FILE else ["stderr"], "level": "WARNING"},
    "loggers": {
        "radsmodell": {"level": LOG_LEVEL},
        # core/logs.py logs every request and server error with its id; Django's own lines would repeat
        # them without it, and runserver's would show the query string.
        "django.request": {"handlers": [], "propagate": False},
        "django.server": {"handlers": [], "propagate": False},
    },
}

# --- Innlogging med OIDC (HelseID, ID-porten): valgfritt, core/oidc.py ------------------------------
# On when the provider's variables are set, and then all of them must be: a half-configured login would
# fail only when someone tries it. The endpoints are given, not discovered, so that the app starts and
# runs the same whether or not the provider answers at that moment (they are in the provider's
# <issuer>/.well-known/openid-configuration). The ID token is RS256, checked against the provider's keys.
_OIDC_REQUIRED = ["RADSMODELL_OIDC_ISSUER", "RADSMODELL_OIDC_AUTHORIZATION_ENDPOINT", "RADSMODELL_OIDC_TOKEN_ENDPOINT",
                  "RADSMODELL_OIDC_USERINFO_ENDPOINT", "RADSMODELL_OIDC_JWKS_ENDPOINT", "RADSMODELL_OIDC_CLIENT_ID",
                  "RADSMODELL_OIDC_CLIENT_SECRET"]
OIDC_ENABLED = any(_env(name) for name in _OIDC_REQUIRED)
OIDC_NAME = _env("RADSMODELL_OIDC_NAME") or "HelseID"
if OIDC_ENABLED:
    if _missing := [name for name in _OIDC_REQUIRED if not _env(name)]:
        raise ImproperlyConfigured(f"Innlogging med OIDC er halvveis satt opp: mangler {', '.join(_missing)}. "
                                   "Sett alle, eller ingen av dem (README, «Drift»).")
    OIDC_OP_ISSUER = _env("RADSMODELL_OIDC_ISSUER")
    OIDC_OP_AUTHORIZATION_ENDPOINT = _env("RADSMODELL_OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = _env("RADSMODELL_OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _env("RADSMODELL_OIDC_USERINFO_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = _env("RADSMODELL_OIDC_JWKS_ENDPOINT")
    OIDC_RP_CLIENT_ID = _env("RADSMODELL_OIDC_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = _env("RADSMODELL_OIDC_CLIENT_SECRET")
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("radsmodell.core.oidc.Backend")  # after axes, which refuses a locked address
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_SCOPES = _env("RADSMODELL_OIDC_SCOPES") or "openid profile email"
    OIDC_USE_PKCE = True
    OIDC_CREATE_USER = _env("RADSMODELL_OIDC_CREATE_USERS") == "1"  # else only accounts the secretariat made
    OIDC_TIMEOUT = 10  # seconds for each call to the provider

# --- Static files for `radsmodell serve` (core/management/commands/serve.py) ----------------------------
# The server collects and compresses (gzip and brotli) every static file at each start. Only the hashed
# copies are kept (pages name their files through {% static %}), and source maps, fetched by a
# developer's browser tools only, are not compressed: a start takes a quarter of the time it would.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# --- Anonymous pages from memory (core/pagecache.py) ------------------------------------------------
# Seconds an anonymous page is served from each worker's memory: `radsmodell serve` sets 10, so that
# many readers at once cost little; 0 (off) elsewhere. A change reaches the public within that time.
_page_cache = _env("RADSMODELL_PAGE_CACHE_SECONDS", "0")
if not _page_cache.isdigit() or int(_page_cache) > 3600:
    raise ImproperlyConfigured(f"RADSMODELL_PAGE_CACHE_SECONDS skal være et helt antall sekunder fra 0 til 3600, "
                               f"ikke «{_page_cache}».")
PAGE_CACHE_SECONDS = int(_page_cache)
PAGE_CACHE_ENTRIES = 500  # per worker: at about 100 kB a page, 50 MB at most
