"""Hostile input: the daily check form and its corrections, posted through the test client
as a ward nurse. Each example starts from a valid POST and spoils some of its fields with
hostile values (`spoil`): answers as numbers are mistyped and attacked, notes and reasons
with markup and control characters, observation times from year 1 to 9999, and forged
fields hoping to be copied onto the record. The response is either a save (302) of one
whole check with every answer, its verdict by the all-or-none rule, or the form again
(200) with its reasons on the page and nothing added at all. A correction adds a whole
new version and never touches the original; notes and reasons are shown escaped.

Strategies, bookkeeping and the Hypothesis settings come from tests/hostile.py, the
`hostile_points` and `hostile_checks_to_correct` fixtures from tests/hostile_fixtures.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from checklists.check_form import item_field
from checklists.models import Answer, Check, ChecklistTemplate

from .factories import expected_answers
from .hostile import (
    KINDS,
    NASTY,
    assert_refusal_shown,
    counts,
    forged,
    growth,
    hostile_moment,
    hostile_settings,
    hostile_text,
    recent_moment,
    rolled_back,
    spoil,
)

pytestmark = pytest.mark.django_db

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


# --- The daily check -------------------------------------------------------------------


@hostile_settings(60)
@given(data=st.data())
def test_the_check_form_saves_a_whole_check_or_nothing(
    nurse_client, nurse, ward, hostile_points, data
):
    kind = data.draw(st.sampled_from(KINDS), label="kind")
    point, items = hostile_points[kind], _items(kind)
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


def test_a_saved_note_with_markup_is_shown_escaped(nurse_client, hostile_points):
    # The property above draws this note too; here it is certain to be saved and shown.
    point = hostile_points["piv"]
    post = {f"item_{code}": value for code, value in expected_answers("piv").items()}
    post |= {"observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "note": SCRIPT}
    assert nurse_client.post(f"/entry-points/{point.public_id}/check/", post).status_code == 302
    check = Check.objects.get(entry_point=point)
    page = nurse_client.get(f"/checks/{check.public_id}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and SCRIPT not in page


# --- Corrections -----------------------------------------------------------------------


def _stored(check: Check) -> tuple[dict, list[dict]]:
    """A check's row and its answers' rows, exactly as stored."""
    row = Check.objects.filter(pk=check.pk).values().get()
    answers = list(Answer.objects.filter(check_record=check).order_by("pk").values())
    return row, answers


@hostile_settings(50)
@given(data=st.data())
def test_a_correction_adds_a_whole_new_version_and_never_touches_the_original(
    nurse_client, nurse, hostile_checks_to_correct, data
):
    kind = data.draw(st.sampled_from(sorted(hostile_checks_to_correct)), label="kind")
    original, items = hostile_checks_to_correct[kind], _items(kind)
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


def test_a_correction_reason_with_markup_is_shown_escaped(nurse_client, hostile_checks_to_correct):
    original = hostile_checks_to_correct["piv"]
    post = {f"item_{code}": value for code, value in expected_answers("piv").items()}
    post |= {"reason": SCRIPT, "note": '"><img src=x onerror=alert(1)>'}
    response = nurse_client.post(f"/checks/{original.public_id}/correct/", post)
    assert response.status_code == 302
    page = nurse_client.get(response["Location"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and SCRIPT not in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page
