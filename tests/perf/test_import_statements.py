"""An import sends the same statements for 40 rows as for 2,000: the key checks and the insert are set-based."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workflows.test_imports import good_rows, xlsx
from workflows.imports import nominees_import

pytestmark = pytest.mark.django_db


def statements_of_import(ward, make_nomination, rows: int) -> int:
    nomination = make_nomination(nominees=[], attachments=())
    data = xlsx(good_rows(rows))
    with CaptureQueriesContext(connection) as captured:
        added = nominees_import(
            nomination_id=nomination.pk, actor=ward.users["unit1"], stream=io.BytesIO(data), size=len(data)
        )
    assert added == rows
    assert nomination.nominees.count() == rows
    return len(captured.captured_queries)


def test_the_imports_statements_do_not_grow_with_its_rows(ward, make_nomination):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite looks the keys up in chunks and inserts in batches")
    small = statements_of_import(ward, make_nomination, 40)
    large = statements_of_import(ward, make_nomination, 2000)
    assert small == large
