from typing import Any

from django.core.management.base import BaseCommand

from workflows.audit_integrity import audit_seal


class Command(BaseCommand):
    help = "Niêm phong đầu mọi chuỗi nhật ký / seal every audit chain's head (Celery beat does this daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        seal = audit_seal()
        if seal is None:
            self.stdout.write("Chưa có nhật ký / nothing to seal.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Niêm phong / sealed {seal.chains} chains (#{seal.pk})."))
