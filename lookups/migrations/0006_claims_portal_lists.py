from django.db import migrations, models

CLAIMS_PORTAL_LISTS = ("cp_exit_reason", "cp_document_category", "cp_loss_type")


def install(apps, schema_editor):
    """The Claims Portal's value lists with their R7 codes (lookups.initial_values)."""
    from lookups.initial_values import INITIAL_VALUES

    LookupValue = apps.get_model("lookups", "LookupValue")
    for value_list in CLAIMS_PORTAL_LISTS:
        existing = set(LookupValue.objects.filter(value_list=value_list).values_list("code", flat=True))
        for order, (code, label, *flags) in enumerate(INITIAL_VALUES[value_list], start=1):
            if code not in existing:
                LookupValue.objects.create(
                    value_list=value_list,
                    code=code,
                    label=label,
                    sort_order=order * 10,
                    active=flags[0] if flags else True,
                )


class Migration(migrations.Migration):
    dependencies = [("lookups", "0005_retire_receive_only_message_categories")]

    operations = [
        migrations.AlterField(
            model_name="lookupvalue",
            name="value_list",
            field=models.CharField(
                choices=[
                    ("employment_status", "Employment statuses"),
                    ("accident_type", "Accident types"),
                    ("body_part", "Body parts"),
                    ("no_repair_reason", "Reasons no repair help is needed"),
                    ("no_hire_reason", "Reasons no hire vehicle is needed"),
                    ("loss_type", "Loss types"),
                    ("document_category", "Document categories"),
                    ("message_category", "Message categories"),
                    ("exit_reason", "Exit reasons"),
                    ("cp_exit_reason", "Claims Portal exit reasons"),
                    ("cp_document_category", "Claims Portal document categories"),
                    ("cp_loss_type", "Claims Portal loss types"),
                ],
                db_index=True,
                max_length=40,
            ),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
