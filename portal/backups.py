"""How a SQLite database is restored from a django-dbbackup dump.

The portal runs SQLite in WAL mode, so committed writes can sit in ``<db>-wal`` until a
checkpoint folds them into the database file. A process that stops without closing its
connection (a crash, a killed worker) leaves that log behind. django-dbbackup restores by
copying the dump over the database file and leaves the log alone, so the next connection
replays the old log on top of the restored pages and the restore silently loses rows. Here
the dump replaces the file in one step and the log and its index go with the old file.
"""

import os
import tempfile
from pathlib import Path
from shutil import copyfileobj

from dbbackup.db.sqlite import SqliteBackupConnector


class SqliteRestoreConnector(SqliteBackupConnector):
    def restore_dump(self, dump):
        self.connection.close()
        database = Path(self.connection.settings_dict["NAME"])
        with tempfile.NamedTemporaryFile(dir=database.parent, delete=False) as restored:
            copyfileobj(dump, restored)
        for leftover in (f"{database}-wal", f"{database}-shm"):
            Path(leftover).unlink(missing_ok=True)
        os.replace(restored.name, database)
