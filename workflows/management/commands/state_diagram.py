from typing import Any

from django.core.management.base import BaseCommand

from workflows.diagram import state_diagram


class Command(BaseCommand):
    help = "In sơ đồ trạng thái hồ sơ (Mermaid) / print the nomination state diagram as Mermaid."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(state_diagram())
