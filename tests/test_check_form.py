"""The check form: every item with its help text, the fast path, and clear refusals."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from checklists.models import Answer, Check, ChecklistTemplate

from .factories import expected_answers, make_check, make_entry_point, make_patient

pytestmark = pytest.mark.django_db


def _now_field() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _post_data(kind: str, **overrides) -> dict:
    data = {f"item_{code}": value for code, value in expected_answers(kind).items()}
    data["observed_at"] = _now_field()
    return data | overrides


@pytest.fixture
def piv(ward):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=3))
    return make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=2))


def _url(point) -> str:
    return f"/entry-points/{point.public_id}/check/"


def test_it_shows_every_item_with_its_help_text(nurse_client, piv):
    html = nurse_client.get(_url(piv)).content.decode()
    for item in ChecklistTemplate.objects.current_for("piv").items.all():
        assert item.text in html
        if item.help_text:
            assert item.help_text.split(".")[0] in html
    assert "All as expected" in html


# session, user, entry point (scoped), template, items, current stay,
# today's check, navigation wards.
FORM_QUERIES = 8


def test_the_form_costs_the_same_queries_however_much_history(
    nurse_client, nurse, piv, django_assert_num_queries
):
    with django_assert_num_queries(FORM_QUERIES):
        assert nurse_client.get(_url(piv)).status_code == 200
    now = timezone.now()
    for days_ago in range(1, 3):
        make_check(piv, nurse, observed_at=now - timedelta(days=days_ago))
    for _ in range(10):
        make_entry_point(piv.patient, "piv")
    with django_assert_num_queries(FORM_QUERIES):
        assert nurse_client.get(_url(piv)).status_code == 200


def test_it_records_a_check_and_returns_to_the_board(nurse_client, nurse, piv, ward):
    response = nurse_client.post(_url(piv), _post_data("piv"))
    assert response.status_code == 302
    assert response["Location"] == (
        f"/wards/{ward.code}/?saved={piv.public_id}#entry-{piv.public_id}"
    )
    check = Check.objects.get()
    assert check.recorded_by == nurse and check.is_compliant
    assert check.answers.count() == ChecklistTemplate.objects.current_for("piv").items.count()


def test_all_as_expected_records_every_items_usual_answer(nurse_client, piv):
    response = nurse_client.post(_url(piv), {"observed_at": _now_field(), "all_expected": "1"})
    assert response.status_code == 302
    answers = dict(Answer.objects.values_list("item__code", "value"))
    assert answers == {
        "still_needed": "yes",
        "insertion_documented": "yes",
        "site_inspected": "yes",
        "vip_score": "0",
        "dressing_intact": "yes",
        "hub_scrubbed": "yes",
    }


def test_all_as_expected_keeps_answers_the_nurse_gave(nurse_client, piv):
    nurse_client.post(
        _url(piv), {"observed_at": _now_field(), "all_expected": "1", "item_vip_score": "2"}
    )
    check = Check.objects.get()
    assert not check.is_compliant and check.infection_sign


def test_all_as_expected_still_asks_for_measurements(nurse_client, ward):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=3))
    tube = make_entry_point(patient, "airway", started_at=timezone.now() - timedelta(days=1))
    response = nurse_client.post(_url(tube), {"observed_at": _now_field(), "all_expected": "1"})
    assert response.status_code == 200
    assert "Answer this item: Cuff pressure." in response.content.decode()
    assert Check.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"item_vip_score": "6"}, "VIP score: 6 is not one of the answers offered."),
        ({"item_dressing_intact": ""}, "Answer this item: Dressing clean, dry and intact."),
        ({"note": "x" * 1001}, "Keep the note under 1000 characters"),
        ({"observed_at": "not a date"}, "Enter a date and time such as"),
    ],
)
def test_it_refuses_bad_input_with_a_message_and_saves_nothing(
    nurse_client, piv, overrides, message
):
    response = nurse_client.post(_url(piv), _post_data("piv", **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Check.objects.count() == 0 and Answer.objects.count() == 0


def test_it_refuses_a_check_in_the_future(nurse_client, piv):
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = nurse_client.post(_url(piv), _post_data("piv", observed_at=later))
    assert "cannot be in the future" in response.content.decode()
    assert Check.objects.count() == 0


def test_it_refuses_a_check_before_insertion(nurse_client, piv):
    before = timezone.localtime(piv.started_at - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = nurse_client.post(_url(piv), _post_data("piv", observed_at=before))
    assert "cannot be before the insertion" in response.content.decode()
    assert Check.objects.count() == 0


def test_a_double_submit_saves_one_check_and_explains(nurse_client, piv):
    data = _post_data("piv")
    assert nurse_client.post(_url(piv), data).status_code == 302
    response = nurse_client.post(_url(piv), data)
    assert response.status_code == 200
    assert "already recorded" in response.content.decode()
    assert Check.objects.count() == 1


def test_it_hides_another_wards_patient(other_nurse_client, piv):
    assert other_nurse_client.get(_url(piv)).status_code == 404
    assert other_nurse_client.post(_url(piv), _post_data("piv")).status_code == 404
    assert Check.objects.count() == 0


@pytest.mark.parametrize("persona", ["auditor_client", "manager_client"])
def test_readers_cannot_record(request, persona, piv):
    client = request.getfixturevalue(persona)
    assert client.get(_url(piv)).status_code == 403
    assert client.post(_url(piv), _post_data("piv")).status_code == 403
    assert Check.objects.count() == 0


def test_a_discharged_patients_device_cannot_be_checked(nurse_client, nurse, piv):
    from checklists import services

    services.discharge_patient(nurse=nurse, patient=piv.patient, at=timezone.now())
    response = nurse_client.post(_url(piv), _post_data("piv"))
    assert "has been discharged" in response.content.decode()
    assert Check.objects.count() == 0


def _check_form_tags(html: str) -> list[str]:
    """The input and button tags of the check form (not the navbar's log-out form)."""
    form = html[html.index('<form method="post" novalidate') :]
    return re.findall(r"<(?:input|button)[^>]*>", form[: form.index("</form>")])


def test_save_check_is_the_forms_first_button_so_enter_never_fills_answers(nurse_client, piv):
    buttons = [
        t for t in _check_form_tags(nurse_client.get(_url(piv)).content.decode()) if "submit" in t
    ]
    assert "all_expected" not in buttons[0]
    assert any("all_expected" in b for b in buttons[1:])


def test_a_refused_fast_path_shows_only_what_the_nurse_entered(nurse_client, piv):
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = nurse_client.post(
        _url(piv), {"observed_at": later, "all_expected": "1", "item_vip_score": "1"}
    )
    html = response.content.decode()
    assert "cannot be in the future" in html and "Nothing was saved." in html
    checked = [t for t in _check_form_tags(html) if "checked" in t]
    # Her VIP answer is kept; none of the usual answers the fast path tried is ticked.
    assert len(checked) == 1 and 'name="item_vip_score" value="1"' in checked[0]
    assert Check.objects.count() == 0


@pytest.mark.parametrize(
    "entered",
    [{}, {"item_cuff_pressure": "25"}],
    ids=["refused by the form", "refused by the service"],
)
def test_a_refused_fast_path_gives_the_reasons_the_usual_answers_typed_in_would(
    nurse_client, ward, entered: dict[str, str]
) -> None:
    """A breathing tube observed tomorrow, its cuff pressure left out or not: the same
    reasons as if the nurse had typed every usual answer herself, on the page as she
    entered it."""
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=3))
    tube = make_entry_point(patient, "airway", started_at=timezone.now() - timedelta(days=1))
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    usual = {
        f"item_{item.code}": item.expected_value
        for item in ChecklistTemplate.objects.current_for("airway").items.all()
        if item.expected_value
    }
    fast = nurse_client.post(_url(tube), entered | {"observed_at": later, "all_expected": "1"})
    typed = nurse_client.post(_url(tube), usual | entered | {"observed_at": later})
    assert fast.context["form"].errors
    assert fast.context["form"].errors == typed.context["form"].errors
    assert fast.context["error_count"] == typed.context["error_count"]
    checked = [t for t in _check_form_tags(fast.content.decode()) if "checked" in t]
    assert checked == []  # none of the usual answers is ticked
    assert Check.objects.count() == 0


def test_the_saved_message_names_the_failed_items(nurse_client, piv):
    data = _post_data("piv", item_dressing_intact="no")
    response = nurse_client.post(_url(piv), data, follow=True)
    assert "NOT compliant: Dressing clean, dry and intact." in response.content.decode()
