"""Hostile input (2 of 3): the clinical forms, posted through the test client as a ward
nurse. Each example starts from a valid POST and spoils some of its fields with hostile
values (`spoil`); the response is then either a save (302) with exactly the rows a save
makes, or the form again (200) with its reasons on the page and nothing added at all.

Strategies, bookkeeping and the Hypothesis settings come from test_hostile_input.py."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django import forms
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from checklists.forms import REMOVAL_REASONS, item_field
from checklists.models import (
    Answer,
    Check,
    ChecklistTemplate,
    EntryPoint,
    EntryPointKind,
    MonthSignOff,
    Patient,
    Stay,
)
from checklists.models.entry_points import AirwayType, CentralLineType, PressureStage, WoundClass

from .factories import days_ago, expected_answers, make_check, make_entry_point, make_patient
from .test_hostile_input import (
    NASTY,
    assert_refusal_shown,
    counts,
    growth,
    hostile_moment,
    hostile_settings,
    hostile_text,
    recent_moment,
    rolled_back,
    spoil,
)

pytestmark = pytest.mark.django_db

KINDS = tuple(EntryPointKind.values)
SCRIPT = "<script>alert(1)</script>"

# Numbers as people mistype them, and as attackers send them.
NUMBERISH = (
    "25.55",
    "1e1",
    "-1",
    "121",
    "NaN",
    "Infinity",
    "0x19",
    "25,5",
    "+25",
    "99999",
    "999999",
    "\u0662\u0665",
    "\uff12\uff15",
)
hostile_answer = st.one_of(st.sampled_from(NUMBERISH), hostile_text)
# Free text a nurse may type, control characters and all, as well as the nasty list.
any_note = st.one_of(st.text(max_size=200), st.sampled_from(NASTY), st.just(SCRIPT))
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


def _items(kind: str) -> list:
    return list(ChecklistTemplate.objects.current_for(kind).items.all())


def _valid_answers(item) -> list[str]:
    """The answers the form offers for an item; some plausible readings for a measurement."""
    field = item_field(item)
    if isinstance(field, forms.ChoiceField):
        return [value for value, _ in field.choices]
    return ["0", "20", "22.5", "25", "30", "120"]


def _answers_of(check: Check) -> dict[str, str]:
    return dict(check.answers.values_list("item__code", "value"))


@pytest.fixture
def points(patient, nurse):
    """One entry point of every kind on the patient, in place for three days."""
    return {
        kind: make_entry_point(patient, kind, started_at=days_ago(3, "09:00"), created_by=nurse)
        for kind in KINDS
    }


# --- The daily check -------------------------------------------------------------------


@hostile_settings(60)
@given(data=st.data())
def test_the_check_form_saves_a_whole_check_or_nothing(nurse_client, nurse, ward, points, data):
    kind = data.draw(st.sampled_from(KINDS), label="kind")
    point, items = points[kind], _items(kind)
    post = {
        f"item_{item.code}": data.draw(st.sampled_from(_valid_answers(item)), label=item.code)
        for item in items
    }
    post["observed_at"] = data.draw(recent_moment(timedelta(days=2)), label="observed_at")
    post["note"] = data.draw(any_note, label="note")
    hostile = {name: hostile_answer for name in post} | {
        "observed_at": hostile_moment,
        "note": hostile_text,
    }
    spoil(data, post, hostile)
    if data.draw(st.booleans(), label="all as expected"):
        post["all_expected"] = "1"
    post |= data.draw(forged, label="forged")
    url = f"/entry-points/{point.public_id}/check/"

    with rolled_back():
        before = counts()
        response = nurse_client.post(url, post)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert_refusal_shown(response)
            assert growth(before) == {}
            return
        assert growth(before) == {"Check": 1, "Answer": len(items), "AuditEvent": 1}
        check = Check.objects.latest("pk")
        # Forged fields changed nothing: the record is the nurse's, on her ward, today's
        # template, and an original (not a correction of something else).
        assert (check.entry_point, check.recorded_by, check.ward) == (point, nurse, ward)
        assert check.corrects is None and check.correction_reason == ""
        assert check.template == ChecklistTemplate.objects.current_for(kind)
        assert check.clinical_date == timezone.localdate(check.observed_at)
        assert set(_answers_of(check)) == {item.code for item in items}
        assert check.note == post.get("note", "").strip()
        # The verdict is the all-or-none rule over the saved answers.
        applicable = check.answers.filter(is_applicable=True)
        assert check.is_compliant == all(applicable.values_list("is_compliant", flat=True))
        page = nurse_client.get(f"/checks/{check.public_id}/").content.decode()
        if check.note:
            assert escape(check.note) in page
        assert SCRIPT not in page


def test_a_saved_note_with_markup_is_shown_escaped(nurse_client, points):
    # The property above draws this note too; here it is certain to be saved and shown.
    point = points["piv"]
    post = {f"item_{code}": value for code, value in expected_answers("piv").items()}
    post |= {"observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "note": SCRIPT}
    assert nurse_client.post(f"/entry-points/{point.public_id}/check/", post).status_code == 302
    check = Check.objects.get(entry_point=point)
    page = nurse_client.get(f"/checks/{check.public_id}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and SCRIPT not in page


@pytest.fixture
def checks_to_correct(points, nurse):
    """Yesterday's checks of a peripheral IV and a breathing tube (a measured item)."""
    return {
        kind: make_check(
            points[kind], nurse, observed_at=days_ago(1, "10:00"), now=days_ago(1, "11:00")
        )
        for kind in ("piv", "airway")
    }


def _stored(check: Check) -> tuple[dict, list[dict]]:
    """A check's row and its answers' rows, exactly as stored."""
    row = Check.objects.filter(pk=check.pk).values().get()
    answers = list(Answer.objects.filter(check_record=check).order_by("pk").values())
    return row, answers


@hostile_settings(50)
@given(data=st.data())
def test_a_correction_adds_a_whole_new_version_and_never_touches_the_original(
    nurse_client, nurse, checks_to_correct, data
):
    kind = data.draw(st.sampled_from(sorted(checks_to_correct)), label="kind")
    original, items = checks_to_correct[kind], _items(kind)
    post = {
        f"item_{item.code}": data.draw(st.sampled_from(_valid_answers(item)), label=item.code)
        for item in items
    }
    post["note"] = data.draw(any_note, label="note")
    post["reason"] = data.draw(st.one_of(st.just("Ticked the wrong box"), any_note), "reason")
    hostile = {name: hostile_answer for name in post} | {
        "note": hostile_text,
        "reason": hostile_text,
    }
    spoil(data, post, hostile)
    post |= data.draw(forged, label="forged")
    post["observed_at"] = data.draw(hostile_moment, label="observed_at")  # not a field here
    stored = _stored(original)

    with rolled_back():
        before = counts()
        response = nurse_client.post(f"/checks/{original.public_id}/correct/", post)
        assert response.status_code in (200, 302)
        assert _stored(original) == stored
        if response.status_code == 200:
            assert_refusal_shown(response)
            assert growth(before) == {}
            return
        assert growth(before) == {"Check": 1, "Answer": len(items), "AuditEvent": 1}
        correction = Check.objects.get(corrects=original)
        assert response["Location"] == f"/checks/{correction.public_id}/"
        assert correction.recorded_by == nurse
        assert correction.correction_reason == post["reason"].strip() != ""
        # A correction answers for the original's day and observation, whatever is posted.
        same = ("entry_point_id", "ward_id", "template_id", "clinical_date", "observed_at")
        assert all(getattr(correction, f) == stored[0][f] for f in same)
        assert set(_answers_of(correction)) == {item.code for item in items}
        page = nurse_client.get(response["Location"]).content.decode()
        assert escape(correction.correction_reason) in page
        if correction.note:
            assert escape(correction.note) in page
        assert SCRIPT not in page


def test_a_correction_reason_with_markup_is_shown_escaped(nurse_client, checks_to_correct):
    original = checks_to_correct["piv"]
    post = {f"item_{code}": value for code, value in expected_answers("piv").items()}
    post |= {"reason": SCRIPT, "note": '"><img src=x onerror=alert(1)>'}
    response = nurse_client.post(f"/checks/{original.public_id}/correct/", post)
    assert response.status_code == 302
    page = nurse_client.get(response["Location"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and SCRIPT not in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page


# --- Entry points ------------------------------------------------------------------------

DETAILS = {
    # detail field: valid values (free text for gauge and procedure)
    "gauge": ["14G", "18G", "20G", "22G", "24G"],
    "line_type": CentralLineType.values,
    "insertion_bundle_done": ["true", "false"],
    "procedure": ["Laparoscopic appendicectomy", "Hip replacement"],
    "wound_class": WoundClass.values,
    "pressure_stage": PressureStage.values,
    "present_on_admission": ["true", "false"],
    "airway_type": AirwayType.values,
}
KIND_DETAILS = {
    "piv": ["gauge"],
    "cvc": ["line_type", "insertion_bundle_done"],
    "iuc": ["insertion_bundle_done"],
    "wound": ["procedure", "wound_class"],
    "pressure": ["pressure_stage", "present_on_admission"],
    "airway": ["airway_type"],
}


@hostile_settings(60)
@given(data=st.data())
def test_adding_an_entry_point_saves_it_whole_or_not_at_all(nurse_client, nurse, patient, data):
    kind = data.draw(st.sampled_from(KINDS), label="kind")
    post = {
        "kind": kind,
        "body_site": data.draw(st.sampled_from(["Left forearm", "Sacrum", "Abdomen"])),
        "started_at": data.draw(recent_moment(timedelta(days=9)), label="started_at"),
    }
    for name in KIND_DETAILS[kind]:
        post[name] = data.draw(st.sampled_from(DETAILS[name]), label=name)
    hostile = {name: hostile_text for name in post} | {"started_at": hostile_moment}
    hostile["kind"] = st.one_of(st.sampled_from(KINDS), hostile_text)
    spoil(data, post, hostile)
    # Another kind's details, which this kind's form must ignore.
    others = sorted(set(DETAILS) - set(KIND_DETAILS[kind]))
    for name in data.draw(st.sets(st.sampled_from(others), max_size=2), label="other details"):
        post[name] = DETAILS[name][0]
    post |= data.draw(forged, label="forged")
    in_query = data.draw(st.booleans(), label="kind in the query string")
    url = f"/patients/{patient.public_id}/entry-points/add/"
    if in_query and "kind" in post:
        # The view reads the kind from the query string first, as the kind links send it.
        url += "?" + urlencode({"kind": post.pop("kind")})

    with rolled_back():
        before = counts()
        response = nurse_client.post(url, post)
        asked = (response.wsgi_request.GET.get("kind") or post.get("kind")) or ""
        assert response.status_code in (200, 302, 404)
        if response.status_code == 404:
            assert asked not in KINDS
        if response.status_code != 302:
            assert growth(before) == {}
            if response.status_code == 200 and asked:
                assert_refusal_shown(response)
            return
        assert growth(before) == {"EntryPoint": 1, "AuditEvent": 1}
        point = EntryPoint.objects.latest("pk")
        assert (point.patient, point.created_by, point.kind) == (patient, nurse, asked)
        assert point.removed_at is None and point.removed_by is None
        # Only this kind's details are kept; forged ones for other kinds are not.
        for name in DETAILS:
            if name not in KIND_DETAILS[asked]:
                assert getattr(point, name) in ("", None), name


@hostile_settings(40)
@given(data=st.data())
def test_removing_an_entry_point_records_the_removal_or_nothing(nurse_client, nurse, points, data):
    point = points[data.draw(st.sampled_from(KINDS), label="kind")]
    post = {
        "removed_at": data.draw(recent_moment(timedelta(days=2)), label="removed_at"),
        "reason": data.draw(st.sampled_from([v for v, _ in REMOVAL_REASONS if v])),
    }
    spoil(data, post, {"removed_at": hostile_moment, "reason": hostile_text})
    post |= data.draw(forged, label="forged")
    stored = EntryPoint.objects.filter(pk=point.pk).values().get()

    with rolled_back():
        before = counts()
        response = nurse_client.post(f"/entry-points/{point.public_id}/remove/", post)
        assert response.status_code in (200, 302)
        now_stored = EntryPoint.objects.filter(pk=point.pk).values().get()
        if response.status_code == 200:
            assert_refusal_shown(response)
            assert growth(before) == {}
            assert now_stored == stored
            return
        assert growth(before) == {"AuditEvent": 1}
        # The removal is the only change: when, why and by whom.
        removal = {"removed_at", "removal_reason", "removed_by_id"}
        assert {k: v for k, v in now_stored.items() if k not in removal} == {
            k: v for k, v in stored.items() if k not in removal
        }
        assert now_stored["removed_by_id"] == nurse.pk
        assert now_stored["removal_reason"] == post["reason"]
        assert point.started_at <= now_stored["removed_at"]


# --- Admission, transfer, discharge -------------------------------------------------------


@pytest.fixture
def admissions(ward, other_ward, patient):
    """Who a hospital number might belong to: a patient on Ward One (with bed 12 taken),
    one on Ward Two, and one discharged last week who may come back."""
    Stay.objects.filter(patient=patient).update(bed="12")
    elsewhere = make_patient(other_ward, admitted_at=days_ago(4, "09:00"))
    gone = make_patient(ward, admitted_at=days_ago(20, "09:00"), full_name="Ada Gone")
    Stay.objects.filter(patient=gone).update(ended_at=days_ago(7, "12:00"), end_reason="discharge")
    return {"here": patient, "elsewhere": elsewhere, "gone": gone}


@hostile_settings(60)
@given(data=st.data())
def test_an_admission_saves_the_patient_and_the_stay_together_or_nothing(
    nurse_client, nurse, ward, admissions, data
):
    gone = admissions["gone"]
    returning = data.draw(st.booleans(), label="returning patient")
    post = {
        "hospital_number": gone.hospital_number if returning else "H900001",
        "full_name": gone.full_name if returning else "Zoë Łukasiewicz",
        "date_of_birth": f"{gone.date_of_birth:%Y-%m-%d}" if returning else "1948-02-29",
        "admitted_at": data.draw(recent_moment(timedelta(days=5)), label="admitted_at"),
        "bed": data.draw(st.sampled_from(["", "3", "12B"]), label="bed"),
        "diabetes": "on",
    }
    numbers = st.sampled_from(
        [p.hospital_number for p in admissions.values()]
        + [p.hospital_number.lower() for p in admissions.values()]
        + [" h900001 ", "ß" * 20, "H" * 21]
    )
    births = st.one_of(
        st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "1948-02-29", "31/12/1950"]),
        st.dates(min_value=date(1, 1, 1)).map(lambda d: f"{d.year:04d}-{d:%m-%d}"),
    )
    hostile = {
        "hospital_number": st.one_of(numbers, hostile_text),
        "full_name": hostile_text,
        "date_of_birth": st.one_of(births, hostile_text),
        "admitted_at": hostile_moment,
        "bed": st.one_of(st.sampled_from(["12", " 12 ", "1" * 11]), hostile_text),
        "diabetes": hostile_text,
        "pregnant": hostile_text,
    }
    spoil(data, post, hostile, most=4)
    post |= data.draw(forged, label="forged")
    # Mostly the nurse's own ward; sometimes another ward's code (404 for her).
    code = data.draw(st.sampled_from(["W1", "W1", "W1", "W1", "W2"]), label="ward code")

    with rolled_back():
        before = counts()
        response = nurse_client.post(f"/wards/{code}/admit/", post)
        assert response.status_code in (200, 302, 404)
        assert (response.status_code == 404) == (code != ward.code)
        if response.status_code != 302:
            if response.status_code == 200:
                assert_refusal_shown(response)
            assert growth(before) == {}
            return
        stay = Stay.objects.latest("pk")
        new = stay.patient_id != gone.pk
        assert (
            growth(before) == {"Patient": 1, "Stay": 1, "AuditEvent": 1}
            if new
            else {
                "Stay": 1,
                "AuditEvent": 1,
            }
        )
        assert (stay.ward, stay.ended_at) == (ward, None)
        assert response["Location"] == f"/patients/{stay.patient.public_id}/"
        # The number is kept as typed, tidied: no one else's record was taken over.
        assert stay.patient.hospital_number == post["hospital_number"].strip().upper()


@hostile_settings(50)
@given(data=st.data())
def test_a_transfer_moves_the_patient_whole_or_not_at_all(
    nurse_client, ward, other_ward, points, patient, data
):
    post = {
        "to_ward": str(other_ward.pk),
        "at": data.draw(recent_moment(timedelta(days=2)), label="at"),
        "bed": data.draw(st.sampled_from(["", "7"]), label="bed"),
    }
    wards = st.sampled_from(
        [str(ward.pk), "W2", "0", "-1", "1.5", "999999", "99999999999999999999999", "1e1"]
    )
    hostile = {"to_ward": st.one_of(wards, hostile_text), "at": hostile_moment, "bed": hostile_text}
    spoil(data, post, hostile)
    post |= data.draw(forged, label="forged")
    stay = patient.current_stay()

    with rolled_back():
        before = counts()
        response = nurse_client.post(f"/patients/{patient.public_id}/transfer/", post)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert_refusal_shown(response)
            assert growth(before) == {}
            assert Stay.objects.get(pk=stay.pk).ended_at is None
            return
        assert growth(before) == {"Stay": 1, "AuditEvent": 1}
        ended, new = Stay.objects.get(pk=stay.pk), patient.current_stay()
        assert (ended.end_reason, ended.ended_at) == ("transfer", new.started_at)
        assert new.ward == other_ward
        # The devices go with the patient.
        assert patient.entry_points.filter(removed_at__isnull=True).count() == len(points)


@hostile_settings(40)
@given(at=st.one_of(recent_moment(timedelta(days=2)), hostile_moment), extra=forged)
def test_a_discharge_ends_the_stay_and_closes_every_device_or_nothing(
    nurse_client, patient, points, at, extra
):
    stay = patient.current_stay()
    with rolled_back():
        before = counts()
        response = nurse_client.post(
            f"/patients/{patient.public_id}/discharge/", {"at": at} | extra
        )
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert_refusal_shown(response)
            assert growth(before) == {}
            assert patient.entry_points.filter(removed_at__isnull=True).count() == len(points)
            return
        assert growth(before) == {"AuditEvent": 1}
        ended = Stay.objects.get(pk=stay.pk)
        assert ended.end_reason == "discharge"
        closed = patient.entry_points.values_list("removed_at", flat=True)
        assert set(closed) == {ended.ended_at}
        assert Patient.objects.filter(pk=patient.pk).exists()


# --- Monthly sign-off ---------------------------------------------------------------------


@hostile_settings(30)
@given(data=st.data())
def test_a_sign_off_is_saved_with_its_audit_event_or_refused_with_a_message(
    manager_client, manager, ward, data
):
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    post = {"month": f"{last_month:%Y-%m}", "comment": "Reviewed with the ward team"}
    months = st.sampled_from(
        [f"{timezone.localdate():%Y-%m}", "1999-12", "0001-01", "9999-12", "2026-13", "2026"]
    )
    spoil(data, post, {"month": st.one_of(months, hostile_text), "comment": hostile_text})
    with rolled_back():
        before = counts()
        response = manager_client.post(f"/wards/{ward.code}/sign-off/", post, follow=True)
        # The form lives on the dashboard: a sign-off always goes back there.
        assert response.redirect_chain == [(f"/wards/{ward.code}/dashboard/", 302)]
        assert response.status_code == 200
        shown = [m for m in response.context["messages"]]
        if growth(before) == {}:
            errors = [m.message for m in shown if m.level_tag == "error"]
            assert errors
            page = response.content.decode()
            assert all(escape(message) in page for message in errors)
        else:
            assert growth(before) == {"MonthSignOff": 1, "AuditEvent": 1}
            signed = MonthSignOff.objects.latest("pk")
            assert (signed.ward, signed.signed_by) == (ward, manager)
            assert signed.month == last_month.replace(day=1)
            assert signed.comment == post["comment"].strip()


# --- A NUL in every free-text field (PostgreSQL refuses NUL in text columns) -------------


@pytest.fixture
def text_forms(patient, points, checks_to_correct, ward):
    """(URL, valid POST) of each form with free text, and which fields are free text."""
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    piv = {f"item_{code}": value for code, value in expected_answers("piv").items()}
    tube = {f"item_{code}": value for code, value in expected_answers("airway").items()}
    original = checks_to_correct["piv"]
    return {
        "check": (f"/entry-points/{points['piv'].public_id}/check/", piv | {"observed_at": now}),
        "measurement": (
            f"/entry-points/{points['airway'].public_id}/check/",
            tube | {"observed_at": now},
        ),
        "correction": (f"/checks/{original.public_id}/correct/", piv | {"reason": "Wrong box"}),
        "wound": (
            f"/patients/{patient.public_id}/entry-points/add/",
            {
                "kind": "wound",
                "body_site": "Abdomen",
                "procedure": "Appendicectomy",
                "wound_class": "II",
                "started_at": now,
            },
        ),
        "piv": (
            f"/patients/{patient.public_id}/entry-points/add/",
            {"kind": "piv", "body_site": "Hand", "gauge": "20G", "started_at": now},
        ),
        "admission": (
            f"/wards/{ward.code}/admit/",
            {
                "hospital_number": "H55",
                "full_name": "A Person",
                "date_of_birth": "1950-01-01",
                "admitted_at": now,
                "bed": "5",
            },
        ),
        "transfer": (f"/patients/{patient.public_id}/transfer/", {"at": now, "bed": "5"}),
    }


NUL_FIELDS = [
    ("check", "note"),
    ("check", "observed_at"),
    ("check", "item_dressing_intact"),
    ("measurement", "item_cuff_pressure"),
    ("correction", "reason"),
    ("correction", "note"),
    ("wound", "body_site"),
    ("wound", "procedure"),
    ("wound", "kind"),
    ("piv", "gauge"),
    ("admission", "hospital_number"),
    ("admission", "full_name"),
    ("admission", "bed"),
    ("admission", "date_of_birth"),
    ("transfer", "to_ward"),
    ("transfer", "bed"),
]


@pytest.mark.parametrize(("form", "field"), NUL_FIELDS)
def test_a_nul_character_in_a_text_field_is_refused_with_a_message(
    nurse_client, other_ward, text_forms, form, field
):
    url, post = text_forms[form]
    if form == "transfer":
        post = post | {"to_ward": str(other_ward.pk)}
    before = counts()
    response = nurse_client.post(url, post | {field: "left\x00right"})
    if field == "kind":
        # An unknown kind is not a form to show: there is no such page.
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert_refusal_shown(response)
    assert growth(before) == {}
