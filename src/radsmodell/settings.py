"""Django settings. SQLite under ./var by default; PostgreSQL when DATABASE_URL is set."""
import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("RADSMODELL_DATA_DIR", Path.cwd() / "var"))

# Development mode only when asked for (`make run` does); a real installation sets its own key.
DEBUG = os.environ.get("RADSMODELL_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("RADSMODELL_SECRET_KEY", "dev-only-not-secret")
ALLOWED_HOSTS = os.environ.get("RADSMODELL_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

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
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Attachments are PDF or DOCX; larger files belong in the archive, not here.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

# A form sent without a valid security token gets the site's own page, in the user's language.
CSRF_FAILURE_VIEW = "radsmodell.core.views.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
