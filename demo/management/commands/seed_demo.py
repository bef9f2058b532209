import base64
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.world import seed_demo


class Command(BaseCommand):
    help = (
        "Tạo (hoặc đặt lại mật khẩu) dữ liệu minh họa Phường Mỹ Thạnh – Mỹ Thới / "
        "Seed the Mỹ Thạnh – Mỹ Thới ward demo."
    )

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
        # Administrators and signers need the second factor for the admin and for signing: the demo enrols
        # an authenticator for each and prints its key (add it to any TOTP app, or: oathtool --totp -b KEY).
        for username in ("admin", "signer"):
            user = ward.users[username]
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
                user=user, name="Ứng dụng xác thực (demo)", confirmed=True
            )
            key = base64.b32encode(device.bin_key).decode()
            self.stdout.write(f"Xác thực hai bước / TOTP {username}: {key}  ({device.config_url})")
