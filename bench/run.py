"""`make bench`: the app's speed against floors measured in the same run, on SQLite and
PostgreSQL, with the 40-ward demo hospital (seed_demo --scale hospital).

For each database engine, two databases: 30 and 365 days of history (--days-small,
--days-large), seeded once a day and reused (bench/databases.py). For each database:

1. fresh peripheral IVs on the ICU's patients, one per check to record (bench/fixtures.py);
2. gunicorn on 127.0.0.1 (2 sync workers, DEBUG off), and on it, each after a warm-up
   and repeated (median quoted):
   - floor: GET /health/ (answers "ok" and reads nothing): req/s with 4 clients, and
     the median latency with 1 client;
   - the ward board of 5A (35 beds) as `nurse`: req/s with 4 clients;
   - the hospital overview and ward 5A's dashboard (last 4 weeks) as `ipclead`: the
     median latency with 1 client;
   - recording a check (POST, "All as expected", answered by the redirect that says it
     was saved), each on a new IV: req/s with 4 clients;
   - recording a sepsis screen (POST, readings scoring NEWS2 0, answered by the redirect
     to the new screen's page), each a new screen for the next ICU patient: req/s with 4
     clients;
   then the peak memory of each gunicorn worker, and gunicorn is stopped;
3. gunicorn again with PAGE_CACHE=false, and on it the board and the overview once more:
   what the first view after a write costs (2 and 3: bench/http.py);
4. the IVs are removed again.
Then, on each engine's long-history database, the PDF reports in a process of their
own (bench/pdfs.py). Prints a table, writes bench/results.json. Exit status 0 when the
harness worked, whether or not the targets were met (MISSED says which were not);
1 if it did not (a server error, a check or screen not saved, a log-in refused, a crash).

    python -m bench.run [--quick] [--fresh] [--engines sqlite,postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from bench import databases
from bench.client import (
    HarnessError,
)
from bench.databases import ENGINES, Database
from bench.figures import TARGETS, figure_rows, print_table
from bench.http import BOARD_WARD, PATHS, measure_http, say
from load.run import LOOPBACK, PYTHON, ROOT

HERE = ROOT / "bench"
RESULTS = HERE / "results.json"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    started = datetime.now(UTC)
    results: dict = {
        "date": started.isoformat(timespec="seconds"),
        "git": git_info(),
        "machine": machine_info(),
        "settings": settings_of(args),
        "targets": TARGETS,
        "databases": {},
        "http": {},
        "pdf": {},
        "harness_failures": [],
    }
    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": LOOPBACK,
        "PRODUCTION": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DATABASE_URL", None)
    days = (args.days_small, args.days_large)
    dbs = {
        engine: [databases.database_for(engine, d, args.postgres_url) for d in days]
        for engine in args.engines
    }
    try:
        step("Databases")
        for engine, pair in dbs.items():
            for db in pair:
                info = databases.prepare(db, env, args.fresh, say)
                results["databases"].setdefault(engine, {})[str(db.days)] = info
        for engine, pair in dbs.items():
            for db in pair:
                step(f"HTTP on {db.label}")
                try:
                    figures = measure_http(db, env, args)
                except HarnessError as exc:
                    failure = f"{db.label}: {exc}"
                    print(f"  HARNESS FAILURE: {failure}", file=sys.stderr)
                    results["harness_failures"].append(failure)
                    continue
                results["http"].setdefault(engine, {})[str(db.days)] = figures
                results["harness_failures"] += [f"{db.label}: {e}" for e in figures["failures"]]
        if not args.no_pdfs:
            for engine, pair in dbs.items():
                db = pair[1]
                step(f"PDF reports on {db.label}")
                figures = measure_pdfs(db, env, args)
                if "error" in figures:
                    results["harness_failures"].append(f"{db.label} PDFs: {figures['error']}")
                results["pdf"][engine] = figures
    except KeyboardInterrupt:
        print("\nInterrupted: gunicorn stopped, no report.", file=sys.stderr)
        return 130
    except psycopg.OperationalError as exc:
        failure = f"PostgreSQL at {args.postgres_url}: {exc} (--engines sqlite does without it)"
        results["harness_failures"].append(failure)
        print(f"HARNESS FAILURE: {failure}", file=sys.stderr)
    except subprocess.CalledProcessError as exc:
        results["harness_failures"].append(
            f"{' '.join(map(str, exc.cmd[1:4]))}: exit {exc.returncode}"
        )
        print(f"HARNESS FAILURE: {exc}", file=sys.stderr)
    results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round((datetime.now(UTC) - started).total_seconds())
    rows = figure_rows(results, args, BOARD_WARD)
    results["figures"] = rows
    results["missed"] = [r["key"] for r in rows if r.get("result", "").startswith("MISSED")]
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_table(results, rows)
    print(f"\nFigures written to {RESULTS.relative_to(ROOT)}")
    if results["harness_failures"]:
        print("HARNESS FAILED:", file=sys.stderr)
        for failure in results["harness_failures"]:
            print(f"  {failure}", file=sys.stderr)
        return 1
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--engines",
        default=",".join(ENGINES),
        help="comma-separated: sqlite, postgres (default both)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help=f"PostgreSQL server on loopback, without a database name ({DEFAULT_POSTGRES})",
    )
    parser.add_argument("--days-small", type=int, default=30, help="short history, days (30)")
    parser.add_argument("--days-large", type=int, default=365, help="long history, days (365)")
    parser.add_argument("--fresh", action="store_true", help="seed the databases again")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="shorter: 1 s warm-up, 2 repetitions of 2 s, fewer checks and PDF runs",
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients for req/s (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--warmup", type=float, help="warm-up seconds (2; quick 1)")
    parser.add_argument("--seconds", type=float, help="seconds per repetition (5; quick 2)")
    parser.add_argument("--repeats", type=int, help="repetitions (3; quick 2)")
    parser.add_argument("--checks", type=int, help="checks per repetition (150; quick 40)")
    parser.add_argument("--pdf-repeats", type=int, help="timed builds per PDF (3; quick 1)")
    parser.add_argument("--no-pdfs", action="store_true", help="skip the PDF reports")
    args = parser.parse_args()
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if not args.engines or any(e not in ENGINES for e in args.engines):
        parser.error(f"--engines takes {', '.join(ENGINES)}")
    quick = args.quick
    defaults = {
        "warmup": 1.0 if quick else 2.0,
        "seconds": 2.0 if quick else 5.0,
        "repeats": 2 if quick else 3,
        "checks": 40 if quick else 150,
        "pdf_repeats": 1 if quick else 3,
    }
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if min(args.days_small, args.days_large, args.clients, args.workers, args.repeats) < 1:
        parser.error("days, clients, workers and repeats must be at least 1")
    if args.days_small >= args.days_large:
        parser.error("--days-small must be less than --days-large")
    return args


def settings_of(args) -> dict:
    return {
        "engines": args.engines,
        "days": [args.days_small, args.days_large],
        "quick": args.quick,
        "clients": args.clients,
        "gunicorn": {"workers": args.workers, "worker_class": "sync", "bind": LOOPBACK},
        "warmup_s": args.warmup,
        "repetition_s": args.seconds,
        "repetitions": args.repeats,
        "checks_per_repetition": args.checks,
        "pdf_repetitions": args.pdf_repeats,
        "paths": PATHS,
    }


def step(text: str) -> None:
    print(f"== {text}", flush=True)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # the same clean-up as Ctrl-C


def git_info() -> dict:
    def git(*command: str) -> str:
        answer = subprocess.run(  # noqa: S603 (git with fixed arguments)
            ["git", *command],  # noqa: S607 (git from PATH)
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        return answer.stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def machine_info() -> dict:
    memory = ""
    try:
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split(":")[1].strip()
    except (OSError, IndexError):
        pass
    return {
        "cpus": os.cpu_count(),
        "memory": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }


# --- PDFs --------------------------------------------------------------------------------


def measure_pdfs(db: Database, env: dict[str, str], args) -> dict:
    answer = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [PYTHON, "-m", "bench.pdfs", str(args.pdf_repeats)],
        cwd=ROOT,
        env=env | {"DATABASE_URL": db.url},
        capture_output=True,
        text=True,
        check=False,
    )
    if answer.returncode != 0:
        return {"error": f"exit {answer.returncode}: {answer.stderr.strip()[-2000:]}"}
    figures = json.loads(answer.stdout)
    for name in ("ward_month", "hospital_quarter"):
        f = figures[name]
        say(
            f"{name.replace('_', ' ')} {f['period'][0]} to {f['period'][1]}: app {f['app_s']:.2f} s"
            f" ({f['pages']} pages), bare ReportLab {f['floor_s']:.2f} s ({f['floor_pages']} pages)"
            + (f", peak {f['peak_rss_mb']} MB" if "peak_rss_mb" in f else "")
        )
    return figures


if __name__ == "__main__":
    sys.exit(main())
