"""Course operations used by the command line and (later) the studio."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from lms.audit.operations import record_event
from lms.courses.package import PackageError, Problem, find_packages, import_packages, read_package
from lms.courses.package.importer import ImportReport


def import_course_folder(
    session: Session,
    path: Path,
    *,
    actor_id: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[ImportReport]:
    """Validate every package under ``path``, then write them all (or raise PackageError)."""
    folders = find_packages(path)
    if not folders:
        raise PackageError([Problem(str(path), 0, "no course.yaml found here")])
    specs, problems = [], []
    for i, folder in enumerate(folders, 1):
        if progress:
            progress(f"  checking {folder.name} ({i}/{len(folders)})")
        try:
            specs.append(read_package(folder))
        except PackageError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PackageError(problems)
    reports = import_packages(session, specs)
    for report in reports:
        record_event(
            session,
            "course.import",
            actor_id=actor_id,
            target_type="course",
            target_id=report.code,
            details={
                "created": report.created,
                "lessons": report.lessons,
                "questions": report.questions,
            },
        )
    return reports
