"""The benchmark's databases: the hospital-scale demo with N days of history, on SQLite
(a file under bench/.cache/) or PostgreSQL (a database named bench_histN on loopback).

Seeding a year takes minutes, so a database is kept and reused while its stamp (a JSON
file in bench/.cache/) matches: seeded today (the hospital's date: the demo's history
ends today), with the same number of days, and with the same migrations and demo code
(a hash of checklists/migrations/*.py and checklists/demo/*.py). Otherwise it is
dropped, migrated and seeded again. `--fresh` always seeds again. Then, every run, the
app's `manage.py rollup` if it has one, and on PostgreSQL an ANALYZE.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from load.run import LOOPBACK, PYTHON, ROOT, manage, recreate_database

CACHE = ROOT / "bench" / ".cache"
SCALE = "hospital"
ENGINES = ("sqlite", "postgres")
ENGINE_LABELS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


@dataclass(frozen=True)
class Database:
    engine: str  # "sqlite" or "postgres"
    days: int
    url: str

    @property
    def name(self) -> str:
        return f"bench_hist{self.days}"

    @property
    def label(self) -> str:
        return f"{ENGINE_LABELS[self.engine]}, {self.days} days"

    @property
    def stamp_path(self) -> Path:
        return CACHE / f"{self.engine}-{self.name}.stamp.json"

    @property
    def sqlite_path(self) -> Path:
        return CACHE / f"{self.name}.sqlite3"


def database_for(engine: str, days: int, postgres_server: str) -> Database:
    if engine == "sqlite":
        return Database(engine, days, f"sqlite:///{CACHE / f'bench_hist{days}.sqlite3'}")
    return Database(engine, days, postgres_url(postgres_server, f"bench_hist{days}"))


def postgres_url(server: str, name: str) -> str:
    """The server URL (postgres://user@host:port) with the database name; refuses a
    server that is not on this machine and a name without "bench" (it will be dropped)."""
    parts = urllib.parse.urlsplit(server)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"Not a PostgreSQL URL: {server}")
    if parts.hostname not in (LOOPBACK, "localhost", "::1"):
        raise SystemExit(
            f"The bench databases must be on a loopback address, not {parts.hostname}."
        )
    if "bench" not in name:
        raise SystemExit(f"Refusing to use database {name!r}: its name must contain 'bench'.")
    return parts._replace(path=f"/{name}").geturl()


def hospital_today() -> str:
    zone = ZoneInfo(os.environ.get("HOSPITAL_TIME_ZONE", "Europe/London"))
    return datetime.now(UTC).astimezone(zone).date().isoformat()


def code_hash() -> str:
    """What the seeded data depends on besides the day: the schema and the demo code."""
    digest = hashlib.sha256()
    for folder in ("migrations", "demo"):
        for path in sorted((ROOT / "checklists" / folder).glob("*.py")):
            digest.update(f"{folder}/{path.name}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:16]


def wanted_stamp(db: Database) -> dict:
    return {
        "seeded": hospital_today(),
        "days": db.days,
        "scale": SCALE,
        "code": code_hash(),
        "engine": db.engine,
    }


def exists(db: Database) -> bool:
    if db.engine == "sqlite":
        return db.sqlite_path.is_file()
    import psycopg

    maintenance = urllib.parse.urlsplit(db.url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db.name,)).fetchone()
    return row is not None


def reusable(db: Database) -> tuple[bool, str]:
    """Whether the database may be reused, and if not why not."""
    if not db.stamp_path.is_file():
        return False, "no stamp"
    try:
        stamp = json.loads(db.stamp_path.read_text())
    except (OSError, ValueError):
        return False, "unreadable stamp"
    wanted = wanted_stamp(db)
    changed = [k for k in wanted if stamp.get(k) != wanted[k]]
    if changed:
        return False, "stamp differs in " + ", ".join(changed)
    if not exists(db):
        return False, "database missing"
    return True, f"seeded today ({stamp['seeded']}) with the same code"


def prepare(db: Database, env: dict[str, str], fresh: bool, say) -> dict:
    """Make sure `db` holds the seeded hospital; then run the roll-up if the app has the
    command. Returns what was done and how long it took."""
    CACHE.mkdir(parents=True, exist_ok=True)
    env = env | {"DATABASE_URL": db.url}
    info: dict = {"engine": db.engine, "days": db.days, "database": db.name}
    ok, why = (False, "--fresh") if fresh else reusable(db)
    if ok:
        say(f"{db.label}: reusing {db.name} ({why})")
        info["seeded"] = "reused"
    else:
        say(f"{db.label}: seeding {db.name} ({why}); this takes minutes for a long history")
        db.stamp_path.unlink(missing_ok=True)
        started = time.monotonic()
        if db.engine == "sqlite":
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{db.sqlite_path}{suffix}").unlink(missing_ok=True)
        else:
            recreate_database(db.url, db.name)
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(
            env,
            "seed_demo",
            "--scale",
            SCALE,
            "--days",
            str(db.days),
            "--verbosity",
            "0",
            quiet=True,
        )
        info["seeded"] = "now"
        info["seed_s"] = round(time.monotonic() - started, 1)
        stamp = wanted_stamp(db) | {"at": datetime.now(UTC).isoformat(timespec="seconds")}
        db.stamp_path.write_text(json.dumps(stamp, indent=2) + "\n")
        say(f"{db.label}: seeded in {info['seed_s']:.0f} s")
    if has_command(env, "rollup"):
        started = time.monotonic()
        manage(env, "rollup", "--verbosity", "0", quiet=True)
        info["rollup_s"] = round(time.monotonic() - started, 1)
        say(f"{db.label}: manage.py rollup took {info['rollup_s']:.1f} s")
    else:
        info["rollup_s"] = None
    if db.engine == "postgres":
        # Fresh statistics for the planner, as autovacuum would gather soon after a bulk
        # load (and does not where it is turned off, as on some test servers): without
        # them a year's history makes the board's plans many times slower.
        started = time.monotonic()
        analyze(db.url)
        info["analyze_s"] = round(time.monotonic() - started, 1)
    return info


def analyze(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def has_command(env: dict[str, str], name: str) -> bool:
    answer = subprocess.run(  # noqa: S603 (manage.py with fixed arguments)
        [PYTHON, "manage.py", "help", name],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    return answer.returncode == 0
