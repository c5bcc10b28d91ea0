"""A small ward board with every status the filters choose from, on a fixed day and hour
(yesterday, so that no time of the real day changes what is due or overdue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from checklists.models import EntryPoint, Patient, User, Ward

from .factories import (
    day_back,
    expected_answers,
    local_time,
    make_check,
    make_entry_point,
    make_patient,
)

DAY = 1  # days back: the board's "today"


def at(hhmm: str) -> datetime:
    return local_time(day_back(DAY), hhmm)


# Before the check turns overdue (14:00) and after it.
MORNING, AFTERNOON = "11:00", "15:00"


@dataclass
class Scene:
    ward: Ward
    ann: Patient  # bed 01: a PIV done compliant, a catheter not checked
    bob: Patient  # bed 02: a central line done not compliant, a wound not checked
    cat: Patient  # bed 03: a PIV with signs of infection (not compliant, a flag open)
    dan: Patient  # bed 04: nothing in place
    ann_piv: EntryPoint
    ann_iuc: EntryPoint
    bob_cvc: EntryPoint
    bob_wound: EntryPoint
    cat_piv: EntryPoint


def _checked(point: EntryPoint, nurse: User, **answers: str) -> None:
    make_check(
        point,
        nurse,
        observed_at=at("09:00"),
        now=at("09:05"),
        answers=expected_answers(point.kind) | answers,
    )


def make_scene(ward: Ward, nurse: User) -> Scene:
    admitted, started = local_time(day_back(10), "09:00"), local_time(day_back(5), "09:00")

    def patient(name: str, bed: str, number: str) -> Patient:
        p = make_patient(ward=ward, admitted_at=admitted, full_name=name, hospital_number=number)
        p.stays.update(bed=bed)
        return p

    def point(p: Patient, kind: str) -> EntryPoint:
        return make_entry_point(p, kind, started_at=started, created_by=nurse)

    ann = patient("Ann Smith", "01", "HA1001")
    bob = patient("Bob Jones", "02", "HB2002")
    cat = patient("Zoë Łukasz-Nguyễn", "03", "HC3003")
    dan = patient("Dan Brown", "04", "HD4004")
    scene = Scene(
        ward=ward,
        ann=ann,
        bob=bob,
        cat=cat,
        dan=dan,
        ann_piv=point(ann, "piv"),
        ann_iuc=point(ann, "iuc"),
        bob_cvc=point(bob, "cvc"),
        bob_wound=point(bob, "wound"),
        cat_piv=point(cat, "piv"),
    )
    _checked(scene.ann_piv, nurse)
    _checked(scene.bob_cvc, nurse, dressing_intact="no")
    _checked(scene.cat_piv, nurse, vip_score="2")
    return scene


def board_clock_at(monkeypatch, moment: datetime) -> None:
    """The board views' clock only: the session and the log-in keep the real one."""
    monkeypatch.setattr("checklists.views.board.timezone", SimpleNamespace(now=lambda: moment))
