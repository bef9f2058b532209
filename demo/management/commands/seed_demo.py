from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from demo.world import seed_demo


class Command(BaseCommand):
    help = "Tạo (hoặc đặt lại mật khẩu) dữ liệu minh họa Phường Mỹ Thạnh / Seed the Mỹ Thạnh ward demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", required=True, help="password for every demo user")

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        ward = seed_demo(password)
        self.stdout.write(
            self.style.SUCCESS(
                f"{ward.organization.name}: {len(ward.users)} người dùng, "
                f"{ward.organization.nominations.count()} hồ sơ."
            )
        )
