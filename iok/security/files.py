"""Files holding personal data (the SQLite database, backups) are created
readable by their owner only, whatever the process's umask."""

import os
from pathlib import Path

OWNER_ONLY = 0o600


def owner_only_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist yet; an existing
    file keeps its content and is narrowed to 0600. SQLite takes an empty
    file as a new database and gives its -wal and -shm files the same mode."""
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, OWNER_ONLY)
    os.close(descriptor)
    os.chmod(path, OWNER_ONLY)
