"""The daily roll-up: figures read through it equal the figures counted live from the
records, before and after late writes, and whatever settings they were stored under."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from checklists import demo, measures, services
from checklists.measures import Period, rollup
from checklists.models import Check, DayTally, EntryPoint, Stay, User, Ward
from tests.factories import expected_answers, local_time

pytestmark = pytest.mark.django_db

DAYS = 21


@pytest.fixture
def hospital():
    """The small demo with three weeks of history, up to now."""
    demo.seed(now=timezone.now(), days=DAYS)
    return list(Ward.objects.order_by("code"))


def live(wards, period, now):
    return measures.by_ward_and_kind(measures.collect(wards, period, now))


def periods(today):
    return [
        Period(today - timedelta(days=27), today),  # the dashboards' "last 4 weeks"
        Period(today - timedelta(days=10), today - timedelta(days=4)),  # settled only
        Period(today, today),  # today only: counted live
        Period(today - timedelta(days=DAYS + 5), today - timedelta(days=DAYS - 2)),  # the start
    ]


def test_the_overview_through_the_rollup_equals_the_live_count(hospital):
    now = timezone.now()
    today = timezone.localdate(now)
    for period in periods(today):
        assert rollup.by_ward_and_kind(hospital, period, now) == live(hospital, period, now)
    # Some wards only, as a ward manager sees them.
    two = hospital[:2]
    assert rollup.by_ward_and_kind(two, periods(today)[0], now) == live(two, periods(today)[0], now)


def test_before_the_grace_hours_are_over_yesterday_is_counted_live(hospital):
    today = timezone.localdate()
    early = local_time(today, "03:00")  # yesterday's checks may still be entered
    period = Period(today - timedelta(days=7), today)
    DayTally.objects.all().delete()  # the seed stored what was settled when it ran
    assert rollup.settled_until(period, early) == today - timedelta(days=2)
    assert rollup.by_ward_and_kind(hospital, period, early) == live(hospital, period, early)
    assert not DayTally.objects.filter(day__gte=today - timedelta(days=1)).exists()


def test_weekly_and_monthly_trends_through_the_rollup_equal_the_live_trends(hospital):
    now = timezone.now()
    today = timezone.localdate(now)
    for buckets in (measures.last_weeks(today, 6), measures.last_months(today, 3)):
        facts = measures.collect(hospital, Period(buckets[0].start, buckets[-1].end), now)
        assert rollup.trend_by_ward(hospital, buckets, now) == measures.trend_by_ward(
            facts, buckets
        )
        one = [hospital[0]]
        one_facts = measures.collect(one, Period(buckets[0].start, buckets[-1].end), now)
        assert rollup.trend(one, buckets, now) == measures.trend(one_facts, buckets)
        # A period that ends mid-bucket counts its last bucket up to its end only.
        cut = today - timedelta(days=3)
        cut_facts = measures.collect(one, Period(buckets[0].start, cut), now)
        assert rollup.trend(one, buckets, now, until=cut) == measures.trend(cut_facts, buckets)


def test_each_kinds_trends_through_the_rollup_equal_the_live_trends_by_day_or_month(hospital):
    now = timezone.now()
    today = timezone.localdate(now)
    months = measures.last_months(today, 3)
    cut = today - timedelta(days=3)
    facts = measures.collect(hospital, Period(months[0].start, cut), now)
    (by_day,) = rollup.trends_by_kind(hospital, [months], now, until=cut)
    (by_month,) = rollup.trends_by_kind(hospital, [months], now, until=cut, calendar_months=True)
    assert by_month == by_day
    for ward in (*hospital, None):
        for kind in (*measures.ALL_KINDS, None):
            expected = measures.trend(facts, months, ward.pk if ward else None, kind)
            assert by_day[(ward.pk if ward else None, kind)] == expected, (ward, kind)


def test_each_settled_ward_day_is_stored_once_and_then_read_not_recounted(
    hospital, django_assert_max_num_queries
):
    now = timezone.now()
    period = periods(timezone.localdate(now))[0]
    rollup.by_ward_and_kind(hospital, period, now)
    settled = rollup.settled_until(period, now)
    days_stored = (settled - period.start).days + 1
    assert DayTally.objects.filter(kind="").count() == len(hospital) * days_stored
    assert rollup.fill(hospital, period, now) == 0
    # basis, the stored-day count, the sums, and the live days' four queries.
    with django_assert_max_num_queries(7):
        rollup.by_ward_and_kind(hospital, period, now)


def _settled_check(compliant: bool) -> Check:
    """An original check of a settled day, at least three days back, on a patient still in."""
    three_days_back = timezone.localdate() - timedelta(days=3)
    return (
        Check.objects.filter(
            corrects__isnull=True,
            is_compliant=compliant,
            clinical_date__lte=three_days_back,
            correction__isnull=True,
            entry_point__patient__stays__ended_at__isnull=True,
        )
        .select_related("entry_point", "ward", "template")
        .first()
    )


def test_a_correction_of_a_settled_day_is_counted_on_the_next_read(hospital):
    now = timezone.now()
    period = periods(timezone.localdate(now))[0]
    before = rollup.by_ward_and_kind(hospital, period, now)
    original = _settled_check(compliant=False)
    ward, kind = original.ward_id, original.entry_point.kind
    nurse = User.objects.filter(role="nurse", wards=original.ward_id).first()
    services.correct_check(
        nurse=nurse,
        original=original,
        answers=expected_answers(kind),
        reason="Chart re-read: it was compliant",
    )
    after = rollup.by_ward_and_kind(hospital, period, timezone.now())
    assert after[(ward, kind)].compliant == before[(ward, kind)].compliant + 1
    assert after == live(hospital, period, timezone.now())


def test_a_back_dated_insertion_is_counted_on_the_next_read(hospital):
    now = timezone.now()
    today = timezone.localdate(now)
    period = Period(today - timedelta(days=13), today)
    before = rollup.by_ward_and_kind(hospital, period, now)
    stay = Stay.objects.filter(
        ended_at__isnull=True, started_at__lt=now - timedelta(days=6)
    ).first()
    nurse = User.objects.filter(role="nurse", wards=stay.ward).first()
    # Found on the ward round: a catheter in for four days that nobody had entered.
    services.add_entry_point(
        nurse=nurse,
        patient=stay.patient,
        entry_point=EntryPoint(
            kind="iuc", body_site="Urethral", started_at=now - timedelta(days=4)
        ),
    )
    after = rollup.by_ward_and_kind(hospital, period, timezone.now())
    assert after[(stay.ward_id, "iuc")].missed >= before[(stay.ward_id, "iuc")].missed + 3
    assert after == live(hospital, period, timezone.now())


def test_rows_counted_under_other_settings_are_not_used(hospital, settings):
    now = timezone.now()
    period = periods(timezone.localdate(now))[0]
    rollup.by_ward_and_kind(hospital, period, now)
    settings.PIV_REVIEW_HOURS = 24  # far more PIVs are now past review
    changed = rollup.by_ward_and_kind(hospital, period, now)
    assert changed == live(hospital, period, now)
    assert changed[(None, "piv")].past_review > 0
    assert not DayTally.objects.exclude(basis=rollup.basis()).exists()


def test_a_ward_without_patients_is_stored_as_counted_with_nothing_in_it(hospital):
    empty = Ward.objects.create(code="EMPTY", name="Empty ward", beds=10)
    now = timezone.now()
    period = Period(timezone.localdate(now) - timedelta(days=5), timezone.localdate(now))
    figures = rollup.by_ward_and_kind([empty], period, now)
    assert figures[(empty.pk, None)].due == 0
    assert (
        DayTally.objects.filter(ward=empty).count()
        == rollup.settled_until(period, now).toordinal() - period.start.toordinal() + 1
    )
    assert rollup.fill([empty], period, now) == 0
