"""The HTTP half of `make bench` (bench/run.py): gunicorn started on one database, the
floor, the ward board, the dashboards, recording checks and recording sepsis screens
measured on it, then the
board and the overview again on a server without the page cache; the figures, and what
went wrong, as one dict per database."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
from collections import Counter

from bench import databases, server
from bench.client import (
    Budget,
    CheckPoster,
    Client,
    HarnessError,
    Measurement,
    ScreenPoster,
    get_expecting,
    learn_check_form,
    learn_screen_form,
    logged_in,
    measure,
)
from bench.databases import Database
from load.pages import board_rows
from load.run import LOOPBACK, PYTHON, ROOT, free_port, stop_gunicorn, wait_until_answering

BOARD_WARD = "5A"  # 35 beds in the hospital-scale demo
CHECK_WARD = "ICU"  # `nurse` records there too; the fresh IVs go there, not on 5A's board
BOARD_FLAGS = 6  # flags opened between the two board measurements: a bad day on 5A
PERIOD = "4weeks"
# The last line of a Python traceback: "django.db.utils.OperationalError: database is locked".
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(?:Error|Exception|Interrupt)\b.*$", re.M)
PATHS = {
    "floor": "/health/",
    "board": f"/wards/{BOARD_WARD}/",
    "overview": f"/dashboard/?period={PERIOD}",
    "ward_dashboard": f"/wards/{BOARD_WARD}/dashboard/?period={PERIOD}",
}


def say(text: str) -> None:
    """A line of progress under the step bench/run.py announced."""
    print(f"  {text}", flush=True)


def fixture(env: dict[str, str], *command: str) -> object:
    answer = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [PYTHON, "-m", "bench.fixtures", *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(answer.stdout)


def measure_http(db: Database, env: dict[str, str], args) -> dict:
    env = env | {"DATABASE_URL": db.url}
    warm = Budget(seconds=args.warmup)
    rep = Budget(seconds=args.seconds)
    one_warm = Budget(seconds=args.warmup, least=2)
    one_rep = Budget(seconds=args.seconds, least=3)
    warm_checks = max(args.clients * 3, args.checks // 5)
    pool_size = warm_checks + args.checks * args.repeats
    say(f"adding {pool_size} peripheral IVs on {CHECK_WARD} for the checks to record")
    pool = fixture(env, "add", CHECK_WARD, str(pool_size))
    screened = fixture(env, "patients", CHECK_WARD)

    def open_flags() -> dict:
        flags = fixture(env, "flags", BOARD_WARD, str(BOARD_FLAGS))
        say(f"{BOARD_WARD}: {flags['opened']} infection flags opened, {flags['open']} open")
        return flags

    # Marks this run's screens, which stay (append-only), so that they can be counted.
    screen_note = f"[bench] screen {secrets.token_hex(6)}"
    figures: dict = {"database": db.name, "failures": []}
    port = free_port()
    log_path = databases.CACHE / f"gunicorn-{db.engine}-{db.days}.log"
    say(f"gunicorn on http://{LOOPBACK}:{port}, {args.workers} sync workers; log: {log_path}")
    try:
        with log_path.open("w") as log:
            gunicorn = server.start(env, port, args.workers, log)
        try:
            wait_until_answering(gunicorn, port, log_path)
            figures |= http_phases(
                port,
                (pool, screened, screen_note, open_flags),
                warm,
                rep,
                one_warm,
                one_rep,
                warm_checks,
                args,
            )
            figures["worker_peak_rss_mb"] = server.worker_peaks(gunicorn)
        finally:
            stop_gunicorn(gunicorn)
        # The board and the overview are kept rendered until a write (checklists.page_cache);
        # a server without that cache shows what the first view after a write costs.
        say("again with PAGE_CACHE=false: every view costs what the first after a write does")
        with log_path.open("a") as log:
            gunicorn = server.start(env | {"PAGE_CACHE": "false"}, port, args.workers, log)
        try:
            wait_until_answering(gunicorn, port, log_path)
            figures["measured"] |= uncached_phases(port, warm, rep, one_warm, one_rep, args)
        finally:
            stop_gunicorn(gunicorn)
    finally:
        cleanup = fixture(env, "remove")
        figures["fixtures"] = {"added": len(pool), **cleanup}
        figures["screens_stored"] = fixture(env, "screens", screen_note)["screens"]
        say(f"removed the {cleanup['removed']} IVs again")
    log_text = log_path.read_text(errors="replace")
    figures["tracebacks_in_server_log"] = log_text.count("Traceback")
    if figures["tracebacks_in_server_log"]:
        # The exception each traceback ends with, counted: "N x module.Error: message".
        ends = Counter(m.group(0) for m in EXCEPTION_LINE.finditer(log_text))
        figures["server_exceptions"] = dict(ends.most_common(5))
        summary = "; ".join(f"{n} x {line}" for line, n in ends.most_common(2))
        errors = log_text.count("Internal Server Error:")
        figures["failures"].append(f"{errors} server errors logged in {log_path}: {summary}")
    for name, m in figures["measured"].items():
        if m["errors"]:
            figures["failures"].append(
                f"{name}: {m['errors']} errors, e.g. {m['error_samples'][:3]}"
            )
    checks = figures["measured"]["check"]
    answered, stored = figures["checks_answered_302"], figures["fixtures"]["checks"]
    if not (answered == figures["checks_answered_302_distinct"] == stored):
        figures["failures"].append(
            f"checks: {answered} answered by the redirect, {stored} in the database"
        )
    if checks["pool_exhausted"]:
        figures["failures"].append("checks: ran out of fresh IVs")
    flags = figures["board_flag_fixture"]
    if figures["board_open_flags_after"] != figures["board_open_flags"] + flags["opened"]:
        figures["failures"].append(
            f"board: {figures['board_open_flags']} open flags, {flags['opened']} opened, then"
            f" {figures['board_open_flags_after']} shown"
        )
    if flags["opened"] < BOARD_FLAGS:
        figures["failures"].append(
            f"board: only {flags['opened']} of {BOARD_FLAGS} flags could be opened (every"
            f" line on {BOARD_WARD} is checked today: seed the bench databases again)"
        )
    answered, stored = figures["screens_answered_302"], figures["screens_stored"]
    if not (answered == figures["screens_answered_302_distinct"] == stored):
        figures["failures"].append(
            f"screens: {answered} answered by the redirect, {stored} in the database"
        )
    return figures


def measure_and_say(
    measured: dict[str, Measurement], name: str, what: str, clients, action, budgets, repeats: int
) -> None:
    """Measures `action` (budgets: warm-up, repetition), keeps it under `name`, says it."""
    result = measure(name, clients, action, *budgets, repeats)
    measured[name] = result
    figure = f"{result.rps:.1f} req/s" if len(clients) > 1 else ""
    say(
        f"{what}: {figure}{', ' if figure else ''}median {result.median_ms:.1f} ms"
        f" ({sum(r.requests for r in result.repetitions)} requests"
        f"{f', {result.errors} ERRORS' if result.errors else ''})"
    )


def http_phases(port, to_record, warm, rep, one_warm, one_rep, warm_checks: int, args) -> dict:
    """`to_record`: the fresh IVs to check, the patients to screen, the screens' note,
    and what opens infection flags on the board's ward."""
    pool, screened, screen_note, open_flags = to_record
    measured: dict[str, Measurement] = {}

    def run(name: str, what, clients, action, warmup: Budget, repetition: Budget) -> None:
        measure_and_say(measured, name, what, clients, action, (warmup, repetition), args.repeats)

    anonymous = [Client(port, f"anonymous-{n}") for n in range(args.clients)]
    floor = get_expecting(PATHS["floor"], contains="ok")
    run("floor", "floor GET /health/", anonymous, floor, warm, rep)
    run("floor_latency", "floor GET /health/, one client", anonymous[:1], floor, one_warm, one_rep)

    nurses = logged_in(port, "nurse", args.clients)
    board_points, board_patients, board_open_flags = _board_shown(nurses[0])
    board = get_expecting(PATHS["board"], contains="data-entry-point")
    run("board", f"board of {BOARD_WARD} as nurse", nurses, board, warm, rep)
    # The same board again, with BOARD_FLAGS more open infection flags: what they cost.
    flags = open_flags()
    *_, board_open_flags_after = _board_shown(nurses[0])
    what = f"board of {BOARD_WARD} as nurse, {flags['opened']} more open flags"
    run("board_flags", what, nurses, board, warm, rep)

    lead = logged_in(port, "ipclead", 1)
    overview = get_expecting(PATHS["overview"])
    run("overview", "hospital overview, 4 weeks, as ipclead", lead, overview, one_warm, one_rep)
    ward = get_expecting(PATHS["ward_dashboard"])
    run("ward_dashboard", f"{BOARD_WARD} dashboard, 4 weeks", lead, ward, one_warm, one_rep)

    # Each client learns the check form once (its CSRF token holds for its session).
    forms = {id(c): learn_check_form(c, pool[n], CHECK_WARD) for n, c in enumerate(nurses)}
    poster = CheckPoster(pool, forms)
    check_warm = Budget(requests=warm_checks)
    run("check", "record a check (POST)", nurses, poster, check_warm, Budget(requests=args.checks))

    # The same for a screen: each client learns the form once, then every POST is a new
    # screen (its own id) for the next of the ward's patients.
    screen_forms = {id(c): learn_screen_form(c, screened[0]) for c in nurses}
    screener = ScreenPoster(screened, screen_forms, screen_note)
    what = "record a sepsis screen (POST)"
    run("screen", what, nurses, screener, check_warm, Budget(requests=args.checks))
    return {
        "measured": {name: m.as_dict() for name, m in measured.items()},
        "board_entry_points": board_points,
        "board_patients": board_patients,
        "board_open_flags": board_open_flags,
        "board_open_flags_after": board_open_flags_after,
        "board_flag_fixture": flags,
        "checks_answered_302": len(poster.saved),
        "checks_answered_302_distinct": len(set(poster.saved)),
        "screens_answered_302": len(screener.saved),
        "screens_answered_302_distinct": len(set(screener.saved)),
    }


def _board_shown(client: Client) -> tuple[int, int, int]:
    """The measured board's entry points, patients and open infection flags, said."""
    page = client.get(PATHS["board"])
    if page is None or page.status != 200:
        raise HarnessError(f"GET {PATHS['board']}: {page.status if page else 'no answer'}")
    shown = (
        len(board_rows(page.text)),
        page.text.count('id="patient-'),
        page.text.count('data-flag="'),
    )
    say(
        f"{BOARD_WARD}'s board: {shown[1]} patients, {shown[0]} entry points,"
        f" {shown[2]} open infection flags"
    )
    return shown


def uncached_phases(port, warm, rep, one_warm, one_rep, args) -> dict:
    """The board and the overview on a server started with PAGE_CACHE=false."""
    measured: dict[str, Measurement] = {}
    nurses = logged_in(port, "nurse", args.clients)
    board = get_expecting(PATHS["board"], contains="data-entry-point")
    what = f"board of {BOARD_WARD} as nurse, no page cache"
    measure_and_say(measured, "board_uncached", what, nurses, board, (warm, rep), args.repeats)
    lead = logged_in(port, "ipclead", 1)
    overview = get_expecting(PATHS["overview"])
    what = "hospital overview, 4 weeks, no page cache"
    budgets = (one_warm, one_rep)
    measure_and_say(measured, "overview_uncached", what, lead, overview, budgets, args.repeats)
    return {name: m.as_dict() for name, m in measured.items()}
