"""Form widgets for the bedside: answers as buttons large enough to tap with a gloved
finger (at least 44 px, styled in static/css/app.css)."""

from __future__ import annotations

from typing import Any

from django import forms


class SegmentedChoice(forms.widgets.ChoiceWidget):
    """The answers as large buttons in a row, each a tap target of at least 44 px
    (Yes / No / N/A), or stacked full width when the answers are described in words
    (the Braden scores). Not a RadioSelect subclass on purpose: crispy-forms draws those
    as its own small radios."""

    input_type = "radio"
    template_name = "checklists/widgets/segmented.html"

    # Answers longer than this are stacked, one per line, rather than side by side.
    SIDE_BY_SIDE_CHARACTERS = 12

    def __init__(self, label: str, choices: Any = ()) -> None:
        super().__init__(choices=choices)
        self.group_label = label

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        longest = max((len(str(label)) for _, label in self.choices), default=0)
        context["widget"]["group_label"] = self.group_label
        context["widget"]["several"] = self.allow_multiple_selected
        context["widget"]["stacked"] = longest > self.SIDE_BY_SIDE_CHARACTERS
        context["widget"]["invalid"] = "is-invalid" in str((attrs or {}).get("class", ""))
        return context

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        # The field's label (asked with no index) names the whole group, as its
        # aria-label does, not the first button; each button keeps its own id.
        return "" if index is None else super().id_for_label(id_, index)


class SegmentedMultiple(SegmentedChoice):
    """Several answers that may each be ticked (the NICE red flags), as toggle buttons
    stacked full width."""

    input_type = "checkbox"
    allow_multiple_selected = True
    SIDE_BY_SIDE_CHARACTERS = 0
