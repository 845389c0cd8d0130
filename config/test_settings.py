"""Settings for the test suite: the real settings, with throwaway secrets and fast hashing."""

import os
import tempfile
from pathlib import Path

from lib.crypto import new_key_spec

os.environ.setdefault("CLAIMDESK_ENV", "test")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-" + os.urandom(16).hex())
os.environ.setdefault("CLAIMDESK_ENCRYPTION_KEYS", new_key_spec("t1"))
os.environ.setdefault("CLAIMDESK_TASKS_BACKEND", "immediate")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DOCUMENT_ROOT = tempfile.mkdtemp(prefix="claimdesk-test-documents-")
FILE_UPLOAD_TEMP_DIR = tempfile.mkdtemp(prefix="claimdesk-test-uploads-")
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
CLAIMDESK_ENFORCE_ADMIN_2FA = False

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not shared-cache memory: the sync's worker threads then write concurrently as in
    # production (WAL + busy timeout), instead of failing with "table is locked".
    test_db = Path(tempfile.gettempdir()) / f"claimdesk-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(test_db)}  # noqa: F405

# Tests serve static files through Django's finders (the live server does); WhiteNoise would only
# warn that `collectstatic` has not been run.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405
