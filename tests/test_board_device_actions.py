"""Remove and Re-site from the ward board's row: plain links (the board is cached and
shared), back to the row afterwards, never to another site."""

from __future__ import annotations

import pytest

from checklists.models import EntryPoint

from .factories import days_ago, make_entry_point

pytestmark = pytest.mark.django_db


def _board(client, ward) -> str:
    return client.get(f"/wards/{ward.code}/").content.decode()


def test_a_nurse_gets_remove_and_resite_links_on_a_device(nurse_client, ward, piv):
    html = _board(nurse_client, ward)
    assert f'href="/entry-points/{piv.public_id}/remove/?next=/wards/{ward.code}/"' in html
    assert f'href="/entry-points/{piv.public_id}/resite/?next=/wards/{ward.code}/"' in html


def test_the_links_are_plain_links_not_forms(nurse_client, ward, piv):
    html = _board(nurse_client, ward)
    row = html.split(f'id="entry-{piv.public_id}"', 1)[1].split("</tr>", 1)[0]
    assert "<form" not in row and "csrfmiddlewaretoken" not in row
    assert 'class="btn btn-sm btn-outline-secondary"' in row


def test_a_wound_is_only_removed_and_a_removed_device_gets_neither(nurse_client, ward, patient):
    wound = make_entry_point(patient, "wound", started_at=days_ago(4, "09:00"), procedure="Lap")
    gone = make_entry_point(patient, "piv", started_at=days_ago(4, "09:00"))
    EntryPoint.objects.record_removal(gone.pk, at=days_ago(0, "00:00"), reason="x", by=None)
    html = _board(nurse_client, ward)
    assert f"/entry-points/{wound.public_id}/remove/" in html
    assert f"/entry-points/{wound.public_id}/resite/" not in html
    assert f"/entry-points/{gone.public_id}/remove/" not in html


def test_who_may_not_write_gets_no_links(manager_client, ward, piv):
    html = _board(manager_client, ward)
    assert f"/entry-points/{piv.public_id}/remove/" not in html


def test_removing_from_the_board_goes_back_to_the_row_marked(nurse_client, ward, piv):
    url = f"/entry-points/{piv.public_id}/remove/?next=/wards/{ward.code}/"
    page = nurse_client.get(url)
    assert page.context["cancel_url"] == f"/wards/{ward.code}/"
    at = days_ago(1, "11:00").strftime("%Y-%m-%dT%H:%M")
    response = nurse_client.post(url, {"removed_at": at, "reason": "No longer needed"}, follow=True)
    expected = f"/wards/{ward.code}/?saved={piv.public_id}#entry-{piv.public_id}"
    assert response.redirect_chain == [(expected, 302)]
    assert "recorded as removed." in response.content.decode()
    piv.refresh_from_db()
    assert piv.removed_at == days_ago(1, "11:00")


def test_removing_from_a_filtered_board_goes_back_to_the_same_filter(nurse_client, ward, piv):
    nurse_client.get(f"/wards/{ward.code}/?kind=piv&status=due")
    url = f"/entry-points/{piv.public_id}/remove/?next=/wards/{ward.code}/"
    at = days_ago(1, "11:00").strftime("%Y-%m-%dT%H:%M")
    response = nurse_client.post(url, {"removed_at": at, "reason": "No longer needed"})
    assert response["Location"] == (
        f"/wards/{ward.code}/?status=due&kind=piv&saved={piv.public_id}#entry-{piv.public_id}"
    )


def test_removing_from_the_patient_page_still_goes_to_the_patient(nurse_client, piv):
    at = days_ago(1, "11:00").strftime("%Y-%m-%dT%H:%M")
    response = nurse_client.post(
        f"/entry-points/{piv.public_id}/remove/", {"removed_at": at, "reason": "Other"}
    )
    assert response["Location"] == f"/patients/{piv.patient.public_id}/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http:/evil.example",
        "/wards/W1/\r\nSet-Cookie: x=1",
    ],
)
def test_a_next_to_another_site_is_never_followed(nurse_client, piv, target):
    at = days_ago(1, "11:00").strftime("%Y-%m-%dT%H:%M")
    response = nurse_client.post(
        f"/entry-points/{piv.public_id}/remove/?{_q(target)}",
        {"removed_at": at, "reason": "Other"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/patients/{piv.patient.public_id}/"


def _q(target: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": target})
