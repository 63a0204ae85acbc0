"""The ``lms`` command: a click group on the Flask app (DESIGN §4)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from lms import create_app, db, migrate


def _create_app():  # type: ignore[no-untyped-def]
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """Township Academy management commands."""


@main.group("db")
def db_group() -> None:
    """Database schema (Alembic migrations)."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    migrate.upgrade(db.engine(), revision)
    click.echo(f"database upgraded to {revision}")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION."""
    migrate.downgrade(db.engine(), revision)
    click.echo(f"database downgraded to {revision}")


@main.group("courses")
def courses_group() -> None:
    """Course packages (folders under courses/)."""


@courses_group.command("import")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def courses_import(path: Path) -> None:
    """Import the course package at PATH, or every package inside PATH."""
    from lms.courses.operations import import_course_folder
    from lms.courses.package import PackageError

    session = db.session()
    try:
        reports = import_course_folder(session, path, progress=lambda msg: click.echo(msg))
    except PackageError as exc:
        session.rollback()
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"{len(exc.problems)} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    session.commit()
    for report in reports:
        verb = "created" if report.created else "updated"
        click.echo(
            f"{report.code}: {verb} ({report.lessons} lessons, {report.questions} questions)"
        )
        for warning in report.warnings:
            click.echo(f"  warning: {warning}", err=True)


@courses_group.command("export")
@click.argument("code")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def courses_export(code: str, path: Path) -> None:
    """Write course CODE as a package into PATH/CODE/."""
    from lms.core.errors import NotFound
    from lms.courses.package import export_course

    try:
        folder = export_course(db.session(), code, path)
    except NotFound as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    click.echo(f"exported {code} to {folder}")


@main.group("attempts")
def attempts_group() -> None:
    """Quiz attempts."""


@attempts_group.command("close-expired")
@with_appcontext
def attempts_close_expired() -> None:
    """Submit every open attempt whose time limit has passed (safe to run from cron)."""
    from lms.attempts.operations import close_expired

    session = db.session()
    count = close_expired(
        session,
        progress=lambda done, total: (
            click.echo(f"  submitted {done}/{total}") if done % 100 == 0 or done == total else None
        ),
    )
    session.commit()
    click.echo(f"{count} expired attempt(s) submitted.")


@main.group("users")
def users_group() -> None:
    """People."""


@users_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--initial-password",
    envvar="LMS_INITIAL_PASSWORD",
    help="Password for new people, to be changed at first sign-in (or LMS_INITIAL_PASSWORD).",
)
@with_appcontext
def users_import(file: Path, initial_password: str | None) -> None:
    """Import a roster (.csv or .xlsx): all rows or none, with row-by-row errors."""
    from lms.admin.roster import RosterError, import_roster

    session = db.session()
    try:
        report = import_roster(
            session,
            file.read_bytes(),
            file.name,
            initial_password=initial_password or "",
            progress=click.echo,
        )
    except RosterError as exc:
        session.rollback()
        for p in exc.problems:
            where = f"row {p.row}" if p.row else "file"
            click.echo(
                f"error: {where}{f' [{p.column}]' if p.column else ''}: {p.message}", err=True
            )
        click.echo(f"{len(exc.problems)} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    session.commit()
    migrate.analyze(db.engine())
    click.echo(
        f"roster imported: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged."
    )


@main.group("tokens")
def tokens_group() -> None:
    """API tokens for the personnel data feed."""


@tokens_group.command("create")
@click.argument("username")
@click.option("--name", required=True, help="What the token is for.")
@with_appcontext
def tokens_create(username: str, name: str) -> None:
    """Create an API token for USERNAME (a manager); it is printed once."""
    from sqlalchemy import select

    from lms.accounts.models import Person
    from lms.api.tokens import create_token
    from lms.core.errors import DomainError

    session = db.session()
    person = session.scalar(select(Person).where(Person.username == username))
    if person is None:
        click.echo(f"error: no user '{username}'", err=True)
        sys.exit(1)
    try:
        row, token = create_token(session, person, name)
    except DomainError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    session.commit()
    click.echo(f"token {row.id} '{name}' for {username} (shown once, keep it safe):")
    click.echo(token)


@main.group("reports")
def reports_group() -> None:
    """Report summaries."""


@reports_group.command("refresh")
@click.option("--year", type=int, default=None, help="The year (default: this year).")
@with_appcontext
def reports_refresh(year: int | None) -> None:
    """Recompute everyone's yearly summary (at the start of a year, or after a bulk load)."""
    from lms.core.time import local_year
    from lms.reports.summaries import refresh_all_competencies, refresh_everyone

    session = db.session()
    year = year or local_year()
    written = refresh_everyone(
        session.connection(),
        year,
        progress=lambda done, total: click.echo(f"  {done}/{total} people"),
    )
    scores = refresh_all_competencies(session.connection())
    session.commit()
    migrate.analyze(db.engine())
    click.echo(f"{written} summaries for {year} and {scores} competency scores refreshed.")


@main.group("bench")
def bench_group() -> None:
    """Benchmark data."""


@bench_group.command("seed")
@click.option("--people", type=click.IntRange(1, 1_000_000), default=100_000, show_default=True)
@with_appcontext
def bench_seed(people: int) -> None:
    """Fill a database of its own with a synthetic province (for tests/perf)."""
    import time

    from lms.bench import seed
    from lms.core.errors import DomainError

    migrate.upgrade(db.engine())
    session = db.session()
    started = time.perf_counter()
    try:
        counts = seed(session, people, progress=click.echo)
    except DomainError as exc:
        session.rollback()
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    session.commit()
    click.echo("analysing the tables for the query planner")
    migrate.analyze(db.engine())
    click.echo(
        ", ".join(f"{k}: {v}" for k, v in counts.items())
        + f" — {time.perf_counter() - started:.0f} s"
    )


@main.group("audit")
def audit_group() -> None:
    """The audit log."""


@audit_group.command("verify")
@with_appcontext
def audit_verify() -> None:
    """Check the hash chain; report the first broken link (exit status 1 if any)."""
    from sqlalchemy import func, select

    from lms.audit.models import AuditEvent
    from lms.audit.operations import first_broken_link

    session = db.session()
    total = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    broken = first_broken_link(session)
    if broken is None:
        click.echo(f"audit chain intact: {total} event(s)")
        return
    click.echo(
        f"audit chain broken at event {broken.id} ({broken.occurred_at.isoformat()}, "
        f"{broken.action}): its hash or its link to the previous event does not match",
        err=True,
    )
    sys.exit(1)


@main.command("demo")
@with_appcontext
def demo_command() -> None:
    """Upgrade the database, load the demo org, people and courses; print the logins."""
    from lms.core.errors import DomainError
    from lms.courses.package import PackageError
    from lms.demo import DEMO_PASSWORD, load_demo

    migrate.upgrade(db.engine())
    session = db.session()
    try:
        summary = load_demo(session, courses_dir=_courses_dir(), progress=click.echo)
    except PackageError as exc:
        session.rollback()
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo("The demo was not loaded: fix the course packages above.", err=True)
        sys.exit(1)
    except DomainError as exc:
        session.rollback()
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    session.commit()
    click.echo("")
    click.echo(
        f"Demo ready: {summary.units} units, {summary.people} people, {summary.courses} courses."
    )
    click.echo(f"Demo logins (password: {DEMO_PASSWORD}):")
    for username, description in summary.logins:
        click.echo(f"  {username:<9} {description}")
    if summary.existing_passwords_kept:
        click.echo("(These accounts already existed; their passwords were not changed.)")


def _courses_dir() -> Path:
    configured = current_app.config.get("LMS_COURSES_DIR")
    return Path(configured) if configured else Path(current_app.root_path).parent / "courses"
