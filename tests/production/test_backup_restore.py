"""The restore drill: back up the database and the media with django-dbbackup, wipe both,
restore, and find the same rows and byte-identical files (SQLite by default; on PostgreSQL
through pg_dump / pg_restore)."""

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing

from django.contrib.auth import get_user_model
from django.db import connection
from wagtail.models import Page

from tests.portal.factories import UserFactory

from .servers import ROOT, SharedDatabase, production_env, wait_for_other_sessions_to_end

PAPER = b"%PDF-1.7\n" + bytes(range(256)) * 64


def manage(env, *args):
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}{result.stderr[-4000:]}"
    return result.stdout


def counts():
    tables = {
        "users": get_user_model().objects.count(),
        "pages": Page.objects.count(),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM account_emailaddress")
        tables["email addresses"] = cursor.fetchone()[0]
    return tables


def test_backup_wipe_restore_gives_back_every_row_and_file(
    transactional_db, django_db_serialized_rollback, tmp_path
):
    for _ in range(7):
        UserFactory()
    before = counts()
    media = tmp_path / "media"
    paper = media / "private" / "filer_private" / "ab" / "board-paper.pdf"
    paper.parent.mkdir(parents=True)
    paper.write_bytes(PAPER)
    checksum = hashlib.sha256(PAPER).hexdigest()

    database = SharedDatabase(tmp_path)
    database.hand_over()
    env = production_env(
        DATABASE_URL=database.url(),
        MEDIA_ROOT=media,
        BACKUP_ROOT=tmp_path / "backups",
    )
    manage(env, "dbbackup", "--noinput")
    manage(env, "mediabackup", "--noinput")
    backups = [p.name for p in (tmp_path / "backups").iterdir() if p.suffix != ".metadata"]
    assert len(backups) == 2, backups

    manage(env, "flush", "--noinput")
    shutil.rmtree(media)
    media.mkdir()
    database.take_back()
    assert counts()["users"] == 0

    manage(env, "dbrestore", "--noinput")
    manage(env, "mediarestore", "--noinput")
    database.take_back()
    wait_for_other_sessions_to_end()

    assert counts() == before
    assert hashlib.sha256(paper.read_bytes()).hexdigest() == checksum


def test_a_sqlite_restore_is_not_undone_by_a_log_another_process_still_holds(tmp_path):
    """A process that has not let go of the database (a hung worker, a leaked connection)
    keeps its committed writes in the write-ahead log; the restored file must still win."""
    database = tmp_path / "portal.sqlite3"
    with closing(sqlite3.connect(database)) as portal:
        portal.execute("PRAGMA journal_mode=WAL")
        portal.execute("CREATE TABLE bookings (id INTEGER PRIMARY KEY)")
        portal.executemany("INSERT INTO bookings VALUES (?)", [(n,) for n in range(12)])
        portal.commit()
    env = production_env(
        DATABASE_URL=f"sqlite:///{database}",
        BACKUP_ROOT=tmp_path / "backups",
    )
    manage(env, "dbbackup", "--noinput")

    with closing(sqlite3.connect(database)) as lingering:
        lingering.execute("PRAGMA wal_autocheckpoint=0")
        lingering.execute("DELETE FROM bookings")
        lingering.commit()

        manage(env, "dbrestore", "--noinput")

        with closing(sqlite3.connect(database)) as portal:
            assert portal.execute("SELECT COUNT(*) FROM bookings").fetchone()[0] == 12
