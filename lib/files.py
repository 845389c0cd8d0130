"""Files and directories that only ClaimDesk's own user can read.

The database, documents, uploads being received and logs hold personal and medical data: on a shared
machine nobody else may read them, whatever the umask of the process that happens to create them.
"""

import os
from pathlib import Path

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path | str) -> Path:
    """``path`` as a directory, created (with any missing parents) readable by this user only.

    A directory that already exists is left as it is: its owner chose its mode.
    """
    path = Path(path)
    missing = [directory for directory in (path, *path.parents) if not directory.exists()]
    for directory in reversed(missing):
        directory.mkdir(mode=DIRECTORY_MODE, exist_ok=True)
        os.chmod(directory, DIRECTORY_MODE)  # mkdir's mode passes through the umask
    return path


def private_file(path: Path | str) -> Path:
    """``path`` created empty and readable by this user only, unless it exists already."""
    path = Path(path)
    private_dir(path.parent)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        return path
    os.chmod(path, FILE_MODE)
    return path
