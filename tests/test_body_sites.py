"""Body sites from a list per kind, or Other written out (checklists/body_sites.py)."""

from __future__ import annotations

import pytest
from django import forms

from checklists.body_sites import CHOOSE, OTHER, SITES, choices_for, grouped_choices, resolve
from checklists.models import EntryPoint, EntryPointKind

from .factories import make_patient

pytestmark = pytest.mark.django_db


def test_every_kind_has_its_list():
    assert set(SITES) == set(EntryPointKind.values)
    assert "Left antecubital fossa" in SITES["piv"]
    assert "PICC right arm" in SITES["cvc"]
    assert SITES["iuc"] == ["Urethral", "Suprapubic"]
    assert "Tracheostomy" in SITES["airway"]


def test_the_select_ends_with_other_and_groups_by_kind():
    assert choices_for("iuc") == [
        ("", "Choose the site"),
        ("Urethral", "Urethral"),
        ("Suprapubic", "Suprapubic"),
        (OTHER, "Other…"),
    ]
    groups = dict(grouped_choices())
    assert ("Sacrum", "Sacrum") in groups["Pressure injury"]


@pytest.mark.parametrize(
    ("kind", "site", "other", "stored"),
    [
        ("piv", "Right forearm", "", "Right forearm"),
        ("piv", "Right forearm", "ignored when a site is listed", "Right forearm"),
        ("wound", OTHER, "  Left   groin ", "Left groin"),
    ],
)
def test_a_listed_site_or_other_with_text_is_stored_as_text(kind, site, other, stored):
    assert resolve(kind, site, other) == stored


@pytest.mark.parametrize(
    ("kind", "site", "other"),
    [("piv", "", ""), ("piv", OTHER, "  "), ("piv", "Sacrum", ""), ("iuc", "Left hand", "")],
)
def test_anything_else_is_refused_plainly(kind, site, other):
    with pytest.raises(forms.ValidationError) as refused:
        resolve(kind, site, other)
    assert refused.value.messages == [CHOOSE]


def test_the_add_page_offers_the_kinds_sites_and_refuses_another_kinds(nurse_client, ward):
    patient = make_patient(ward=ward)
    url = f"/patients/{patient.public_id}/entry-points/add/?kind=piv"
    page = nurse_client.get(url).content.decode()
    assert '<option value="Left hand">Left hand</option>' in page
    assert "Sacrum" not in page
    post = {"kind": "piv", "gauge": "20G", "started_at": "2020-01-01T08:00"}
    refused = nurse_client.post(url, post | {"site": "Sacrum"})
    assert CHOOSE in refused.content.decode()
    assert not EntryPoint.objects.exists()
    missing = nurse_client.post(url, post | {"site": OTHER, "site_other": ""})
    assert CHOOSE in missing.content.decode()
    assert not EntryPoint.objects.exists()


def test_an_old_free_text_site_still_shows(ward):
    patient = make_patient(ward=ward)
    from .factories import make_entry_point

    point = make_entry_point(patient, "piv", body_site="L wrist (typed long ago)")
    point.full_clean()
    assert str(point) == "Peripheral IV (L wrist (typed long ago))"
