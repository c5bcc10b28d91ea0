"""The figures of `make bench` (bench/run.py): the table's rows, each a figure per
engine with its target and verdict if it has one, and the table printed at the end."""

from __future__ import annotations

from bench.databases import ENGINE_LABELS
from bench.pdfs import WARD as PDF_WARD

# Targets: the limit of each figure. Ratios are "at most" unless strict.
TARGETS = {
    "board_floor_ratio": 12,  # board req/s >= floor req/s / 12
    "check_floor_ratio": 15,  # check req/s >= floor req/s / 15
    "board_flags_ratio": 1.1,  # board req/s <= 1.1 x board req/s with 6 more open flags
    "screen_floor_ratio": 15,  # sepsis screen req/s >= floor req/s / 15, like a check
    "dashboard_history_ratio": 1.5,  # latency with 365 days / with 30 days
    "overview_floor_ratio": 25,  # overview latency / floor latency (strictly below)
    "pdf_floor_ratio": 2,  # app's PDF time / bare ReportLab's
    "pdf_peak_mb": 300,  # hospital-quarter PDF process peak RSS (strictly below)
}


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or not b:
        return None
    return a / b


def figure_rows(results: dict, args, board_ward: str) -> list[dict]:
    """The table: each row a figure per engine, with its target and verdict if it has one.
    `board_ward` is the ward whose board and dashboard were measured."""
    engines = args.engines
    small, large = str(args.days_small), str(args.days_large)
    http, pdf = results["http"], results["pdf"]

    def got(engine, days, name, field):
        try:
            return http[engine][days]["measured"][name][field]
        except KeyError:
            return None

    rows: list[dict] = []

    def row(key, label, unit, values, target=None, strict=False):
        values = {e: None if v is None else round(v, 3) for e, v in values.items()}
        entry = {"key": key, "label": label, "unit": unit, "values": values}
        if target is not None:
            entry["target"] = f"{'<' if strict else '<='} {target:g}"
            verdicts = {}
            for engine in engines:
                v = values.get(engine)
                verdicts[engine] = None if v is None else (v < target if strict else v <= target)
            entry["passed"] = verdicts
            missed = [ENGINE_LABELS[e] for e, ok in verdicts.items() if ok is False]
            unknown = [ENGINE_LABELS[e] for e, ok in verdicts.items() if ok is None]
            if missed:
                entry["result"] = "MISSED (" + ", ".join(missed) + ")"
            elif unknown:
                entry["result"] = "n/a (" + ", ".join(unknown) + ")"
            else:
                entry["result"] = "pass"
        rows.append(entry)

    def each(fn):
        return {e: fn(e) for e in engines}

    def per_history(*specs):
        """For the long history, then the short one, a row per spec: (key, label, unit,
        value of (engine, days)[, target[, strict]])."""
        for days in (large, small):
            for key, label, unit, value, *target in specs:
                row(
                    f"{key}_{days}",
                    f"{label} ({days} d)",
                    unit,
                    {e: value(e, days) for e in engines},
                    *target,
                )

    def measured(name, field):
        return lambda e, d: got(e, d, name, field)

    per_history(
        ("floor_rps", "floor GET /health/ req/s", "req/s", measured("floor", "rps")),
        (
            "floor_ms",
            "floor GET /health/ median ms, 1 client",
            "ms",
            measured("floor_latency", "median_ms"),
        ),
    )
    for name, label in (
        ("board", f"board {board_ward} as nurse"),
        ("check", "record a check (POST, 302)"),
        ("screen", "record a sepsis screen (POST, 302)"),
    ):
        per_history(
            (f"{name}_rps", f"{label} req/s", "req/s", measured(name, "rps")),
            (
                f"{name}_ratio",
                f"  floor / {name} req/s",
                "x",
                lambda e, d, n=name: _ratio(got(e, d, "floor", "rps"), got(e, d, n, "rps")),
                TARGETS[f"{name}_floor_ratio"],
            ),
        )
    per_history(
        (
            "board_flags_rps",
            f"board {board_ward}, 6 more open flags req/s",
            "req/s",
            measured("board_flags", "rps"),
        ),
        (
            "board_flags_ratio",
            "  board / board with more flags req/s",
            "x",
            lambda e, d: _ratio(got(e, d, "board", "rps"), got(e, d, "board_flags", "rps")),
            TARGETS["board_flags_ratio"],
        ),
    )
    # No target: the page as served keeps its rendered board (checklists.page_cache); these
    # say what the first view after a write costs.
    per_history(
        (
            "board_uncached_rps",
            f"board {board_ward}, no page cache req/s",
            "req/s",
            measured("board_uncached", "rps"),
        ),
        (
            "board_uncached_ratio",
            "  floor / board req/s, no page cache",
            "x",
            lambda e, d: _ratio(got(e, d, "floor", "rps"), got(e, d, "board_uncached", "rps")),
        ),
        (
            "overview_uncached_ms",
            "hospital overview, no page cache, median ms",
            "ms",
            measured("overview_uncached", "median_ms"),
        ),
        (
            "overview_uncached_floor_ratio",
            "  overview, no page cache / floor latency",
            "x",
            lambda e, d: _ratio(
                got(e, d, "overview_uncached", "median_ms"),
                got(e, d, "floor_latency", "median_ms"),
            ),
        ),
    )
    for name, label in (
        ("overview", "hospital overview"),
        ("ward_dashboard", f"{board_ward} dashboard"),
    ):
        for days in (small, large):
            row(
                f"{name}_ms_{days}",
                f"{label} (4 weeks) median ms ({days} d)",
                "ms",
                each(lambda e, d=days, n=name: got(e, d, n, "median_ms")),
            )
        row(
            f"{name}_history_ratio",
            f"  {label}: {large} d / {small} d",
            "x",
            each(
                lambda e, n=name: _ratio(
                    got(e, large, n, "median_ms"), got(e, small, n, "median_ms")
                )
            ),
            TARGETS["dashboard_history_ratio"],
        )
        if name == "overview":
            per_history(
                (
                    "overview_floor_ratio",
                    "  overview / floor latency",
                    "x",
                    lambda e, d: _ratio(
                        got(e, d, "overview", "median_ms"), got(e, d, "floor_latency", "median_ms")
                    ),
                    TARGETS["overview_floor_ratio"],
                    True,
                ),
            )
    for name, label in (
        ("ward_month", f"PDF ward {PDF_WARD} month"),
        ("hospital_quarter", "PDF hospital quarter"),
    ):

        def pdf_value(engine, field, name=name):
            return pdf.get(engine, {}).get(name, {}).get(field)

        period = next((pdf[e][name]["period"] for e in engines if name in pdf.get(e, {})), None)
        when = f", {period[0]} to {period[1]}" if period else ""
        row(
            f"pdf_{name}_s",
            f"{label}{when}: app s ({large} d)",
            "s",
            each(lambda e: pdf_value(e, "app_s")),
        )
        row(
            f"pdf_{name}_floor_s",
            "  bare ReportLab, same tables: s",
            "s",
            each(lambda e: pdf_value(e, "floor_s")),
        )
        row(
            f"pdf_{name}_ratio",
            "  app / bare ReportLab",
            "x",
            each(lambda e: _ratio(pdf_value(e, "app_s"), pdf_value(e, "floor_s"))),
            TARGETS["pdf_floor_ratio"],
        )
        if name == "hospital_quarter":
            row(
                "pdf_peak_mb",
                "  peak RSS of the PDF process: MB",
                "MB",
                each(lambda e: pdf_value(e, "peak_rss_mb")),
                TARGETS["pdf_peak_mb"],
                strict=True,
            )

    def worker_peak(engine):
        peaks = [
            mb
            for figures in http.get(engine, {}).values()
            for pid, mb in figures.get("worker_peak_rss_mb", {}).items()
            if pid != "master"
        ]
        return max(peaks) if peaks else None

    row("worker_peak_mb", "gunicorn worker peak RSS, max: MB", "MB", each(worker_peak))
    return rows


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.2f}"
    if unit == "s":
        return f"{value:.3f}"
    if unit in ("ms",) and value < 100:
        return f"{value:.1f}"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def print_table(results: dict, rows: list[dict]) -> None:
    engines = results["settings"]["engines"]
    machine = results["machine"]
    print(
        f"\n== make bench: {results['date']}, commit {results['git']['commit'][:10]}"
        f"{' (uncommitted changes)' if results['git']['dirty'] else ''}; {machine['cpus']} CPUs,"
        f" load average {machine['load_average_before'][0]} before,"
        f" {machine['load_average_after'][0]} after"
        f"{'; QUICK' if results['settings']['quick'] else ''}"
    )
    width = max(len(r["label"]) for r in rows) + 2
    header = f"{'measurement':<{width}}" + "".join(f"{ENGINE_LABELS[e]:>12}" for e in engines)
    print(header + f"{'target':>10}  result")
    print("-" * (len(header) + 20))
    for r in rows:
        line = f"{r['label']:<{width}}" + "".join(
            f"{_shown(r['values'].get(e), r['unit']):>12}" for e in engines
        )
        print(line + f"{r.get('target', ''):>10}  {r.get('result', '')}")
    missed = [r["label"].strip() for r in rows if r.get("result", "").startswith("MISSED")]
    print("\nTargets: " + ("all met" if not missed else f"{len(missed)} MISSED"))
