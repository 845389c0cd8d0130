from django.db import migrations

# Categories only the portal and the compensator use: they label incoming messages and were
# shipped active by mistake, so "Send a note" offered categories the firm cannot send.
RECEIVE_ONLY = ["CompResponseCategory", "Liability decision", "Claim Removed", "System"]


def retire(apps, schema_editor):
    LookupValue = apps.get_model("lookups", "LookupValue")
    LookupValue.objects.filter(value_list="message_category", code__in=RECEIVE_ONLY).update(active=False)


class Migration(migrations.Migration):
    dependencies = [("lookups", "0004_receive_only_message_categories")]
    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
