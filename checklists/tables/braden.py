"""The Braden scores of a patient's pressure-injury checks, as a report lists them."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from .. import braden, measures
from ..models import Answer, EntryPointKind
from .cells import Cell, Table, number


def braden_table(facts: measures.Facts) -> Table:
    """The Braden total and risk of every pressure-injury check the facts hold, by day
    (one query: the checks' subscale answers)."""
    table = Table(
        "braden",
        "Braden scores",
        ["Day", "Entry point", "Braden total", "Risk"],
        empty="No pressure-injury check was recorded in this period.",
        note="Six subscales, 6-23: the lower the total, the higher the risk.",
    )
    checked = [
        (d, d.check_id)
        for d in facts.due
        if d.kind == EntryPointKind.PRESSURE_INJURY and d.check_id is not None
    ]
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    rows = Answer.objects.filter(
        check_record__in=[check_id for _, check_id in checked], item__code__in=braden.SUBSCALES
    ).values_list("check_record_id", "item__code", "value")
    for check_id, code, value in rows:
        answers[check_id][code] = value
    for d, check_id in sorted(checked, key=lambda pair: (pair[0].day, pair[0].entry_point_id)):
        score = braden.score(answers[check_id])
        if score is None:
            continue
        found = timezone.localtime(facts.entry_points[d.entry_point_id].started_at)
        table.rows.append(
            [
                Cell(f"{d.day:%d %b %Y}"),
                Cell(f"Pressure injury found {found:%d %b %Y}"),
                number(score.total),
                Cell(score.risk),
            ]
        )
    return table
