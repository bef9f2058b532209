from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from workflows.audit import verify_chain
from workflows.models import AuditEntry, SessionAuditEntry


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm nhật ký của mọi hồ sơ / verify every nomination's audit hash chain."

    def handle(self, *args: Any, **options: Any) -> None:
        entries = AuditEntry.objects.order_by("nomination_id", "seq").iterator(chunk_size=5000)
        checked = 0
        for _, chain in groupby(entries, key=lambda entry: entry.nomination_id):
            broken = verify_chain(chain)
            checked += 1
            if broken is not None:
                raise CommandError(
                    f"Chuỗi nhật ký bị sai / broken audit chain: nomination {broken.nomination_id}, "
                    f"entry #{broken.seq}: {broken.reason}"
                )
        sessions = SessionAuditEntry.objects.order_by("session_id", "seq").iterator(chunk_size=5000)
        for _, chain in groupby(sessions, key=lambda entry: entry.session_id):
            broken = verify_chain(chain)
            checked += 1
            if broken is not None:
                raise CommandError(
                    f"Chuỗi nhật ký bị sai / broken audit chain: {broken.nomination_id}, "
                    f"entry #{broken.seq}: {broken.reason}"
                )
        self.stdout.write(self.style.SUCCESS(f"{checked} chuỗi nhật ký hợp lệ / chains verified."))
