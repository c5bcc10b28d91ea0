"""Simulated ward nurses for `make load`: standard library only.

Each nurse logs in once, keeps her session, and loops until the deadline: open her
ward's board, pick a check that is still to do and record it (GET the form for its
CSRF token and fields, POST valid answers), or just look at the board again. When
her board has nothing left to check, she re-sites a peripheral IV (adds one, which
then needs its check; whoever checks it removes it again), so that checks keep being
recorded for the whole run while the boards stay the same size.

Every request is timed and kept as a Sample; every submission the server accepted
is kept too, so that load/run.py can compare them with the database afterwards.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from load.pages import ADD_LINK, Row, board_rows, form_errors, form_with

# Marks the entry points the load adds, in their body site: unique per run and nurse,
# so the database check can tell them apart from the seeded ones.
LOAD_SITE_MARK = "[load "
RESITE_REASON = "Routine re-site"
ALREADY_RECORDED = "check was already recorded at"
# A nurse who opened the form of a load-added IV just before its checker removed it.
REMOVED_MEANWHILE = "cannot be after the removal"


@dataclass(frozen=True)
class Sample:
    kind: str  # login_page, login, board, form, submit, add_form, add, remove_form, remove
    method: str
    status: int  # 0: no HTTP answer (connection refused, reset or timed out)
    seconds: float
    started: float  # time.monotonic() when the request was sent
    error: str = ""


@dataclass(frozen=True)
class SavedCheck:
    """A check submission the server answered with its redirect to the board."""

    entry_point: str
    day: str  # the clinical day: the date of the submitted observation time
    nurse: str
    answers: dict[str, str]  # the items the nurse answered herself (item code: value)
    fast: bool  # "All as expected": the server filled the items left blank


@dataclass
class Outcome:
    """What one nurse saw. Lists are per nurse, so no lock is needed."""

    nurse: str
    ward: str
    samples: list[Sample] = field(default_factory=list)
    saved: list[SavedCheck] = field(default_factory=list)
    already_recorded: int = 0  # another nurse saved that check first: expected
    removed_meanwhile: int = 0  # its device was removed after she opened the form
    refused: list[str] = field(default_factory=list)  # any other refusal, with its reason
    added: list[str] = field(default_factory=list)  # body sites of entry points added
    removed: list[str] = field(default_factory=list)  # public ids of entry points removed
    removal_refused: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)  # answers no nurse should get
    logged_in: bool = False


@dataclass(frozen=True)
class Response:
    status: int
    location: str
    text: str


class Browser:
    """One nurse's browser: her cookies, one new loopback connection per request
    (gunicorn's sync workers close every connection anyway)."""

    def __init__(self, port: int, outcome: Outcome, timeout: float) -> None:
        self.port = port
        self.outcome = outcome
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def get(self, kind: str, path: str) -> Response | None:
        return self._send(kind, "GET", path, None)

    def post(self, kind: str, path: str, fields: list[tuple[str, str]]) -> Response | None:
        return self._send(kind, "POST", path, urlencode(fields).encode())

    def _send(self, kind: str, method: str, path: str, body: bytes | None) -> Response | None:
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            raw = answer.read()
        except (OSError, http.client.HTTPException) as exc:
            seconds = time.monotonic() - started
            self.outcome.samples.append(
                Sample(kind, method, 0, seconds, started, f"{type(exc).__name__}: {exc}")
            )
            return None
        finally:
            connection.close()
        seconds = time.monotonic() - started
        self.outcome.samples.append(Sample(kind, method, answer.status, seconds, started))
        for header in answer.headers.get_all("Set-Cookie") or []:
            self._keep_cookie(header)
        return Response(
            answer.status,
            answer.headers.get("Location", ""),
            raw.decode("utf-8", errors="replace"),
        )

    def _keep_cookie(self, header: str) -> None:
        jar = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            if morsel["max-age"] in ("0", 0):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


# --- One nurse ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    port: int
    password: str
    deadline: float  # time.monotonic()
    stop: threading.Event
    think: float = 0.2  # seconds, at most, between two requests
    ramp: float = 5.0  # seconds over which the nurses log in
    resite: bool = True
    timeout: float = 30.0


class Nurse:
    def __init__(self, number: int, username: str, ward: str, plan: Plan, seed: int) -> None:
        self.number = number
        self.plan = plan
        self.ward = ward
        self.outcome = Outcome(username, ward)
        self.browser = Browser(plan.port, self.outcome, plan.timeout)
        self.rng = random.Random(seed)  # noqa: S311 (simulation, not secrets)
        self.sites = 0

    def run(self) -> Outcome:
        # Nurses arrive over the first seconds of the run, not all in the same instant.
        self.plan.stop.wait(self.rng.uniform(0, self.plan.ramp))
        if self._time_left() and self._log_in():
            while self._time_left():
                self._round()
        return self.outcome

    def _time_left(self) -> bool:
        return time.monotonic() < self.plan.deadline and not self.plan.stop.is_set()

    def _think(self) -> None:
        self.plan.stop.wait(self.rng.uniform(0, self.plan.think))

    def _expect(self, what: str, answer: Response | None, status: int) -> bool:
        """True if the answer has the status; a wrong answer is kept (a missing one is
        already a sample with status 0)."""
        if answer is None:
            return False
        if answer.status != status:
            self.outcome.unexpected.append(f"{what}: {answer.status} {answer.location}".strip())
            return False
        return True

    def _log_in(self) -> bool:
        page = self.browser.get("login_page", "/accounts/login/")
        if not self._expect("log-in page", page, 200):
            return False
        form = form_with(page.text, "username")
        if form is None:
            self.outcome.unexpected.append("log-in page without its form")
            return False
        fields = [
            *form.hidden.items(),
            ("username", self.outcome.nurse),
            ("password", self.plan.password),
        ]
        answer = self.browser.post("login", "/accounts/login/", fields)
        if not self._expect("log-in", answer, 302):
            return False
        self.outcome.logged_in = True
        self._think()
        return True

    def _round(self) -> None:
        board = self.browser.get("board", f"/wards/{self.ward}/")
        self._think()
        if not self._expect("board", board, 200):
            return
        to_check = [row for row in board_rows(board.text) if row.to_check]
        if self.rng.random() < 0.1:
            return  # just looking: the next round opens the board again
        if to_check:
            self._record_check(self.rng.choice(to_check))
        elif self.plan.resite:
            links = ADD_LINK.findall(board.text)
            if links:
                self._add_piv(self.rng.choice(links))

    def _record_check(self, row: Row) -> None:
        path = f"/entry-points/{row.entry_point}/check/"
        page = self.browser.get("form", path)
        self._think()
        if not self._expect("check form", page, 200) or not self._time_left():
            return
        form = form_with(page.text, "observed_at")
        if form is None:
            self.outcome.unexpected.append("check form without its form")
            return
        fast = self.rng.random() < 0.7
        answers: dict[str, str] = {}
        for name, values in form.radios.items():
            # "All as expected" fills yes/no items; scores and choices are given.
            if fast and set(values) <= {"yes", "no", "na"}:
                continue
            answers[name] = self.rng.choice(values)
        for name, (low, high) in form.numbers.items():
            answers[name] = str(self.rng.randint(int(low), int(high)))
        fields = [*form.hidden.items(), *answers.items()]
        fields.append(("observed_at", form.values["observed_at"]))
        fields.append(("note", "Checked under load" if self.rng.random() < 0.2 else ""))
        if fast:
            fields.append(("all_expected", "1"))
        answer = self.browser.post("submit", path, fields)
        self._think()
        if answer is None:
            return
        if answer.status == 302 and urlsplit(answer.location).path == f"/wards/{self.ward}/":
            self.outcome.saved.append(
                SavedCheck(
                    row.entry_point,
                    form.values["observed_at"][:10],
                    self.outcome.nurse,
                    {name.removeprefix("item_"): value for name, value in answers.items()},
                    fast,
                )
            )
            if self.plan.resite and row.site.startswith(LOAD_SITE_MARK):
                self._remove(row)
        elif answer.status == 200:
            errors = form_errors(answer.text)
            if any(ALREADY_RECORDED in e for e in errors):
                self.outcome.already_recorded += 1
            elif any(REMOVED_MEANWHILE in e for e in errors) and row.site.startswith(
                LOAD_SITE_MARK
            ):
                self.outcome.removed_meanwhile += 1
            else:
                self.outcome.refused.append("; ".join(errors) or "200 without an error shown")
        else:
            self._expect("check submission", answer, 302)

    def _add_piv(self, path: str) -> None:
        page = self.browser.get("add_form", f"{path}?kind=piv")
        self._think()
        if not self._expect("add form", page, 200) or not self._time_left():
            return
        form = form_with(page.text, "body_site")
        if form is None:
            self.outcome.unexpected.append("add page without its form")
            return
        self.sites += 1
        site = f"{LOAD_SITE_MARK}{self.number:03d}-{self.sites:04d}] Left forearm"
        fields = [
            *form.hidden.items(),
            ("body_site", site),
            ("started_at", form.values["started_at"]),
            ("gauge", "20G"),
        ]
        answer = self.browser.post("add", path, fields)
        self._think()
        if answer is None:
            return
        if answer.status == 302 and urlsplit(answer.location).path.startswith("/patients/"):
            self.outcome.added.append(site)
        elif answer.status == 200:
            self.outcome.refused.append("add: " + "; ".join(form_errors(answer.text)))
        else:
            self._expect("add", answer, 302)

    def _remove(self, row: Row) -> None:
        """Only the nurse who saved a load-added IV's check removes it: no two nurses
        race to remove the same one."""
        if not self._time_left():
            return
        path = f"/entry-points/{row.entry_point}/remove/"
        page = self.browser.get("remove_form", path)
        self._think()
        if not self._expect("remove form", page, 200) or not self._time_left():
            return
        form = form_with(page.text, "removed_at")
        if form is None:
            self.outcome.unexpected.append("remove page without its form")
            return
        fields = [
            *form.hidden.items(),
            ("removed_at", form.values["removed_at"]),
            ("reason", RESITE_REASON),
        ]
        answer = self.browser.post("remove", path, fields)
        self._think()
        if answer is None:
            return
        if answer.status == 302 and urlsplit(answer.location).path.startswith("/patients/"):
            self.outcome.removed.append(row.entry_point)
        elif answer.status == 200:
            self.outcome.removal_refused.append("; ".join(form_errors(answer.text)))
        else:
            self._expect("removal", answer, 302)
