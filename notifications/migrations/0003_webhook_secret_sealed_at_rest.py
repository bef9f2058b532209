from django.db import migrations, models

from core.sealed import seal, unseal


def seal_secrets(apps, schema_editor):
    endpoints = apps.get_model("notifications", "WebhookEndpoint")
    for endpoint in endpoints.objects.all():
        endpoint.sealed_secret = seal(endpoint.secret)
        endpoint.save(update_fields=["sealed_secret"])


def unseal_secrets(apps, schema_editor):
    endpoints = apps.get_model("notifications", "WebhookEndpoint")
    for endpoint in endpoints.objects.all():
        endpoint.secret = unseal(endpoint.sealed_secret)
        endpoint.save(update_fields=["secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_seed_public_holidays"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhookendpoint",
            name="sealed_secret",
            field=models.TextField(blank=True, editable=False, verbose_name="khóa ký HMAC (đã mã hóa)"),
        ),
        migrations.AlterField(
            model_name="webhookendpoint",
            name="secret",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="khóa ký HMAC"),
        ),
        migrations.RunPython(seal_secrets, unseal_secrets),
        migrations.RemoveField(model_name="webhookendpoint", name="secret"),
    ]
