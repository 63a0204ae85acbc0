"""The eight competency codes (a DESIGN §3 contract) and their display names."""

from __future__ import annotations

from lms.i18n import N_, translate

#: code -> (Chinese name as stored, English message id of the display label), in display order
COMPETENCIES: dict[str, tuple[str, str]] = {
    "service-awareness": ("服务意识", N_("Service awareness")),
    "internet-thinking": ("互联网思维", N_("Internet thinking")),
    "digital-tools": ("信息化工具应用", N_("Digital tools")),
    "integrated-platform": ("一体化政务服务平台", N_("Integrated online service platform")),
    "information-disclosure": ("政务公开", N_("Information disclosure")),
    "public-interaction": ("政民互动", N_("Online interaction with the public")),
    "supervision-accountability": ("网络监督与问责", N_("Supervision and accountability")),
    "data-security": ("数据安全与个人信息保护", N_("Data security and personal information")),
}
CODES = tuple(COMPETENCIES)


def label(code: str) -> str:
    """The competency's name in the current UI language."""
    entry = COMPETENCIES.get(code)
    return translate(entry[1]) if entry else code
