"""Infection events: recorded and corrected by the infection-prevention lead only, never
changed, each version kept; the rules' conclusions on the event page in words; who may
read which; and what is refused, with nothing half-saved."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from checklists import services
from checklists.measures.infections import assessed
from checklists.models import AuditEvent, Decision, InfectionEvent, InfectionFlag, Role, Stay
from checklists.models.append_only import AppendOnlyError
from checklists.services import EventDetails, Review

from .factories import (
    day_back,
    days_ago,
    failing_answers,
    make_entry_point,
    make_patient,
    make_screen,
    make_user,
    record_on,
    row_counts,
)


@pytest.fixture
def lead(ward, other_ward):
    return make_user(Role.MANAGER, wards=[], username="ipc", hospital_wide=True)


@pytest.fixture
def lead_client(lead):
    client = Client()
    client.force_login(lead)
    return client


@pytest.fixture
def lined_patient(ward, nurse):
    """On Ward One for 10 days, a central line in since 8 days ago."""
    patient = make_patient(ward=ward, admitted_at=days_ago(10, "09:00"))
    make_entry_point(patient, "cvc", started_at=days_ago(8, "11:00"), created_by=nurse)
    return patient


def clabsi(days_back: int = 2, **changes) -> EventDetails:
    values = {
        "infection_type": "clabsi",
        "first_positive_on": day_back(days_back),
        "date_of_event": day_back(days_back),
        "evidence": "Blood culture: S. aureus in 2 of 2 sets",
        "organism": "Staphylococcus aureus",
    } | changes
    return EventDetails(**values)


def record(lead, patient, **changes):
    return services.record_infection(lead=lead, patient=patient, details=clabsi(**changes))


def form_data(**changes) -> dict[str, str]:
    data = {
        "event_public_id": str(uuid.uuid4()),
        "infection_type": "clabsi",
        "harm_stage": "",
        "first_positive_on": day_back(2).isoformat(),
        "date_of_event": day_back(2).isoformat(),
        "organism": "Staphylococcus aureus",
        "evidence": "Blood culture positive",
    }
    return data | changes


# Recording, and what the event page says.


def test_lead_records_an_event_with_its_audit_event(lead, lined_patient):
    event = record(lead, lined_patient)
    audit = AuditEvent.objects.get(action="infection.recorded")
    assert audit.data["event"] == str(event.event_id)
    assert audit.data["counted"] is True
    assert "aureus" not in str(audit.data)  # no clinical free text in the trail


def test_event_page_shows_the_reasoning_in_words(lead, lead_client, lined_patient, ward):
    event = record(lead, lined_patient)
    page = lead_client.get(reverse("checklists:infection-detail", args=[event.event_id]))
    text = page.content.decode()
    assert page.status_code == 200
    # Admitted 10 days ago (day 1): 2 days ago is day 9; the line went in 8 days ago
    # (day 1), so 2 days ago is its day 7.
    assert "Day 9 of the admission" in text and "healthcare-associated" in text
    assert "day 7 on the date of event" in text
    assert f"Counted</strong> in {ward.name}'s CLABSI rate" in text


def test_the_form_records_and_lands_on_the_event(lead_client, lined_patient):
    url = reverse("checklists:infection-record", args=[lined_patient.public_id])
    assert lead_client.get(url).status_code == 200
    response = lead_client.post(url, form_data())
    event = InfectionEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("checklists:infection-detail", args=[event.event_id])


def test_the_same_form_sent_twice_records_one_event(lead_client, lined_patient):
    url = reverse("checklists:infection-record", args=[lined_patient.public_id])
    data = form_data()
    first, second = lead_client.post(url, data), lead_client.post(url, data)
    assert InfectionEvent.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_second_form_for_the_same_infection_and_date_is_refused(lead, lined_patient):
    record(lead, lined_patient)
    with pytest.raises(ValidationError, match="already has this infection on this date"):
        record(lead, lined_patient)


# Corrections, ruling out and overrides: new versions, the old kept.


def test_a_correction_is_a_new_version_and_the_first_is_kept(lead, lined_patient):
    first = record(lead, lined_patient)
    second = services.correct_infection(
        lead=lead, original=first, details=clabsi(organism="MRSA"), review=Review("Lab update")
    )
    assert second.event_id == first.event_id and second.corrects == first
    assert InfectionEvent.objects.get(pk=first.pk).organism == "Staphylococcus aureus"
    assert list(InfectionEvent.objects.standing()) == [second]
    audit = AuditEvent.objects.get(action="infection.corrected")
    assert audit.data["changed"] == ["organism"]


def test_an_event_is_never_changed_in_place(lead, lined_patient):
    event = record(lead, lined_patient)
    event.organism = "E. coli"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        InfectionEvent.objects.filter(pk=event.pk).delete()


def test_not_an_hai_after_review_is_a_recorded_decision(lead, lead_client, lined_patient):
    first = record(lead, lined_patient)
    ruled_out = services.correct_infection(
        lead=lead,
        original=first,
        details=clabsi(),
        review=Review("Contaminant: one of four sets", decision=Decision.RULED_OUT),
    )
    page = lead_client.get(reverse("checklists:infection-detail", args=[first.event_id]))
    text = page.content.decode()
    assert "Not counted" in text and "not an HAI after review" in text
    assert InfectionEvent.objects.filter(event_id=ruled_out.event_id).count() == 2


def test_an_override_needs_its_reason_and_is_shown_beside_the_rules(
    lead, lead_client, lined_patient, other_ward
):
    first = record(lead, lined_patient)
    with pytest.raises(ValidationError, match="Say why"):
        services.correct_infection(
            lead=lead,
            original=first,
            details=clabsi(),
            review=Review("Review", override_ward=other_ward),
        )
    services.correct_infection(
        lead=lead,
        original=first,
        details=clabsi(),
        review=Review(
            "Review", override_ward=other_ward, override_reason="Line placed on Ward Two"
        ),
    )
    text = lead_client.get(reverse("checklists:infection-detail", args=[first.event_id])).content
    assert b"attributed to Ward Two (Line placed on Ward Two)" in text
    assert b"The rules alone would have counted it, on Ward One" in text


def test_an_old_version_cannot_be_corrected_again(lead, lined_patient):
    first = record(lead, lined_patient)
    services.correct_infection(lead=lead, original=first, details=clabsi(), review=Review("One"))
    with pytest.raises(ValidationError, match="already been corrected"):
        services.correct_infection(
            lead=lead, original=first, details=clabsi(), review=Review("Two")
        )


def test_a_correction_form_opened_before_another_keeps_the_entries_and_saves_nothing(
    lead, lead_client, lined_patient
):
    first = record(lead, lined_patient)
    url = reverse("checklists:infection-correct", args=[first.event_id])
    data = form_data(version=str(first.public_id), decision="confirmed", reason="Mine")
    data.pop("event_public_id")
    services.correct_infection(lead=lead, original=first, details=clabsi(), review=Review("Theirs"))
    response = lead_client.post(url, data | {"organism": "Klebsiella"})
    assert response.status_code == 200
    assert b"Someone has corrected this event since you opened this form" in response.content
    assert b'value="Klebsiella"' in response.content
    assert InfectionEvent.objects.count() == 2


# Who may do what.


def test_a_nurse_can_neither_open_nor_record_events(nurse_client, lead, lined_patient):
    event = record(lead, lined_patient)
    urls = [
        reverse("checklists:infection-list"),
        reverse("checklists:infection-detail", args=[event.event_id]),
        reverse("checklists:infection-correct", args=[event.event_id]),
        reverse("checklists:infection-record", args=[lined_patient.public_id]),
    ]
    assert [nurse_client.get(url).status_code for url in urls] == [403] * 4


def test_the_service_refuses_anyone_but_the_lead_or_an_administrator(
    nurse, manager, auditor, admin_user, lined_patient
):
    for user in (nurse, manager, auditor):
        with pytest.raises(PermissionDenied):
            record(user, lined_patient)
    assert record(admin_user, lined_patient).recorded_by == admin_user


def test_a_unit_manager_sees_only_her_wards_events(
    lead, manager_client, other_manager_client, lined_patient
):
    event = record(lead, lined_patient)  # attributed to Ward One
    url = reverse("checklists:infection-detail", args=[event.event_id])
    assert manager_client.get(url).status_code == 200
    assert other_manager_client.get(url).status_code == 404
    listed = other_manager_client.get(reverse("checklists:infection-list"))
    assert str(event.event_id) not in listed.content.decode()
    assert (
        manager_client.post(
            reverse("checklists:infection-correct", args=[event.event_id]), {}
        ).status_code
        == 403
    )


def test_an_auditor_reads_every_event_and_writes_none(lead, auditor_client, lined_patient):
    event = record(lead, lined_patient)
    assert (
        auditor_client.get(
            reverse("checklists:infection-detail", args=[event.event_id])
        ).status_code
        == 200
    )
    url = reverse("checklists:infection-record", args=[lined_patient.public_id])
    assert auditor_client.post(url, form_data()).status_code == 403
    assert InfectionEvent.objects.count() == 1


# Hostile input: a clear message and nothing saved.


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date_of_event": "FUTURE"}, "cannot be in the future"),
        ({"date_of_event": "LONG_BEFORE"}, "before the patient&#x27;s admission"),
        ({"first_positive_on": "WEEK_BEFORE"}, "infection window period"),
        ({"infection_type": "flu"}, "Select a valid choice"),
        ({"infection_type": "hapi"}, "Choose the pressure injury&#x27;s stage"),
        ({"harm_stage": "2"}, "A stage belongs to a pressure injury only"),
        ({"evidence": "   "}, "Write the evidence"),
        ({"date_of_event": "31/02/2026"}, "Enter a date"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    lead_client, lined_patient, changes, message
):
    dates = {
        "FUTURE": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "LONG_BEFORE": day_back(20).isoformat(),
        "WEEK_BEFORE": day_back(9).isoformat(),
    }
    changes = {k: dates.get(v, v) for k, v in changes.items()}
    if changes.get("date_of_event") == dates["LONG_BEFORE"]:
        changes["first_positive_on"] = dates["LONG_BEFORE"]
    before = row_counts(InfectionEvent, AuditEvent)
    url = reverse("checklists:infection-record", args=[lined_patient.public_id])
    response = lead_client.post(url, form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert b"Nothing was saved" in response.content
    assert row_counts(InfectionEvent, AuditEvent) == before


def test_a_type_without_its_device_is_recorded_but_not_device_associated(
    lead, lead_client, lined_patient
):
    event = record(lead, lined_patient, infection_type="cauti")
    text = lead_client.get(reverse("checklists:infection-detail", args=[event.event_id])).content
    assert b"No urinary catheter recorded for this patient" in text
    assert b"Not counted" in text


def test_an_unknown_patient_is_a_404(lead_client):
    url = reverse("checklists:infection-record", args=[uuid.uuid4()])
    assert lead_client.post(url, form_data()).status_code == 404


# The conclusions follow the records: nothing derived is stored.


def test_a_transfer_recorded_later_moves_the_attribution(lead, lined_patient, ward, other_ward):
    event = record(lead, lined_patient, days_back=1)
    stay = Stay.objects.get(patient=lined_patient)
    # The patient had in fact moved from Ward Two the day before the date of event.
    Stay.objects.filter(pk=stay.pk).update(started_at=days_ago(2, "12:00"))
    Stay.objects.create(
        patient=lined_patient,
        ward=other_ward,
        started_at=days_ago(10, "09:00"),
        ended_at=days_ago(2, "12:00"),
        end_reason=Stay.EndReason.TRANSFER,
    )
    shown = assessed([InfectionEvent.objects.get(pk=event.pk)])[0]
    assert shown.ward_id == other_ward.pk


# Queries: constant in the number of events.


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The list: session, user, visible wards, the standing events with patients and authors,
# then for all of them at once their stays, devices and other events, and the navigation
# wards. The page: session, user, the event, its patient's stays, devices and other
# events, its versions, whether the reader may open the patient, the navigation wards.
LIST_QUERIES, PAGE_QUERIES = 8, 9


def test_event_list_and_page_queries_do_not_grow_with_events(lead, lead_client, ward, nurse):
    patients = []
    for _ in range(6):
        p = make_patient(ward=ward, admitted_at=days_ago(12, "09:00"))
        make_entry_point(p, "cvc", started_at=days_ago(11, "11:00"), created_by=nurse)
        patients.append(p)
    first = record(lead, patients[0])
    list_url = reverse("checklists:infection-list")
    page_url = reverse("checklists:infection-detail", args=[first.event_id])
    few = _queries(lead_client, list_url), _queries(lead_client, page_url)
    for p in patients[1:]:
        event = record(lead, p, days_back=3)
        services.correct_infection(lead=lead, original=event, details=clabsi(3), review=Review("x"))
    many = _queries(lead_client, list_url), _queries(lead_client, page_url)
    assert many == few
    assert few == (LIST_QUERIES, PAGE_QUERIES)


@pytest.mark.postgres
def test_postgresql_refuses_changing_or_deleting_an_event_by_any_sql(lead, lined_patient):
    record(lead, lined_patient)
    for sql in (
        "UPDATE checklists_infectionevent SET organism = ''",
        "DELETE FROM checklists_infectionevent",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)
    assert InfectionEvent.objects.get().organism == "Staphylococcus aureus"


# Starting from a flag or a screen.


def _flagged_line(patient, nurse):
    """A check of the patient's central line, yesterday, that found signs of infection."""
    line = patient.entry_points.get(kind="cvc")
    check = record_on(line, nurse, day_back(1), failing_answers("cvc", site_signs="yes"))
    return InfectionFlag.objects.get(opened_by=check)


def test_a_flag_is_offered_to_the_lead_as_the_start_of_an_event(
    lead, lead_client, lined_patient, nurse
):
    flag = _flagged_line(lined_patient, nurse)
    page = lead_client.get(f"/patients/{lined_patient.public_id}/").content.decode()
    url = f"/patients/{lined_patient.public_id}/infections/new/?flag={flag.public_id}"
    assert url in page
    form = lead_client.get(url)
    initial = form.context["form"].initial
    assert initial["infection_type"] == "clabsi"
    assert initial["date_of_event"] == initial["first_positive_on"] == day_back(1)
    assert "Signs of infection found at the daily check" in initial["evidence"]
    assert "data-started-from" in form.content.decode()
    # The date pickers show the dates (an ISO value, whatever the locale's format).
    assert f'value="{day_back(1).isoformat()}"' in form.content.decode()
    assert not InfectionEvent.objects.exists()  # nothing until she saves


def test_a_screen_is_offered_to_the_lead_as_the_start_of_an_event(
    lead, lead_client, lined_patient, nurse
):
    flag = _flagged_line(lined_patient, nurse)
    screen = make_screen(
        lined_patient, nurse, observed_at=days_ago(1, "10:30"), prompted_by=flag.opened_by
    )
    page = lead_client.get(f"/screens/{screen.public_id}/").content.decode()
    url = f"/patients/{lined_patient.public_id}/infections/new/?screen={screen.public_id}"
    assert url.replace("&", "&amp;") in page
    initial = lead_client.get(url).context["form"].initial
    assert initial["infection_type"] == "clabsi"
    assert f"NEWS2 {screen.news2}" in initial["evidence"]


def test_nobody_else_is_offered_it_and_another_patients_flag_fills_nothing(
    lead, lead_client, lined_patient, nurse, nurse_client, ward
):
    flag = _flagged_line(lined_patient, nurse)
    assert (
        "data-start-infection"
        not in nurse_client.get(f"/patients/{lined_patient.public_id}/").content.decode()
    )
    other = make_patient(ward=ward, admitted_at=days_ago(5, "09:00"))
    response = lead_client.get(f"/patients/{other.public_id}/infections/new/?flag={flag.public_id}")
    assert response.status_code == 200
    assert "infection_type" not in response.context["form"].initial
    assert "is not this patient" in response.content.decode()
    junk = lead_client.get(f"/patients/{other.public_id}/infections/new/?screen=not-a-uuid")
    assert junk.status_code == 200
