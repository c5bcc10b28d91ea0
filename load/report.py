"""The figures of a load run (load/run.py): the summary written to load/results.json,
the report printed at the end, and every request in load/samples.csv."""

from __future__ import annotations

import csv
import math
import os
from collections import Counter, defaultdict
from pathlib import Path

from load.nurses import Outcome


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
        "server": server_settings,
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
