"""Settings shared by every environment; each value can be set from the environment."""

from pathlib import Path

import dj_database_url

from .env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "governance",
    "sigs",
    "events",
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
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.AdminRequiresMfaMiddleware",
    "portal.middleware.VolunteerPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

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
FILER_IS_PUBLIC_DEFAULT = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: Django 6.1 mailers. The demo writes to the console; production points at an SMTP relay.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
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
# Periodic tasks (dotted path → seconds between runs); see portal/scheduling.py.
PERIODIC_TASKS = {
    "events.tasks.send_event_reminders": 3600,
    "governance.tasks.send_overdue_action_reminders": 7 * 24 * 3600,
    "governance.tasks.send_overdue_risk_review_reminders": 7 * 24 * 3600,
    "governance.tasks.sync_all_group_editors": 24 * 3600,
    "sigs.tasks.send_protocol_review_reminders": 24 * 3600,
    "events.cpd_tasks.send_evaluation_requests": 3600,
    "publications.roundup.tasks.draft_weekly_issue": 7 * 24 * 3600,
    "governance.tasks.send_lay_review_reminders": 24 * 3600,
    "publications.dashboard.tasks.recheck_meeting_quorum": 24 * 3600,
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
}
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Show the sign-in page to people already signed in rather than bouncing them on to `next`:
# Wagtail sends signed-in members without admin access there, and bouncing back loops forever.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "profile"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Imaging Network Portal"
# Anyone who can reach the Wagtail admin must have MFA set up first.
PORTAL_REQUIRE_ADMIN_MFA = env_bool("PORTAL_REQUIRE_ADMIN_MFA", True)

# Emails under these domains (and their subdomains) belong to NHS staff.
NHS_EMAIL_DOMAINS = env_list("NHS_EMAIL_DOMAINS", "nhs.net,nhs.uk")

# Wagtail
WAGTAIL_SITE_NAME = "West Midlands Imaging Network"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

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
ROUNDUP_BASE_URL = env("ROUNDUP_BASE_URL", WAGTAILADMIN_BASE_URL)
ROUNDUP_UNSUBSCRIBE_MAILTO = env("ROUNDUP_UNSUBSCRIBE_MAILTO", "unsubscribe@wmin.example")
ROUNDUP_RATE_PER_MINUTE = env_int("ROUNDUP_RATE_PER_MINUTE", 600)  # 0: no limit
ROUNDUP_BATCH_SIZE = env_int("ROUNDUP_BATCH_SIZE", 100)
ROUNDUP_STALL_SECONDS = env_int("ROUNDUP_STALL_SECONDS", 120)
ROUNDUP_CONFIRM_LINK_DAYS = env_int("ROUNDUP_CONFIRM_LINK_DAYS", 7)
ROUNDUP_ISSUE_WEEKDAY = env_int("ROUNDUP_ISSUE_WEEKDAY", 3)  # Thursday
ROUNDUP_WEBHOOK_SECRET = env("ROUNDUP_WEBHOOK_SECRET", "")
