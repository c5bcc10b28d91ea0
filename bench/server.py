"""gunicorn for the benchmark: on 127.0.0.1, a free port, sync workers, DEBUG off; and
the peak memory of its workers. Waiting for it and stopping it are load/run.py's."""

from __future__ import annotations

import subprocess
from pathlib import Path

from load.run import start_gunicorn

TIMEOUT_S = 120


def start(env: dict[str, str], port: int, workers: int, log) -> subprocess.Popen:
    """Sync workers (one thread each), with time for a hospital report."""
    return start_gunicorn(env, port, workers, 1, log, timeout=TIMEOUT_S)


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers)."""
    listed = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in listed.read_text().split()]
    except OSError:
        pass
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name is in parentheses and may hold spaces: split after it.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def worker_peaks(server: subprocess.Popen) -> dict[str, float]:
    """Each worker's peak resident set in MB, by pid; the master's under "master"."""
    peaks = {str(pid): peak_rss_mb(pid) for pid in children(server.pid)}
    peaks = {pid: mb for pid, mb in peaks.items() if mb is not None}
    master = peak_rss_mb(server.pid)
    if master is not None:
        peaks["master"] = master
    return peaks
