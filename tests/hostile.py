"""What hostile input looks like, and the bookkeeping that tells what a request did: the
strategies, Hypothesis settings, helpers and fixtures shared by the tests/test_hostile_*.py
modules.

The rule every hostile-input test checks: no input causes a server error, a partial save
or a wrong measure; bad input gets a clear message and nothing half-saved.

Hypothesis runs many examples in one call of a test function, so the function-scoped
fixtures (wards, staff, logged-in clients, a patient) are made once and shared by the
examples. Each example's own writes happen inside `rolled_back()`, a savepoint undone at
its end, so no example sees another's rows.

The fixtures the modules share (`hostile_records`, `hostile_points`,
`hostile_checks_to_correct`) are in tests/hostile_fixtures.py, a pytest plugin, so that no
test module has to import them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from checklists.models import (
    Answer,
    AuditEvent,
    Check,
    EntryPoint,
    EntryPointKind,
    InfectionEvent,
    IssuedReport,
    MonthSignOff,
    Patient,
    SepsisScreen,
    Stay,
)

from .factories import expected_answers, row_counts

# --- Hypothesis settings ------------------------------------------------------------------


def hostile_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        # A request renders a whole page; its time varies too much on CI for a deadline.
        deadline=None,
        # The same examples on every run and machine, so a red CI run can be replayed.
        derandomize=True,
        # Nothing written to .hypothesis/: derandomized runs need no example database.
        database=None,
        # The shared fixtures are the point (see the module docstring).
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- What hostile input looks like --------------------------------------------------------

NASTY = (
    "",
    " ",
    "\t\r\n ",
    "x" * 10_000,
    "\x00",
    "nul\x00inside",
    "\x1b[2J\x1b[31mred",
    "\u202egnp.exe\u202c",
    "\ufeff\u200b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE checklists_check; --",
    "' OR '1'='1",
    "{{ request.user }}{% debug %}",
    "%s%n%x%(value)s",
    "../../../../etc/passwd",
    "NaN",
    "Infinity",
    "-0",
    "1e9",
    "0x1A",
    "\u0662\u0665",  # 25 in Arabic-Indic digits
    "\uff12\uff15",  # 25 in full-width digits
    "25.55",
    "-1",
    "99999999999999999999999",
    "null",
    "None",
    "true",
    "[]",
    "Zoë Łukasiewicz 王芳 सुनीता",
    "\U0001f642" * 50,
)

# Control, format and separator characters: NUL, escapes, bidi overrides, line separators.
_invisible = st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"])

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(_invisible, min_size=1, max_size=8),
)

# Dates and times outside what the forms should take, in the shapes people type them.
ODD_MOMENTS = (
    "0001-01-01T00:00",
    "0001-01-01 00:00",
    "9999-12-31T23:59",
    "10000-01-01T00:00",
    "2026-02-30T10:00",
    "2026-13-01T10:00",
    "2026-01-01T24:00",
    "2026-01-01T10:61",
    "2026-01-01",
    "2026-03-29T01:30",  # never happened in London: the clocks went forward
    "2026-10-25T01:30",  # happened twice in London: the clocks went back
    "2026-01-01T10:00+14:00",
    "2026-01-01T10:00Z",
    "1970-01-01T00:00",
    "31/12/2025 10:00",
    "12/31/2025 10:00",
    "yesterday",
    "now",
)


def in_clock_change(naive: datetime) -> bool:
    """Whether a wall-clock time happens twice, or never, in the hospital's zone."""
    zone = timezone.get_current_timezone()
    fold0, fold1 = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    return fold0.utcoffset() != fold1.utcoffset()


def day_first(naive: datetime) -> str:
    return f"{naive:%d/%m}/{naive.year:04d} {naive:%H:%M}"


# Naive on purpose (wall-clock times as typed); unbounded: from year 1 to the end of 9999.
_any_naive = st.datetimes()

hostile_moment = st.one_of(
    st.sampled_from(ODD_MOMENTS),
    _any_naive.map(lambda d: d.isoformat(timespec="minutes")),
    _any_naive.map(day_first),
    hostile_text,
)


def recent_moment(earliest: timedelta, latest: timedelta = timedelta(0)) -> st.SearchStrategy:
    """A plausible wall-clock time between `earliest` and `latest` before now, as the
    datetime-local input sends it."""
    low, high = -int(earliest.total_seconds() // 60), -int(latest.total_seconds() // 60)
    return st.integers(min_value=low, max_value=high).map(
        lambda minutes: (timezone.localtime() + timedelta(minutes=minutes)).strftime(
            "%Y-%m-%dT%H:%M"
        )
    )


def spoil(data: st.DataObject, post: dict, hostile: dict, most: int = 3) -> None:
    """Replace up to `most` fields of a valid POST by hostile values (None: leave the field
    out). With no field spoiled the POST is valid, so saving is exercised too."""
    chosen = data.draw(st.sets(st.sampled_from(sorted(hostile)), max_size=most), label="spoiled")
    for name in sorted(chosen):
        value = data.draw(st.one_of(st.none(), hostile[name]), label=name)
        if value is None:
            post.pop(name, None)
        else:
            post[name] = value


# --- Bookkeeping: what a request added ----------------------------------------------------

WATCHED = (
    Patient,
    Stay,
    EntryPoint,
    Check,
    Answer,
    AuditEvent,
    MonthSignOff,
    IssuedReport,
    SepsisScreen,
    InfectionEvent,
)


def counts() -> dict[str, int]:
    return row_counts(*WATCHED)


def growth(before: dict[str, int]) -> dict[str, int]:
    """Rows added since `before`, by model, leaving out those that did not change."""
    after = counts()
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run one Hypothesis example in a savepoint and undo its writes at the end."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_refusal_shown(response, form_key: str = "form") -> None:
    """A refused form comes back with its reasons, each one on the page."""
    form = response.context[form_key]
    messages = [message for errors in form.errors.values() for message in errors]
    assert messages, "a refused form must say why"
    html = response.content.decode()
    for message in messages:
        assert escape(message) in html, message[:200]


# --- Forms and fields ---------------------------------------------------------------------

KINDS = tuple(EntryPointKind.values)
# Fields a forged form might add, hoping the view copies them onto the record.
FORGED_FIELDS = (
    "recorded_by",
    "ward",
    "corrects",
    "clinical_date",
    "is_compliant",
    "is_late",
    "entry_point",
    "patient",
    "created_by",
    "removed_at",
    "public_id",
    "item_unknown",
)
forged = st.dictionaries(st.sampled_from(FORGED_FIELDS), hostile_text, max_size=3)


# --- Shared POSTs -------------------------------------------------------------------------


def _write_posts(records) -> dict[str, dict]:
    """A valid POST for every write about Ward One's patient, entry point and check
    (`records`: the `hostile_records` fixture)."""
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    answers = {f"item_{code}": value for code, value in expected_answers("piv").items()}
    patient, piv, check = records["patient"], records["piv"], records["check"]
    return {
        f"/patients/{patient.public_id}/transfer/": {"to_ward": "", "at": now},
        f"/patients/{patient.public_id}/discharge/": {"at": now},
        f"/patients/{patient.public_id}/entry-points/add/": {
            "kind": "piv",
            "site": "Right hand",
            "gauge": "20G",
            "started_at": now,
        },
        f"/entry-points/{piv.public_id}/check/": answers | {"observed_at": now},
        f"/entry-points/{piv.public_id}/remove/": {"removed_at": now, "reason": "Other"},
        f"/entry-points/{piv.public_id}/resite/": {
            "reason": "Routine re-site",
            "at": now,
            "site": "Right forearm",
        },
        f"/checks/{check.public_id}/correct/": answers | {"reason": "Wrong box"},
        f"/patients/{patient.public_id}/screen/": screen_post(now),
        f"/screens/{records['screen'].public_id}/correct/": correction_post(),
        f"/screens/{records['screen'].public_id}/escalation/": {
            "told_role": "doctor",
            "told_name": "Dr Okafor",
            "told_at": now,
            "reply": "reviewed",
        },
        f"/flags/{records['flag'].public_id}/close/": {
            "decided_by_role": "doctor",
            "decided_by_name": "Dr Okafor",
        },
    }


def correction_post(reason: str = "Pulse read off the wrong monitor") -> dict[str, str]:
    """A valid screen correction form: the readings of screen_post, and a reason."""
    readings = screen_post("")
    del readings["screen_id"], readings["observed_at"]
    return readings | {"reason": reason}


def screen_post(observed_at: str) -> dict[str, str]:
    """A valid sepsis screen form: a well patient's observations (NEWS2 0)."""
    return {
        "screen_id": str(uuid.uuid4()),
        "observed_at": observed_at,
        "respiratory_rate": "16",
        "spo2": "97",
        "spo2_scale": "1",
        "air_or_oxygen": "air",
        "systolic_bp": "125",
        "pulse": "78",
        "consciousness": "alert",
        "temperature": "36.8",
    }
