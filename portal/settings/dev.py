"""Local development and the demo: SQLite, console email, debug on."""

from .base import *
from .env import env, env_bool

DEBUG = env_bool("DEBUG", True)
# The demo prints emails (confirmation links included) to the console unless EMAIL_HOST is set.
if not env("EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
PORTAL_REQUIRE_ADMIN_MFA = env_bool("PORTAL_REQUIRE_ADMIN_MFA", False)
