"""manage.py seed_demo: a demo hospital whose bulk-written history obeys the same
rules the services enforce one write at a time."""

from __future__ import annotations

import io
import random
import unicodedata
from collections import defaultdict
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import RequestFactory
from django.utils import timezone

from checklists import days, demo, sepsis
from checklists.demo import DEMO_LOGINS, DEMO_PASSWORD
from checklists.demo.journeys import simulate
from checklists.demo.layout import SMALL, hospital
from checklists.measures.infections import assessed
from checklists.models import (
    Answer,
    AuditEvent,
    Check,
    ChecklistTemplate,
    CloseReason,
    Decision,
    EntryPoint,
    EntryPointKind,
    Escalation,
    InfectionEvent,
    InfectionFlag,
    Patient,
    SepsisScreen,
    Stay,
    User,
    Ward,
)


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--weeks", "2", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Ward, User, Patient, Stay, EntryPoint, Check, Answer, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


def scripts(names: list[str]) -> set[str]:
    """The Unicode script words (LATIN, CJK, ARABIC, ...) of the letters in `names`."""
    return {unicodedata.name(ch).split()[0] for name in names for ch in name if ch.isalpha()}


# Seeding takes about a second, so each test seeds once and checks one theme.


@pytest.mark.django_db
def test_it_seeds_every_kind_of_event() -> None:
    seed()
    assert set(EntryPoint.objects.values_list("kind", flat=True)) == set(EntryPointKind.values)
    originals = Check.objects.filter(corrects__isnull=True)
    assert originals.filter(is_late=True).exists()
    assert originals.filter(is_compliant=False).exists()
    assert originals.filter(infection_sign=True).exists()
    corrections = Check.objects.filter(corrects__isnull=False)
    assert corrections.count() >= 5
    assert not corrections.filter(correction_reason="").exists()
    assert Stay.objects.filter(end_reason=Stay.EndReason.DISCHARGE).exists()
    # Including step-downs from intensive care to a general ward.
    assert Stay.objects.filter(end_reason=Stay.EndReason.TRANSFER, ward__is_icu=True).exists()
    assert AuditEvent.objects.filter(action="demo.seeded").count() == 1
    # Today the board has both done and still-due checks.
    in_place = EntryPoint.objects.filter(removed_at__isnull=True)
    checked = in_place.filter(checks__clinical_date=timezone.localdate()).distinct().count()
    assert checked < in_place.count()
    assert_names_in_many_scripts()


def assert_names_in_many_scripts() -> None:
    patient_names = list(Patient.objects.values_list("full_name", flat=True))
    staff_names = [
        f"{first} {last}" for first, last in User.objects.values_list("first_name", "last_name")
    ]
    for names in (patient_names, staff_names):
        assert {"LATIN", "CJK", "ARABIC", "CYRILLIC"} <= scripts(names)
    assert any("Ł" in name or "ễ" in name for name in patient_names)


@pytest.mark.django_db
def test_it_answers_every_item_as_the_services_would() -> None:
    seed()
    item_counts = dict(ChecklistTemplate.objects.annotate(n=Count("items")).values_list("pk", "n"))
    current = {k: ChecklistTemplate.objects.current_for(k).pk for k in EntryPointKind.values}
    answers = defaultdict(list)
    for answer in Answer.objects.select_related("item"):
        result = answer.item.evaluate(answer.value)
        flags = (answer.is_applicable, answer.is_compliant, answer.infection_sign)
        assert flags == (result.applicable, result.compliant, result.infection_sign)
        answers[answer.check_record_id].append(answer)
    for check in Check.objects.select_related("entry_point"):
        rows = answers[check.pk]
        assert check.template_id == current[check.entry_point.kind]
        assert len(rows) == item_counts[check.template_id]
        # All-or-none over the applicable items, as services.checks._save_with_answers.
        assert check.is_compliant == all(a.is_compliant for a in rows if a.is_applicable)
        assert check.infection_sign == any(a.infection_sign for a in rows)


@pytest.mark.django_db
def test_it_checks_devices_only_while_in_place_on_the_patients_ward() -> None:
    seed()
    now = timezone.now()
    stays = defaultdict(list)
    for stay in Stay.objects.all():
        stays[stay.patient_id].append(stay)
    for check in Check.objects.select_related("entry_point", "corrects"):
        point = check.entry_point
        assert check.clinical_date == timezone.localdate(check.observed_at)
        last_day = point.removal_date or timezone.localdate(now)
        assert point.start_date <= check.clinical_date <= last_day
        assert point.started_at <= check.observed_at
        assert point.removed_at is None or check.observed_at <= point.removed_at
        assert check.observed_at <= check.recorded_at <= now
        covering = [s.ward_id for s in stays[point.patient_id] if covers(s, check.observed_at)]
        assert covering == [check.ward_id]
        original = check.corrects or check
        assert check.is_late == days.is_late(original.clinical_date, original.recorded_at)


def covers(stay: Stay, moment) -> bool:
    return stay.started_at <= moment and (stay.ended_at is None or stay.ended_at > moment)


@pytest.mark.django_db
def test_it_keeps_patients_on_one_ward_and_bed_at_a_time() -> None:
    seed()
    current = Stay.objects.filter(ended_at__isnull=True)
    assert current.count() == current.values("patient").distinct().count()
    for ward in Ward.objects.all():
        on_ward = current.filter(ward=ward)
        assert 0.7 * ward.beds <= on_ward.count() <= ward.beds
        assert on_ward.values("bed").distinct().count() == on_ward.count()
    # Discharge closes every device, as services.discharge_patient does.
    discharged = Stay.objects.filter(end_reason=Stay.EndReason.DISCHARGE).values("patient")
    assert not EntryPoint.objects.filter(patient__in=discharged, removed_at__isnull=True).exists()


@pytest.mark.django_db
def test_it_prints_logins_that_work() -> None:
    output = seed()
    # Table rows: role, username, password, what they see.
    printed = {row[1]: row[2] for row in map(str.split, output.splitlines()) if len(row) > 2}
    for person in DEMO_LOGINS:
        assert printed[person.username] == DEMO_PASSWORD
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, username=person.username, password=printed[person.username])
        assert user is not None
        assert user.role == person.role
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert set(User.objects.get(username="nurse").wards.values_list("code", flat=True)) == {
        "ICU",
        "5A",
    }


@pytest.mark.django_db
def test_it_adds_nothing_if_not_empty() -> None:
    seed()
    before = counts()
    output = seed("--if-empty")
    assert counts() == before
    for person in DEMO_LOGINS:
        assert person.username in output


@pytest.mark.django_db
def test_it_refuses_to_mix_demo_data_into_a_database_with_wards() -> None:
    Ward.objects.create(code="X1", name="Real ward")
    with pytest.raises(CommandError, match="already has wards"):
        seed()
    assert Patient.objects.count() == 0


def test_it_simulates_the_same_history_for_the_same_seed() -> None:
    now = timezone.now()
    first_day = timezone.localdate(now) - timedelta(weeks=1)

    def history(seed: int) -> list[tuple]:
        plans = simulate(random.Random(seed), first_day, now, SMALL)
        return [(p.name, p.date_of_birth, [(s.ward, s.start) for s in p.stays]) for p in plans]

    assert history(7) == history(7)
    assert history(7) != history(8)


@pytest.mark.django_db
def test_it_signs_off_each_whole_month_of_the_history_on_icu() -> None:
    from datetime import date

    from checklists.demo.signoffs import sign_off_whole_months
    from checklists.models import MonthSignOff, Role
    from tests.factories import local_time, make_user, make_ward

    icu = make_ward(code="ICU")
    make_user(Role.MANAGER, wards=[icu], username="manager")
    now = local_time(date(2026, 11, 24), "12:00")
    assert sign_off_whole_months({"ICU": icu}, date(2026, 9, 10), now) == 1
    (signed,) = MonthSignOff.objects.all()
    assert (signed.month, signed.ward) == (date(2026, 10, 1), icu)
    assert AuditEvent.objects.filter(action="month.signed_off").count() == 1


def test_the_hospital_scale_is_40_wards_and_1200_beds_whose_routes_stay_inside_it() -> None:
    layout = hospital(seed=1)
    assert (len(layout.wards), layout.beds) == (40, 1200)
    codes = {spec.code for spec in layout.wards}
    assert len(codes) == 40
    # The demo logins' wards keep their codes, so `nurse` still works on ICU and 5A.
    assert {"ICU", "5A", "6B", "7C"} <= codes
    for code, routes in layout.routes.items():
        legs = [leg for _, route in routes for leg in route]
        assert legs[0][0] == code  # a patient starts on the ward that admitted them
        assert {ward for ward, _, _ in legs} <= codes
    nursed = {ward for person in layout.nurses for ward in person.wards}
    assert nursed == codes
    assert len({person.username for person in layout.nurses}) == len(layout.nurses)


@pytest.mark.django_db
def test_the_hospital_scale_writes_in_slices_and_keeps_the_rules(monkeypatch) -> None:
    # A week of the hospital is about 2,000 patients, more or fewer depending on the
    # day it ends: smaller slices make sure there are several, so that the progress
    # shows and the slices must join up.
    monkeypatch.setattr(demo, "PATIENTS_PER_SLICE", 500)
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo", "--scale", "hospital", "--weeks", "1", stdout=out, stderr=err)
    assert "40 wards, 1200 beds" in out.getvalue()
    assert "100% (" in err.getvalue()
    assert Patient.objects.count() > 3 * 500
    # How full a ward is right now depends on the hour: discharges run from 09:00,
    # admissions peak at 16:00, and a 16-bed unit moves by several patients in a day
    # (over a month of dates and hours the emptiest ward was 62% full). So: no ward
    # over its beds or below half, and the hospital as a whole at its usual occupancy.
    layout = hospital(seed=demo.DEFAULT_SEED)
    usual = sum(round(spec.beds * spec.occupancy) for spec in layout.wards)
    current = Stay.objects.filter(ended_at__isnull=True)
    for ward in Ward.objects.all():
        on_ward = current.filter(ward=ward)
        assert 0.5 * ward.beds <= on_ward.count() <= ward.beds
    assert 0.9 * usual <= current.count() <= layout.beds
    # One original check per entry point per day, across the slice boundaries.
    originals = Check.objects.filter(corrects__isnull=True)
    assert originals.count() == originals.values("entry_point", "clinical_date").distinct().count()
    stays = defaultdict(list)
    for stay in Stay.objects.all():
        stays[stay.patient_id].append(stay)
    for check in originals.select_related("entry_point")[:3000]:
        covering = [
            s.ward_id for s in stays[check.entry_point.patient_id] if covers(s, check.observed_at)
        ]
        assert covering == [check.ward_id]


@pytest.mark.django_db
def test_its_sepsis_screens_keep_the_rules_the_services_keep() -> None:
    seed("--weeks", "4")
    now = timezone.now()
    stays = defaultdict(list)
    for stay in Stay.objects.all():
        stays[stay.patient_id].append(stay)
    screens = list(SepsisScreen.objects.select_related("prompted_by", "escalation"))
    assert {s.escalate for s in screens} == {True, False}
    assert Escalation.objects.exists()
    for screen in screens:
        result = sepsis.assess(screen.observations, screen.red_flags)
        stored = (screen.news2, screen.single_parameter_3, screen.qsofa, screen.risk_level)
        assert stored == (
            result.news2.total,
            result.news2.single_parameter_3,
            result.qsofa.score,
            result.risk_level.value,
        )
        assert screen.escalate == result.escalate
        check = screen.prompted_by
        assert check.infection_sign and check.corrects_id is None
        assert (screen.recorded_by_id, screen.ward_id) == (check.recorded_by_id, check.ward_id)
        assert check.recorded_at <= screen.observed_at <= screen.recorded_at <= now
        covering = [s.ward_id for s in stays[screen.patient_id] if covers(s, screen.observed_at)]
        assert covering == [screen.ward_id]
        escalation = getattr(screen, "escalation", None)
        if escalation is not None:
            assert screen.escalate
            assert screen.observed_at <= escalation.told_at <= escalation.recorded_at <= now


@pytest.mark.django_db
def test_its_infection_flags_are_those_the_services_would_have_opened_and_closed() -> None:
    seed("--weeks", "4")
    now = timezone.now()
    flags = defaultdict(list)
    for flag in InfectionFlag.objects.select_related("closure", "entry_point", "opened_by"):
        flags[flag.entry_point_id].append(flag)
    # Every way of closing (how many are still open depends on the hour: on how many of
    # today's checks are done).
    reasons = {f.closure.reason for fs in flags.values() for f in fs if hasattr(f, "closure")}
    assert reasons == set(CloseReason.values)
    checks = defaultdict(list)
    for check in Check.objects.current().order_by("clinical_date", "recorded_at"):
        checks[check.entry_point_id].append(check)
    for point_id, point_checks in checks.items():
        # Replay the rule: a sign opens a flag when none is open; a clear check closes it.
        opened = sorted(flags.get(point_id, []), key=lambda f: f.opened_at)
        expected_openers, is_open = [], False
        for n, check in enumerate(point_checks):
            if check.infection_sign and not is_open:
                expected_openers.append(check.pk)
                is_open = True
            elif not check.infection_sign:
                is_open = False
            following = point_checks[n + 1] if n + 1 < len(point_checks) else None
            if is_open and _closed_by_decision_after(opened, check, following):
                is_open = False
        assert [f.opened_by_id for f in opened] == expected_openers, point_id
    for flag in (f for fs in flags.values() for f in fs):
        closure = getattr(flag, "closure", None)
        if closure is None:
            assert flag.entry_point.removed_at is None
            continue
        assert flag.opened_at <= closure.closed_at <= now
        if closure.reason == CloseReason.DECISION:
            screen = closure.screen
            assert screen.patient_id == flag.entry_point.patient_id
            assert screen.observed_at >= flag.opened_at
            assert not screen.escalate or Escalation.objects.filter(screen=screen).exists()
            assert closure.decided_by_name


def _closed_by_decision_after(flags, check, following) -> bool:
    """Whether the flag open at `check` was closed on a decision before `following`, the
    entry point's next check (if any). A decision taken after the next check, which also
    found a sign, closes the flag after that one instead."""
    for flag in flags:
        closure = getattr(flag, "closure", None)
        if closure is None or closure.reason != CloseReason.DECISION:
            continue
        before_next = following is None or closure.closed_at < following.observed_at
        if flag.opened_at <= check.observed_at <= closure.closed_at and before_next:
            return True
    return False


@pytest.mark.django_db
def test_no_demo_check_holds_answers_its_checklist_calls_contradictory() -> None:
    seed("--weeks", "4")
    answers = defaultdict(dict)
    for check_id, code, value in Answer.objects.values_list(
        "check_record_id", "item__code", "value"
    ):
        answers[check_id][code] = value
    checked = 0
    for check in Check.objects.select_related("template"):
        if check.template.conflicts:
            assert check.template.conflicts_in(answers[check.pk]) == [], check.pk
            checked += 1
    assert checked > 0  # the wound checks of version 2 were among them


@pytest.mark.django_db
def test_its_infection_events_are_ones_the_service_would_take_and_show_every_rule() -> None:
    seed("--weeks", "8")
    standing = list(InfectionEvent.objects.standing())
    assert standing
    today = timezone.localdate()
    lead = User.objects.get(username="ipclead")
    for event in standing:
        assert event.recorded_by == lead
        assert event.date_of_event < today
        assert event.first_positive_on <= today
        assert event.recorded_at <= timezone.now()
        if event.corrects_id:
            assert event.correction_reason
            assert event.recorded_at > event.corrects.recorded_at
    judged = assessed(standing)
    # The rules place every one (the service refuses what they cannot).
    assert [a.problem for a in judged if a.assessment is None] == []
    reasons = [" ".join(a.assessment.reasons) for a in judged]
    assert any(a.counted for a in judged)
    assert any(a.assessment.present_on_admission for a in judged)
    assert any(a.assessment.repeat_of is not None for a in judged)
    assert any("by the transfer rule" in r for r in reasons)
    assert any(a.event.decision == Decision.RULED_OUT for a in judged)
    # No two standing confirmed events of one type on one patient's date of event.
    keys = [
        (e.patient_id, e.infection_type, e.date_of_event)
        for e in standing
        if e.decision == Decision.CONFIRMED
    ]
    assert len(keys) == len(set(keys))
