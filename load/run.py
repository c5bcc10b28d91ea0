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
import csv
import http.client
import json
import math
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


def write_samples(outcomes: list[Outcome], path: Path) -> None:
    """Every request, for a closer look: seconds from the first one, nurse, kind..."""
    samples = [(o.nurse, s) for o in outcomes for s in o.samples]
    if not samples:
        return
    first = min(s.started for _, s in samples)
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["start_s", "nurse", "kind", "method", "status", "ms", "error"])
        for nurse, s in sorted(samples, key=lambda pair: pair[1].started):
            writer.writerow(
                [
                    f"{s.started - first:.3f}",
                    nurse,
                    s.kind,
                    s.method,
                    s.status,
                    f"{s.seconds * 1000:.1f}",
                    s.error,
                ]
            )


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


# --- Report ----------------------------------------------------------------------------


def percentile(ordered: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


KIND_ORDER = [
    "login_page",
    "login",
    "board",
    "form",
    "submit",
    "add_form",
    "add",
    "remove_form",
    "remove",
]


def summarise(args, server_settings, outcomes, elapsed, integrity, log_path) -> dict:
    samples = [s for o in outcomes for s in o.samples]
    by_kind: dict[str, list] = defaultdict(list)
    for s in samples:
        by_kind[s.kind].append(s)
    kinds = {}
    for kind in sorted(by_kind, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else 99):
        ms = sorted(s.seconds * 1000 for s in by_kind[kind])
        kinds[kind] = {
            "requests": len(ms),
            "p50_ms": round(percentile(ms, 50), 1),
            "p90_ms": round(percentile(ms, 90), 1),
            "p99_ms": round(percentile(ms, 99), 1),
            "max_ms": round(ms[-1], 1),
            "statuses": dict(sorted(Counter(str(s.status) for s in by_kind[kind]).items())),
        }
    all_ms = sorted(s.seconds * 1000 for s in samples)
    if samples:
        first = min(s.started for s in samples)
        last = max(s.started + s.seconds for s in samples)
        span = max(last - first, 1e-9)
    else:
        span = elapsed
    # Requests and median latency second by second: the logins' cost shows at the start.
    timeline = []
    if samples:
        per_second: dict[int, list[float]] = defaultdict(list)
        for s in samples:
            per_second[int(s.started - first)].append(s.seconds * 1000)
        for second in range(max(per_second) + 1):
            ms = sorted(per_second.get(second, []))
            timeline.append([second, len(ms), round(percentile(ms, 50), 1)])
    server_errors = [s for s in samples if s.status == 0 or s.status >= 500]
    log_text = log_path.read_text(errors="replace")
    checks, points = integrity["checks"], integrity["entry_points"]
    logged_in = sum(o.logged_in for o in outcomes)
    unexpected_answers = [u for o in outcomes for u in o.unexpected]
    refused = [r for o in outcomes for r in o.refused]
    removal_refused = [r for o in outcomes for r in o.removal_refused]
    submissions = kinds.get("submit", {}).get("requests", 0)
    failures = {
        "server_errors": len(server_errors),
        "lost_checks": len(checks["lost"]),
        "unexpected_checks": len(checks["unexpected"]),
        "duplicated_checks": checks["duplicated"],
        "mismatched_checks": len(checks["mismatched"]),
        "entry_point_discrepancies": len(points["lost"])
        + len(points["unexpected"])
        + points["duplicated"]
        + len(points["removals_lost"])
        + len(points["removals_unexpected"]),
        "nurses_not_logged_in": len(outcomes) - logged_in,
        "unexpected_answers": len(unexpected_answers),
        "refused_submissions": len(refused) + len(removal_refused),
        "no_check_saved": int(checks["saved"] == 0),
    }
    return {
        "passed": not any(failures.values()),
        "failures": failures,
        "nurses": args.nurses,
        "seconds": args.seconds,
        "think_max_s": args.think,
        "resite": args.resite,
        "seed": args.seed,
        "server": {"bind": LOOPBACK, **server_settings},
        "cpus": os.cpu_count(),
        "ramp_s": args.ramp,
        "run_s": round(elapsed, 1),
        "requests": len(samples),
        "requests_per_s": round(len(samples) / span, 1),
        "latency_ms": {
            "p50": round(percentile(all_ms, 50), 1),
            "p90": round(percentile(all_ms, 90), 1),
            "p99": round(percentile(all_ms, 99), 1),
            "max": round(all_ms[-1], 1) if all_ms else 0.0,
        },
        "kinds": kinds,
        "timeline_second_requests_p50ms": timeline,
        "statuses": dict(sorted(Counter(str(s.status) for s in samples).items())),
        "server_errors": [f"{s.kind} {s.method} {s.status} {s.error}" for s in server_errors][:20],
        "tracebacks_in_server_log": log_text.count("Traceback"),
        "submissions": {
            "sent": submissions,
            "saved": checks["saved"],
            "already_recorded": sum(o.already_recorded for o in outcomes),
            "device_removed_meanwhile": sum(o.removed_meanwhile for o in outcomes),
            "refused": Counter(refused).most_common(10),
            "saved_fast_path": sum(s.fast for o in outcomes for s in o.saved),
        },
        "removals_refused": Counter(removal_refused).most_common(10),
        "unexpected_answers": Counter(unexpected_answers).most_common(10),
        "integrity": integrity,
    }


def print_report(r: dict) -> None:
    server = r["server"]
    print(
        f"\n== Load: {r['nurses']} nurses, {r['seconds']:g} s, gunicorn {server['workers']} "
        f"workers x {server['threads']} threads ({server['worker_class']}) on "
        f"{server['bind']}, {r['cpus']} CPUs"
    )
    lat = r["latency_ms"]
    print(
        f"requests: {r['requests']} = {r['requests_per_s']} req/s; latency ms "
        f"p50 {lat['p50']}  p90 {lat['p90']}  p99 {lat['p99']}  max {lat['max']}"
    )
    cpu = r.get("cpu_s", {})
    if cpu:
        load = r["load_average_1min"]
        print(
            f"CPU seconds used: gunicorn {cpu['gunicorn']}, simulated nurses {cpu['nurses']}; "
            f"machine load average {load['before']} before, {load['after']} after"
        )
    print(f"{'kind':<12}{'n':>7}{'p50':>9}{'p90':>9}{'p99':>9}{'max':>9}  statuses (ms)")
    for kind, k in r["kinds"].items():
        statuses = " ".join(f"{code}:{n}" for code, n in k["statuses"].items())
        print(
            f"{kind:<12}{k['requests']:>7}{k['p50_ms']:>9}{k['p90_ms']:>9}"
            f"{k['p99_ms']:>9}{k['max_ms']:>9}  {statuses}"
        )
    print("status counts: " + ", ".join(f"{c}: {n}" for c, n in r["statuses"].items()))
    print(
        f"server errors (5xx or no answer): {len(r['server_errors'])}"
        f"; tracebacks in gunicorn log: {r['tracebacks_in_server_log']}"
    )
    for line in r["server_errors"]:
        print(f"  {line}")
    sub = r["submissions"]
    print(
        f"check submissions: {sub['sent']} sent, {sub['saved']} saved "
        f"({sub['saved_fast_path']} with 'All as expected'), {sub['already_recorded']} "
        f"already recorded by another nurse, {sub['device_removed_meanwhile']} refused as "
        f"the IV was removed meanwhile, {sum(n for _, n in sub['refused'])} refused otherwise"
    )
    for reason, n in sub["refused"] + r["removals_refused"] + r["unexpected_answers"]:
        print(f"  {n} x {reason}")
    checks, points = r["integrity"]["checks"], r["integrity"]["entry_points"]
    print(
        f"integrity: {checks['saved']} checks answered 302, {checks['in_database']} in the "
        f"database since the start; lost: {len(checks['lost'])}, unexpected: "
        f"{len(checks['unexpected'])}, duplicated: {checks['duplicated']}; stored otherwise "
        f"than submitted: {len(checks['mismatched'])}"
    )
    for label in ("lost", "unexpected"):
        for entry_point, day in checks[label][:10]:
            print(f"  {label}: entry point {entry_point} on {day}")
    for m in checks["mismatched"][:10]:
        print(f"  mismatched: {m}")
    print(
        f"entry points (IV re-sites): {points['added']} added, {points['in_database']} in the "
        f"database, lost {len(points['lost'])}, unexpected {len(points['unexpected'])}, "
        f"duplicated {points['duplicated']}; {points['removed']} removed, removals lost "
        f"{len(points['removals_lost'])}, unexpected {len(points['removals_unexpected'])}"
    )
    print(f"logged in: {r['nurses'] - r['failures']['nurses_not_logged_in']} of {r['nurses']}")
    failed = [name for name, n in r["failures"].items() if n]
    print("RESULT: " + ("PASS" if r["passed"] else "FAIL (" + ", ".join(failed) + ")"))


if __name__ == "__main__":
    sys.exit(main())
