"""Migrate once per run, clone for each xdist worker.

Migrating the test database takes most of a worker's start-up. Under xdist the first worker to
need a database migrates a template; the others wait for it (a file lock) and copy it:
PostgreSQL with `CREATE DATABASE ... TEMPLATE`. The controller drops the templates at the end.

Outside xdist, or with --reuse-db, --nomigrations or another database, pytest-django's own
set-up runs unchanged. Everything else of Django's (serialized rollback, teardown) is as before:
only `create_test_db` is swapped, for the duration of the set-up.
"""

import fcntl
import json
import os
import shutil
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
    """In the controller: drop the templates the workers built."""
    run_dir = session.config.stash.get(_run_dir_key, None)
    if run_dir is None:
        return
    try:
        for line in (Path(run_dir) / "templates").read_text().splitlines():
            _drop_template(session.config, **json.loads(line))
    except FileNotFoundError:
        pass
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
        os.environ.pop(RUN_DIR, None)


_run_dir_key = pytest.StashKey[str]()


def _drop_template(config, alias, vendor, name):
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        creation = connections[alias].creation
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {creation._quote_name(name)}")


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
    test_settings = connection.settings_dict["TEST"]
    own = creation._get_test_db_name()
    template = own.removesuffix(f"_{worker}") + TEMPLATE_SUFFIX
    if not ready.exists():
        test_settings["NAME"] = template
        try:
            _note_template(run_dir, connection, template)
            create_test_db(verbosity=verbosity, autoclobber=True)
        finally:
            test_settings["NAME"] = own
    connection.close()
    quote = creation._quote_name
    with creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(own)}")
        cursor.execute(f"CREATE DATABASE {quote(own)} WITH TEMPLATE {quote(template)}")
    _use(connection, own)
    return own


def _use(connection, name):
    from django.conf import settings

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()


def _note_template(run_dir, connection, name):
    with open(run_dir / "templates", "a") as notes:
        notes.write(
            json.dumps({"alias": connection.alias, "vendor": connection.vendor, "name": name})
            + "\n"
        )
