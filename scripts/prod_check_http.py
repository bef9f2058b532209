"""Drives an installed vinhdanh over HTTP as a reverse proxy would (X-Forwarded-Proto: https).

Run by scripts/prod_check.sh with the standard library only: it knows the server by its answers alone.
Every step either passes or stops the check with a message saying what it saw.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookies import SimpleCookie
from typing import Any

BASE = os.environ["PRODCHECK_BASE_URL"].rstrip("/")
if not BASE.startswith("http://"):
    raise SystemExit("PRODCHECK_BASE_URL must be the server's http:// address")
HOST = BASE.split("://", 1)[1]
PASSWORD = os.environ["PRODCHECK_PASSWORD"]
METRICS_TOKEN = os.environ.get("VINHDANH_METRICS_TOKEN", "")
NOTIFICATION_WAIT_SECONDS = int(os.environ.get("PRODCHECK_NOTIFICATION_WAIT", "90"))
# Generous: on a busy machine two gunicorn workers, a Celery worker and beat take a while to start.
START_WAIT_SECONDS = int(os.environ.get("PRODCHECK_START_WAIT", "300"))
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class CheckFailedError(Exception):
    pass


def expect(condition: Any, message: str) -> None:
    if not condition:
        raise CheckFailedError(message)


def found(pattern: str, text: str, message: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise CheckFailedError(message)
    return match.group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Response:
    def __init__(self, status: int, headers: Any, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise CheckFailedError(f"not JSON ({self.headers.get('Content-Type')}): {self.text[:300]}") from exc


class Browser:
    """Cookies kept by hand: they are Secure (the proxy speaks HTTPS) while this client speaks HTTP to it."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None):
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "vi", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        req = urllib.request.Request(BASE + path, data=body, method=method, headers=headers)  # noqa: S310
        try:
            with OPENER.open(req, timeout=60) as answer:
                response = Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            response = Response(error.code, error.headers, error.read())
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, headers=headers)

    def post_json(self, path: str, data: Any) -> Response:
        return self.request("POST", path, json.dumps(data).encode(), {"Content-Type": "application/json"})

    def post_multipart(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, content_type) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def results(response: Response) -> list[dict[str, Any]]:
    body = response.json()
    return body["results"] if isinstance(body, dict) and "results" in body else body


def step(name: str) -> None:
    print(f"prod-check: {name}", flush=True)


def wait_until_healthy(browser: Browser) -> None:
    step("healthz")
    deadline = time.monotonic() + START_WAIT_SECONDS
    while True:
        try:
            answer = browser.get("/healthz")
            if answer.status == 200:
                expect(answer.json().get("status") == "ok", f"healthz: {answer.text}")
                return
        except OSError:
            answer = None
        if time.monotonic() > deadline:
            seen = answer.status if answer else "no connection"
            raise CheckFailedError(f"healthz never answered 200 in {START_WAIT_SECONDS} s ({seen})")
        time.sleep(1)


def login_page(browser: Browser) -> str:
    step("login page in Vietnamese, with its stylesheet")
    page = browser.get("/accounts/login/")
    expect(page.status == 200, f"login page: {page.status} {page.text[:300]}")
    expect('lang="vi"' in page.text, "login page is not marked lang=vi")
    expect("Đăng nhập" in page.text, "login page does not say 'Đăng nhập': the catalogue is not compiled in")
    href = html.unescape(found(r'<link rel="stylesheet" href="([^"]+)"', page.text, "login page links no stylesheet"))
    sheet = browser.get(href)
    expect(sheet.status == 200, f"stylesheet {href}: {sheet.status}")
    expect(sheet.headers.get("Content-Type", "").startswith("text/css"), f"stylesheet type {sheet.headers}")
    expect(re.search(r"\.[0-9a-f]{12}\.css$", href), f"stylesheet {href} is not hashed")
    return found(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text, "login form has no CSRF token")


def sign_in_on_the_page(browser: Browser, username: str) -> None:
    step(f"signing in on the page as {username}")
    csrf = login_page(browser)
    form = f"username={username}&password={urllib.parse.quote(PASSWORD)}&csrfmiddlewaretoken={csrf}"
    answer = browser.request(
        "POST",
        "/accounts/login/",
        form.encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"https://{HOST}/accounts/login/",
         "Origin": f"https://{HOST}"},
    )  # fmt: skip
    expect(answer.status == 302, f"sign-in: {answer.status} {answer.text[:300]}")
    home = browser.get("/")
    expect(home.status == 200, f"home page after sign-in: {home.status}")


def api_client(username: str) -> Browser:
    client = Browser()
    answer = client.post_json("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    expect(answer.status == 200, f"token for {username}: {answer.status} {answer.text[:200]}")
    client.token = answer.json()["token"]
    return client


def file_with_attachments_submitted(clerk: Browser) -> dict[str, Any]:
    step("a file created with attachments and submitted")
    rounds = [r for r in results(clerk.get("/api/v1/rounds/")) if r.get("is_open")]
    expect(rounds, "no open round in the demo")
    created = clerk.post_json(
        "/api/v1/nominations/",
        {
            "round": rounds[0]["id"],
            "award_kind": "giay_khen",
            "title": "Kiểm tra bản phát hành",
            "summary": "Hồ sơ do bước kiểm tra sản xuất lập",
            "nominees": [
                {
                    "kind": "individual",
                    "name": "Trần Thị Kiểm Tra",
                    "details": {"honorific": "Bà", "gender": "female", "birth_year": 1980},
                    "achievements": "Có thành tích xuất sắc trong phong trào học tập suốt đời",
                }
            ],
        },
    )
    expect(created.status == 201, f"create: {created.status} {created.text[:300]}")
    nomination = created.json()
    for kind in ("proposal", "minutes", "achievement_report"):
        added = clerk.post_multipart(
            f"/api/v1/nominations/{nomination['id']}/attachments/",
            {"kind": kind},
            {"file": (f"{kind}.pdf", PDF, "application/pdf")},
        )
        expect(added.status == 201, f"attachment {kind}: {added.status} {added.text[:300]}")
    current = clerk.get(f"/api/v1/nominations/{nomination['id']}/").json()
    expect(len(current["attachments"]) == 3, f"attachments stored: {current['attachments']}")
    submitted = clerk.post_json(
        f"/api/v1/nominations/{nomination['id']}/transitions/submit/", {"version": current["version"]}
    )
    expect(submitted.status == 200, f"submit: {submitted.status} {submitted.text[:300]}")
    expect(submitted.json()["status"] == "submitted", f"status after submit: {submitted.json()['status']}")
    return nomination


def notification_delivered(reviewer: Browser, nomination: dict[str, Any]) -> None:
    step("the reviewer's in-app notification, delivered by the Celery worker")
    deadline = time.monotonic() + NOTIFICATION_WAIT_SECONDS
    while time.monotonic() < deadline:
        mine = [n for n in results(reviewer.get("/api/v1/notifications/")) if n.get("nomination") == nomination["id"]]
        if mine:
            return
        time.sleep(1)
    raise CheckFailedError(
        f"no notification for {nomination['id']} reached the reviewer in {NOTIFICATION_WAIT_SECONDS} s"
    )


def documents_rendered(secretary: Browser) -> None:
    step("decision PDF/DOCX and certificate PDF")
    issued = results(secretary.get("/api/v1/decisions/?status=issued"))
    expect(issued, "the demo has no issued decision")
    decision = issued[0]["id"]
    pdf = secretary.get(f"/api/v1/decisions/{decision}/document.pdf")
    expect(pdf.status == 200 and pdf.body.startswith(b"%PDF-"), f"decision PDF: {pdf.status} {pdf.body[:80]!r}")
    docx = secretary.get(f"/api/v1/decisions/{decision}/document.docx")
    expect(docx.status == 200 and docx.body.startswith(b"PK"), f"decision DOCX: {docx.status} {docx.body[:80]!r}")
    certificates = results(secretary.get("/api/v1/certificates/"))
    expect(certificates, "the demo has no certificate")
    certificate = secretary.get(f"/api/v1/certificates/{certificates[0]['id']}/document.pdf")
    expect(
        certificate.status == 200 and certificate.body.startswith(b"%PDF-"),
        f"certificate PDF: {certificate.status} {certificate.body[:80]!r}",
    )


def unknown_api_path(client: Browser) -> None:
    step("an unknown API path answers JSON 404")
    answer = client.get("/api/v1/no-such-path/")
    expect(answer.status == 404, f"unknown API path: {answer.status}")
    expect(answer.json().get("code") == "not_found", f"unknown API path: {answer.text[:200]}")


def metrics_served(browser: Browser) -> None:
    step("/metrics refused without the token, complete with it")
    expect(browser.get("/metrics").status == 401, "/metrics answered without the token")
    answer = browser.get("/metrics", Authorization=f"Bearer {METRICS_TOKEN}")
    expect(answer.status == 200, f"/metrics: {answer.status}")
    for series in (
        "vinhdanh_http_request_duration_seconds_count",
        "vinhdanh_transitions_total",
        "vinhdanh_outbox_lag_seconds",
        "vinhdanh_celery_queue_length",
    ):
        expect(series in answer.text, f"/metrics lacks {series}")


def main() -> int:
    try:
        page_user = Browser()
        wait_until_healthy(page_user)
        sign_in_on_the_page(page_user, "reviewer")
        clerk, reviewer, secretary = api_client("unit1"), api_client("reviewer"), api_client("secretary")
        nomination = file_with_attachments_submitted(clerk)
        notification_delivered(reviewer, nomination)
        documents_rendered(secretary)
        unknown_api_path(clerk)
        if METRICS_TOKEN:
            metrics_served(Browser())
    except CheckFailedError as failure:
        print(f"prod-check FAILED: {failure}", file=sys.stderr)
        return 1
    print("prod-check: every step passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
