"""What the document endpoints share: file responses that carry a record's hash, and paginated lists."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.nominations import Pagination
from nominations.records import sha256

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_RESPONSE = {(200, PDF): OpenApiResponse(description="PDF document")}


def file_response(
    content: bytes, *, content_type: str, filename: str, request: Request | None = None, record: bool = False
) -> HttpResponse:
    """A document download; a kept record carries its SHA-256 as ETag, so a client can check what it holds."""
    etag = f'"{sha256(content)}"' if record else None
    if etag and request is not None and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    if etag:
        response["ETag"] = etag
    else:
        # A draft renders from today's data: never let a cache keep it.
        response["Cache-Control"] = "no-store"
    return response


def paginated(request: Request, view: APIView, qs: Any, serializer: type, **context: Any) -> Response:
    paginator = Pagination()
    page = paginator.paginate_queryset(qs, request, view=view)
    data = serializer(page, many=True, context={"request": request, **context}).data
    return paginator.get_paginated_response(data)
