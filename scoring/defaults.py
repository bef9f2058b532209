"""Default criteria of the learning titles, as data an administrator corrects in the admin.

The point-scored sets follow the shape of QĐ 448/QĐ-KHVN (01/12/2015): four criteria worth 100
points, scored in 10-point sub-items. Only the first criterion of Gia đình học tập (children's
learning, 30 points in 10-point sub-items) is confirmed; every other value, and every pass mark,
is flagged unverified. Cộng đồng học tập follows Thông tư 25/2023/TT-BGDĐT: five pass/fail criteria
at two levels; level 1 criteria are mandatory for recognition, level 2 ones record the higher level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from nominations.models import AwardKind, CriteriaSet, Criterion

QD_448 = "Quyết định 448/QĐ-KHVN ngày 01/12/2015 của Hội Khuyến học Việt Nam (mẫu, cần đối chiếu văn bản hiện hành)"
TT_25_2023 = "Thông tư 25/2023/TT-BGDĐT (hiệu lực 12/02/2024), áp dụng cho cộng đồng cấp khóm (cần đối chiếu)"
LEVEL_1_PREFIX = "M1-"
LEVEL_2_PREFIX = "M2-"


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    max_points: int | None = None
    mandatory: bool = False
    verified: bool = False


@dataclass(frozen=True)
class DefaultSet:
    award_kind: str
    year: int
    source: str
    pass_mark: int | None
    items: tuple[Item, ...]
    verified: bool = False


def _scored(group: str, title: str, subitems: list[str], *, verified: bool = False) -> list[Item]:
    return [
        Item(f"{group}.{n}", f"Tiêu chí {group} – {title}: {text}", 10, verified=verified)
        for n, text in enumerate(subitems, start=1)
    ]


GIA_DINH = DefaultSet(
    "gia_dinh_hoc_tap",
    2015,
    QD_448,
    80,
    (
        *_scored(
            "1",
            "Con cháu trong gia đình học tập (30 điểm)",
            [
                "trẻ em trong độ tuổi đến trường đều đi học, không bỏ học",
                "con cháu học tập chăm chỉ, đạt kết quả từ trung bình trở lên",
                "con cháu tham gia các hoạt động học tập, rèn luyện ở trường và cộng đồng",
            ],
            verified=True,
        ),
        *_scored(
            "2",
            "Người lớn trong gia đình học tập thường xuyên (30 điểm)",
            [
                "người lớn tham gia học tập, bồi dưỡng kiến thức phù hợp công việc",
                "người lớn đọc sách báo, tham gia sinh hoạt tại trung tâm học tập cộng đồng",
                "không có người trong độ tuổi bị mù chữ hoặc tái mù chữ",
            ],
        ),
        *_scored(
            "3",
            "Điều kiện học tập của gia đình (20 điểm)",
            ["có góc học tập, tủ sách gia đình", "dành kinh phí, thời gian cho việc học tập của các thành viên"],
        ),
        *_scored(
            "4",
            "Gia đình văn hóa, tham gia hoạt động cộng đồng (20 điểm)",
            [
                "gia đình hòa thuận, chấp hành chủ trương, chính sách, pháp luật",
                "tham gia hoạt động khuyến học, khuyến tài ở địa phương",
            ],
        ),
    ),
)

DONG_HO = DefaultSet(
    "dong_ho_hoc_tap",
    2015,
    QD_448,
    80,
    (
        *_scored(
            "1",
            "Con cháu trong dòng họ học tập (30 điểm)",
            [
                "trẻ em trong độ tuổi đến trường đều đi học",
                "không có con cháu bỏ học, mù chữ",
                "có con cháu học giỏi, đỗ đạt được dòng họ khen thưởng",
            ],
        ),
        *_scored(
            "2",
            "Người lớn trong dòng họ học tập thường xuyên (30 điểm)",
            [
                "người lớn tham gia học tập, bồi dưỡng kiến thức",
                "vận dụng kiến thức vào sản xuất, đời sống",
                "tham gia sinh hoạt tại trung tâm học tập cộng đồng",
            ],
        ),
        *_scored(
            "3",
            "Gia đình học tập trong dòng họ (20 điểm)",
            ["đa số hộ trong dòng họ đạt danh hiệu Gia đình học tập", "dòng họ có quỹ khuyến học, khuyến tài"],
        ),
        *_scored(
            "4",
            "Dòng họ đoàn kết, chấp hành pháp luật (20 điểm)",
            ["dòng họ đoàn kết, giữ gìn truyền thống hiếu học", "không có người vi phạm pháp luật, tệ nạn xã hội"],
        ),
    ),
)

DON_VI = DefaultSet(
    "don_vi_hoc_tap",
    2015,
    QD_448,
    80,
    (
        *_scored(
            "1",
            "Lãnh đạo, chỉ đạo xây dựng đơn vị học tập (20 điểm)",
            ["có kế hoạch xây dựng đơn vị học tập hằng năm", "thủ trưởng gương mẫu học tập, kiểm tra, đánh giá"],
        ),
        *_scored(
            "2",
            "Cán bộ, công chức, người lao động học tập (40 điểm)",
            [
                "cán bộ đạt chuẩn trình độ theo vị trí việc làm",
                "tham gia bồi dưỡng chuyên môn, nghiệp vụ hằng năm",
                "học tập ngoại ngữ, tin học, kỹ năng số",
                "đạt danh hiệu Công dân học tập",
            ],
        ),
        *_scored(
            "3",
            "Điều kiện bảo đảm cho học tập (20 điểm)",
            ["bố trí thời gian, kinh phí cho học tập", "có tủ sách, tài liệu, hạ tầng học tập trực tuyến"],
        ),
        *_scored(
            "4",
            "Hiệu quả học tập (20 điểm)",
            ["hoàn thành tốt nhiệm vụ chuyên môn", "có sáng kiến, cải tiến từ kết quả học tập"],
        ),
    ),
)

CONG_DAN = DefaultSet(
    "cong_dan_hoc_tap",
    2015,
    "Hướng dẫn của Hội Khuyến học Việt Nam theo khuôn mẫu QĐ 448/QĐ-KHVN (mẫu, cần đối chiếu văn bản hiện hành)",
    80,
    (
        *_scored(
            "1",
            "Tham gia học tập thường xuyên (40 điểm)",
            [
                "có kế hoạch học tập của bản thân",
                "tham gia các lớp học, bồi dưỡng, học trực tuyến",
                "đọc sách báo, tài liệu thường xuyên",
                "có kỹ năng số cơ bản",
            ],
        ),
        *_scored(
            "2",
            "Vận dụng kiến thức vào công việc, đời sống (30 điểm)",
            ["nâng cao hiệu quả công việc", "cải thiện đời sống gia đình", "có đóng góp được ghi nhận"],
        ),
        *_scored(
            "3",
            "Lan tỏa học tập trong gia đình, cộng đồng (30 điểm)",
            [
                "vận động người thân cùng học tập",
                "tham gia hoạt động khuyến học ở khóm",
                "gương mẫu chấp hành chủ trương, pháp luật",
            ],
        ),
    ),
)

_COMMUNITY_CRITERIA = [
    ("1", "Lãnh đạo, chỉ đạo xây dựng cộng đồng học tập"),
    ("2", "Bảo đảm các điều kiện (nguồn lực) xây dựng cộng đồng học tập"),
    ("3", "Hiệu quả hoạt động của trung tâm học tập cộng đồng, thư viện, nhà văn hóa"),
    ("4", "Kết quả xóa mù chữ, phổ cập giáo dục"),
    ("5", "Tác động của việc xây dựng cộng đồng học tập"),
]

CONG_DONG = DefaultSet(
    "cong_dong_hoc_tap",
    2024,
    TT_25_2023,
    None,
    (
        *(
            Item(f"{LEVEL_1_PREFIX}{code}", f"Mức độ 1 – Tiêu chí {code}: {text}", None, mandatory=True)
            for code, text in _COMMUNITY_CRITERIA
        ),
        *(
            Item(
                f"{LEVEL_2_PREFIX}{code}",
                f"Mức độ 2 (sau ít nhất 12 tháng đạt mức độ 1) – Tiêu chí {code}: {text}",
                None,
            )
            for code, text in _COMMUNITY_CRITERIA
        ),
    ),
)

DEFAULT_SETS = (GIA_DINH, DONG_HO, DON_VI, CONG_DAN, CONG_DONG)


def seed_default_criteria(award_kinds: Mapping[str, AwardKind] | None = None) -> list[CriteriaSet]:
    """Create the default criteria sets that are missing; an administrator's edits are never overwritten."""
    kinds = dict(award_kinds) if award_kinds is not None else {a.code: a for a in AwardKind.objects.all()}
    made = []
    with transaction.atomic():
        for default in DEFAULT_SETS:
            award_kind = kinds.get(default.award_kind)
            if award_kind is None:
                continue
            criteria_set, created = CriteriaSet.objects.get_or_create(
                award_kind=award_kind,
                year=default.year,
                defaults={
                    "source_decision": default.source,
                    "pass_mark": default.pass_mark,
                    "is_unverified_default": not default.verified,
                },
            )
            if created:
                Criterion.objects.bulk_create(
                    Criterion(
                        criteria_set=criteria_set,
                        code=item.code,
                        text=item.text,
                        max_points=item.max_points,
                        mandatory=item.mandatory,
                        order=order,
                        is_unverified_default=not item.verified,
                    )
                    for order, item in enumerate(default.items)
                )
            made.append(criteria_set)
    return made
