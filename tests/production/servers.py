"""Real servers for tests: gunicorn (and workers) in subprocesses sharing the test database.

On PostgreSQL the subprocesses use pytest-django's test database itself; on SQLite (an
in-memory test database) it is copied to a file first and copied back when they stop, so the
test can read what they wrote through the ORM.
"""

import http.client
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote

import requests
from bs4 import BeautifulSoup
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SharedDatabase:
    """The test database as a URL that subprocesses can open."""

    def __init__(self, tmp_path):
        self.sqlite_file = tmp_path / "shared.sqlite3" if connection.vendor == "sqlite" else None

    def url(self):
        if self.sqlite_file:
            return f"sqlite:///{self.sqlite_file}"
        db = connection.settings_dict
        credentials = quote(db["USER"] or "")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"])
        host = db["HOST"] or "127.0.0.1"
        return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"

    def hand_over(self):
        """Make what the test wrote visible to the subprocesses."""
        if self.sqlite_file:
            connection.ensure_connection()
            with closing(sqlite3.connect(self.sqlite_file)) as target:
                connection.connection.backup(target)
                target.execute("PRAGMA journal_mode=WAL")

    def take_back(self):
        """Make what the subprocesses wrote visible to the test's ORM."""
        if self.sqlite_file:
            with closing(sqlite3.connect(self.sqlite_file)) as source:
                source.backup(connection.connection)
        else:
            wait_for_other_sessions_to_end()


def wait_for_other_sessions_to_end(timeout=30):
    """A PostgreSQL test database can only be dropped once the servers' sessions have ended."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.3)


def base_env(**extra):
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "PYTHONPATH"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update({key: str(value) for key, value in extra.items()})
    return env


def production_env(**extra):
    """A subprocess's environment under production settings, with a fresh secret key."""
    return base_env(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        **extra,
    )


def wait_until_serving(port, process, log, timeout=240, path="/healthz"):
    deadline = time.monotonic() + timeout
    while True:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            probe.request("GET", path, headers={"Host": "localhost"})
            if probe.getresponse().status < 500:
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("gunicorn did not start: " + Path(log).read_text())
        time.sleep(0.3)


@contextmanager
def gunicorn(tmp_path, env, workers=2, port=None):
    """Serve the portal with gunicorn on a free loopback port; yields the port."""
    port = port or free_port()
    log = tmp_path / f"gunicorn-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (our own virtualenv's gunicorn)
            [
                str(BIN / "gunicorn"),
                "portal.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--timeout=120",
                "--backlog=2048",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(port, process, log)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


class ProxiedClient:
    """Reaches a server the way nginx hands requests over (HTTPS ended at the edge): nginx
    itself, or a gunicorn directly. It keeps cookies itself, since the production cookies are
    Secure and requests would not send them over HTTP."""

    def __init__(self, port, client_ip=None):
        self.base = f"http://127.0.0.1:{port}"
        self.cookies = {}
        self.headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
        if client_ip:
            self.headers["X-Forwarded-For"] = client_ip

    def with_cookies_of(self, other):
        self.cookies = other.cookies
        return self

    def request(self, method, path, **kwargs):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if method == "POST":
            headers.setdefault("Origin", "https://localhost")
            headers.setdefault("Referer", "https://localhost" + path)
        response = requests.request(
            method,
            self.base + path,
            headers=headers,
            cookies=self.cookies,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def csrf(self, path):
        page = self.get(path)
        return BeautifulSoup(page.text, "html.parser").find(
            "input", {"name": "csrfmiddlewaretoken"}
        )["value"]

    def sign_in(self, email, password):
        token = self.csrf("/accounts/login/")
        return self.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        )
