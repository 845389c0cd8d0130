"""The document store: files under DOCUMENT_ROOT, named by us, written atomically."""

import os
import tempfile
from pathlib import Path

from django.conf import settings

from lib.files import private_dir


def path_of(storage_name: str) -> Path:
    root = Path(settings.DOCUMENT_ROOT).resolve()
    path = (root / storage_name).resolve()
    if root not in path.parents:
        raise ValueError("storage name escapes the document root")
    return path


def write(storage_name: str, data: bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a document behind.

    The file is its owner's only (mkstemp creates it 0600), in folders created 0700.
    """
    path = path_of(storage_name)
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove(storage_name: str) -> None:
    path_of(storage_name).unlink(missing_ok=True)
