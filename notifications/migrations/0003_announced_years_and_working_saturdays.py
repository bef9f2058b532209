"""The announced years 2024–2026 and their compensatory working Saturdays; later years come from the admin."""

from django.db import migrations


def seed(apps, schema_editor):
    from nominations.holidays import seed_announced_years

    seed_announced_years(apps.get_model("nominations", "Holiday"), apps.get_model("nominations", "HolidayAnnouncement"))


def unseed(apps, schema_editor):
    from nominations.holidays import unseed_announced_years

    unseed_announced_years(
        apps.get_model("nominations", "Holiday"), apps.get_model("nominations", "HolidayAnnouncement")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_seed_public_holidays"),
        ("nominations", "0006_holidays_announced_and_working_saturdays"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
