"""Ship value codes that match the portal's (and the simulator's) lists.

Values whose codes the portal does not know are retired, not deleted, so any case that used them
keeps its meaning; the portal's codes are added.
"""

from django.db import migrations

RETIRED = {
    "employment_status": ["EmployedFullTime", "FullTimeStudent", "Homemaker"],
    "accident_type": ["PullingOut", "Concertina", "Oncoming", "Roundabout", "CarPark"],
    "body_part": ["UpperBack", "LowerBack", "LeftShoulder", "RightShoulder", "WristHand", "LegFoot"],
    "no_repair_reason": ["OwnInsurer", "ThirdPartyInsurer", "ClientArranging", "NotOwner"],
    "no_hire_reason": ["OwnInsurerHire", "ThirdPartyHire", "StillDriveable", "NotOwner"],
    "loss_type": [
        "RecoveryStorage",
        "MedicalExpenses",
        "Prescriptions",
        "Travel",
        "CareAssistance",
        "Clothing",
        "PersonalItems",
    ],
    "document_category": ["DefendantVersion", "Correspondence"],
    "message_category": ["Liability", "Losses", "Fees", "Other"],
    "exit_reason": ["ValueExceedsLimit"],
}


def align(apps, schema_editor):
    from lookups.services import lookup_defaults_install

    LookupValue = apps.get_model("lookups", "LookupValue")
    for value_list, codes in RETIRED.items():
        LookupValue.objects.filter(value_list=value_list, code__in=codes).update(active=False)
    lookup_defaults_install(LookupValue)
    # Keep the shipped order: the portal's codes first.
    from lookups.initial_values import INITIAL_VALUES

    for value_list, values in INITIAL_VALUES.items():
        for order, (code, *_rest) in enumerate(values, start=1):
            LookupValue.objects.filter(value_list=value_list, code=code).update(sort_order=order * 10)


class Migration(migrations.Migration):
    dependencies = [("lookups", "0002_initial_values")]
    operations = [migrations.RunPython(align, migrations.RunPython.noop)]
