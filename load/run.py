"""`make load`: the app under gunicorn and PostgreSQL, on loopback, with simulated nurses.

1. Drops and recreates the load database (its name must contain "load"), migrates it,
   seeds the demo hospital and creates the simulated nurses (load/create_nurses.py).
2. Starts gunicorn on 127.0.0.1 on a free port, DEBUG off, and waits for it.
3. Runs the nurses (load/nurses.py) for a fixed time; they stop by themselves.
4. Stops gunicorn (also on Ctrl-C or an error), then compares the database with what
   the server answered: every check submission answered by a redirect to the board
   must be in the database once, and no other check may have been recorded.
5. Prints the figures, writes them to load/results.json, and exits 1 if any request
   got a server error (5xx, or no answer), any check was lost, unexpected, duplicated
   or stored otherwise than submitted, or a nurse got an answer she should not have.

    python -m load.run --nurses 50 --seconds 60
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

from load.nurses import LOAD_SITE_MARK, Nurse, Outcome, Plan
from load.report import print_report, summarise, write_samples

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
LOOPBACK = "127.0.0.1"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/hospital_load"
# Databases this script must never drop, whatever it is told.
PROTECTED = {"hospital", "test_hospital", "postgres", "template0", "template1"}


def main() -> int:
    args = parse_args()
    database = check_database_url(args.database_url)
    secret = secrets.token_urlsafe(50)
    password = secrets.token_urlsafe(18)
    env = os.environ | {
        "DATABASE_URL": args.database_url,
        "DEBUG": "false",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": LOOPBACK,
        "PRODUCTION": "false",
        "LOG_LEVEL": "WARNING",
        "LOAD_NURSE_PASSWORD": password,
        "PYTHONUNBUFFERED": "1",
    }
    signal.signal(signal.SIGTERM, _exit_on_sigterm)

    step(f"Recreating database {database['name']} on {database['host']}:{database['port']}")
    recreate_database(args.database_url, database["name"])
    step("Migrating and seeding the demo hospital")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "seed_demo", "--verbosity", "0", quiet=True)
    created = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [PYTHON, "-m", "load.create_nurses", str(args.nurses)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    nurses = json.loads(created.stdout)
    wards = Counter(n["ward"] for n in nurses)
    print(f"  {len(nurses)} simulated nurses: " + ", ".join(f"{w} {c}" for w, c in wards.items()))

    port = free_port()
    log_path = HERE / "gunicorn.log"
    server_settings = {
        "bind": LOOPBACK,
        "workers": args.workers,
        "threads": args.threads,
        "worker_class": "sync" if args.threads == 1 else "gthread",
    }
    step(
        f"Starting gunicorn on http://{LOOPBACK}:{port} ({args.workers} workers x "
        f"{args.threads} threads, {server_settings['worker_class']}); log: {log_path}"
    )
    server_cpu = cpu_seconds(resource.RUSAGE_CHILDREN)
    with log_path.open("w") as log:
        server = start_gunicorn(env, port, args.workers, args.threads, log)
    outcomes: list[Outcome] = []
    started_at = datetime.now(UTC)
    interrupted = False
    try:
        wait_until_answering(server, port, log_path)
        before = database_baseline(args.database_url)
        started_at = datetime.now(UTC)
        step(f"Running {args.nurses} nurses for {args.seconds:g} s")
        load_before = os.getloadavg()[0]
        client_cpu = cpu_seconds(resource.RUSAGE_SELF)
        outcomes, elapsed = run_nurses(nurses, port, password, args)
        client_cpu = cpu_seconds(resource.RUSAGE_SELF) - client_cpu
    except KeyboardInterrupt:
        interrupted = True
    finally:
        stop_gunicorn(server)
    if interrupted:
        print("\nInterrupted: gunicorn stopped, no report.", file=sys.stderr)
        return 130
    # The master and its workers, reaped by now (start-up included: a few tenths of a second).
    server_cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - server_cpu

    integrity = check_database(args.database_url, started_at, before, outcomes)
    results = summarise(args, server_settings, outcomes, elapsed, integrity, log_path)
    results["started_at"] = started_at.isoformat(timespec="seconds")
    results["cpu_s"] = {"gunicorn": round(server_cpu, 1), "nurses": round(client_cpu, 1)}
    # Other work on the machine slows the run down: its load average says how much.
    results["load_average_1min"] = {
        "before": round(load_before, 2),
        "after": round(os.getloadavg()[0], 2),
    }
    write_samples(outcomes, HERE / "samples.csv")
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_report(results)
    print(f"\nFigures written to {(HERE / 'results.json').relative_to(ROOT)}")
    return 0 if results["passed"] else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nurses", type=int, default=50, help="simulated nurses (50)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the run (60)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1)")
    parser.add_argument("--think", type=float, default=0.2, help="max pause, s (0.2)")
    parser.add_argument("--ramp", type=float, default=5, help="log-ins spread over, s (5)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed of the nurses")
    parser.add_argument(
        "--no-resite",
        dest="resite",
        action="store_false",
        help="do not add and remove IVs once a board has nothing left to check",
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    args = parser.parse_args()
    if args.nurses < 1 or args.seconds <= 0 or args.workers < 1 or args.threads < 1:
        parser.error("nurses, seconds, workers and threads must be positive")
    return args


def step(text: str) -> None:
    print(f"== {text}", flush=True)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # the same clean-up as Ctrl-C


# --- Set-up ----------------------------------------------------------------------------


def check_database_url(url: str) -> dict[str, str]:
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit(f"Not a PostgreSQL URL: {url}")
    if parts.hostname not in (LOOPBACK, "localhost", "::1"):
        sys.exit(f"The load database must be on a loopback address, not {parts.hostname}.")
    if name in PROTECTED or "load" not in name:
        sys.exit(f"Refusing to drop database {name!r}: its name must contain 'load'.")
    return {"name": name, "host": parts.hostname, "port": str(parts.port or 5432)}


def recreate_database(url: str, name: str) -> None:
    maintenance = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env: dict[str, str], *command: str, quiet: bool = False) -> None:
    subprocess.run(  # noqa: S603 (manage.py with fixed arguments)
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def start_gunicorn(
    env, port: int, workers: int, threads: int, log, timeout: int = 30
) -> subprocess.Popen:
    """gunicorn on loopback, sync workers when `threads` is 1, gthread otherwise."""
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "hospital.wsgi:application",
        "--bind",
        f"{LOOPBACK}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--no-control-socket",
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        "10",
    ]
    # Its own session: Ctrl-C reaches this script, which then stops gunicorn itself.
    return subprocess.Popen(  # noqa: S603 (gunicorn with fixed arguments)
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_until_answering(server: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}):\n{tail(log_path)}")
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
        try:
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within 30 s:\n{tail(log_path)}")


def stop_gunicorn(server: subprocess.Popen) -> None:
    """SIGTERM to the master (it stops its workers); SIGKILL to its process group if it
    has not stopped after 15 s."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)
    step(f"gunicorn stopped ({server.returncode})")


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# --- The run ---------------------------------------------------------------------------


def run_nurses(nurses: list[dict], port: int, password: str, args) -> tuple[list[Outcome], float]:
    stop = threading.Event()
    start = time.monotonic()
    plan = Plan(
        port=port,
        password=password,
        deadline=start + args.seconds,
        stop=stop,
        think=args.think,
        ramp=min(args.ramp, args.seconds / 4),
        resite=args.resite,
    )
    people = [
        Nurse(i, n["username"], n["ward"], plan, args.seed * 1000 + i)
        for i, n in enumerate(nurses, start=1)
    ]
    threads = [threading.Thread(target=p.run, daemon=True, name=p.outcome.nurse) for p in people]
    try:
        for thread in threads:
            thread.start()
        # Every request has a 30 s timeout, so the last one ends soon after the deadline.
        for thread in threads:
            while thread.is_alive():
                thread.join(timeout=0.5)
    except KeyboardInterrupt:
        stop.set()
        raise
    return [p.outcome for p in people], time.monotonic() - start


# --- The database afterwards -----------------------------------------------------------


def database_baseline(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        checks, points = conn.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM checklists_check),"
            " (SELECT coalesce(max(id), 0) FROM checklists_entrypoint)"
        ).fetchone()
    return {"check_id": checks, "entry_point_id": points}


def check_database(url: str, started_at: datetime, before: dict, outcomes: list[Outcome]):
    """Compare what the server accepted with what the database holds."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT c.id, ep.public_id::text, c.clinical_date::text, u.username,"
            "       c.template_id, c.recorded_at >= %s, c.id > %s"
            " FROM checklists_check c"
            " JOIN checklists_entrypoint ep ON ep.id = c.entry_point_id"
            " JOIN checklists_user u ON u.id = c.recorded_by_id"
            " WHERE c.corrects_id IS NULL AND (c.recorded_at >= %s OR c.id > %s)",
            (started_at, before["check_id"], started_at, before["check_id"]),
        ).fetchall()
        ids = [r[0] for r in rows]
        answers: dict[int, dict[str, str]] = defaultdict(dict)
        for check_id, code, value in conn.execute(
            "SELECT a.check_record_id, i.code, a.value FROM checklists_answer a"
            " JOIN checklists_checklistitem i ON i.id = a.item_id"
            " WHERE a.check_record_id = ANY(%s)",
            (ids,),
        ):
            answers[check_id][code] = value
        items = dict(
            conn.execute(
                "SELECT template_id, count(*) FROM checklists_checklistitem GROUP BY template_id"
            ).fetchall()
        )
        points = conn.execute(
            "SELECT ep.public_id::text, ep.body_site, ep.removed_at IS NOT NULL, u.username"
            " FROM checklists_entrypoint ep JOIN checklists_user u ON u.id = ep.created_by_id"
            " WHERE ep.id > %s OR ep.created_at >= %s OR ep.body_site LIKE %s",
            (before["entry_point_id"], started_at, LOAD_SITE_MARK + "%"),
        ).fetchall()
        removed_by_load = {
            r[0]
            for r in conn.execute(
                "SELECT ep.public_id::text FROM checklists_entrypoint ep"
                " JOIN checklists_user u ON u.id = ep.removed_by_id"
                " WHERE u.username LIKE %s",
                ("load%",),
            )
        }

    saved = [s for o in outcomes for s in o.saved]
    answered = Counter((s.entry_point, s.day) for s in saved)
    in_db = Counter((r[1], r[2]) for r in rows)
    # Both ways of finding the run's checks (by time and by id) must agree.
    by_time_only = sum(1 for r in rows if r[5] and not r[6])
    by_id_only = sum(1 for r in rows if r[6] and not r[5])
    db_row = {(r[1], r[2]): r for r in rows}
    mismatched = []
    for s in saved:
        row = db_row.get((s.entry_point, s.day))
        if row is None:
            continue
        stored = answers.get(row[0], {})
        wrong = {c: (v, stored.get(c)) for c, v in s.answers.items() if stored.get(c) != v}
        if row[3] != s.nurse or wrong or len(stored) != items.get(row[4]):
            mismatched.append(
                {
                    "entry_point": s.entry_point,
                    "day": s.day,
                    "nurse": [s.nurse, row[3]],
                    "answers_stored": len(stored),
                    "items": items.get(row[4]),
                    "wrong": wrong,
                }
            )

    added = Counter(site for o in outcomes for site in o.added)
    added_db = Counter(p[1] for p in points)
    removed = Counter(pid for o in outcomes for pid in o.removed)
    return {
        "checks": {
            "saved": sum(answered.values()),
            "in_database": sum(in_db.values()),
            "lost": sorted(map(list, answered.keys() - in_db.keys())),
            "unexpected": sorted(map(list, in_db.keys() - answered.keys())),
            "duplicated": sum(n - 1 for n in answered.values() if n > 1)
            + sum(n - 1 for n in in_db.values() if n > 1),
            "mismatched": mismatched,
            "found_by_time_only": by_time_only,
            "found_by_id_only": by_id_only,
        },
        "entry_points": {
            "added": sum(added.values()),
            "in_database": sum(added_db.values()),
            "lost": sorted(added.keys() - added_db.keys()),
            "unexpected": sorted(added_db.keys() - added.keys()),
            "duplicated": sum(n - 1 for n in added.values() if n > 1)
            + sum(n - 1 for n in added_db.values() if n > 1),
            "removed": sum(removed.values()),
            "removals_lost": sorted(removed.keys() - removed_by_load),
            "removals_unexpected": sorted(removed_by_load - removed.keys()),
        },
    }


if __name__ == "__main__":
    sys.exit(main())
