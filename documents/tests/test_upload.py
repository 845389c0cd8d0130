import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import storage
from documents.models import Document
from lookups.models import ValueList
from tests.factories import lookup

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20 + b"IEND\xaeB`\x82"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ...")
    return buffer.getvalue()


def _upload(client, case, name, content, category="MedicalReport"):
    return client.post(
        f"/cases/{case.reference}/documents/",
        {
            "file": SimpleUploadedFile(name, content),
            "category": lookup(ValueList.DOCUMENT_CATEGORY, category).pk,
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        (
            "statement.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("notes.txt", "Témoignage du client".encode(), "text/plain"),
    ],
)
def test_accepted_files_are_stored_outside_the_web_root(
    alice_client, alice_case, name, content, content_type
):
    assert _upload(alice_client, alice_case, name, content).status_code == 302
    document = Document.objects.get(case=alice_case)
    assert document.content_type == content_type
    path = storage.path_of(document.storage_name)
    assert path.read_bytes() == content
    assert name not in str(path)  # the user's file name never becomes a path
    assert alice_case.events.filter(kind="document.uploaded").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.pdf", b"", "empty"),
        ("cut.pdf", PDF[:-8], "incomplete"),
        ("cut.png", PNG[:-10], "incomplete"),
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100, "Windows program"),
        ("script.txt", b"#!/bin/sh\nrm -rf /\n", "script"),
        ("archive.zip", _zip(), "Archives"),
        ("bundle.docx", _zip(), "Archives"),
        ("report.pdf", PNG, "content is a PNG"),
        ("binary.bin", bytes(range(256)) * 4, "not accepted"),
    ],
)
def test_bad_files_are_refused_by_content_and_nothing_is_stored(
    alice_client, alice_case, document_root, name, content, message
):
    response = _upload(alice_client, alice_case, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert not document_root.exists() or not any(document_root.rglob("*.*"))


def test_a_zip_bomb_is_refused_before_it_is_expanded(alice_client, alice_case):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * 50_000_000)
    response = _upload(alice_client, alice_case, "bomb.docx", buffer.getvalue())
    assert response.status_code == 400
    assert "implausible size" in response.content.decode()


def test_files_over_the_size_limit_are_refused(alice_client, alice_case, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    response = _upload(alice_client, alice_case, "big.txt", b"a" * 2048)
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_download_is_an_attachment_and_is_audited(alice_client, alice_case):
    _upload(alice_client, alice_case, "report.pdf", PDF)
    document = Document.objects.get()
    response = alice_client.get(f"/cases/{alice_case.reference}/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="report.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert alice_case.events.filter(kind="document.viewed").count() == 1


def test_another_teams_document_is_404_even_with_the_right_id(
    client, sign_in, alice_client, alice_case, charlie
):
    _upload(alice_client, alice_case, "report.pdf", PDF)
    document = Document.objects.get()
    sign_in(client, charlie)
    assert client.get(f"/cases/{alice_case.reference}/documents/{document.pk}/").status_code == 404


def test_a_document_id_of_another_case_is_404(alice_client, alice, alice_case):
    from tests.factories import make_case

    other = make_case(fee_earner=alice)
    _upload(alice_client, other, "report.pdf", PDF)
    document = Document.objects.get()
    assert alice_client.get(f"/cases/{alice_case.reference}/documents/{document.pk}/").status_code == 404
