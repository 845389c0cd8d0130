"""State changes for documents."""

import hashlib

from django.conf import settings
from django.db import transaction

from accounts.models import User
from cases.models import Case
from cases.services import case_event_record
from documents import storage
from documents.models import Document
from documents.validation import RejectedFile, check_name, identify
from lookups.models import LookupValue


def document_attach(
    *,
    case: Case,
    content: bytes,
    file_name: str,
    category: LookupValue,
    acting_user: User | None,
    description: str = "",
    source: str = Document.Source.UPLOAD,
    actor_label: str = "",
) -> Document:
    """Check a file by its content, store it outside the web root and file it on the case.

    Raises RejectedFile (nothing stored) when the file is not acceptable.
    """
    if len(content) > settings.DOCUMENT_MAX_BYTES:
        limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
        raise RejectedFile(f"The file is larger than the {limit} MB limit.")
    kind = identify(content)
    name = check_name(file_name, kind)
    document = Document(
        case=case,
        category=category,
        file_name=name,
        description=description.strip()[:300],
        content_type=kind.content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        storage_name=Document.new_storage_name(case.pk),
        source=source,
        uploaded_by=acting_user,
    )
    document.full_clean()
    storage.write(document.storage_name, content)
    try:
        with transaction.atomic():
            document.save()
            case_event_record(
                case=case,
                kind="document.uploaded",
                acting_user=acting_user,
                actor_label=actor_label,
                summary=f"Document added: {name} ({category.label})",
            )
    except BaseException:
        storage.remove(document.storage_name)
        raise
    return document


def document_open(*, document: Document, acting_user: User) -> None:
    """Record that a user opened (downloaded) a document: reads of client data are audited too."""
    case_event_record(
        case=document.case,
        kind="document.viewed",
        acting_user=acting_user,
        summary=f"Opened document {document.file_name}",
    )
