"""Settings shared by every environment; each value can be set from the environment."""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from .env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "governance",
    "governance.lay",
    "governance.risks",
    "sigs",
    "events",
    "events.cpd",
    "publications",
    "publications.roundup",
    "publications.dashboard",
    "wagtailnhsukfrontend",
    "portal.apps.NhsukFrontendSettingsConfig",
    "wagtailnhsukfrontend.forms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "filer",
    "easy_thumbnails",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    "dbbackup",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "portal.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.SecondFactorRequiredMiddleware",
    "governance.lay.middleware.VolunteerPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.security.OverflowIsNotFoundMiddleware",
    "portal.routing.SiteMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under concurrent writes: readers never block the writer (WAL), a
    # writer waits its turn instead of failing (busy timeout), and every transaction takes the
    # write lock when it begins (IMMEDIATE), so two never deadlock upgrading a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 30),
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA busy_timeout={env_int('SQLITE_BUSY_TIMEOUT', 30) * 1000}; "
            "PRAGMA foreign_keys=ON"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0)
else:
    # Keep connections open between requests: opening one per request cost half the home page.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, sessions and allauth's rate limits: Redis when REDIS_URL is set (shared by every web
# process and worker), local memory otherwise (one process: the demo).
REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Whole pages for anonymous visitors come from that cache (portal.page_cache): invalidated at
# once on publish, unpublish, move and delete, and on any booking for pages that show places
# left. PAGE_CACHE_SECONDS bounds how old anything else on a public page can be (0: off).
# Keep it below AWS_QUERYSTRING_EXPIRE: cached pages carry signed image URLs.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_LIVE_SECONDS = env_int("PAGE_CACHE_LIVE_SECONDS", 60)
PAGE_CACHE_EXCLUDE_PATHS = ("/admin/", "/django-admin/", "/accounts/", "/healthz", "/metrics")

# Behind a load balancer: how many proxies put their address in X-Forwarded-For (nginx: 1), so
# allauth's rate limits count the real client, not the balancer.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
USE_X_FORWARDED_HOST = False

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # django-dbbackup: database dumps and media archives (a folder, or an S3 bucket below).
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("BACKUP_ROOT", str(BASE_DIR / "var" / "backups"))},
    },
}
# Private filer files live outside the public media URL and are only ever streamed by a view.
FILER_STORAGES = {
    "private": {
        "main": {
            "ENGINE": "filer.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(MEDIA_ROOT / "private"), "base_url": "/files/"},
            "UPLOAD_TO": "filer.utils.generate_filename.randomized",
            "UPLOAD_TO_PREFIX": "filer_private",
        },
        "thumbnails": {
            "ENGINE": "filer.storage.PrivateFileSystemStorage",
            "OPTIONS": {
                "location": str(MEDIA_ROOT / "private_thumbnails"),
                "base_url": "/files/thumbnails/",
            },
        },
    },
}

# Object storage (django-storages, S3 or compatible) when a bucket is named: every upload and
# generated file, so any web process or worker can serve any request. The bucket stays private:
# member files (filer's private storage, under private/) get no URL at all and are streamed by
# the permission-checking views; other media get short-lived signed URLs.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _s3 = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env("AWS_S3_REGION_NAME") or None,
        "access_key": env("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
        "default_acl": "private",
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "querystring_auth": True, "querystring_expire": 600},
    }
    FILER_STORAGES["public"] = {
        "main": {"ENGINE": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3}},
        "thumbnails": {"ENGINE": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3}},
    }
    FILER_STORAGES["private"]["main"]["ENGINE"] = "portal.storage.PrivateS3Storage"
    FILER_STORAGES["private"]["main"]["OPTIONS"] = {
        **_s3,
        "location": "private",
        "base_url": "/files/",
    }
    FILER_STORAGES["private"]["thumbnails"]["ENGINE"] = "portal.storage.PrivateS3Storage"
    FILER_STORAGES["private"]["thumbnails"]["OPTIONS"] = {
        **_s3,
        "location": "private_thumbnails",
        "base_url": "/files/thumbnails/",
    }
    if env("BACKUP_BUCKET_NAME"):
        STORAGES["dbbackup"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3, "bucket_name": env("BACKUP_BUCKET_NAME"), "location": "backups"},
        }
DBBACKUP_CLEANUP_KEEP = env_int("BACKUP_KEEP", 14)
DBBACKUP_SEND_EMAIL = False
DBBACKUP_CONNECTOR_MAPPING = {"django.db.backends.sqlite3": "portal.backups.SqliteRestoreConnector"}
FILER_IS_PUBLIC_DEFAULT = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: Django 6.1 mailers. The demo writes to the console; production points at an SMTP relay.
MAILERS = {
    "default": {
        "BACKEND": "portal.email.SmtpBackend",
        "OPTIONS": {
            "host": env("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": 30,
        },
    }
}
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "West Midlands Imaging Network <portal@wmin.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
NETWORK_OFFICE_EMAIL = env("NETWORK_OFFICE_EMAIL", "network.office@wmin.example")
SECURITY_CONTACT = env("SECURITY_CONTACT", "mailto:security@wmin.example")

# Background jobs: Django's tasks API on the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task RUNNING for longer than this is taken for stranded by a worker that died mid-task:
# /healthz answers 503 and `portal.tasks.requeue_stranded_tasks` puts it back in the queue.
# Keep it well above the longest task's run time.
TASK_STRANDED_AFTER_SECONDS = env_int("TASK_STRANDED_AFTER_SECONDS", 3600)

# The demo network's loaders (`manage.py load_demo_network`), each a module with `load(stdout)`,
# in the order they run: each builds on the ones before (the risk register needs the SIGs,
# which need the governance tree).
DEMO_LOADERS = [
    "portal.demo",
    "governance.demo",
    "sigs.demo",
    "governance.risks.demo",
    "events.demo",
    "events.cpd.demo",
    "publications.demo",
    "governance.lay.demo",
    "publications.roundup.demo",
    "publications.dashboard.demo",
]

# Periodic tasks (dotted path → seconds between runs); see portal/scheduling.py.
PERIODIC_TASKS = {
    "events.tasks.send_event_reminders": 3600,
    "governance.risks.tasks.send_overdue_risk_review_reminders": 7 * 24 * 3600,
    "governance.tasks.sync_all_group_editors": 24 * 3600,
    "sigs.tasks.send_protocol_review_reminders": 24 * 3600,
    "events.cpd.tasks.send_evaluation_requests": 3600,
    "publications.roundup.tasks.draft_weekly_issue": 7 * 24 * 3600,
    "governance.lay.tasks.send_lay_review_reminders": 24 * 3600,
    "publications.dashboard.tasks.recheck_meeting_quorum": 24 * 3600,
    "portal.notifications.tasks.send_daily_digest": 24 * 3600,
    "governance.tasks.notify_actions_due": 24 * 3600,
    "portal.tasks.requeue_stranded_tasks": 600,
}

# Accounts (django-allauth): email is the login; every address is confirmed.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up says plainly when an address is already registered (the issue asks for a clear error).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Imaging Network] "
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "portal.forms.SignupForm"}
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_RATE_LIMIT", "10/m/ip,5/5m/key"),
    # Round-up sign-ups (publications.roundup), counted like allauth's own: per IP address (a
    # trust's staff may share one, hence generous) and per address signed up.
    "roundup_subscribe": env("ROUNDUP_SUBSCRIBE_RATE_LIMIT", "20/10m/ip,3/h/key"),
}
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Show the sign-in page to people already signed in rather than bouncing them on to `next`:
# Wagtail sends signed-in members without admin access there, and bouncing back loops forever.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_network"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Imaging Network Portal"
# Anyone holding a privileged role must set MFA up before the admin or any @privileged view
# (portal.middleware; rules.needs_second_factor decides who).
PORTAL_REQUIRE_ADMIN_MFA = env_bool("PORTAL_REQUIRE_ADMIN_MFA", True)

# Emails under these domains (and their subdomains) belong to NHS staff.
NHS_EMAIL_DOMAINS = env_list("NHS_EMAIL_DOMAINS", "nhs.net,nhs.uk")

# Wagtail
WAGTAIL_SITE_NAME = "West Midlands Imaging Network"
# The one address every absolute link the portal writes starts with: emails, feeds, calendars,
# the sitemap (portal.links.absolute_url). Set it to the public https address in production.
PORTAL_BASE_URL = env(
    "PORTAL_BASE_URL",
    env("ROUNDUP_BASE_URL", env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")),
).rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx"]

# Logs: one JSON object a line (LOG_FORMAT=json, the production default) or plain text, each
# with the id of the request it belongs to (taken from X-Request-ID or made up).
LOG_FORMAT = env("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.observability.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Operations: Prometheus metrics at /metrics for a bearer token (or staff); with several
# gunicorn workers set PROMETHEUS_MULTIPROC_DIR to a shared, emptied-at-start folder.
METRICS_TOKEN = env("METRICS_TOKEN", "")
PROMETHEUS_MULTIPROC_DIR = env("PROMETHEUS_MULTIPROC_DIR", "")
# /healthz answers 503 when the oldest ready task has waited longer than this.
HEALTH_QUEUE_STUCK_SECONDS = env_int("HEALTH_QUEUE_STUCK_SECONDS", 900)
# Errors to Sentry when a DSN is given.
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    from portal.observability import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        release=env("SENTRY_RELEASE", ""),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# Papers and files: the largest upload accepted, in megabytes.
PAPER_MAX_UPLOAD_MB = env_int("PAPER_MAX_UPLOAD_MB", 25)
# The domain part of calendar UIDs: keep it stable for the life of the site.
CALENDAR_UID_DOMAIN = env("CALENDAR_UID_DOMAIN", "portal.wmin.example")
# Lay review: volunteers should read a meeting's papers this many days before it; volunteers'
# mileage is paid at this rate (pounds per mile).
LAY_REVIEW_DAYS_BEFORE = env_int("LAY_REVIEW_DAYS_BEFORE", 5)
LAY_MILEAGE_RATE = env("LAY_MILEAGE_RATE", "0.45")

# The weekly round-up (publications.roundup): pace, batches, links and the bounce webhook.
ROUNDUP_NAME = env("ROUNDUP_NAME", "Imaging Network round-up")
ROUNDUP_FROM_EMAIL = env("ROUNDUP_FROM_EMAIL", DEFAULT_FROM_EMAIL)
# Links in the email and the List-Unsubscribe URL; must be https in production (RFC 8058).
ROUNDUP_BASE_URL = PORTAL_BASE_URL  # kept for old environments; links use PORTAL_BASE_URL
ROUNDUP_UNSUBSCRIBE_MAILTO = env("ROUNDUP_UNSUBSCRIBE_MAILTO", "unsubscribe@wmin.example")
ROUNDUP_RATE_PER_MINUTE = env_int("ROUNDUP_RATE_PER_MINUTE", 600)  # 0: no limit
ROUNDUP_BATCH_SIZE = env_int("ROUNDUP_BATCH_SIZE", 100)
ROUNDUP_STALL_SECONDS = env_int("ROUNDUP_STALL_SECONDS", 120)
ROUNDUP_CONFIRM_LINK_DAYS = env_int("ROUNDUP_CONFIRM_LINK_DAYS", 7)
ROUNDUP_ISSUE_WEEKDAY = env_int("ROUNDUP_ISSUE_WEEKDAY", 3)  # Thursday
ROUNDUP_WEBHOOK_SECRET = env("ROUNDUP_WEBHOOK_SECRET", "")


# Content-Security-Policy (Django's own, django.middleware.csp): scripts only from our own
# static files, no inline script anywhere on the public site. Styles may be inline because the
# dashboard's server-drawn SVG charts carry their own <style>. The NHS.UK frontend's Frutiger
# font comes from assets.nhs.uk. The policy is enforced on every public page; the admin areas
# get it as report-only (portal.security.SecurityHeadersMiddleware), because Wagtail's editor
# (date and time pickers, inline panels, workflow) and Django's admin still run inline script.
_csp_images = [CSP.SELF, "data:"]
if AWS_STORAGE_BUCKET_NAME:  # page images on signed object-storage URLs
    _csp_images.append(env("AWS_S3_ENDPOINT_URL") or "https://*.amazonaws.com")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": _csp_images,
    "font-src": [CSP.SELF, "https://assets.nhs.uk"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
# Browser features no page of the portal uses, switched off for every page.
PERMISSIONS_POLICY = env(
    "PERMISSIONS_POLICY",
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "usb=(), xr-spatial-tracking=()",
)
