from django.db import migrations


def install(apps, schema_editor):
    from lookups.services import lookup_defaults_install

    lookup_defaults_install(apps.get_model("lookups", "LookupValue"))


class Migration(migrations.Migration):
    dependencies = [("lookups", "0003_align_codes_with_the_oic_simulator")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
