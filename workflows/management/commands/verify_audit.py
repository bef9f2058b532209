from typing import Any

from django.core.management.base import BaseCommand, CommandError

from workflows.audit_integrity import audit_verify


class Command(BaseCommand):
    help = (
        "Kiểm tra mọi chuỗi nhật ký (khóa HMAC, mốc, niêm phong) / verify every audit chain "
        "against its key, its anchor and the daily seal."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.intact:
            for problem in report.problems:
                self.stderr.write(f"Chuỗi nhật ký bị sai / broken audit chain: {problem}")
            raise CommandError(
                f"{len(report.broken_chains)} chuỗi nhật ký bị sai / broken audit chains: "
                + "; ".join(str(problem) for problem in report.problems[:20])
            )
        self.stdout.write(
            self.style.SUCCESS(f"{report.chains} chuỗi nhật ký hợp lệ / chains verified ({report.entries} entries).")
        )
