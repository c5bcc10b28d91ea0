"""Where on the body an entry point is: a short list of the usual sites for each kind,
and "Other" with the site written out. The add form and the re-site form both ask here.

The record keeps the site's label as text (EntryPoint.body_site), as it always has, so
sites written before the lists existed stay valid and show as they were typed."""

from __future__ import annotations

from django import forms

from .models import EntryPointKind

OTHER = "other"
OTHER_LABEL = "Other…"
CHOOSE = "Choose the site, or choose Other and describe it."


def _both(*sites: str) -> list[str]:
    return [f"{side} {site}" for site in sites for side in ("Left", "Right")]


SITES: dict[str, list[str]] = {
    EntryPointKind.PERIPHERAL_IV: _both(
        "hand", "forearm", "antecubital fossa", "upper arm", "foot"
    ),
    EntryPointKind.CENTRAL_LINE: [
        "Right internal jugular",
        "Left internal jugular",
        "Right subclavian",
        "Left subclavian",
        "Right femoral",
        "Left femoral",
        "PICC right arm",
        "PICC left arm",
    ],
    EntryPointKind.URINARY_CATHETER: ["Urethral", "Suprapubic"],
    EntryPointKind.SURGICAL_WOUND: [
        "Abdomen",
        "Chest",
        "Left hip",
        "Right hip",
        "Left knee",
        "Right knee",
        "Back",
        "Neck",
    ],
    EntryPointKind.PRESSURE_INJURY: [
        "Sacrum",
        "Coccyx",
        *_both("heel", "hip", "ischium"),
        "Occiput",
        *_both("ear"),
    ],
    EntryPointKind.BREATHING_TUBE: ["Oral endotracheal", "Nasal endotracheal", "Tracheostomy"],
}


def sites_for(kind: str) -> list[str]:
    return SITES.get(kind, [])


def choices_for(kind: str) -> list[tuple[str, str]]:
    """The select's options for one kind: its sites, then Other."""
    return [("", "Choose the site"), *((s, s) for s in sites_for(kind)), (OTHER, OTHER_LABEL)]


def grouped_choices() -> list[tuple[str, object]]:
    """Every kind's sites, a group per kind, then Other: for a form whose kind is chosen
    on the same page."""
    groups: list[tuple[str, object]] = [("", "Choose the site")]
    for kind, label in EntryPointKind.choices:
        groups.append((str(label), [(s, s) for s in sites_for(kind)]))
    groups.append((OTHER, OTHER_LABEL))
    return groups


def resolve(kind: str, site: str, other: str) -> str:
    """The body site to record: a listed site of this kind, or what was written for
    Other. Anything else is refused with the one message the nurse needs."""
    other = " ".join(other.split())
    if site == OTHER and other:
        return other
    if site in sites_for(kind) and site != OTHER:
        return site
    raise forms.ValidationError(CHOOSE, code="body_site")


class BodySiteMixin:
    """A form's `site` select and `site_other` box, resolved into cleaned_data["body_site"]
    for the form's kind (`site_kind`)."""

    site_kind: str
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, object]

    def add_site_fields(self, kind: str) -> None:
        self.site_kind = kind
        self.fields["site"] = forms.ChoiceField(
            label="Body site",
            choices=choices_for(kind),
            required=False,
            error_messages={"invalid_choice": CHOOSE},
        )
        self.fields["site_other"] = forms.CharField(
            label="If Other: where",
            max_length=100,
            required=False,
            help_text="Only when the site is not in the list.",
        )

    def clean_body_site(self) -> str | None:
        """Call from clean(): the resolved site, or None with the error on the form."""
        site = str(self.cleaned_data.get("site") or "")
        other = str(self.cleaned_data.get("site_other") or "")
        try:
            return resolve(self.site_kind, site, other)
        except forms.ValidationError as exc:
            self.add_error("site", exc)  # type: ignore[attr-defined]
            return None
