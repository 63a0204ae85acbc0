"""Personnel-office pages at scale, each against the hand-written SQL that yields its figures.

    lms bench seed --people 100000                   # once, into a database of its own
    python tests/perf/report_benchmark.py --database-url sqlite:////tmp/bench.db

For each case it prints the time through the whole Flask stack (the test client: routing,
sign-in, SQLAlchemy, templates; no network), the time of the single hand-written statement
in report_sql.py run on a raw DB-API cursor (the limit), and their ratio. Exports run in a
child process each, which reports the time to the first byte, the total, the size and its
resident memory: at the first byte and at its peak (sampled every chunk), so "flat" is
visible as the difference. Times are the median of ``--repeat`` runs after one warm-up.
"first_rows" is when 64 KB have arrived: past the header (and the XLSX package parts), so
the query is delivering rows. It adds two accounts if missing (bench-admin, bench-manager for the first
city) and an API token for bench-admin on every run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PASSWORD = "bench-pass-2026"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TARGETS = "dashboard, people: ≤ 2× the limit and < 1 s; exports: first byte < 1 s; API < 0.2 s"


def _app(url: str):  # type: ignore[no-untyped-def]
    os.environ.setdefault("SECRET_KEY", "report-benchmark")
    os.environ["DATABASE_URL"] = url
    from lms import create_app

    return create_app({"RATELIMIT_ENABLED": False})


def _accounts(app) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """bench-admin, bench-manager (scope: the first city) and an API token for the province."""
    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from lms import db
    from lms.accounts.models import Person
    from lms.api.tokens import create_token
    from lms.orgs.models import OrgUnit

    with app.app_context():
        session = db.session()
        province = session.scalar(select(OrgUnit).where(OrgUnit.code == "bench-P"))
        city = session.scalar(select(OrgUnit).where(OrgUnit.code == "bench-C00"))
        if province is None or city is None:
            sys.exit("run `lms bench seed` on this database first")
        hashed = generate_password_hash(PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])
        people = {}
        for username, role, unit in (
            ("bench-admin", "admin", province),
            ("bench-manager", "manager", city),
        ):
            person = session.scalar(select(Person).where(Person.username == username))
            if person is None:
                person = Person(
                    username=username,
                    display_name=username,
                    unit_id=unit.id,
                    role=role,
                    password_hash=hashed,
                    scope_unit_id=unit.id if role == "manager" else None,
                    must_change_password=False,
                )
                session.add(person)
                session.flush()
            people[username] = person
        _row, token = create_token(session, people["bench-admin"], "report benchmark")
        session.commit()
        return {"province": province.path, "city": city.path, "token": token}


def _client(app, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code
    return client


def _median(run, repeat: int) -> float:  # type: ignore[no-untyped-def]
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _sql(app, statement: str, params: dict[str, Any], repeat: int) -> float:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from lms import db

    with app.app_context():
        engine = db.engine()
        compiled = text(statement).bindparams(**params).compile(engine)
        positional = engine.dialect.positional
        args = (
            tuple(compiled.params[name] for name in compiled.positiontup)
            if positional
            else compiled.params
        )
        raw = engine.raw_connection()
        try:

            def run() -> None:
                cursor = raw.cursor()
                cursor.execute(str(compiled), args)
                while cursor.fetchmany(5000):
                    pass
                cursor.close()

            return _median(run, repeat)
        finally:
            raw.close()


def _page(client, url: str, repeat: int) -> float:  # type: ignore[no-untyped-def]
    def run() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        response.get_data()

    return _median(run, repeat)


def _export_child(url: str, path: str) -> None:
    """In a child process: stream one export, report timings and memory as JSON."""
    import resource

    def rss() -> float:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    app = _app(url)
    client = _client(app, "bench-admin")
    client.get("/manage/people.csv?unit=bench-C00-0-0").get_data()  # warm up
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    first = rows = None
    size, peak, at_first = 0, 0.0, 0.0
    for chunk in response.response:
        if first is None:
            first = time.perf_counter() - started
            at_first = rss()
        size += len(chunk)
        if rows is None and size > 64 * 1024:  # past the header and package parts: rows
            rows = time.perf_counter() - started
        peak = max(peak, rss())
    total = time.perf_counter() - started
    print(
        json.dumps(
            {
                "first_byte": first,
                "first_rows": rows,
                "total": total,
                "bytes": size,
                "rss_first_mb": at_first,
                "rss_peak_mb": peak,
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def _export(url: str, path: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--database-url", url, "--export", path],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--export", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export:
        _export_child(args.database_url, args.export)
        return

    from lms.core.time import local_year, today_local
    from lms.db import utcnow
    from tests.perf import report_sql

    app = _app(args.database_url)
    setup = _accounts(app)
    year = local_year()
    base = {"year": year, "since": utcnow() - timedelta(days=30), "today": today_local()}
    admin, manager = _client(app, "bench-admin"), _client(app, "bench-manager")
    results: list[dict[str, Any]] = []

    def report(name: str, seconds: float, limit: float | None, **extra: Any) -> None:
        ratio = seconds / limit if limit else None
        results.append({"case": name, "seconds": seconds, "limit": limit, "ratio": ratio, **extra})
        shown = f"{limit:8.3f} s  {ratio:5.2f}×" if limit else " " * 18
        more = "  ".join(f"{k}={v}" for k, v in extra.items())
        print(f"{name:<44} {seconds:8.3f} s  {shown}  {more}", flush=True)

    print(f"{args.database_url}\n{'case':<44} {'page':>10}  {'limit':>10}  ratio")
    for label, client, prefix in (
        ("dashboard, city (~20k people)", manager, setup["city"]),
        ("dashboard, province (100k people)", admin, setup["province"]),
    ):
        page = _page(client, "/manage/", args.repeat)
        limit = _sql(app, report_sql.DASHBOARD, {**base, "prefix": prefix + "%"}, args.repeat)
        report(label, page, limit)
    filters = "status=behind&competency=data-security&below=60&sort=hours"
    page = _page(admin, f"/manage/people?{filters}", args.repeat)
    limit = _sql(
        app,
        report_sql.PEOPLE,
        {"year": year, "prefix": setup["province"] + "%", "competency": "data-security"},
        args.repeat,
    )
    report("people page, province, behind & < 60 %", page, limit)
    export_limit = _sql(
        app, report_sql.EXPORT, {"year": year, "prefix": setup["province"] + "%"}, 1
    )
    for kind in ("csv", "xlsx"):
        figures = _export(args.database_url, f"/manage/people.{kind}")
        report(
            f"export .{kind}, province (100k rows)",
            figures["total"],
            export_limit,
            first_byte=f"{figures['first_byte']:.3f}s",
            first_64kb=f"{figures['first_rows']:.3f}s",
            size=f"{figures['bytes'] / 2**20:.1f}MB",
            rss=f"{figures['rss_first_mb']:.0f}→{figures['rss_peak_mb']:.0f}MB",
        )
    api = app.test_client()
    headers = {"Authorization": f"Bearer {setup['token']}"}
    first_page = api.get("/api/v1/people?limit=500", headers=headers)
    assert first_page.status_code == 200, first_page.get_data(as_text=True)
    middle = first_page.get_json()["next_cursor"]

    def api_page() -> None:
        response = api.get(f"/api/v1/people?limit=500&cursor={middle}", headers=headers)
        assert response.status_code == 200, response.status_code
        assert len(response.get_json()["items"]) == 500

    from sqlalchemy import func, select

    from lms import db
    from lms.accounts.models import Person

    with app.app_context():
        after = db.session().scalar(select(func.min(Person.id))) + 499
    page = _median(api_page, args.repeat)
    limit = _sql(
        app,
        report_sql.API_PAGE,
        {"year": year, "prefix": setup["province"] + "%", "after": after},
        args.repeat,
    )
    report("API: one page of 500 people", page, limit)
    print(f"targets: {TARGETS}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
