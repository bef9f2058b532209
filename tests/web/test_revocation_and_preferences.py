"""The secretary drafts a certificate's revocation, the signer signs it; notification settings."""

from __future__ import annotations

from nominations.models import Certificate, Decision
from notifications.models import NotificationPreference
from tests.awards.award_steps import approved_files, issued_decision


def test_the_secretary_drafts_a_revocation_and_the_signer_signs_it(web, ward, make_nomination):
    # given an issued certificate
    decision = issued_decision(ward, approved_files(ward, make_nomination))
    certificate = decision.certificates.get()
    secretary = web("secretary")
    assert f"/giay-khen/{certificate.pk}/huy/" in secretary.get(f"/quyet-dinh/{decision.pk}/").content.decode()

    # when the secretary drafts the revocation on its legal ground
    response = secretary.post(
        f"/giay-khen/{certificate.pk}/huy/", {"ground": "false_declaration", "reason": "Kê khai không trung thực"}
    )

    # then a revocation decision waits for signature; the certificate is still valid
    revocation = Decision.objects.get(kind="revocation")
    assert response.status_code == 302
    assert response["Location"] == f"/quyet-dinh/{revocation.pk}/"
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"
    signer = web("signer")
    page = signer.get(f"/quyet-dinh/{revocation.pk}/").content.decode()
    assert "Kê khai không trung thực" in page
    assert certificate.register_number in page

    # and when the signer signs it on the decision page, the certificate is revoked
    assert signer.post(f"/quyet-dinh/{revocation.pk}/ky/").status_code == 302
    assert Certificate.objects.get(pk=certificate.pk).status == "revoked"


def test_a_revocation_without_reason_is_refused(web, ward, make_nomination):
    decision = issued_decision(ward, approved_files(ward, make_nomination))
    certificate = decision.certificates.get()

    response = web("secretary").post(f"/giay-khen/{certificate.pk}/huy/", {"ground": "false_declaration"})

    assert response.status_code == 400
    assert 'id="refusal"' in response.content.decode()
    assert not Decision.objects.filter(kind="revocation").exists()


def test_only_the_secretary_opens_the_revocation_page(web, ward, make_nomination):
    decision = issued_decision(ward, approved_files(ward, make_nomination))
    certificate = decision.certificates.get()

    assert web("signer").get(f"/giay-khen/{certificate.pk}/huy/").status_code == 404
    assert web("signer").post(f"/giay-khen/{certificate.pk}/huy/", {"ground": "x", "reason": "y"}).status_code == 404
    assert not Decision.objects.filter(kind="revocation").exists()


def test_a_person_sets_the_notification_channels(web, ward):
    client = web("reviewer")
    assert "/thong-bao/tuy-chon/" in client.get("/thong-bao/").content.decode()

    response = client.post("/thong-bao/tuy-chon/", {"email": "on", "daily_digest": "on"})

    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=ward.users["reviewer"])
    assert (preference.email, preference.daily_digest, preference.webhook) == (True, True, False)
    html = client.get("/thong-bao/tuy-chon/").content.decode()
    assert 'name="daily_digest" checked' in html
    assert 'name="webhook" checked' not in html
