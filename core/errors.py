"""Refusals with a stable machine code and a message in Vietnamese and English."""

from dataclasses import dataclass, field

from django.utils import translation


@dataclass
class Refusal(Exception):  # noqa: N818 - a refusal is an expected outcome, not a fault
    code: str
    vi: str
    en: str
    status: int = 400
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.en if (translation.get_language() or "vi").startswith("en") else self.vi

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def not_found() -> Refusal:
    return Refusal("not_found", "Không tìm thấy hồ sơ.", "Not found.", status=404)


def stale_version(current: int) -> Refusal:
    return Refusal(
        "stale_version",
        f"Hồ sơ đã được người khác thay đổi (phiên bản hiện tại: {current}). Vui lòng tải lại và thử lại.",
        f"The file was changed by someone else (current version: {current}). Reload and try again.",
        status=409,
        extra={"current_version": current},
    )


def version_required() -> Refusal:
    return Refusal(
        "version_required",
        "Cần gửi «version» – phiên bản hồ sơ mà bạn đang xem.",
        "Send 'version': the version of the file you are looking at.",
    )


def invalid_transition(name: str, state: str, *, action_label: str = "", state_label: str = "") -> Refusal:
    # People read the Vietnamese message: the action's and the state's names, not their codes.
    return Refusal(
        "invalid_transition",
        f"Không thể thực hiện thao tác «{action_label or name}» khi hồ sơ đang ở trạng thái «{state_label or state}».",
        f"The action '{name}' is not possible while the file is '{state}'.",
        status=409,
    )


def forbidden(vi: str, en: str, code: str = "permission_denied") -> Refusal:
    return Refusal(code, vi, en, status=403)
