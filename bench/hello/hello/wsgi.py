"""WSGI entry point for the hello project: `gunicorn hello.wsgi` from bench/hello, with the
portal's root on PYTHONPATH (bench/ratios.py does both)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "hello.settings"
application = get_wsgi_application()
