"""Request bodies are refused before they are read: nobody fills the disk or memory from outside.

The review saw a signed-out multipart POST of 600 MB written in full to a temporary file before the
sign-in check, because CsrfViewMiddleware reads request.POST before LoginRequiredMiddleware redirects.
These tests send real large bodies with CSRF checks on, as a browser or a script would, and check
that none of it was read or spooled.
"""

import pytest
from django.core.files import uploadhandler
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.test import Client

from tests.factories import PASSWORD

MB = 1024 * 1024
BOUNDARY = "claimdesk-test-boundary"


def _multipart(size: int, field: str = "file") -> bytes:
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    return head + b"%PDF-1.4\n" + b"0" * size + f"\r\n--{BOUNDARY}--\r\n".encode()


@pytest.fixture
def spooled(monkeypatch, settings, tmp_path):
    """The paths of every upload Django spools to a temporary file (in a folder of this test)."""
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    created = []

    class Recorded(TemporaryUploadedFile):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            created.append(self.temporary_file_path())

    monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", Recorded)
    return created


@pytest.fixture
def browser(db):
    """A client with CSRF checks on and the CSRF cookie a visitor gets from the sign-in page."""
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    return client


def _post(client, path: str, body: bytes, content_type=f"multipart/form-data; boundary={BOUNDARY}", **extra):
    return client.generic("POST", path, body, content_type=content_type, **extra)


def _unread(response) -> bool:
    return not response.wsgi_request.environ["wsgi.input"].read_started


def test_a_signed_out_visitors_large_upload_is_not_read(browser, spooled, settings):
    response = _post(browser, "/cases/new/", _multipart(32 * MB))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert _unread(response)
    assert spooled == [] and list(settings.FILE_UPLOAD_TEMP_DIR.iterdir()) == []


def test_a_signed_out_visitor_may_not_send_even_a_small_body_to_a_page(browser, spooled):
    response = _post(
        browser, "/cases/new/", _multipart(10), HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value
    )
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert _unread(response)


def test_the_sign_in_form_takes_only_a_small_body(browser, spooled):
    response = _post(browser, "/accounts/login/", _multipart(64 * 1024))
    assert response.status_code == 413 and _unread(response) and spooled == []


def test_the_sign_in_form_still_works(browser, alice):
    page = browser.get("/accounts/login/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = browser.post(
        "/accounts/login/", {"csrfmiddlewaretoken": token, "username": "alice", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/cases/"


def test_a_signed_in_users_body_over_the_limit_is_not_read(alice_client, alice_case, spooled, settings):
    size = settings.REQUEST_BODY_MAX_BYTES + 1
    response = _post(alice_client, f"/cases/{alice_case.reference}/documents/", _multipart(size))
    assert response.status_code == 413
    assert "files can be at most 20 MB" in response.content.decode()
    assert _unread(response) and spooled == []


def test_the_limit_leaves_room_for_a_document_at_the_upload_limit(settings):
    assert settings.REQUEST_BODY_MAX_BYTES >= settings.DOCUMENT_MAX_BYTES + 64 * 1024
    assert settings.ANONYMOUS_REQUEST_BODY_MAX_BYTES <= 64 * 1024


def test_a_large_document_within_the_limit_is_uploaded(alice_client, alice_case, spooled, settings):
    from lookups.models import LookupValue, ValueList

    category = LookupValue.objects.get(value_list=ValueList.DOCUMENT_CATEGORY, code="Other")
    pdf = b"%PDF-1.4\n" + b"%" + b"0" * (3 * MB) + b"\n%%EOF\n"
    boundary = f"--{BOUNDARY}\r\n".encode()
    body = (
        boundary
        + b'Content-Disposition: form-data; name="category"\r\n\r\n'
        + str(category.pk).encode()
        + b"\r\n"
        + boundary
        + b'Content-Disposition: form-data; name="file"; filename="scan.pdf"\r\n'
        + b"Content-Type: application/pdf\r\n\r\n"
        + pdf
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    response = _post(alice_client, f"/cases/{alice_case.reference}/documents/", body)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert alice_case.documents.get().file_name == "scan.pdf"
    # Above FILE_UPLOAD_MAX_MEMORY_SIZE it was spooled, to the private upload folder, and cleaned up.
    assert [path.startswith(str(settings.FILE_UPLOAD_TEMP_DIR)) for path in spooled] == [True]


def test_a_chunked_body_is_refused(alice_client):
    response = alice_client.generic("POST", "/cases/new/", b"", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411


def test_a_content_length_that_is_not_a_number_is_refused(alice_client):
    response = alice_client.generic("POST", "/cases/new/", b"x", CONTENT_LENGTH="²")
    assert response.status_code == 400


def test_a_user_still_to_enter_their_code_may_send_only_small_forms(client, alice, spooled):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})  # knows the password only
    response = _post(client, "/accounts/verify/", _multipart(MB))
    assert response.status_code == 413 and _unread(response) and spooled == []
