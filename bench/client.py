"""The HTTP side of `make bench`: logged-in clients (load/nurses.py's Browser: stdlib
http.client, a new loopback connection per request, cookies kept) and the two ways of
measuring a page: throughput with several clients at once for a fixed time or number of
requests, and latency with one client, one request after another.

Every measurement has a warm-up that is not counted, then several repetitions; the
figure quoted is the median of the repetitions. A request answered otherwise than
expected (status, redirect target) is a harness failure: it is counted, its first
occurrences are kept, and run.py exits non-zero.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from load.nurses import Browser, Outcome, Response
from load.pages import form_errors, form_with

# The demo logins' published password (checklists/demo/staff.py, README).
DEMO_PASSWORD = "demo-ward-round"  # noqa: S105
CLIENT_TIMEOUT = 150.0  # longer than gunicorn's --timeout 120: the server gives up first


class HarnessError(RuntimeError):
    """The harness cannot go on (log-in refused, the check form not as expected...)."""


class Client:
    """One browser: its own cookies and session."""

    def __init__(self, port: int, name: str) -> None:
        self.outcome = Outcome(name, "")
        self.browser = Browser(port, self.outcome, CLIENT_TIMEOUT)

    def get(self, path: str) -> Response | None:
        answer = self.browser.get("get", path)
        self.outcome.samples.clear()  # timed by the caller; keep memory flat
        return answer

    def post(self, path: str, fields: list[tuple[str, str]]) -> Response | None:
        answer = self.browser.post("post", path, fields)
        self.outcome.samples.clear()
        return answer

    def log_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Through the real log-in form (CSRF token and all). Never retried: django-axes
        locks a username after five wrong passwords."""
        page = self.get("/accounts/login/")
        if page is None or page.status != 200:
            raise HarnessError(f"log-in page: {page.status if page else 'no answer'}")
        form = form_with(page.text, "username")
        if form is None:
            raise HarnessError("the log-in page has no log-in form")
        fields = [*form.hidden.items(), ("username", username), ("password", password)]
        answer = self.post("/accounts/login/", fields)
        if answer is None or answer.status != 302:
            detail = "; ".join(form_errors(answer.text)) if answer else "no answer"
            raise HarnessError(
                f"log-in as {username} refused ({answer.status if answer else '-'}): {detail}"
            )


def logged_in(port: int, username: str, count: int) -> list[Client]:
    """`count` clients with their own sessions; the first logs in alone, so a wrong
    password costs one failed attempt, not `count`."""
    clients = [Client(port, f"{username}-{n}") for n in range(count)]
    for client in clients:
        client.log_in(username)
    return clients


# --- What one request is ----------------------------------------------------------------

# A request: sends one request with the client, returns None if the answer was the
# expected one, else a short description of what came back. StopIteration: nothing left.
Action = Callable[[Client], "str | None"]


def get_expecting(path: str, status: int = 200, contains: str = "") -> Action:
    def action(client: Client) -> str | None:
        answer = client.get(path)
        if answer is None:
            return f"GET {path}: no answer"
        if answer.status != status:
            return f"GET {path}: {answer.status} {answer.location}".strip()
        if contains and contains not in answer.text:
            return f"GET {path}: {answer.status} without {contains!r}"
        return None

    return action


@dataclass
class CheckForm:
    """The fields a check submission needs, learnt from one real check form: its CSRF
    token (valid for the whole session), the observation time it offers (now), and
    "All as expected", which fills every item with its usual answer."""

    fields: list[tuple[str, str]]
    ward: str


def learn_check_form(client: Client, entry_point: str, ward: str) -> CheckForm:
    path = f"/entry-points/{entry_point}/check/"
    page = client.get(path)
    if page is None or page.status != 200:
        raise HarnessError(f"GET {path}: {page.status if page else 'no answer'}")
    form = form_with(page.text, "observed_at")
    if form is None:
        raise HarnessError(f"GET {path}: no check form")
    fields = [
        *form.hidden.items(),
        ("observed_at", form.values["observed_at"]),
        ("note", ""),
        ("all_expected", "1"),
    ]
    return CheckForm(fields, ward)


# Checks saved in a row before the client opens a page: the app keeps each "check saved"
# message in the session until a page shows it (a nurse sees it on the board she is sent
# back to), and a session that only grows would slow every later request down.
DRAIN_EVERY = 20
DRAIN_PATH = "/bench-shows-messages/"  # any page does; a 404 page is the cheapest


class CheckPoster:
    """Records a new check per request: each POST takes the next fresh entry point from
    a shared pool and must be answered by the redirect to the ward's board (saved)."""

    def __init__(self, pool: list[str], forms: dict[int, CheckForm]) -> None:
        self.pool = deque(pool)
        self.forms = forms  # by id(client)
        self.lock = threading.Lock()
        self.saved: list[str] = []
        self.posted: dict[int, int] = {}

    def take(self) -> str:
        with self.lock:
            if not self.pool:
                raise StopIteration
            return self.pool.popleft()

    def __call__(self, client: Client) -> str | None:
        form = self.forms[id(client)]
        entry_point = self.take()
        path = f"/entry-points/{entry_point}/check/"
        answer = client.post(path, form.fields)
        if answer is None:
            return f"POST {path}: no answer"
        if answer.status != 302 or urlsplit(answer.location).path != f"/wards/{form.ward}/":
            errors = "; ".join(form_errors(answer.text))[:200] if answer.status == 200 else ""
            return f"POST check: {answer.status} {answer.location} {errors}".strip()
        with self.lock:
            self.saved.append(entry_point)
            n = self.posted[id(client)] = self.posted.get(id(client), 0) + 1
        if n % DRAIN_EVERY == 0:
            client.get(DRAIN_PATH)
        return None


# Readings of a patient with nothing wrong (NEWS2 0, qSOFA 0): the routine screen, which
# asks for no escalation; scoring and saving cost the same at any band.
SCREEN_READINGS = [
    ("respiratory_rate", "16"),
    ("spo2", "97"),
    ("spo2_scale", "1"),
    ("air_or_oxygen", "air"),
    ("systolic_bp", "124"),
    ("pulse", "78"),
    ("consciousness", "alert"),
    ("temperature", "37.0"),
]


@dataclass
class ScreenForm:
    """What a screen submission needs, learnt from one real screen form: its CSRF token
    and the observation time it offers; the screen's id is new for every POST (the form
    gives one id per showing, so that the same form sent twice saves one screen)."""

    hidden: dict[str, str]
    observed_at: str


def learn_screen_form(client: Client, patient: str) -> ScreenForm:
    path = f"/patients/{patient}/screen/"
    page = client.get(path)
    if page is None or page.status != 200:
        raise HarnessError(f"GET {path}: {page.status if page else 'no answer'}")
    form = form_with(page.text, "respiratory_rate")
    if form is None:
        raise HarnessError(f"GET {path}: no screen form")
    hidden = {k: v for k, v in form.hidden.items() if k != "screen_id"}
    return ScreenForm(hidden, form.values["observed_at"])


class ScreenPoster:
    """Records a new sepsis screen per request, for the next patient of `patients` in
    turn, with a screen id of its own; each POST must be answered by the redirect to
    that screen's page (saved). `note` marks the screens so they can be counted."""

    def __init__(self, patients: list[str], forms: dict[int, ScreenForm], note: str) -> None:
        self.patients = patients
        self.forms = forms  # by id(client)
        self.note = note
        self.lock = threading.Lock()
        self.turn = 0
        self.saved: list[str] = []
        self.posted: dict[int, int] = {}

    def __call__(self, client: Client) -> str | None:
        form = self.forms[id(client)]
        with self.lock:
            patient = self.patients[self.turn % len(self.patients)]
            self.turn += 1
        screen = str(uuid.uuid4())
        fields = [
            *form.hidden.items(),
            ("screen_id", screen),
            ("observed_at", form.observed_at),
            *SCREEN_READINGS,
            ("note", self.note),
        ]
        answer = client.post(f"/patients/{patient}/screen/", fields)
        if answer is None:
            return "POST screen: no answer"
        if answer.status != 302 or urlsplit(answer.location).path != f"/screens/{screen}/":
            errors = "; ".join(form_errors(answer.text))[:200] if answer.status == 200 else ""
            return f"POST screen: {answer.status} {answer.location} {errors}".strip()
        with self.lock:
            self.saved.append(screen)
            n = self.posted[id(client)] = self.posted.get(id(client), 0) + 1
        if n % DRAIN_EVERY == 0:
            client.get(DRAIN_PATH)
        return None


# --- Measuring --------------------------------------------------------------------------


@dataclass
class Repetition:
    requests: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0


@dataclass
class Measurement:
    clients: int
    repetitions: list[Repetition] = field(default_factory=list)
    warmup_requests: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    exhausted: bool = False
    client_cpu_s: float = 0.0  # this process's CPU time over the repetitions

    @property
    def rps(self) -> float:
        return statistics.median(r.rps for r in self.repetitions)

    @property
    def median_ms(self) -> float:
        return statistics.median(r.median_ms for r in self.repetitions)

    def as_dict(self) -> dict:
        return {
            "clients": self.clients,
            "rps": round(self.rps, 1),
            "median_ms": round(self.median_ms, 1),
            "repetitions": [
                {
                    "requests": r.requests,
                    "seconds": round(r.seconds, 2),
                    "rps": round(r.rps, 1),
                    "median_ms": round(r.median_ms, 1),
                    "p90_ms": round(_p90(r.latencies_ms), 1),
                    "max_ms": round(max(r.latencies_ms, default=0), 1),
                }
                for r in self.repetitions
            ],
            "warmup_requests": self.warmup_requests,
            "errors": self.errors,
            "error_samples": self.error_samples,
            "pool_exhausted": self.exhausted,
            # Near 1 CPU, the Python client itself may be what limits the req/s.
            "client_cpu_per_s": round(
                self.client_cpu_s / max(sum(r.seconds for r in self.repetitions), 1e-9), 2
            ),
        }


def _p90(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


@dataclass(frozen=True)
class Budget:
    """How long each part lasts: by time (seconds), by count (requests, shared by all
    clients), and for latency at least `least` requests whatever the time."""

    seconds: float = 0.0
    requests: int = 0
    least: int = 0


def measure(
    what: str,
    clients: list[Client],
    action: Action,
    warmup: Budget,
    repetition: Budget,
    repetitions: int,
) -> Measurement:
    result = Measurement(len(clients))
    warm = _run(clients, action, warmup, result)
    result.warmup_requests = warm.requests
    cpu = time.process_time()
    for _ in range(repetitions):
        if result.exhausted:
            break
        rep = _run(clients, action, repetition, result)
        if rep.requests:
            result.repetitions.append(rep)
    result.client_cpu_s = time.process_time() - cpu
    if not result.repetitions:
        raise HarnessError(f"{what}: no request answered in any repetition")
    return result


def _run(clients: list[Client], action: Action, budget: Budget, result: Measurement) -> Repetition:
    """All clients at once until the budget is spent; each finishes its request in flight."""
    lock = threading.Lock()
    latencies: list[float] = []
    issued = [0]
    start = time.monotonic()
    deadline = start + budget.seconds if budget.seconds else None
    ends: list[float] = []

    def more() -> bool:
        with lock:
            if budget.requests and issued[0] >= budget.requests:
                return False
            if deadline is not None and time.monotonic() >= deadline:
                if not (budget.least and issued[0] < budget.least):
                    return False
            issued[0] += 1
            return True

    def worker(client: Client) -> None:
        while more():
            began = time.monotonic()
            try:
                problem = action(client)
            except StopIteration:
                with lock:
                    result.exhausted = True
                    issued[0] -= 1
                break
            except Exception as exc:  # noqa: BLE001 (a harness failure, kept and counted)
                problem = f"{type(exc).__name__}: {exc}"
            took = (time.monotonic() - began) * 1000
            with lock:
                if problem is None:
                    latencies.append(took)
                else:
                    result.errors += 1
                    if len(result.error_samples) < 10:
                        result.error_samples.append(problem)
        with lock:
            ends.append(time.monotonic())

    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(timeout=0.5)
    elapsed = max(ends, default=time.monotonic()) - start
    return Repetition(len(latencies), elapsed, latencies)
