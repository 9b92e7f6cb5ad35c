"""`django-admin startproject hello` cut to one view, run on the portal's own production
settings (bench/ratios.py gives both the same environment): the same middleware, in the same
order, the same Redis cache, database settings (CONN_MAX_AGE) and DEBUG off. Only the URLconf
differs, so the ratio measures what the portal's pages cost beyond Django and that middleware.
The view is not a Wagtail page, so the page cache never stores it: each request pays the cache
lookup a portal page pays on a miss."""

from portal.settings.production import *  # noqa: F403 (the portal's settings, whole)

ROOT_URLCONF = "hello.urls"
WSGI_APPLICATION = "hello.wsgi.application"
