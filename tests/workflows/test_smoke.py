from tests.conftest import ACCEPT, RECOMMEND, SUBMIT


def test_a_file_walks_from_draft_to_recommended(make_nomination):
    nomination = make_nomination(steps=(SUBMIT, ACCEPT, RECOMMEND))
    assert nomination.status == "recommended"
    assert [e.transition for e in nomination.audit_entries.order_by("seq")] == [
        "create",
        "attach",
        "attach",
        "attach",
        "submit",
        "accept",
        "recommend",
    ]
