from django.db import migrations

from checklists.clinical_defaults import install_default_templates


def install(apps, schema_editor):
    install_default_templates(
        apps.get_model("checklists", "ChecklistTemplate"),
        apps.get_model("checklists", "ChecklistItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("checklists", "0001_initial")]

    # No reverse: a shipped template may already have checks answering it.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
