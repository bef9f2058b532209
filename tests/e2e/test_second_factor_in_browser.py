"""An administrator turns on two-step verification in the browser, scanning the QR's key, and the admin opens."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import TOTP

from tests.e2e.test_lifecycle_in_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_administrator_enrols_an_authenticator_and_then_the_admin_opens(ward, live_server, new_page, screenshots):
    base = live_server.url
    admin = new_page()
    sign_in(admin, base, "admin")
    admin.goto(f"{base}/admin/")
    assert "/admin/login/" in admin.url  # a password alone does not open the admin

    admin.goto(f"{base}/tai-khoan/")
    admin.get_by_role("link", name="Bật xác thực hai bước").click()
    qr = admin.get_by_role("img", name="Mã QR cho ứng dụng xác thực")
    qr.wait_for()
    assert qr.evaluate("img => img.naturalWidth") > 0
    admin.screenshot(path=screenshots / "20-xac-thuc-hai-buoc.png", full_page=True)
    key = admin.locator("code").inner_text().replace(" ", "")
    code = f"{TOTP(base64.b32decode(key)).token():06d}"
    admin.get_by_label("Mã xác thực").fill(code)
    admin.get_by_role("button", name="Xác nhận").click()
    admin.wait_for_url(re.compile(r".*/tai-khoan/$"))
    assert admin.get_by_text("Đã bật xác thực hai bước").is_visible()

    admin.goto(f"{base}/admin/")
    assert admin.url.rstrip("/").endswith("/admin")
    assert admin.get_by_text("Danh mục và cấu hình").is_visible()
    assert admin.csp_errors == []
