"""A gateway's signing key is sealed at rest and never shown; production speaks https and follows no redirect."""

from __future__ import annotations

import http.server
import threading

import pytest
from django.db import connection

from notifications.channels import DeliveryFailed, webhook_post
from notifications.models import WebhookEndpoint
from tests.accounts.otp import verified_login
from tests.notifications.conftest import GATEWAY_SECRET


def test_the_secret_is_sealed_in_the_database_and_still_signs(ward):
    endpoint = WebhookEndpoint.objects.create(
        organization=ward.organization, name="Cổng", url="https://sms.example.vn/hook", secret=GATEWAY_SECRET
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM notifications_webhookendpoint WHERE id = %s", [endpoint.pk])
        row = " ".join(str(value) for value in cursor.fetchone())

    assert GATEWAY_SECRET not in row
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == GATEWAY_SECRET


def test_the_admin_never_shows_the_secret_and_keeps_it_when_left_blank(ward, client):
    endpoint = WebhookEndpoint.objects.create(
        organization=ward.organization, name="Cổng", url="https://sms.example.vn/hook", secret=GATEWAY_SECRET
    )
    verified_login(client, ward.users["admin"])
    url = f"/admin/notifications/webhookendpoint/{endpoint.pk}/change/"

    page = client.get(url).content.decode()
    saved = client.post(
        url,
        {
            "organization": ward.organization.pk,
            "name": "Cổng mới",
            "url": "https://sms.example.vn/v2",
            "new_secret": "",
        },
    )

    assert GATEWAY_SECRET not in page
    assert endpoint.sealed_secret not in page
    assert saved.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.secret) == ("Cổng mới", GATEWAY_SECRET)


def test_an_http_gateway_is_refused_in_production(ward, client, settings):
    settings.VINHDANH_WEBHOOK_ALLOW_HTTP = False
    verified_login(client, ward.users["admin"])

    response = client.post(
        "/admin/notifications/webhookendpoint/add/",
        {"organization": ward.organization.pk, "name": "Cổng", "url": "http://sms.example.vn/hook", "new_secret": "k"},
    )

    assert response.status_code == 200  # the form comes back with the error
    assert "https://" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()
    with pytest.raises(DeliveryFailed, match="https://"):
        webhook_post(url="http://sms.example.vn/hook", secret="k", payload={}, key="x")


def test_a_redirecting_gateway_is_not_followed(settings):
    settings.VINHDANH_WEBHOOK_ALLOW_HTTP = True
    followed: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path == "/hook":
                self.send_response(302)
                self.send_header("Location", "/elsewhere")
            else:
                followed.append(self.path)
                self.send_response(200)
            self.end_headers()

        def do_GET(self) -> None:  # what a followed 302 would turn the POST into
            followed.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(DeliveryFailed, match="302"):
            webhook_post(url=f"http://127.0.0.1:{server.server_address[1]}/hook", secret="k", payload={}, key="x")
    finally:
        server.shutdown()

    assert followed == []
