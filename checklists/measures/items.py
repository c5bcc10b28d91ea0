"""Per-item compliance: how often each question of a checklist is answered compliantly;
and for the items that record a finding (redness, pus, a wound grade), how often the
answer was not the usual one: a finding rate, never a compliance.

Shown next to all-or-none compliance (Nolan & Berwick 2006). The denominator of an item
is the due checks done in time that answered it as applicable; not-applicable answers
are counted apart and left out, and a missed check has no answers to count."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..models import Answer, ChecklistItem
from ..models.templates import ELEMENT, FINDING
from .facts import Facts
from .summary import percent


@dataclass(frozen=True)
class ItemMeasure:
    kind: str
    code: str
    text: str
    position: int
    applicable: int
    compliant: int
    not_applicable: int
    # ChecklistItem.role; for a finding, how many answers were not the usual one.
    role: str = ELEMENT
    found: int = 0

    @property
    def failed(self) -> int:
        return self.applicable - self.compliant

    @property
    def compliance(self) -> float | None:
        """Only of a bundle element: a finding or a score complies whatever the answer."""
        return percent(self.compliant, self.applicable) if self.role == ELEMENT else None

    @property
    def finding_rate(self) -> float | None:
        return percent(self.found, self.applicable) if self.role == FINDING else None


def item_compliance(facts: Facts, ward_id: int | None = None) -> list[ItemMeasure]:
    """Every item of the facts' kinds for one ward (None: all wards), in checklist order."""
    return item_compliance_by_ward(facts)[ward_id]


def item_compliance_by_ward(facts: Facts) -> dict[int | None, list[ItemMeasure]]:
    """Per-item measures of every ward in the facts, and of all of them under None.

    Two queries: the items of every template version, and the answers of the period's
    checks, streamed (a hospital's year holds millions). Items are matched across
    versions by code, and named as in the newest version."""
    ward_of = {d.check_id: d.ward_id for d in facts.due if d.is_done}
    items: dict[int, tuple[str, str, str]] = {}  # pk: kind, code, usual answer
    names: dict[tuple[str, str], tuple[int, str, int, str]] = {}
    for item in ChecklistItem.objects.filter(template__kind__in=facts.kinds).select_related(
        "template"
    ):
        kind, version = item.template.kind, item.template.version
        items[item.pk] = (kind, item.code, item.expected_value)
        if version >= names.get((kind, item.code), (0,))[0]:
            names[(kind, item.code)] = (version, item.text, item.position, item.role)
    # applicable, compliant, not applicable, not the usual answer
    tallies: dict[tuple[int | None, str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    answers = Answer.objects.filter(check_record__in=facts.checks_query.values("pk"))
    for check_id, item_id, applicable, compliant, value in answers.values_list(
        "check_record_id", "item_id", "is_applicable", "is_compliant", "value"
    ).iterator(chunk_size=10_000):
        ward_id = ward_of.get(check_id)
        if ward_id is None:  # not counted: a replaced version, or entered too late
            continue
        kind, code, usual = items[item_id]
        for key in ((ward_id, kind, code), (None, kind, code)):
            tally = tallies[key]
            tally[0] += applicable
            tally[1] += bool(compliant)
            tally[2] += not applicable
            tally[3] += applicable and value != usual
    kinds_order = {k: n for n, k in enumerate(facts.kinds)}
    result: dict[int | None, list[ItemMeasure]] = {w: [] for w in (*facts.ward_ids, None)}
    for (ward_id, kind, code), (n_applicable, n_compliant, n_na, n_unusual) in tallies.items():
        _, text, position, role = names[(kind, code)]
        measure = ItemMeasure(
            kind, code, text, position, n_applicable, n_compliant, n_na, role, n_unusual
        )
        result.setdefault(ward_id, []).append(measure)
    for ward_items in result.values():
        ward_items.sort(key=lambda m: (kinds_order[m.kind], m.position))
    return result
