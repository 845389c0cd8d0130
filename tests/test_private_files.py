"""What ClaimDesk writes to disk is its own user's only: the SQLite database, documents, uploads
being received and the demo stack's logs are created 0600, their folders 0700, whatever the umask."""

import importlib.util
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import lookup

ROOT = Path(__file__).resolve().parent.parent


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    """The usual umask of a login shell, under which files are created world-readable by default."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_sqlite_database_and_var_are_created_private(tmp_path):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CLAIMDESK_", "DATABASE_URL"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CLAIMDESK_ENV": "development",
        "DJANGO_SECRET_KEY": "private-files-test",
        "CLAIMDESK_ENCRYPTION_KEYS": os.environ["CLAIMDESK_ENCRYPTION_KEYS"],
        "CLAIMDESK_VAR_DIR": str(var),
    }
    script = (
        "import os; os.umask(0o022)\n"
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('CREATE TABLE t (x)')\n"
        "    cursor.execute('INSERT INTO t VALUES (1)')\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True)
    assert _mode(var) == 0o700
    assert _mode(var / "uploads") == 0o700
    database = var / "claimdesk.sqlite3"
    assert _mode(database) == 0o600
    for journal in (var / "claimdesk.sqlite3-wal", var / "claimdesk.sqlite3-shm"):
        if journal.exists():
            assert _mode(journal) == 0o600, journal


def test_documents_are_stored_private(alice, alice_case, settings, tmp_path, loose_umask):
    from documents.services import document_attach
    from lookups.models import ValueList

    settings.DOCUMENT_ROOT = tmp_path / "store" / "documents"
    document = document_attach(
        case=alice_case,
        content=b"%PDF-1.4\n%%EOF\n",
        file_name="a.pdf",
        category=lookup(ValueList.DOCUMENT_CATEGORY, "Other"),
        acting_user=alice,
    )
    path = Path(settings.DOCUMENT_ROOT) / document.storage_name
    assert _mode(path) == 0o600
    for folder in (path.parent, settings.DOCUMENT_ROOT, settings.DOCUMENT_ROOT.parent):
        assert _mode(folder) == 0o700, folder


def test_files_saved_through_a_django_storage_are_private(settings):
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700


def test_the_demo_stack_writes_private_files(tmp_path, loose_umask):
    spec = importlib.util.spec_from_file_location("run_stack", ROOT / "scripts" / "run_stack.py")
    run_stack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_stack)
    var = tmp_path / "var"
    var.mkdir(mode=0o755)  # e.g. made earlier by `make setup`
    run_stack.keep_files_private(var)
    assert _mode(var) == 0o700
    log = var / "oic-sim.log"
    with log.open("ab"):  # as the stack opens its simulator's log
        pass
    assert _mode(log) == 0o600
