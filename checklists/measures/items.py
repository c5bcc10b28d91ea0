"""Per-item compliance: how often each question of a checklist is answered compliantly.

Shown next to all-or-none compliance (Nolan & Berwick 2006). The denominator of an item
is the due checks done in time that answered it as applicable; not-applicable answers
are counted apart and left out, and a missed check has no answers to count."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..models import Answer, ChecklistItem
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

    @property
    def failed(self) -> int:
        return self.applicable - self.compliant

    @property
    def compliance(self) -> float | None:
        return percent(self.compliant, self.applicable)


def item_compliance(facts: Facts, ward_id: int | None = None) -> list[ItemMeasure]:
    """Every item of the facts' kinds, in checklist order. Two queries: the items of every
    template version, and the answers of the period's checks. Items are matched across
    versions by code, and named as in the newest version."""
    counted = {
        d.check_id for d in facts.due if d.is_done and (ward_id is None or d.ward_id == ward_id)
    }
    items: dict[int, tuple[str, str]] = {}
    names: dict[tuple[str, str], tuple[int, str, int]] = {}
    for pk, kind, code, text, position, version in ChecklistItem.objects.filter(
        template__kind__in=facts.kinds
    ).values_list("pk", "template__kind", "code", "text", "position", "template__version"):
        items[pk] = (kind, code)
        if version >= names.get((kind, code), (0,))[0]:
            names[(kind, code)] = (version, text, position)
    tallies: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    answers = Answer.objects.filter(check_record__in=facts.checks_query.values("pk"))
    for check_id, item_id, applicable, compliant in answers.values_list(
        "check_record_id", "item_id", "is_applicable", "is_compliant"
    ):
        if check_id not in counted:
            continue
        tally = tallies[items[item_id]]
        tally[0] += applicable
        tally[1] += bool(compliant)
        tally[2] += not applicable
    result = [
        ItemMeasure(kind, code, names[(kind, code)][1], names[(kind, code)][2], *tally)
        for (kind, code), tally in tallies.items()
    ]
    kinds_order = {k: n for n, k in enumerate(facts.kinds)}
    return sorted(result, key=lambda m: (kinds_order[m.kind], m.position))
