"""API tokens were stored in clear by DRF's authtoken table. They are not carried over to knox: anyone who
could read the database or a backup holds them, and hashing a copy would not un-leak them. Clients sign in
again with POST /api/v1/auth/token/ (the contract already requires it). The clear-text rows are erased."""

from django.db import migrations


def erase_plaintext_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" in connection.introspection.table_names():
        schema_editor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("knox", "0009_extend_authtoken_field")]

    operations = [migrations.RunPython(erase_plaintext_tokens, migrations.RunPython.noop)]
