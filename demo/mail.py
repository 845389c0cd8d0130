"""The demo's e-mail: each message a file in var/mail/, so the console stays calm and nothing is sent."""

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, file_path=file_path or str(settings.VAR_DIR / "mail"), **kwargs)
