"""Many clients race for one transition through the REST API on a file-backed SQLite database.

Run as `python -m tests.workflows.sqlite_race <db file> <media dir> <threads>` from the project folder; prints
one JSON object. A separate process is needed because the test run's in-memory SQLite database is not
the kind of database a deployment uses: here every thread has its own connection to one file.
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading


def main(db_file: str, media_root: str, threads: int) -> dict[str, object]:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from rest_framework.test import APIClient

    from demo.catalogues import seed_catalogues
    from demo.files import DEMO_PDF
    from demo.people import seed_users
    from nominations.models import Nomination
    from workflows.drafting import attachment_add, nomination_create
    from workflows.models import AuditEntry, OutboxEvent

    settings.MEDIA_ROOT = media_root
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)
    ward = seed_catalogues(timezone.localdate())
    ward.users = seed_users(ward, "mat-khau")
    unit1 = ward.users["unit1"]
    nomination = nomination_create(
        actor=unit1,
        round=ward.rounds["current"],
        award_kind=ward.award_kinds["giay_khen"],
        title="Đề nghị tặng Giấy khen",
        nominees=[{"kind": "individual", "name": "Nguyễn Văn Đua", "details": {"birth_year": 1980}}],
    )
    for kind in ("proposal", "minutes", "achievement_report"):
        attachment_add(
            nomination_id=nomination.pk,
            actor=unit1,
            kind=kind,
            stream=io.BytesIO(DEMO_PDF),
            name=f"{kind}.pdf",
            size=len(DEMO_PDF),
        )
    version = Nomination.objects.get(pk=nomination.pk).version
    audit_before = AuditEntry.objects.filter(nomination_id=nomination.pk).count()
    outbox_before = OutboxEvent.objects.filter(nomination_id=nomination.pk).count()
    connection.close()

    barrier = threading.Barrier(threads)
    answers: list[object] = []
    lock = threading.Lock()

    def race() -> None:
        client = APIClient(raise_request_exception=False)
        client.force_authenticate(unit1)
        try:
            barrier.wait()
            response = client.post(
                f"/api/v1/nominations/{nomination.pk}/transitions/submit/", {"version": version}, format="json"
            )
            answer: object = [response.status_code, response.json().get("code")]
        except Exception as exc:
            answer = [0, repr(exc)]
        finally:
            connection.close()
        with lock:
            answers.append(answer)

    workers = [threading.Thread(target=race) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    final = Nomination.objects.get(pk=nomination.pk)
    return {
        "answers": answers,
        "status": final.status,
        "version": final.version,
        "start_version": version,
        "new_audit_rows": AuditEntry.objects.filter(nomination_id=nomination.pk).count() - audit_before,
        "new_outbox_rows": OutboxEvent.objects.filter(nomination_id=nomination.pk).count() - outbox_before,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
