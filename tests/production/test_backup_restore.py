"""The restore drill: back up the database and the media with django-dbbackup, wipe both,
restore, and find the same rows and byte-identical files (SQLite by default; on PostgreSQL
through pg_dump / pg_restore)."""

import hashlib
import secrets
import shutil
import subprocess
import sys

from django.contrib.auth import get_user_model
from django.db import connection
from wagtail.models import Page

from tests.portal.factories import UserFactory

from .servers import ROOT, SharedDatabase, base_env, wait_for_other_sessions_to_end

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
    env = base_env(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
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
