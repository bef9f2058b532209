"""How an organisation heads its papers: the issuing body, parent body and place of every document."""

from __future__ import annotations

from documents.body import Body
from nominations.models import Organization, User

_UPPER_PREFIX = "ỦY BAN NHÂN DÂN"


def sentence_case_body(organization: Organization) -> str:
    """ "Ủy ban nhân dân phường Mỹ Thạnh" from the capitals of the header and the organisation's name."""
    issuing = organization.issuing_body
    if issuing.upper().startswith(_UPPER_PREFIX) and organization.name:
        return f"Ủy ban nhân dân {organization.name[:1].lower()}{organization.name[1:]}"
    return issuing


def body_of(organization: Organization) -> Body:
    return Body(
        issuing_body=sentence_case_body(organization),
        parent_body=organization.parent_body,
        place_name=organization.place_name,
        document_suffix=organization.document_suffix.removeprefix("QĐ-"),
    )


def person_name(user: User | None) -> str:
    return (user.full_name or user.username) if user else ""
