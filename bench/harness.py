"""What every bench shares: Django on the test settings, a throwaway test database, timings.

A bench is a script (`.venv/bin/python bench/<name>.py`, `--help` prints its docstring):

    import harness

    def main():
        harness.configure(TASKS=harness.NO_TASKS)
        with harness.test_database() as connection:
            ...

The test database is in-memory SQLite, or a `test_…` database beside DATABASE_URL's; it is
dropped at the end, with any temporary media folder.
"""

import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

NO_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
_media = None


def configure(*, media=False, quiet=("wagtail",), **overrides):
    """Answer --help; apply setting overrides (and a temporary media folder); start Django."""
    global _media
    if {"-h", "--help"} & set(sys.argv[1:]):
        print((sys.modules["__main__"].__doc__ or "").strip())
        sys.exit(0)
    from django.conf import settings

    if media:
        _media = Path(tempfile.mkdtemp(prefix="bench-media-"))
        settings.MEDIA_ROOT = _media
        private = settings.FILER_STORAGES["private"]
        private["main"]["OPTIONS"]["location"] = str(_media / "private")
        private["thumbnails"]["OPTIONS"]["location"] = str(_media / "thumbs")
    settings.ALLOWED_HOSTS = ["*"]
    for name, value in overrides.items():
        setattr(settings, name, value)

    import django

    django.setup()
    for logger in quiet:
        logging.getLogger(logger).setLevel(logging.WARNING)


@contextmanager
def test_database(*, keepdb=False, vendor=None, why=""):
    """Create and migrate the test database; drop it (and the media folder) afterwards."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    if vendor and connection.vendor != vendor:
        sys.exit(f"Set DATABASE_URL to a {vendor} server: {why}")
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keepdb)
    print(f"Database: {connection.vendor}, migrated in {time.perf_counter() - started:.0f}s")
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keepdb)
        if _media:
            shutil.rmtree(_media, ignore_errors=True)


def database_url(connection):
    """The test database as a DATABASE_URL, for the processes a bench starts."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def timed(action, runs=5):
    """The median time of `runs` calls, and the last call's result."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure_get(url, user=None, *, runs, client=None):
    """GET `url` (as `user`) once to warm caches, then `runs` times: queries, median ms, bytes."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if client is None:
        client = Client()
        if user is not None:
            client.force_login(user)
    client.get(url)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return len(queries), statistics.median(timings) * 1000, len(response.content)
