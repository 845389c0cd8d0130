import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from cases.models import Injury
from lib import crypto
from lookups.models import ValueList
from portal.models import PortalConnection
from tests.factories import lookup

OLD, NEW = crypto.new_key_spec("old"), crypto.new_key_spec("new")


def _raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608 - fixed names
        return [row[0] for row in cursor.fetchall()]


def test_rotation_re_encrypts_every_row_and_the_old_key_can_then_go(alice_case):
    with override_settings(CLAIMDESK_ENCRYPTION_KEYS=OLD):
        client = alice_case.client
        client.ni_number = "AB123456C"
        client.save()
        Injury.objects.create(
            case=alice_case,
            body_part=lookup(ValueList.BODY_PART, "Neck"),
            exceptionally_severe_description="fractured vertebra",
        )
        PortalConnection.objects.create(
            portal="oic", client_id="firm", client_secret="s3cret", url="https://p.example"
        )
    with override_settings(CLAIMDESK_ENCRYPTION_KEYS=f"{NEW},{OLD}"):
        with pytest.raises(CommandError, match="old key"):
            call_command("rotate_encryption_keys", "--check")
        call_command("rotate_encryption_keys")
        call_command("rotate_encryption_keys", "--check")
    stored = (
        _raw("clients_client", "ni_number")
        + _raw("cases_injury", "exceptionally_severe_description")
        + _raw("portal_portalconnection", "client_secret")
    )
    assert len(stored) == 3 and all(crypto.key_id_of(value) == "new" for value in stored)
    with override_settings(CLAIMDESK_ENCRYPTION_KEYS=NEW):  # the old key is gone: everything still reads
        client.refresh_from_db()
        assert client.ni_number == "AB123456C"
        assert Injury.objects.get().exceptionally_severe_description == "fractured vertebra"
        assert PortalConnection.objects.get().client_secret == "s3cret"


def test_a_value_written_before_encryption_is_read_and_then_encrypted(alice_case):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE clients_client SET ni_number = %s WHERE id = %s", ["AB654321D", alice_case.client_id]
        )
    alice_case.client.refresh_from_db()
    assert alice_case.client.ni_number == "AB654321D"
    call_command("rotate_encryption_keys")
    assert crypto.is_encrypted(_raw("clients_client", "ni_number")[0])
