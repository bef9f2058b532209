"""Backup and restore as docs/backup.md describes it: pg_dump -Fc, pg_restore into a fresh database, the media
folder by tar. The restored copy still verifies every certificate, every audit chain and every attachment."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from awards.verify_views import public_record
from demo.catalogues import seed_award_tables
from nominations.models import Attachment, Certificate, Nomination
from tests.awards.award_steps import approved_files, issued_decision, person
from tests.reliability import figures
from tests.reliability.conftest import postgresql
from workflows.audit import verify_chain
from workflows.models import AuditEntry

pytestmark = [postgresql, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _tools() -> None:
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("VINHDANH_SERVICE_TESTS") == "1":
            pytest.fail(f"backup tools missing in service mode: {missing} (apt-get install postgresql-client)")
        pytest.skip(f"needs {missing}")


def _libpq_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"PGHOST": db["HOST"] or "localhost", "PGPORT": str(db["PORT"] or 5432), "PGUSER": db["USER"] or ""})
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _admin_execute(db: dict[str, Any], sql: str) -> None:
    params = {"host": db["HOST"] or "localhost", "port": db["PORT"] or 5432, "user": db["USER"], "dbname": "postgres"}
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(sql)


def _params(db: dict[str, Any], name: str) -> dict[str, Any]:
    params = {"host": db["HOST"] or "localhost", "port": db["PORT"] or 5432, "user": db["USER"], "dbname": name}
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    return params


@pytest.fixture
def restored_database() -> Any:
    """A fresh, empty database next to the test database (outside Django: a second server would hold it)."""
    _tools()
    source = connection.settings_dict
    name = f"{source['NAME']}_restored"
    _admin_execute(source, f'DROP DATABASE IF EXISTS "{name}"')
    _admin_execute(source, f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        _admin_execute(source, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


CERTIFICATES_SQL = """
    SELECT c.verification_code, c.status, c.recipient, k.name, d.number_text, c.issued_on, o.name, c.register_seq
    FROM nominations_certificate c
    JOIN nominations_decision d ON d.id = c.decision_id
    JOIN nominations_awardkind k ON k.id = c.award_kind_id
    JOIN nominations_organization o ON o.id = c.organization_id
    ORDER BY c.verification_code
"""
AUDIT_FIELDS = (
    "chain, nomination_id, seq, transition, source, target, actor_id, actor_name, at, comment, client_ip, details, "
    "key_id, prev_hash, hash"
)


def _restored_chain(db: psycopg.Connection, nomination_id: str) -> list[AuditEntry]:
    """The restored rows as unsaved AuditEntry objects, so the application's own hash recomputes them."""
    names = [n.strip() for n in AUDIT_FIELDS.split(",")]
    rows = db.execute(
        f"SELECT {AUDIT_FIELDS} FROM workflows_auditentry WHERE nomination_id = %s ORDER BY seq",  # noqa: S608 - constant columns
        [nomination_id],
    ).fetchall()
    return [AuditEntry(**dict(zip(names, row, strict=True))) for row in rows]


def test_a_restored_copy_verifies_every_certificate_audit_chain_and_attachment(
    ward, make_nomination, restored_database, tmp_path
):
    # given issued certificates, long audit chains and stored attachments
    seed_award_tables(ward)
    files = approved_files(ward, make_nomination, count=3, nominees=None)
    files += approved_files(ward, make_nomination, nominees=[person(), person()])
    issued_decision(ward, files[:2])
    issued_decision(ward, files[2:])
    with connection.cursor() as cursor:
        cursor.execute(CERTIFICATES_SQL)
        originals = cursor.fetchall()
    public = {c.verification_code: public_record(c) for c in Certificate.objects.all()}
    chains = {
        str(pk): AuditEntry.objects.filter(nomination_id=pk).count()
        for pk in Nomination.objects.values_list("pk", flat=True)
    }
    attachments = dict(Attachment.objects.values_list("pk", "sha256"))
    assert len(originals) == 5
    assert min(chains.values()) >= 6  # create, submit, accept, recommend, council, decide, issue
    assert attachments

    # when the database is dumped and restored into a fresh one, and the media folder is archived and unpacked
    source = connection.settings_dict
    dump = tmp_path / "vinhdanh.dump"
    subprocess.run(
        ["pg_dump", "-Fc", "--no-owner", "-f", str(dump), source["NAME"]],
        env=_libpq_env(source),
        check=True,
        capture_output=True,
        timeout=300,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", restored_database, str(dump)],
        env=_libpq_env(source),
        check=True,
        capture_output=True,
        timeout=300,
    )
    media = Path(settings.MEDIA_ROOT)
    archive = tmp_path / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(media, arcname="media")
    restored_media = tmp_path / "restored"
    with tarfile.open(archive) as tar:
        tar.extractall(restored_media, filter="data")
    figures.count("backups_restored")

    # then every certificate still verifies with the same public record
    db = psycopg.connect(**_params(source, restored_database), autocommit=True)
    restored = db.execute(CERTIFICATES_SQL).fetchall()
    assert restored == originals
    for code, status, recipient, award, number, issued_on, organization, _seq in restored:
        # the answer also carries the kept documents' hashes (API.md 1.1); the contract's fields are these
        contract = {k: public[code][k] for k in ("valid", "recipient", "award_kind", "decision_number", "issued_on")}
        assert {**contract, "organization": public[code]["organization"]} == {
            "valid": status == "valid",
            "recipient": recipient,
            "award_kind": award,
            "decision_number": number,
            "issued_on": issued_on.isoformat(),
            "organization": organization,
        }
    # and every audit chain holds, link by link
    for nomination_id, length in chains.items():
        entries = _restored_chain(db, nomination_id)
        assert len(entries) == length
        assert verify_chain(entries) is None, nomination_id
    # and every attachment's bytes match the checksum recorded when it was uploaded
    for pk, name, sha256 in db.execute("SELECT id, file, sha256 FROM nominations_attachment").fetchall():
        assert attachments[pk] == sha256
        assert hashlib.sha256((restored_media / "media" / name).read_bytes()).hexdigest() == sha256

    # and the check is not blind: a row altered in the restored copy is caught
    db.execute("UPDATE workflows_auditentry SET comment = 'sửa lén' WHERE seq = 2")
    broken = [verify_chain(_restored_chain(db, pk)) for pk in chains]
    db.close()
    assert all(link is not None and link.seq == 2 for link in broken)
