"""IOK's one settings module: everything that differs between machines comes
from IOK_* environment variables and DATABASE_URL (see .env.example)."""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from iok.demo import bank as demo_bank
from iok.env import (
    envaccounts,
    envamount,
    envbool,
    envdate,
    envdays,
    envdecimals,
    envdigits,
    envheader,
    envint,
    envlist,
    envmailboxes,
    envnetworks,
    envorigins,
    envstr,
    refuse_retired,
)
from iok.ledger.nrb import settlement_number_is_valid
from iok.security.files import owner_only_file

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = envbool("IOK_DEBUG", False)
# `make serve` only: the production configuration for a look on 127.0.0.1
# over plain HTTP, on the demo's data (docs/deploy.md). It sends cookies
# without HTTPS, serves the demo's bank numbers and answers nobody but
# 127.0.0.1 (iok/wsgi.py); it is printed at every start and `iok check
# --deploy` refuses it (iok.E101). Never set it on a server.
IOK_LOCAL_PREVIEW = envbool("IOK_LOCAL_PREVIEW", False) and not DEBUG

SECRET_KEY = envstr("IOK_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "IOK_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set IOK_DEBUG=true on a development machine."
        )
    SECRET_KEY = "development-only-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = envlist(
    "IOK_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or IOK_LOCAL_PREVIEW else ""
)

INSTALLED_APPS = [
    # The admin logs in through IOK's own login and its second step (iok.security).
    "iok.security.admin_app.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "iok.registry",
    "iok.ledger",
    "iok.access",
    "iok.payments",
    "iok.office",
    "iok.portal",
    "iok.meters",
    "iok.settlements",
    "iok.audit",
    "iok.security",
    "iok.privacy",
    "iok.demo",
    "iok.refunds",  # refunds of credit and transfers between ledgers (docs/payments.md)
    "iok.interest",  # interest for delay: rates and the calculation (docs/interest.md)
    "iok.accounting",  # the journal export for the general ledger (docs/accounting.md)
    # Background jobs (docs/jobs.md): the queue and what the office sees of it.
    "django_tasks",
    "django_tasks_db",
    "iok.jobs",
    "iok.api",
    "ninja",  # the API docs page from its bundled static files, never a CDN
]

MIDDLEWARE = [
    # First: the request's id and its log line, then what the proxy may say.
    "iok.logs.RequestLogMiddleware",
    "iok.proxy.ProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files, compressed and hashed, before anything reads a session.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "iok.security.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "iok.audit.middleware.AuditMiddleware",  # who and from where, for the audit log
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before any view reads the body (CSRF reads it in process_view).
    "iok.security.middleware.RequestBodyLimitMiddleware",
    # Last, as django-axes asks: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "iok.access.lockout.LockoutBackend",  # django-axes, per login and address
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
                "iok.access.context_processors.roles",
            ],
            # money, signed_money, nrb, quantity, reading: in every template.
            "builtins": ["iok.formats.filters"],
        },
    },
]

# Database: SQLite is the embedded default; DATABASE_URL selects PostgreSQL.
DATA_DIR = Path(envstr("IOK_DATA_DIR") or BASE_DIR / "var")
DATABASE_URL = envstr("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'iok.sqlite3'}"
if not envstr("DATABASE_URL"):
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
# PostgreSQL: the tables' owner, for `iok migrate` only; DATABASE_URL's role
# serves and owns nothing (docs/security.md, iok/security/dbroles.py).
MIGRATE_DATABASE_URL = envstr("IOK_MIGRATE_DATABASE_URL")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SQLITE_FILE = Path(DATABASES["default"]["NAME"] or ":memory:")
    if SQLITE_FILE.parent.is_dir() and str(SQLITE_FILE) != ":memory:":
        # The database holds personal data: the owner's only (see iok/security/files.py).
        owner_only_file(SQLITE_FILE)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the
        # write lock at BEGIN, so two writers queue on the busy timeout instead
        # of failing halfway with "database is locked". recursive_triggers
        # makes REPLACE run the append-only DELETE triggers (docs/security.md).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA recursive_triggers=ON;"
        ),
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
STATIC_ROOT = Path(envstr("IOK_STATIC_ROOT") or DATA_DIR / "static")
# WhiteNoise serves the static files itself (no proxy configuration needed):
# `iok collectstatic` writes them to STATIC_ROOT compressed (gzip, Brotli
# when installed) under names carrying their hash, so browsers may keep them
# for a year. That storage needs the collected manifest to render any page;
# IOK_STATIC_MANIFEST=false keeps the plain names for a machine that never
# collects (the test suite sets it; a development machine never uses it).
IOK_STATIC_MANIFEST = envbool("IOK_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IOK_STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Nothing collected (development, the tests): WhiteNoise finds each file where it lies.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or not IOK_STATIC_MANIFEST

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "iok.access.views.errors.csrf_failure"  # IOK's page, in the user's language
if not DEBUG and not IOK_LOCAL_PREVIEW:
    SECURE_SSL_REDIRECT = envbool("IOK_SSL_REDIRECT", True)
    # The load balancer's probe comes over plain HTTP (iok/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# ---- Behind a reverse proxy (iok/proxy.py): see docs/deploy.md --------------
# The proxies in front of IOK (addresses or CIDR networks): only a connection
# from one of them is believed about the client's address (X-Forwarded-For,
# read right to left past every trusted proxy), the request id and HTTPS.
IOK_TRUSTED_PROXIES = envnetworks("IOK_TRUSTED_PROXIES")
refuse_retired(
    "IOK_PROXY_COUNT",
    "set IOK_TRUSTED_PROXIES to the proxies' addresses instead (e.g. 127.0.0.1 for nginx on "
    "the same machine); X-Forwarded-For is read only from them.",
)
# The header in which the TLS-terminating proxy says the client used HTTPS
# (nginx: proxy_set_header X-Forwarded-Proto $scheme); its value must be "https".
IOK_PROXY_SSL_HEADER = envheader("IOK_PROXY_SSL_HEADER")
if IOK_PROXY_SSL_HEADER:
    if not IOK_TRUSTED_PROXIES:
        raise ImproperlyConfigured(
            "IOK_PROXY_SSL_HEADER is believed only from IOK_TRUSTED_PROXIES, which is empty: "
            "set it to the proxy's address (127.0.0.1 for nginx on the same machine)."
        )
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + IOK_PROXY_SSL_HEADER.upper().replace("-", "_"),
        "https",
    )
# Origins (scheme and host) a form may be posted from besides the site's own
# Host, e.g. when the proxy changes Host: https://iok.example.pl.
CSRF_TRUSTED_ORIGINS = envorigins("IOK_CSRF_TRUSTED_ORIGINS")
# ---- end of proxy ----------------------------------------------------------

# Bank (Płatności Masowe): virtual account = settlement number + prefix + id.
# The defaults are the demo's: production refuses to serve on them
# (iok/payments/checks.py, `iok check --deploy`).
IOK_BANK_SETTLEMENT_NUMBER = envdigits("IOK_BANK_SETTLEMENT_NUMBER", demo_bank.SETTLEMENT_NUMBER, 8)
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

# Statements are accepted only for the company's own collection accounts
# (comma-separated NRBs); the default is the demo's.
IOK_COLLECTION_ACCOUNTS = envaccounts("IOK_COLLECTION_ACCOUNTS", demo_bank.COLLECTION_ACCOUNT)
# Refunds (docs/payments.md, "Refunds"): the payer named in the bank files
# and the account they are paid from. It must be a collection account: the
# refunds' debits are booked from that account's statements.
IOK_COMPANY_NAME = envstr("IOK_COMPANY_NAME", "Zakład Gospodarki Mieszkaniowej (demo)")
IOK_COMPANY_ACCOUNT = (envaccounts("IOK_COMPANY_ACCOUNT", "") or IOK_COLLECTION_ACCOUNTS)[0]
if IOK_COMPANY_ACCOUNT not in IOK_COLLECTION_ACCOUNTS:
    raise ImproperlyConfigured(
        f"IOK_COMPANY_ACCOUNT {IOK_COMPANY_ACCOUNT} is not one of IOK_COLLECTION_ACCOUNTS: "
        "refunds are paid from a collection account, whose statements book them."
    )

# Reversals (storno): a reversal with no bank reference of a booked payment
# takes back the one payment of its amount from its payer booked this many
# days before it or fewer (docs/payments.md, "Reversals").
IOK_REVERSAL_WINDOW_DAYS = envint("IOK_REVERSAL_WINDOW_DAYS", 30)
if IOK_REVERSAL_WINDOW_DAYS < 0:
    raise ImproperlyConfigured(
        f"IOK_REVERSAL_WINDOW_DAYS must be 0 or more, not {IOK_REVERSAL_WINDOW_DAYS}."
    )

# Billing: the day of the month by which a monthly charge is due.
IOK_DUE_DAY = envint("IOK_DUE_DAY", 10)
if not 1 <= IOK_DUE_DAY <= 28:
    raise ImproperlyConfigured(f"IOK_DUE_DAY must be between 1 and 28, not {IOK_DUE_DAY}.")

# ---- Access (iok/access): logins, lockout, sessions, e-mail, PDFs --------
# See docs/access.md for why each value is what it is.

# django-axes: 5 failures lock the login, and separately the address, for 15
# minutes counted from the fifth failure; attempts during a lockout do not
# extend it, so nobody can keep a tenant locked out for good.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
# Five failures lock one login from one address only: a stranger elsewhere
# cannot lock the owner out (iok/access/lockout.py has the address's own limit).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
IOK_ADDRESS_FAILURE_LIMIT = envint("IOK_ADDRESS_FAILURE_LIMIT", 20)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "iok.access.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "iok.access.lockout.client_ip"
# The client's address behind proxies: IOK_TRUSTED_PROXIES, above.

# The public forms' limits (iok/access/throttle.py): access applications per
# client address an hour and per PESEL a day, password resets per address and
# per e-mail address an hour. Over a limit the form answers 429.
IOK_THROTTLE_APPLICATION_PER_ADDRESS = envint("IOK_THROTTLE_APPLICATION_PER_ADDRESS", 5)
IOK_THROTTLE_APPLICATION_PER_PESEL = envint("IOK_THROTTLE_APPLICATION_PER_PESEL", 3)
IOK_THROTTLE_RESET_PER_ADDRESS = envint("IOK_THROTTLE_RESET_PER_ADDRESS", 5)
IOK_THROTTLE_RESET_PER_EMAIL = envint("IOK_THROTTLE_RESET_PER_EMAIL", 3)
for _name, _limit in {
    "IOK_THROTTLE_APPLICATION_PER_ADDRESS": IOK_THROTTLE_APPLICATION_PER_ADDRESS,
    "IOK_THROTTLE_APPLICATION_PER_PESEL": IOK_THROTTLE_APPLICATION_PER_PESEL,
    "IOK_THROTTLE_RESET_PER_ADDRESS": IOK_THROTTLE_RESET_PER_ADDRESS,
    "IOK_THROTTLE_RESET_PER_EMAIL": IOK_THROTTLE_RESET_PER_EMAIL,
}.items():
    if _limit < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1, not {_limit}.")

# Sessions end after 30 minutes without a request, and 12 hours after login
# whatever the activity (iok.access.middleware.SessionLifetimeMiddleware, which
# saves a session at most once a minute rather than on every request).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
IOK_SESSION_MAX_AGE = datetime.timedelta(hours=12)
# The largest request body, a bank statement upload included (MT940 of 50,000
# lines is about 12 MB). The proxy in front should refuse the same size.
IOK_MAX_REQUEST_MB = envint("IOK_MAX_REQUEST_MB", 32)
MIDDLEWARE[-1:-1] = [  # before AxesMiddleware, which stays last
    "iok.access.middleware.SessionLifetimeMiddleware",
    "iok.security.middleware.TwoFactorMiddleware",  # before the first-login steps
    "iok.access.middleware.FirstLoginMiddleware",
]

AUTH_PASSWORD_VALIDATORS.append(
    {
        "NAME": "iok.access.validators.MaximumLengthValidator",
        "OPTIONS": {"max_length": 128},
    }
)
IOK_ONE_TIME_PASSWORD_DAYS = envint("IOK_ONE_TIME_PASSWORD_DAYS", 14)
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

DEFAULT_FROM_EMAIL = envstr("IOK_EMAIL_FROM", "iok@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_HOST = envstr("IOK_EMAIL_HOST", "localhost")
    EMAIL_PORT = envint("IOK_EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("IOK_EMAIL_USER")
    EMAIL_HOST_PASSWORD = envstr("IOK_EMAIL_PASSWORD")
    EMAIL_USE_TLS = envbool("IOK_EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20

# DejaVu carries every Polish letter; Debian's fonts-dejavu-core puts it here.
IOK_PDF_FONT_DIR = Path(envstr("IOK_PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
# ---- end of Access ---------------------------------------------------------

# ---- Privacy (iok/privacy): see docs/privacy.md ------------------------------
# A tenant's login is deactivated once every contract of theirs ended more than
# this many days ago (iok deactivate-logins); the ledger history is kept.
IOK_INACTIVE_LOGIN_DAYS = envint("IOK_INACTIVE_LOGIN_DAYS", 90)
if IOK_INACTIVE_LOGIN_DAYS < 0:
    raise ImproperlyConfigured("IOK_INACTIVE_LOGIN_DAYS must not be negative.")

# ---- Security (iok/security): second factor, headers; see docs/security.md --
# TOTP codes of 6 digits every 30 s, one step of clock drift either way; a
# code once used is spent; failures slow further tries down exponentially.
OTP_TOTP_ISSUER = "IOK"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Content-Security-Policy of every response: IOK's pages load scripts and
# styles from its own static files only, and no page may be framed.
IOK_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# ---- end of Security -------------------------------------------------------

# ---- Meters (iok/meters): see docs/meters.md --------------------------------
# Uploaded files that are personal data (photos of self-readings): never served
# as public media, only through permission-checked views.
MEDIA_ROOT = Path(envstr("IOK_MEDIA_ROOT") or DATA_DIR / "media")
# Days of the month on which tenants may send a self-reading (samoodczyt).
IOK_SELF_READING_DAYS = envdays("IOK_SELF_READING_DAYS", "25-31,1-3")
# A reading whose use per day since the previous one is above this bound is
# flagged for staff: one number for every medium, or medium=number pairs.
IOK_READING_MAX_DAILY = envdecimals(
    "IOK_READING_MAX_DAILY",
    {"cold_water": 2, "hot_water": 1, "heat": 1, "gas": 10, "electricity": 40},
    ["cold_water", "hot_water", "heat", "gas", "electricity"],
)
# A reading whose use per day since the previous one is above this bound is
# impossible (more than a flat's meter can count) and refused, whoever enters it.
IOK_READING_IMPOSSIBLE_DAILY = envdecimals(
    "IOK_READING_IMPOSSIBLE_DAILY",
    {"cold_water": 60, "hot_water": 60, "heat": 5, "gas": 100, "electricity": 500},
    ["cold_water", "hot_water", "heat", "gas", "electricity"],
)
# A tenant's self-reading whose use per day is more than this many times the
# meter's own median (and above IOK_READING_MAX_DAILY) is refused as a mistake.
IOK_READING_IMPOSSIBLE_FACTOR = envint("IOK_READING_IMPOSSIBLE_FACTOR", 20)
if IOK_READING_IMPOSSIBLE_FACTOR <= 3:
    raise ImproperlyConfigured(
        "IOK_READING_IMPOSSIBLE_FACTOR must be more than 3, the factor that flags a reading."
    )
# ---- end of Meters ---------------------------------------------------------

# ---- Office (iok/office): see docs/office.md --------------------------------
# The office home page lists ledgers whose arrears exceed this many złoty
# (the amount past its due date, not the balance).
IOK_ARREARS_THRESHOLD = envamount("IOK_ARREARS_THRESHOLD", "500.00")
# ---- end of Office ----------------------------------------------------------

# ---- Logging (iok/logs.py): see docs/deploy.md -------------------------------
# One line of key=value pairs per record on stdout (time, level, request id,
# user id, path, status, duration), one per request at INFO; PESEL, NIP,
# account numbers and e-mail addresses masked. Errors are mailed to
# IOK_ADMINS (`Name <address>` or addresses, comma-separated) when set.
ADMINS = envmailboxes("IOK_ADMINS")
IOK_LOG_LEVEL = envstr("IOK_LOG_LEVEL", "WARNING").upper()
if IOK_LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"IOK_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {IOK_LOG_LEVEL!r}."
    )
_LOG_FILTERS = ["request", "personal_data"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request": {"()": "iok.logs.RequestContextFilter"},
        "personal_data": {"()": "iok.logs.PersonalDataFilter"},
    },
    "formatters": {"line": {"()": "iok.logs.LineFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": _LOG_FILTERS,
            "formatter": "line",
        },
        "mail_admins": {
            "class": "iok.logs.MaskedAdminEmailHandler",
            "level": "ERROR",
            "filters": _LOG_FILTERS,
        },
    },
    "root": {"handlers": ["stdout", "mail_admins"], "level": IOK_LOG_LEVEL},
    "loggers": {
        # Django's own handlers (an unmasked mail among them) give way to ours.
        "django": {"handlers": [], "level": IOK_LOG_LEVEL, "propagate": True},
        "iok.request": {"level": "INFO"},
    },
}
# ---- end of Logging ---------------------------------------------------------

# The accessibility statement's facts (see iok/portal/statement.py); each one
# unset (None) falls back to the demo company's.
IOK_STATEMENT_BODY = envstr("IOK_STATEMENT_BODY") or None
IOK_STATEMENT_CONTACT_PERSON = envstr("IOK_STATEMENT_CONTACT_PERSON") or None
IOK_STATEMENT_EMAIL = envstr("IOK_STATEMENT_EMAIL") or None
IOK_STATEMENT_PHONE = envstr("IOK_STATEMENT_PHONE") or None
IOK_STATEMENT_OFFICE = envstr("IOK_STATEMENT_OFFICE") or None
IOK_STATEMENT_BUILDING = envstr("IOK_STATEMENT_BUILDING") or None
IOK_STATEMENT_PUBLISHED = envdate("IOK_STATEMENT_PUBLISHED")
IOK_STATEMENT_UPDATED = envdate("IOK_STATEMENT_UPDATED")
IOK_STATEMENT_PREPARED = envdate("IOK_STATEMENT_PREPARED")
IOK_STATEMENT_REVIEWED = envdate("IOK_STATEMENT_REVIEWED")

# ---- Jobs (iok/jobs): see docs/jobs.md ---------------------------------------
# Jobs (e-mail, statement imports and settlement runs from the office) wait in
# the database for `iok worker`. IOK_JOBS_IMMEDIATE=true runs each inside the
# request that starts it instead: the test suite's setting (pyproject.toml)
# and, by default, `make run`'s (IOK_DEBUG), never production's (warning
# iok.jobs.W001 in `iok check --deploy`).
IOK_JOBS_IMMEDIATE = envbool("IOK_JOBS_IMMEDIATE", DEBUG)
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if IOK_JOBS_IMMEDIATE
        else "django_tasks_db.DatabaseBackend"
    }
}
# ---- end of Jobs --------------------------------------------------------------
# ---- API (iok/api): the integration API for the finance system; docs/api.md --
# A token's last use is written at most this often (seconds), so a busy
# integration does not write its token row on every call.
IOK_API_LAST_USED_EVERY = 60
# The largest page of a list the API answers (?limit=).
IOK_API_PAGE_MAX = 500
# ---- end of API --------------------------------------------------------------
