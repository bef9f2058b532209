from typing import Any

from django.core.management.base import BaseCommand, CommandError

from workflows.selectors import flow_disagreements


class Command(BaseCommand):
    help = "Tìm hồ sơ có công việc mở không khớp trạng thái / find files whose open tasks disagree with their state."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = flow_disagreements()
        for nomination_id, state, reason in problems:
            self.stderr.write(f"{nomination_id} [{state}]: {reason}")
        if problems:
            raise CommandError(f"{len(problems)} hồ sơ không khớp / files disagree.")
        self.stdout.write(self.style.SUCCESS("Mọi hồ sơ khớp với quy trình / every file agrees with its flow."))
