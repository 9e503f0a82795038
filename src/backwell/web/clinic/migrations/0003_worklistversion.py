# The worklist's version per clinician, kept by database triggers (clinic/worklist_triggers.py).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from backwell.web.clinic import worklist_triggers


def install(apps, schema_editor):
    tables = worklist_triggers.Tables.of(apps)
    worklist_triggers.fill(schema_editor, tables)
    worklist_triggers.install(schema_editor, tables)


def drop(apps, schema_editor):
    worklist_triggers.drop(schema_editor, worklist_triggers.Tables.of(apps))


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_user_privacy_consent_at_pendingemailchange'),
        ('clinic', '0002_programsteering_pendingadaptation'),
        ('programs', '0004_itemlog_skip_reason'),
        ('tracking', '0003_calendar_reminders'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='WorklistVersion',
            fields=[
                ('clinician', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='worklist_version', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('version', models.BigIntegerField(default=0)),
                ('links_version', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(install, drop),
    ]
