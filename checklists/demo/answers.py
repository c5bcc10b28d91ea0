"""What a nurse would answer on one day's checklist of one device, lapses included.

Values are keyed by item code and read from the template in the database, so a
new template version still seeds: unknown items get their expected answer.
"""

from __future__ import annotations

import random

from ..models import AnswerType, ChecklistItem
from ..models import EntryPointKind as Kind
from .plans import DevicePlan

# Share of checks where an item honestly does not apply (e.g. a cannula not accessed today).
NOT_APPLICABLE = {
    "hub_scrubbed": 0.15,
    "chg_dressing": 0.05,
    "sets_in_date": 0.05,
    "head_of_bed": 0.02,
    "sedation_hold": 0.2,
    "breathing_trial": 0.3,
    "subglottic_suction": 0.3,
    "mobility": 0.35,
    "moisture_managed": 0.4,
}
# The lapses audits find most often, per kind; repeats make a lapse more likely.
LAPSES: dict[str, tuple[tuple[str, str], ...]] = {
    Kind.PERIPHERAL_IV: (
        ("dressing_intact", "no"),
        ("dressing_intact", "no"),
        ("hub_scrubbed", "no"),
        ("still_needed", "no"),
        ("insertion_documented", "no"),
        ("site_inspected", "no"),
    ),
    Kind.CENTRAL_LINE: (
        ("dressing_intact", "no"),
        ("dressing_in_date", "no"),
        ("chg_bath", "no"),
        ("hub_care", "no"),
        ("need_reviewed", "no"),
        ("sets_in_date", "no"),
    ),
    Kind.URINARY_CATHETER: (
        ("indication", "none"),
        ("indication", "none"),
        ("bag_position", "no"),
        ("free_flow", "no"),
        ("secured", "no"),
        ("bag_emptied", "no"),
    ),
    Kind.SURGICAL_WOUND: (("dressing_intact", "no"),),
    Kind.PRESSURE_INJURY: (
        ("repositioned", "no"),
        ("repositioned", "no"),
        ("surface", "no"),
        ("skin_inspected", "no"),
        ("nutrition", "no"),
    ),
    Kind.BREATHING_TUBE: (
        ("cuff_pressure", "18"),
        ("cuff_pressure", "34"),
        ("head_of_bed", "no"),
        ("oral_care", "no"),
        ("sedation_hold", "no"),
        ("subglottic_suction", "no"),
    ),
}
# What a site looks like when infection starts (kinds whose checklist can show it).
SIGNS: dict[str, tuple[dict[str, str], ...]] = {
    Kind.PERIPHERAL_IV: ({"vip_score": "2"}, {"vip_score": "3"}),
    Kind.CENTRAL_LINE: ({"site_signs": "yes"},),
    Kind.SURGICAL_WOUND: (
        {"erythema": "yes", "heat": "yes", "purulent": "yes", "southampton": "4"},
        {"erythema": "yes", "pain": "yes", "dehiscence": "yes", "southampton": "3"},
    ),
    Kind.PRESSURE_INJURY: ({"infection_signs": "yes"},),
}


def usual_answers(
    items: list[ChecklistItem],
    device: DevicePlan,
    rng: random.Random,
    dwell_day: int,
    in_icu: bool,
) -> dict[str, str]:
    """A day's answers when everything was done: the expected answer, varied where
    real checks vary (early post-operative pain, N/A items, measured values)."""
    values = {}
    for item in items:
        value = device.usual.get(item.code) or item.expected_value or _measured(item, rng)
        if item.answer_type == AnswerType.YES_NO_NA and rng.random() < _na_share(item, in_icu):
            value = "na"
        values[item.code] = value
    if device.kind == Kind.SURGICAL_WOUND and dwell_day <= 3:
        _maybe(values, rng, {"pain": ("yes", 0.5), "swelling": ("yes", 0.3)})
        _maybe(values, rng, {"southampton": ("1", 0.15)})
    if device.kind == Kind.PERIPHERAL_IV:
        _maybe(values, rng, {"vip_score": ("1", 0.08)})
    if device.kind == Kind.PRESSURE_INJURY:
        _vary_braden(values, rng)
    return values


def add_lapses(kind: str, values: dict[str, str], rng: random.Random) -> None:
    """One lapse, sometimes two: what makes a check fail all-or-none."""
    lapses = [(code, value) for code, value in LAPSES.get(kind, ()) if code in values]
    for code, value in rng.sample(lapses, min(len(lapses), 1 if rng.random() < 0.8 else 2)):
        values[code] = value


def add_infection_sign(kind: str, values: dict[str, str], rng: random.Random) -> bool:
    """Make the day's findings show infection, where this kind's checklist can; say if it did."""
    patterns = [p for p in SIGNS.get(kind, ()) if set(p) <= set(values)]
    if not patterns:
        return False
    values.update(rng.choice(patterns))
    return True


def _na_share(item: ChecklistItem, in_icu: bool) -> float:
    if item.code == "chg_bath":
        # The daily chlorhexidine bath is an intensive-care practice.
        return 0.05 if in_icu else 1.0
    return NOT_APPLICABLE.get(item.code, 0.0)


def _measured(item: ChecklistItem, rng: random.Random) -> str:
    """A plausible value for an item with no usual answer."""
    if item.is_numeric:
        low = int(item.compliant_min if item.compliant_min is not None else item.min_value or 0)
        high = int(item.compliant_max if item.compliant_max is not None else item.max_value or 0)
        return str(rng.randint(low, max(low, high)))
    options = item.compliant_values or item.valid_values()
    return rng.choice(options)


def _maybe(values: dict[str, str], rng: random.Random, changes: dict) -> None:
    for code, (value, chance) in changes.items():
        if code in values and rng.random() < chance:
            values[code] = value


def _vary_braden(values: dict[str, str], rng: random.Random) -> None:
    for code in [c for c in values if c.startswith("braden_")]:
        if rng.random() < 0.15:
            values[code] = str(max(1, int(values[code]) + rng.choice((-1, 1))))
