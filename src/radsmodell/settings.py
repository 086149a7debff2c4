"""Django settings. SQLite under ./var by default; PostgreSQL when DATABASE_URL is set.

Everything an operator sets is an environment variable named RADSMODELL_* (README, «Drift»).
Outside development mode (RADSMODELL_DEBUG=1, which `make run` sets) the app refuses to start
without its own secret key and host names, and assumes HTTPS in front of it.
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
    "radsmodell.core",
    "radsmodell.council",
    "radsmodell.documents",
    "radsmodell.priority",
    "radsmodell.portfolio",
    "radsmodell.strategy",
    "radsmodell.costs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "radsmodell.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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

# A form sent without a valid security token gets the site's own page, in the user's language.
CSRF_FAILURE_VIEW = "radsmodell.core.views.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
