"""Load benchmark: Township Academy's learner pages against a bare Flask app.

Run it from the repository root::

    make bench                                    # = python tests/perf/load_benchmark.py
    python tests/perf/load_benchmark.py --duration 5s --json /tmp/bench.json

What it does, all on this machine (HTTP traffic goes only to 127.0.0.1):

1. drops and recreates a dedicated PostgreSQL database (default ``lms_bench``; the name must
   contain "bench", so a real database cannot be dropped by mistake) and loads ``lms demo``;
2. starts the app under gunicorn (2 sync workers, no debug) on a free port;
3. signs in as the demo learner and keeps the ``session`` cookie;
4. checks that each page answers 200 with that cookie, then runs
   ``wrk -t2 -c32 -d20s --latency`` against it;
5. runs the same wrk command against a five-line Flask app under the same gunicorn settings:
   that is the ceiling of the stack on this machine;
6. prints a table (req/s, p50, p99, share of the bare app's req/s) with PASS/MISS against the
   target: at least 25% of the bare app's req/s and p99 under 100 ms.

It needs ``wrk`` on PATH (Debian: ``apt-get install wrk``) and a PostgreSQL server. It exits 0
even when a page misses the target (a benchmark, not a gate) and non-zero only on errors.
This is not a pytest test: ``tests/perf`` is excluded from collection.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/lms_bench"
DEMO_USER = "learner"
DEMO_PASSWORD = "demo-pass-2026"
COURSE = "hotline-12345"
WORKERS = 2
TARGET_RATIO = 0.25
TARGET_P99_MS = 100.0
WARMUP_REQUESTS = 10

BARE_APP = """\
from flask import Flask
app = Flask(__name__)
@app.route('/')
def index():
    return 'ok'
"""


class BenchError(RuntimeError):
    """Something went wrong that makes the figures meaningless; the message says what."""


@dataclass
class WrkResult:
    requests_per_sec: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())


@dataclass
class PageResult:
    page: str
    url: str
    wrk: WrkResult
    ratio: float | None = None
    passed: bool | None = None


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- database ------------------------------------------------------------------------------


def reset_database(database_url: str) -> None:
    """Drop and recreate the benchmark database, connecting to ``postgres`` with autocommit."""
    url = make_url(database_url)
    if not url.drivername.startswith("postgresql"):
        raise BenchError(f"--database-url must be a PostgreSQL URL, got {url.drivername}")
    name = url.database or ""
    if "bench" not in name:
        raise BenchError(f"refusing to drop database {name!r}: its name must contain 'bench'")
    admin = url.set(drivername="postgresql", database="postgres")
    conninfo = admin.render_as_string(hide_password=False)
    log(f"resetting database {name} on {url.host}:{url.port or 5432}")
    try:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise BenchError(f"cannot reset database {name}: {exc}") from exc


def lms_command() -> list[str]:
    script = Path(sys.executable).parent / "lms"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from lms.cli import main; main()"]


def load_demo(database_url: str, instance_path: Path) -> None:
    log("loading the demo (lms demo)")
    env = base_env(database_url, instance_path)
    env["LMS_DEBUG"] = "1"
    proc = subprocess.run(
        [*lms_command(), "demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0:
        raise BenchError(f"lms demo failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    for line in proc.stdout.splitlines():
        if line.startswith("Demo ready"):
            log(line)


def base_env(database_url: str, instance_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"LMS_DEBUG", "FLASK_DEBUG"}}
    env["DATABASE_URL"] = database_url
    # Keep the app's instance folder out of the repository.
    env["LMS_INSTANCE_PATH"] = str(instance_path)
    return env


# --- gunicorn ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


@contextmanager
def gunicorn(
    name: str, app: str, *, cwd: Path, env: dict[str, str], log_dir: Path, probe_path: str
) -> Iterator[Server]:
    """Run ``gunicorn -w 2 -k sync`` on a free port until the block ends; always stop it."""
    port = free_port()
    log_path = log_dir / f"gunicorn-{name}.log"
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "-w",
        str(WORKERS),
        "-k",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        app,
    ]
    log(f"starting {name}: gunicorn -w {WORKERS} -k sync --bind {HOST}:{port} '{app}'")
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(name, f"http://{HOST}:{port}", process, log_path)
    try:
        wait_until_up(server, probe_path)
        yield server
    except BaseException:
        stop(process)
        tail = server.log_text().splitlines()[-40:]
        if tail:
            print(
                f"[bench] last lines of gunicorn ({name}) log:", *tail, sep="\n  ", file=sys.stderr
            )
        raise
    finally:
        stop(process)
        log(f"stopped {name}")


def wait_until_up(server: Server, probe_path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"gunicorn ({server.name}) exited with {server.process.returncode}")
        try:
            with urllib.request.urlopen(server.base_url + probe_path, timeout=2) as resp:
                resp.read()
                return
        except urllib.error.HTTPError:
            return  # it answers; whether the page is right is checked later
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"gunicorn ({server.name}) did not answer within {timeout:.0f}s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (gunicorn's graceful stop) the process, then SIGKILL its group if it lingers."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # its own session: master and workers
        process.wait(timeout=10)


# --- HTTP client (stdlib) ------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def sign_in(base_url: str, username: str, password: str) -> str:
    """Sign in through the login form; return the ``session`` cookie's value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(base_url + "/login", timeout=10) as resp:
        page = resp.read().decode("utf-8", "replace")
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]*)"', page) or re.search(
        r'<input[^>]*value="([^"]*)"[^>]*name="csrf_token"', page
    )
    if not match:
        raise BenchError("no csrf_token input on /login")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrf_token": html.unescape(match.group(1))}
    ).encode()
    try:
        resp = opener.open(urllib.request.Request(base_url + "/login", data=form), timeout=30)
        status, location = resp.status, resp.headers.get("Location", "")
        resp.close()
    except urllib.error.HTTPError as exc:
        status, location = exc.code, exc.headers.get("Location", "")
        exc.close()
    if status not in (302, 303) or "/login" in location:
        raise BenchError(f"signing in as {username} failed: HTTP {status} -> {location!r}")
    for cookie in jar:
        if cookie.name == "session" and cookie.value:
            return cookie.value
    raise BenchError("signed in, but no session cookie was set (is SESSION_COOKIE_SECURE on?)")


def fetch(url: str, cookie: str | None) -> tuple[int, str]:
    """GET ``url`` without following redirects; return (status, body)."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", f"session={cookie}")
    try:
        with opener.open(request, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode("utf-8", "replace")


def first_lesson_path(base_url: str, cookie: str, course: str) -> str:
    status, body = fetch(f"{base_url}/courses/{course}", cookie)
    if status != 200:
        raise BenchError(f"/courses/{course} answered {status}")
    match = re.search(rf'href="(/courses/{re.escape(course)}/lessons/[^"?#]+)"', body)
    if not match:
        raise BenchError(f"no lesson link on /courses/{course}")
    return html.unescape(match.group(1))


def check_and_warm(url: str, cookie: str | None) -> None:
    """Fail loudly unless ``url`` answers 200; a few more requests warm both workers."""
    status, _body = fetch(url, cookie)
    if status != 200:
        raise BenchError(f"{url} answered {status}, not 200")
    for _ in range(WARMUP_REQUESTS):
        fetch(url, cookie)


# --- wrk -----------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise BenchError(f"cannot read wrk duration {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def duration_seconds(text: str) -> float:
    match = re.fullmatch(r"(\d+)([smh]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"bad duration {text!r} (e.g. 20s, 1m)")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    if not (rps and p50 and p99 and total):
        raise BenchError(f"cannot parse wrk output:\n{output}")
    result = WrkResult(
        float(rps.group(1)), to_ms(p50.group(1)), to_ms(p99.group(1)), int(total.group(1))
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        result.non_2xx_3xx = int(non_2xx.group(1))
    sock = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sock:
        result.socket_errors = dict(
            zip(("connect", "read", "write", "timeout"), map(int, sock.groups()), strict=True)
        )
    return result


def run_wrk(url: str, cookie: str | None, args: argparse.Namespace) -> WrkResult:
    cmd = [
        args.wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}",
        "--latency",
    ]
    if cookie:
        cmd += ["-H", f"Cookie: session={cookie}"]
    cmd.append(url)
    log(f"wrk -t{args.threads} -c{args.connections} -d{args.duration} --latency {url}")
    timeout = duration_seconds(args.duration) + 60
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise BenchError(f"wrk failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    result = parse_wrk(proc.stdout)
    log(
        f"  {result.requests_per_sec:.0f} req/s, p50 {result.p50_ms:.2f} ms, "
        f"p99 {result.p99_ms:.2f} ms, {result.requests} requests, {result.errors} errors"
    )
    return result


# --- report --------------------------------------------------------------------------------


def judge(results: list[PageResult], bare: WrkResult) -> None:
    for r in results:
        r.ratio = r.wrk.requests_per_sec / bare.requests_per_sec if bare.requests_per_sec else 0
        r.passed = r.ratio >= TARGET_RATIO and r.wrk.p99_ms < TARGET_P99_MS and r.wrk.errors == 0


def print_table(results: list[PageResult], bare: WrkResult) -> None:
    header = f"{'page':<44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8}  target"
    print()
    print(header)
    print("-" * len(header))
    print(
        f"{'bare Flask app (the limit)':<44} {bare.requests_per_sec:>9.1f} "
        f"{bare.p50_ms:>8.2f} {bare.p99_ms:>8.2f} {'100%':>8}  -"
    )
    for r in results:
        verdict = "PASS" if r.passed else "MISS"
        if r.wrk.errors:
            verdict += f" ({r.wrk.errors} errors)"
        print(
            f"{r.page:<44} {r.wrk.requests_per_sec:>9.1f} {r.wrk.p50_ms:>8.2f} "
            f"{r.wrk.p99_ms:>8.2f} {(r.ratio or 0):>8.1%}  {verdict}"
        )
    print(
        f"\ntarget: >= {TARGET_RATIO:.0%} of the bare app's req/s and p99 < "
        f"{TARGET_P99_MS:.0f} ms; {WORKERS} sync gunicorn workers each, "
        f"cpu count {os.cpu_count()}"
    )


def log_problems(server: Server) -> list[str]:
    """Lines in gunicorn's log that look like trouble (tracebacks, errors, worker timeouts)."""
    pattern = re.compile(r"Traceback|\bERROR\b|CRITICAL|WORKER TIMEOUT|Exception", re.I)
    return [line for line in server.log_text().splitlines() if pattern.search(line)]


def write_json(
    path: Path,
    args: argparse.Namespace,
    results: list[PageResult],
    bare: WrkResult,
    problems: dict[str, list[str]],
) -> None:
    data = {
        "settings": {
            "duration": args.duration,
            "threads": args.threads,
            "connections": args.connections,
            "workers": WORKERS,
            "cpu_count": os.cpu_count(),
            "target": {"min_ratio": TARGET_RATIO, "max_p99_ms": TARGET_P99_MS},
        },
        "bare": asdict(bare),
        "pages": [{**asdict(r), "ratio": r.ratio, "passed": r.passed} for r in results],
        "log_problems": problems,
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    log(f"results written to {path}")


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="PostgreSQL URL of the benchmark database; it is DROPPED and "
        "recreated (its name must contain 'bench'). "
        f"Default: {DEFAULT_DATABASE_URL}",
    )
    parser.add_argument("--duration", default="20s", help="wrk duration per page (default 20s)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    try:
        duration_seconds(args.duration)  # validate early
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    args.wrk = shutil.which("wrk")
    if not args.wrk:
        parser.error("wrk is not on PATH (Debian: apt-get install wrk)")
    return args


def benchmark(args: argparse.Namespace, workdir: Path) -> int:
    reset_database(args.database_url)
    load_demo(args.database_url, workdir / "instance")

    results: list[PageResult] = []
    problems: dict[str, list[str]] = {}

    bare_dir = workdir / "bare"
    bare_dir.mkdir()
    (bare_dir / "bare_app.py").write_text(BARE_APP)
    bare_env = {k: v for k, v in os.environ.items() if k not in {"LMS_DEBUG", "FLASK_DEBUG"}}
    with gunicorn(
        "bare", "bare_app:app", cwd=bare_dir, env=bare_env, log_dir=workdir, probe_path="/"
    ) as server:
        check_and_warm(server.base_url + "/", None)
        bare = run_wrk(server.base_url + "/", None, args)
    problems[server.name] = log_problems(server)

    env = base_env(args.database_url, workdir / "instance")
    env.update(
        {
            "SECRET_KEY": secrets.token_hex(32),
            "SESSION_COOKIE_SECURE": "0",
            "LMS_LOGIN_RATE_LIMIT": "1000 per minute",
        }
    )
    with gunicorn(
        "lms", "lms.wsgi:app", cwd=ROOT, env=env, log_dir=workdir, probe_path="/login"
    ) as server:
        log(f"signing in as {DEMO_USER}")
        cookie = sign_in(server.base_url, DEMO_USER, DEMO_PASSWORD)
        pages = [
            "/learn/",
            "/courses/",
            f"/courses/{COURSE}",
            first_lesson_path(server.base_url, cookie, COURSE),
        ]
        for path in pages:
            check_and_warm(server.base_url + path, cookie)
        log("all pages answer 200 with the learner's cookie")
        for path in pages:
            results.append(
                PageResult(
                    path, server.base_url + path, run_wrk(server.base_url + path, cookie, args)
                )
            )
    problems[server.name] = log_problems(server)

    judge(results, bare)
    print_table(results, bare)
    for name, lines in problems.items():
        if lines:
            print(f"\ngunicorn ({name}) log has {len(lines)} suspicious line(s), e.g.:")
            for line in lines[:10]:
                print(f"  {line}")
    if args.json:
        write_json(args.json, args, results, bare, problems)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lms-bench-") as tmp:
        try:
            return benchmark(args, Path(tmp))
        except BenchError as exc:
            print(f"[bench] ERROR: {exc}", file=sys.stderr, flush=True)
            return 1
        except subprocess.TimeoutExpired as exc:
            print(f"[bench] ERROR: timed out: {exc}", file=sys.stderr, flush=True)
            return 1


if __name__ == "__main__":
    sys.exit(main())
