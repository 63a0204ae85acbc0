"""The shared machinery of package validation: collect problems with file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from lms.courses.package import yamlfile
from lms.courses.package.errors import Problem
from lms.courses.package.yamlfile import LineDict, YamlSyntaxError

MAX_TEXT = 200_000


class Checker:
    """Reads files of one package folder and records every problem instead of stopping."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        #: False when questions.yaml could not be read: references to it are not checked
        self.bank_loaded = True

    # -- helpers ---------------------------------------------------------------------------
    def fail(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(f"{self.folder.name}/{file}", line, message))

    def load_yaml(self, name: str) -> Any:
        path = self.folder / name
        if not path.is_file():
            self.fail(name, 0, _("file is missing"))
            return None
        try:
            return yamlfile.load(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.fail(name, 0, _("file is not UTF-8 text"))
        except YamlSyntaxError as exc:
            self.fail(name, exc.line, _("YAML syntax error: %(error)s", error=exc.message))
        return None

    def text(
        self, file: str, data: LineDict, key: str, *, required: bool = True, max_len: int = MAX_TEXT
    ) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(file, data.line, _("'%(key)s' is required", key=key))
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.fail(file, data.line_of(key), _("'%(key)s' must be text", key=key))
            return ""
        value = str(value)
        if len(value) > max_len:
            self.fail(
                file,
                data.line_of(key),
                _("'%(key)s' is longer than %(n)d characters", key=key, n=max_len),
            )
        return value.strip("\n") if "\n" in value else value.strip()

    def integer(
        self, file: str, data: LineDict, key: str, default: int | None, *, low: int, high: int
    ) -> int | None:
        value = data.get(key, default)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(
                file,
                data.line_of(key),
                _(
                    "'%(key)s' must be a whole number from %(low)d to %(high)d",
                    key=key,
                    low=low,
                    high=high,
                ),
            )
            return default
        return value

    def choice(
        self, file: str, data: LineDict, key: str, allowed: tuple[str, ...], default: str
    ) -> str:
        value = data.get(key, default)
        if value not in allowed:
            self.fail(
                file,
                data.line_of(key),
                _("'%(key)s' must be one of: %(allowed)s", key=key, allowed=", ".join(allowed)),
            )
            return default
        return value

    def mapping(self, file: str, value: Any, line: int, what: str) -> LineDict | None:
        if not isinstance(value, LineDict):
            self.fail(file, line, _("%(what)s must be a mapping of keys to values", what=what))
            return None
        return value
