"""Migrate once, clone for each xdist worker.

Migrating the test database takes most of a worker's start-up (about 28 s). Under xdist the
first worker to need a database migrates a template; the others wait for it (a file lock) and
copy it: PostgreSQL with `CREATE DATABASE ... TEMPLATE`.

The template is named after what it was migrated from (a digest of every migration file and
Django's version) and kept for the next run, so `make test`'s browser run and the next
`make test` clone it without migrating. It is built under another name and renamed when
complete, so an interrupted run never leaves a half-migrated template behind; a template of
other migrations is dropped when a new one is built. `.ci/run` drops its own at the end.

Outside xdist, or with --reuse-db, --nomigrations or another database, pytest-django's own
set-up runs unchanged. Everything else of Django's (serialized rollback, teardown) is as before:
only `create_test_db` is swapped, for the duration of the set-up.
"""

import contextlib
import fcntl
import hashlib
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

RUN_DIR = "PORTAL_TEST_RUN_DIR"  # set by the controller, inherited by the workers
TEMPLATE_SUFFIX = "_template"


def pytest_configure(config):
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    run_dir = tempfile.mkdtemp(prefix="portal-tests-")
    config.stash[_run_dir_key] = run_dir
    os.environ[RUN_DIR] = run_dir


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """In the controller: remove the workers' lock files (the template is kept)."""
    run_dir = session.config.stash.get(_run_dir_key, None)
    if run_dir is not None:
        shutil.rmtree(run_dir, ignore_errors=True)
        os.environ.pop(RUN_DIR, None)


_run_dir_key = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up, with each worker's database cloned from one migrated template."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    keepdb = django_db_keepdb and not django_db_createdb
    if not django_db_use_migrations:
        _disable_migrations()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    run_dir = os.environ.get(RUN_DIR)
    cloning = worker and run_dir and django_db_use_migrations and not keepdb

    with django_db_blocker.unblock(), _cloning(connections, aliases, worker, run_dir, cloning):
        old_config = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            keepdb=keepdb,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
        )
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            try:
                teardown_databases(old_config, verbosity=request.config.option.verbose)
            except Exception as exc:  # noqa: BLE001 (as pytest-django: warn, don't fail)
                warning = pytest.PytestWarning(f"Could not drop the test database: {exc!r}")
                request.node.warn(warning)


@contextmanager
def _cloning(connections, aliases, worker, run_dir, enabled):
    """Swap each connection's create_test_db for migrate-once-then-clone, while set up runs."""
    swapped = []
    if enabled:
        for alias in aliases:
            creation = connections[alias].creation
            if creation.connection.vendor == "postgresql":
                original = creation.create_test_db
                creation.create_test_db = _cloner(creation, original, worker, Path(run_dir))
                swapped.append((creation, original))
    try:
        yield
    finally:
        for creation, original in swapped:
            creation.create_test_db = original


@contextmanager
def _locked(path):
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _cloner(creation, create_test_db, worker, run_dir):
    connection = creation.connection
    alias = connection.alias

    def create_and_clone(verbosity=1, autoclobber=False, serialize=None, keepdb=False):
        ready = run_dir / f"{alias}.ready"
        with _locked(run_dir / f"{alias}.lock"):
            name = _postgresql(creation, create_test_db, worker, run_dir, ready, verbosity)
            ready.touch()
        return name

    return create_and_clone


def _postgresql(creation, create_test_db, worker, run_dir, ready, verbosity):
    connection = creation.connection
    own = creation._get_test_db_name()
    family = own.removesuffix(f"_{worker}") + TEMPLATE_SUFFIX
    template = f"{family}_{_migrations_digest()}"
    if not ready.exists() and not _exists(creation, template):
        _build_template(creation, create_test_db, own, template, verbosity)
        _drop_others(creation, family, keep=template)
    connection.close()
    quote = creation._quote_name
    with creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(own)}")
        cursor.execute(f"CREATE DATABASE {quote(own)} WITH TEMPLATE {quote(template)}")
    _use(connection, own)
    return own


def _migrations_digest():
    """What the schema is made from: every migration file the project uses, and Django."""
    import django
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256(django.get_version().encode())
    migrations = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for key in sorted(migrations):
        digest.update(repr(key).encode())
        digest.update(Path(sys.modules[migrations[key].__module__].__file__).read_bytes())
    return digest.hexdigest()[:10]


def _exists(creation, name):
    with creation._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _build_template(creation, create_test_db, own, template, verbosity):
    """Migrate under a working name, then rename: only a complete template has its name."""
    test_settings = creation.connection.settings_dict["TEST"]
    building = f"{template}_building"
    test_settings["NAME"] = building
    try:
        create_test_db(verbosity=verbosity, autoclobber=True)
    finally:
        test_settings["NAME"] = own
    creation.connection.close()
    quote = creation._quote_name
    with creation._nodb_cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")


def _drop_others(creation, family, keep):
    """Templates of other migrations (and any left half-built) are of no more use."""
    quote = creation._quote_name
    with creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s) AND datname <> %s",
            [family + "_", keep],
        )
        for (name,) in cursor.fetchall():
            with contextlib.suppress(Exception):  # another checkout's run may be cloning it
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")


def _use(connection, name):
    from django.conf import settings

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
