"""What the file's page says is still missing is what the submission refuses on, ad-hoc files included."""

from __future__ import annotations

from nominations.models import Nomination
from tests.conftest import SUBMIT
from workflows.drafting import nomination_update
from workflows.services import nomination_transition


def _page(web, nomination: Nomination) -> str:
    return " ".join(web("unit1").get(f"/ho-so/{nomination.pk}/").content.decode().split())


def test_the_page_lists_the_missing_kinds_the_submission_refuses_on(web, make_nomination, ward):
    nomination = make_nomination(attachments=("proposal",))

    page = _page(web, nomination)
    refused = web("unit1").post(
        f"/ho-so/{nomination.pk}/thao-tac/", {"transition": "submit", "version": nomination.version}
    )

    assert "Còn thiếu trước khi gửi: Biên bản" in page
    assert "Báo cáo thành tích" in page.split("Còn thiếu trước khi gửi:")[1].split("</p>")[0]
    assert "Hồ sơ còn thiếu: Biên bản họp bình xét, Báo cáo thành tích." in " ".join(refused.content.decode().split())
    assert Nomination.objects.get(pk=nomination.pk).status == "draft"


def test_an_ad_hoc_file_whose_award_asks_nothing_more_shows_nothing_missing_and_submits(web, make_nomination, ward):
    award = ward.award_kinds["giay_khen"]
    award.adhoc_required_attachments = []
    award.save()
    nomination = make_nomination(attachments=())
    nomination = nomination_update(
        nomination_id=nomination.pk, actor=ward.users["unit1"], version=nomination.version, changes={"is_adhoc": True}
    )

    page = _page(web, nomination)
    submitted = nomination_transition(
        nomination_id=nomination.pk, name=SUBMIT[1], actor=ward.users["unit1"], version=nomination.version
    )

    assert "Còn thiếu trước khi gửi" not in page
    assert submitted.status == "submitted"
