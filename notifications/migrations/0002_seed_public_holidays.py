"""Vietnam's public holidays 2024–2026 (Tết included) in the nationwide holiday table."""

from django.db import migrations


def seed(apps, schema_editor):
    from nominations.holidays import seed_public_holidays

    seed_public_holidays(apps.get_model("nominations", "Holiday"))


def unseed(apps, schema_editor):
    from nominations.holidays import unseed_public_holidays

    unseed_public_holidays(apps.get_model("nominations", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_deliveries_notifications_preferences"),
        ("nominations", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
