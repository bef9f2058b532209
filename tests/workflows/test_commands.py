"""verify_audit, check_workflows and the state diagram, through their commands."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import ACCEPT, SUBMIT
from workflows.diagram import state_diagram

pytestmark = pytest.mark.django_db


def test_verify_audit_accepts_intact_chains(make_nomination):
    make_nomination(steps=(SUBMIT, ACCEPT))
    out = StringIO()

    call_command("verify_audit", stdout=out)

    assert "1 chuỗi nhật ký hợp lệ" in out.getvalue()


def test_verify_audit_reports_the_first_broken_link_after_a_raw_sql_edit(make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE workflows_auditentry SET comment = %s WHERE nomination_id = %s AND seq = 5",
            ["sửa lén", nomination.pk.hex if connection.vendor == "sqlite" else nomination.pk],
        )
        assert cursor.rowcount == 1

    with pytest.raises(CommandError, match=r"entry #5: entry content does not match its hash"):
        call_command("verify_audit")


def test_check_workflows_finds_a_file_whose_task_disagrees_with_its_state(make_nomination):
    nomination = make_nomination(steps=(SUBMIT,))
    call_command("check_workflows", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE nominations_nomination SET status = 'under_review' WHERE id = %s",
            [nomination.pk.hex if connection.vendor == "sqlite" else nomination.pk],
        )

    err = StringIO()
    with pytest.raises(CommandError, match="1 hồ sơ không khớp"):
        call_command("check_workflows", stderr=err)
    assert "expected task appraise, found ['intake']" in err.getvalue()


def test_the_readme_shows_the_state_diagram_generated_from_the_code():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")

    assert f"```mermaid\n{state_diagram()}\n```" in readme
