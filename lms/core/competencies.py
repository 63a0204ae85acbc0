"""The eight competency codes (a DESIGN §3 contract) and their display names."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: code -> (Chinese name as stored, translatable display label), in display order
COMPETENCIES: dict[str, tuple[str, object]] = {
    "service-awareness": ("服务意识", _l("Service awareness")),
    "internet-thinking": ("互联网思维", _l("Internet thinking")),
    "digital-tools": ("信息化工具应用", _l("Digital tools")),
    "integrated-platform": ("一体化政务服务平台", _l("Integrated online service platform")),
    "information-disclosure": ("政务公开", _l("Information disclosure")),
    "public-interaction": ("政民互动", _l("Online interaction with the public")),
    "supervision-accountability": ("网络监督与问责", _l("Supervision and accountability")),
    "data-security": ("数据安全与个人信息保护", _l("Data security and personal information")),
}
CODES = tuple(COMPETENCIES)


def label(code: str) -> str:
    """The competency's name in the current UI language."""
    entry = COMPETENCIES.get(code)
    return str(entry[1]) if entry else code
