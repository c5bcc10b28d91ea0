"""The shipped daily checklists, one per entry-point kind (see shared clinical.md).

Version 1 of each template, then REVISIONS: the later versions. Migrations 0002 and
0010 hold their own frozen copies, which tests/test_migrations.py checks against these.
Changing them later means a new template version, never editing a used one.
"""

from typing import Any

VIP_LABELS = [
    ["0", "0 - healthy site: observe"],
    ["1", "1 - slight pain or slight redness: observe"],
    ["2", "2 - two of pain, redness, swelling: early phlebitis, re-site"],
    ["3", "3 - pain along the path, redness, hardening: re-site, consider treatment"],
    ["4", "4 - as 3 plus palpable venous cord: re-site, consider treatment"],
    ["5", "5 - as 4 plus fever: thrombophlebitis, start treatment"],
]

HOUDINI = [
    ["H", "H - Haematuria"],
    ["O", "O - Obstruction"],
    ["U", "U - Urological, major pelvic or prolonged surgery"],
    ["D", "D - Open sacral or perineal wound, incontinent"],
    ["I", "I - Strict input/output monitoring"],
    ["N", "N - Nursing at end of life"],
    ["M", "I - Immobilisation or neurogenic bladder"],
    ["none", "No valid indication: remove"],
]

SOUTHAMPTON = [
    ["0", "0 - healing normally"],
    ["1", "I - bruising or mild redness"],
    ["2", "II - redness with other signs of inflammation"],
    ["3", "III - clear or blood-stained discharge"],
    ["4", "IV - pus"],
    ["5", "V - deep or severe infection"],
]


def yes(code: str, text: str, help_text: str = "", **extra: Any) -> dict[str, Any]:
    """A yes/no item where yes is the compliant, usual answer."""
    return {
        "code": code,
        "text": text,
        "help_text": help_text,
        "answer_type": "yes_no",
        "compliant_values": ["yes"],
        "expected_value": "yes",
        **extra,
    }


def yes_or_na(code: str, text: str, help_text: str = "") -> dict[str, Any]:
    return yes(code, text, help_text, answer_type="yes_no_na")


def finding(code: str, text: str, help_text: str = "", alert: bool = False) -> dict[str, Any]:
    """A yes/no observation: any answer complies; 'yes' may be a sign of infection."""
    return {
        "code": code,
        "text": text,
        "help_text": help_text,
        "answer_type": "yes_no",
        "compliant_values": [],
        "alert_values": ["yes"] if alert else [],
        "expected_value": "no",
    }


def braden(code: str, text: str, top: int, help_text: str) -> dict[str, Any]:
    return {
        "code": code,
        "text": text,
        "help_text": help_text,
        "answer_type": "score",
        "min_value": 1,
        "max_value": top,
    }


DEFAULT_TEMPLATES: dict[str, dict[str, Any]] = {
    "piv": {
        "title": "Peripheral IV daily check",
        "source_note": "CDC/HICPAC 2011; OMG-PIVC (Alexandrou 2018); VIP score (Jackson 1998).",
        "items": [
            yes("still_needed", "Still needed: fluids or IV drugs ordered", "If not, remove it."),
            yes("insertion_documented", "Insertion date and time documented"),
            yes("site_inspected", "Site looked at and felt through the dressing"),
            {
                "code": "vip_score",
                "text": "VIP score",
                "help_text": "Visual Infusion Phlebitis score. 2 or more: remove and re-site.",
                "answer_type": "score",
                "choices": VIP_LABELS,
                "min_value": 0,
                "max_value": 5,
                "compliant_max": 1,
                "alert_min": 2,
                "expected_value": "0",
            },
            yes(
                "dressing_intact",
                "Dressing clean, dry and intact",
                "Replace if damp, loose or soiled.",
            ),
            yes_or_na(
                "hub_scrubbed",
                "Hub scrubbed before each access",
                "Chlorhexidine, iodine or 70% alcohol. N/A if not accessed today.",
            ),
        ],
    },
    "cvc": {
        "title": "Central line daily check",
        "source_note": "IHI central line bundle; SHEA/IDSA/APIC 2022; CDC 2011 and 2017.",
        "items": [
            yes("need_reviewed", "Need for the line reviewed and documented today"),
            yes("dressing_intact", "Dressing clean, dry and intact"),
            yes(
                "dressing_in_date",
                "Dressing within its change interval",
                "Transparent: at least every 7 days. Gauze: every 2 days. Sooner if soiled.",
            ),
            yes_or_na(
                "chg_dressing",
                "Chlorhexidine dressing in use",
                "N/A for tunnelled lines or if contraindicated.",
            ),
            yes_or_na(
                "chg_bath", "Daily chlorhexidine bath given", "ICU patients over 2 months old."
            ),
            yes("hub_care", "Hub scrubbed, or disinfecting cap in place"),
            yes_or_na(
                "sets_in_date",
                "Administration sets within their change interval",
                "Fluids: 96 h to 7 days. Blood, products and lipids: 24 h. Propofol: 6-12 h.",
            ),
            finding("site_signs", "Redness, tenderness or drainage at the site", alert=True),
        ],
    },
    "iuc": {
        "title": "Urinary catheter daily check",
        "source_note": "SHEA 2022 CAUTI; CDC/HICPAC 2009; HOUDINI nurse-led removal.",
        "items": [
            {
                "code": "indication",
                "text": "Valid indication today (HOUDINI)",
                "help_text": "No valid indication: remove the catheter.",
                "answer_type": "choice",
                "choices": HOUDINI,
                "compliant_values": ["H", "O", "U", "D", "I", "N", "M"],
            },
            yes("closed_system", "Closed drainage system intact, not disconnected"),
            yes("bag_position", "Bag below bladder level and off the floor"),
            yes("free_flow", "Urine flows freely: no kinks or dependent loops"),
            yes("secured", "Catheter secured to the leg"),
            yes("bag_emptied", "Bag emptied into a clean container; spigot not touched"),
            yes("meatal_hygiene", "Routine meatal hygiene only, no antiseptic"),
        ],
    },
    "wound": {
        "title": "Surgical wound daily check",
        "source_note": "CDC SSI guideline 1999; NHSN SSI signs; Southampton wound grading.",
        "items": [
            yes("dressing_intact", "Dressing intact and dry"),
            finding("pain", "Pain or tenderness"),
            finding("swelling", "Swelling"),
            finding("erythema", "Redness"),
            finding("heat", "Heat"),
            finding(
                "purulent",
                "Purulent drainage (pus)",
                "Pus, or a colour plus a consistency word (e.g. thick yellow).",
                alert=True,
            ),
            finding("dehiscence", "Wound edges separating", alert=True),
            {
                "code": "southampton",
                "text": "Southampton wound grade",
                "answer_type": "score",
                "choices": SOUTHAMPTON,
                "min_value": 0,
                "max_value": 5,
                "alert_min": 4,
                "expected_value": "0",
            },
        ],
    },
    "pressure": {
        "title": "Pressure injury daily check",
        "source_note": "Braden scale (Bergstrom and Braden); SSKIN bundle; NICE CG179.",
        "items": [
            braden(
                "braden_sensory",
                "Braden: sensory perception",
                4,
                "1 completely limited - 4 no impairment",
            ),
            braden("braden_moisture", "Braden: moisture", 4, "1 constantly moist - 4 rarely moist"),
            braden("braden_activity", "Braden: activity", 4, "1 bedfast - 4 walks frequently"),
            braden(
                "braden_mobility", "Braden: mobility", 4, "1 completely immobile - 4 no limitation"
            ),
            braden("braden_nutrition", "Braden: nutrition", 4, "1 very poor - 4 excellent"),
            braden(
                "braden_friction",
                "Braden: friction and shear",
                3,
                "1 problem - 3 no apparent problem",
            ),
            yes("surface", "Pressure-redistributing surface in use"),
            yes("skin_inspected", "Skin over bony prominences and under devices inspected"),
            yes(
                "repositioned",
                "Repositioned as planned",
                "At least every 6 h if at risk, 4 h if at high risk.",
            ),
            yes_or_na("moisture_managed", "Incontinence and moisture managed"),
            yes("nutrition", "Nutrition and fluids reviewed"),
            finding(
                "infection_signs",
                "Signs of infection at the wound (pus, spreading redness)",
                alert=True,
            ),
        ],
    },
    "airway": {
        "title": "Breathing tube / ventilator daily check",
        "source_note": "IHI ventilator bundle; SHEA/IDSA 2022 VAP/VAE; AACN cuff pressure.",
        "items": [
            yes_or_na(
                "head_of_bed",
                "Head of bed at 30-45 degrees",
                "N/A only with a documented contraindication.",
            ),
            yes_or_na("sedation_hold", "Sedation interrupted or awakening trial done"),
            yes_or_na(
                "breathing_trial", "Spontaneous breathing trial or extubation readiness assessed"
            ),
            yes("oral_care", "Oral care with toothbrushing, without chlorhexidine"),
            {
                "code": "cuff_pressure",
                "text": "Cuff pressure",
                "help_text": (
                    "Target 20-30 cmH2O: lower risks aspiration, higher injures the trachea."
                ),
                "answer_type": "number",
                "unit": "cmH2O",
                "min_value": 0,
                "max_value": 120,
                "compliant_min": 20,
                "compliant_max": 30,
            },
            yes_or_na(
                "subglottic_suction",
                "Subglottic suction tube in use",
                "When ventilation is expected beyond 48-72 h.",
            ),
            yes("circuit", "Circuit changed only if soiled or faulty"),
            yes_or_na("mobility", "Early mobility or conditioning done"),
        ],
    },
}


# The Braden subscales' levels, in the scale's own short words, so that a nurse picks
# "2 - chairfast" rather than a bare 2.
BRADEN_LEVELS: dict[str, list[list[str]]] = {
    "braden_sensory": [
        ["1", "1 - completely limited"],
        ["2", "2 - very limited"],
        ["3", "3 - slightly limited"],
        ["4", "4 - no impairment"],
    ],
    "braden_moisture": [
        ["1", "1 - constantly moist"],
        ["2", "2 - very moist"],
        ["3", "3 - occasionally moist"],
        ["4", "4 - rarely moist"],
    ],
    "braden_activity": [
        ["1", "1 - bedfast"],
        ["2", "2 - chairfast"],
        ["3", "3 - walks occasionally"],
        ["4", "4 - walks frequently"],
    ],
    "braden_mobility": [
        ["1", "1 - completely immobile"],
        ["2", "2 - very limited"],
        ["3", "3 - slightly limited"],
        ["4", "4 - no limitation"],
    ],
    "braden_nutrition": [
        ["1", "1 - very poor"],
        ["2", "2 - probably inadequate"],
        ["3", "3 - adequate"],
        ["4", "4 - excellent"],
    ],
    "braden_friction": [
        ["1", "1 - problem"],
        ["2", "2 - potential problem"],
        ["3", "3 - no apparent problem"],
    ],
}

# Answers that cannot all be true of one wound. Each rule: the answers that together
# contradict each other (item code -> the values), and what the nurse is told. The check
# form shows the message by each item and "All as expected" never fills an answer into
# one; the service refuses a check that holds one.
WOUND_CONFLICTS: list[dict[str, Any]] = [
    {
        "when": {"southampton": ["4", "5"], "purulent": ["no"]},
        "message": "Southampton grade IV or V means pus or a deep infection, "
        "so purulent drainage cannot be No.",
    },
    {
        "when": {"purulent": ["yes"], "southampton": ["0", "1", "2", "3"]},
        "message": "Pus was found: the Southampton grade is IV (pus) or V, not lower.",
    },
    {
        "when": {"dehiscence": ["yes"], "southampton": ["0"]},
        "message": "Wound edges separating is not a wound healing normally (grade 0).",
    },
    {
        "when": {"southampton": ["2"], "erythema": ["no"]},
        "message": "Southampton grade II is redness with other signs of inflammation, "
        "so redness cannot be No.",
    },
]

# Later versions, in order. Each: a kind's new version, made of the version before
# with `conflicts` set and `items` (code -> fields) changed. Migration 0010 holds its
# own frozen copy, which tests/test_migrations.py checks against this.
REVISIONS: list[dict[str, Any]] = [
    {"kind": "wound", "version": 2, "conflicts": WOUND_CONFLICTS, "items": {}},
    {
        "kind": "pressure",
        "version": 2,
        "conflicts": [],
        # The levels' words replace version 1's help text, which listed the two ends.
        "items": {
            code: {"choices": levels, "help_text": ""} for code, levels in BRADEN_LEVELS.items()
        },
    },
]


def install_default_templates(template_model, item_model) -> None:
    """Create version 1 of every kind's template, then the REVISIONS (idempotent)."""
    for kind, spec in DEFAULT_TEMPLATES.items():
        template, created = template_model.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={"title": spec["title"], "source_note": spec["source_note"]},
        )
        if not created:
            continue
        for position, item in enumerate(spec["items"], start=1):
            item_model.objects.create(template=template, position=position, **item)
    for revision in REVISIONS:
        install_revision(template_model, item_model, revision)


def install_revision(template_model, item_model, revision: dict[str, Any]) -> None:
    """A kind's next version: the items of the version before, as `revision` changes them."""
    kind, version = revision["kind"], revision["version"]
    if template_model.objects.filter(kind=kind, version=version).exists():
        return
    before = template_model.objects.get(kind=kind, version=version - 1)
    template = template_model.objects.create(
        kind=kind,
        version=version,
        title=before.title,
        source_note=before.source_note,
        conflicts=revision["conflicts"],
    )
    for item in item_model.objects.filter(template=before).order_by("position"):
        fields = {
            f.name: getattr(item, f.name)
            for f in item_model._meta.concrete_fields
            if f.name not in ("id", "template")
        }
        item_model.objects.create(
            template=template, **fields | revision["items"].get(item.code, {})
        )
