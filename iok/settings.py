"""IOK's one settings module: everything that differs between machines comes
from IOK_* environment variables and DATABASE_URL (see .env.example)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from iok.env import envbool, envdigits, envint, envlist, envstr
from iok.ledger.nrb import settlement_number_is_valid

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = envbool("IOK_DEBUG", False)

SECRET_KEY = envstr("IOK_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "IOK_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set IOK_DEBUG=true on a development machine."
        )
    SECRET_KEY = "development-only-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = envlist("IOK_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "iok.registry",
    "iok.ledger",
    "iok.access",
    "iok.portal",
    "iok.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "access:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "access:login"

ROOT_URLCONF = "iok.urls"
WSGI_APPLICATION = "iok.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite is the embedded default; DATABASE_URL selects PostgreSQL.
DATA_DIR = Path(envstr("IOK_DATA_DIR") or BASE_DIR / "var")
DATABASE_URL = envstr("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'iok.sqlite3'}"
if not envstr("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the
        # write lock at BEGIN, so two writers queue on the busy timeout instead
        # of failing halfway with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

FORMAT_MODULE_PATH = ["iok.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("IOK_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Bank (Płatności Masowe): virtual account = settlement number + prefix + id.
IOK_BANK_SETTLEMENT_NUMBER = envdigits("IOK_BANK_SETTLEMENT_NUMBER", "10201026", 8)
if not settlement_number_is_valid(IOK_BANK_SETTLEMENT_NUMBER):
    raise ImproperlyConfigured(
        f"IOK_BANK_SETTLEMENT_NUMBER {IOK_BANK_SETTLEMENT_NUMBER} has a wrong check digit "
        "(the 8th digit, weights 3 9 7 1 3 9 7): copy it again from the bank's agreement."
    )
IOK_VIRTUAL_PREFIX = envdigits("IOK_VIRTUAL_PREFIX", "4477")
IOK_VIRTUAL_ID_DIGITS = envint("IOK_VIRTUAL_ID_DIGITS", 12)
if len(IOK_VIRTUAL_PREFIX) + IOK_VIRTUAL_ID_DIGITS != 16:
    raise ImproperlyConfigured(
        f"IOK_VIRTUAL_PREFIX ({len(IOK_VIRTUAL_PREFIX)} digits) and IOK_VIRTUAL_ID_DIGITS "
        f"({IOK_VIRTUAL_ID_DIGITS}) must add up to the 16 digits of the account part of an NRB."
    )

# Billing: the day of the month by which a monthly charge is due.
IOK_DUE_DAY = envint("IOK_DUE_DAY", 10)
if not 1 <= IOK_DUE_DAY <= 28:
    raise ImproperlyConfigured(f"IOK_DUE_DAY must be between 1 and 28, not {IOK_DUE_DAY}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("IOK_LOG_LEVEL", "WARNING")},
}
