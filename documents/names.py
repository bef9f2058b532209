"""How a nominee's name is printed: «Bà …» for a person, «Hộ ông/bà …» for a household."""

from __future__ import annotations


def printed_name(kind: str, name: str, honorific: str = "") -> str:
    if kind == "individual":
        return f"{honorific} {name}" if honorific else name
    if kind == "household":
        if name.lower().startswith("hộ "):
            return name
        # The household is named after its head; without the head's honorific both are printed.
        return f"Hộ {honorific.lower() if honorific else 'ông/bà'} {name}"
    return name
