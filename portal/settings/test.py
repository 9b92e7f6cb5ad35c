"""Test settings: fast hashing, no debug toolbar; DATABASE_URL picks PostgreSQL in CI."""

from .base import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
if not AWS_STORAGE_BUCKET_NAME:  # the stack's checks read the stack's bucket
    FILER_STORAGES["private"]["main"]["OPTIONS"]["location"] = str(MEDIA_ROOT / "private")
    FILER_STORAGES["private"]["thumbnails"]["OPTIONS"]["location"] = str(
        MEDIA_ROOT / "private_thumbs"
    )
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_AUTOREFRESH = True
# Tests change rows without publishing; tests/portal/test_page_cache.py switches the cache on.
PAGE_CACHE_SECONDS = 0
