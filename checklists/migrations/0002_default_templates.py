"""Version 1 of each entry-point kind's checklist template, the ones the app ships.

The templates are written out here as data, not read from checklists/clinical_defaults.py:
a migration runs on every new database for as long as the project lives, so a later edit
of the live defaults must not give a new database other version-1 checklists than an old
one. tests/test_migrations.py checks that this data and the live defaults are equal today.

Each item lists only the fields the shipped template sets; the others take the historical
model's defaults. Items are in position order, the first at position 1."""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TEMPLATES: list[dict[str, Any]] = [
    {
        "kind": "piv",
        "version": 1,
        "title": "Peripheral IV daily check",
        "source_note": "CDC/HICPAC 2011; OMG-PIVC (Alexandrou 2018); VIP score (Jackson 1998).",
        "items": [
            {
                "code": "still_needed",
                "text": "Still needed: fluids or IV drugs ordered",
                "help_text": "If not, remove it.",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "insertion_documented",
                "text": "Insertion date and time documented",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "site_inspected",
                "text": "Site looked at and felt through the dressing",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "vip_score",
                "text": "VIP score",
                "help_text": "Visual Infusion Phlebitis score. 2 or more: remove and re-site.",
                "answer_type": "score",
                "choices": [
                    ["0", "0 - healthy site: observe"],
                    ["1", "1 - slight pain or slight redness: observe"],
                    ["2", "2 - two of pain, redness, swelling: early phlebitis, re-site"],
                    [
                        "3",
                        "3 - pain along the path, redness, hardening: re-site, consider treatment",
                    ],
                    ["4", "4 - as 3 plus palpable venous cord: re-site, consider treatment"],
                    ["5", "5 - as 4 plus fever: thrombophlebitis, start treatment"],
                ],
                "min_value": 0,
                "max_value": 5,
                "compliant_max": 1,
                "alert_min": 2,
                "expected_value": "0",
            },
            {
                "code": "dressing_intact",
                "text": "Dressing clean, dry and intact",
                "help_text": "Replace if damp, loose or soiled.",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "hub_scrubbed",
                "text": "Hub scrubbed before each access",
                "help_text": "Chlorhexidine, iodine or 70% alcohol. N/A if not accessed today.",
                "answer_type": "yes_no_na",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
        ],
    },
    {
        "kind": "cvc",
        "version": 1,
        "title": "Central line daily check",
        "source_note": "IHI central line bundle; SHEA/IDSA/APIC 2022; CDC 2011 and 2017.",
        "items": [
            {
                "code": "need_reviewed",
                "text": "Need for the line reviewed and documented today",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "dressing_intact",
                "text": "Dressing clean, dry and intact",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "dressing_in_date",
                "text": "Dressing within its change interval",
                "help_text": (
                    "Transparent: at least every 7 days. Gauze: every 2 days. Sooner if soiled."
                ),
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "chg_dressing",
                "text": "Chlorhexidine dressing in use",
                "help_text": "N/A for tunnelled lines or if contraindicated.",
                "answer_type": "yes_no_na",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "chg_bath",
                "text": "Daily chlorhexidine bath given",
                "help_text": "ICU patients over 2 months old.",
                "answer_type": "yes_no_na",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "hub_care",
                "text": "Hub scrubbed, or disinfecting cap in place",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "sets_in_date",
                "text": "Administration sets within their change interval",
                "help_text": (
                    "Fluids: 96 h to 7 days. Blood, products and lipids: 24 h. Propofol: 6-12 h."
                ),
                "answer_type": "yes_no_na",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "site_signs",
                "text": "Redness, tenderness or drainage at the site",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": [],
                "alert_values": ["yes"],
                "expected_value": "no",
            },
        ],
    },
    {
        "kind": "iuc",
        "version": 1,
        "title": "Urinary catheter daily check",
        "source_note": "SHEA 2022 CAUTI; CDC/HICPAC 2009; HOUDINI nurse-led removal.",
        "items": [
            {
                "code": "indication",
                "text": "Valid indication today (HOUDINI)",
                "help_text": "No valid indication: remove the catheter.",
                "answer_type": "choice",
                "choices": [
                    ["H", "H - Haematuria"],
                    ["O", "O - Obstruction"],
                    ["U", "U - Urological, major pelvic or prolonged surgery"],
                    ["D", "D - Open sacral or perineal wound, incontinent"],
                    ["I", "I - Strict input/output monitoring"],
                    ["N", "N - Nursing at end of life"],
                    ["M", "I - Immobilisation or neurogenic bladder"],
                    ["none", "No valid indication: remove"],
                ],
                "compliant_values": ["H", "O", "U", "D", "I", "N", "M"],
            },
            {
                "code": "closed_system",
                "text": "Closed drainage system intact, not disconnected",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "bag_position",
                "text": "Bag below bladder level and off the floor",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "free_flow",
                "text": "Urine flows freely: no kinks or dependent loops",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "secured",
                "text": "Catheter secured to the leg",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "bag_emptied",
                "text": "Bag emptied into a clean container; spigot not touched",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "meatal_hygiene",
                "text": "Routine meatal hygiene only, no antiseptic",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
        ],
    },
    {
        "kind": "wound",
        "version": 1,
        "title": "Surgical wound daily check",
        "source_note": "CDC SSI guideline 1999; NHSN SSI signs; Southampton wound grading.",
        "items": [
            {
                "code": "dressing_intact",
                "text": "Dressing intact and dry",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "pain",
                "text": "Pain or tenderness",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": [],
                "alert_values": [],
                "expected_value": "no",
            },
            {
                "code": "swelling",
                "text": "Swelling",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": [],
                "alert_values": [],
                "expected_value": "no",
            },
            {
                "code": "erythema",
                "text": "Redness",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": [],
                "alert_values": [],
                "expected_value": "no",
            },
            {
                "code": "heat",
                "text": "Heat",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": [],
                "alert_values": [],
                "expected_value": "no",
            },
            {
                "code": "purulent",
                "text": "Purulent drainage (pus)",
                "help_text": "Pus, or a colour plus a consistency word (e.g. thick yellow).",
                "answer_type": "yes_no",
                "compliant_values": [],
                "alert_values": ["yes"],
                "expected_value": "no",
            },
            {
                "code": "dehiscence",
                "text": "Wound edges separating",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": [],
                "alert_values": ["yes"],
                "expected_value": "no",
            },
            {
                "code": "southampton",
                "text": "Southampton wound grade",
                "answer_type": "score",
                "choices": [
                    ["0", "0 - healing normally"],
                    ["1", "I - bruising or mild redness"],
                    ["2", "II - redness with other signs of inflammation"],
                    ["3", "III - clear or blood-stained discharge"],
                    ["4", "IV - pus"],
                    ["5", "V - deep or severe infection"],
                ],
                "min_value": 0,
                "max_value": 5,
                "alert_min": 4,
                "expected_value": "0",
            },
        ],
    },
    {
        "kind": "pressure",
        "version": 1,
        "title": "Pressure injury daily check",
        "source_note": "Braden scale (Bergstrom and Braden); SSKIN bundle; NICE CG179.",
        "items": [
            {
                "code": "braden_sensory",
                "text": "Braden: sensory perception",
                "help_text": "1 completely limited - 4 no impairment",
                "answer_type": "score",
                "min_value": 1,
                "max_value": 4,
            },
            {
                "code": "braden_moisture",
                "text": "Braden: moisture",
                "help_text": "1 constantly moist - 4 rarely moist",
                "answer_type": "score",
                "min_value": 1,
                "max_value": 4,
            },
            {
                "code": "braden_activity",
                "text": "Braden: activity",
                "help_text": "1 bedfast - 4 walks frequently",
                "answer_type": "score",
                "min_value": 1,
                "max_value": 4,
            },
            {
                "code": "braden_mobility",
                "text": "Braden: mobility",
                "help_text": "1 completely immobile - 4 no limitation",
                "answer_type": "score",
                "min_value": 1,
                "max_value": 4,
            },
            {
                "code": "braden_nutrition",
                "text": "Braden: nutrition",
                "help_text": "1 very poor - 4 excellent",
                "answer_type": "score",
                "min_value": 1,
                "max_value": 4,
            },
            {
                "code": "braden_friction",
                "text": "Braden: friction and shear",
                "help_text": "1 problem - 3 no apparent problem",
                "answer_type": "score",
                "min_value": 1,
                "max_value": 3,
            },
            {
                "code": "surface",
                "text": "Pressure-redistributing surface in use",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "skin_inspected",
                "text": "Skin over bony prominences and under devices inspected",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "repositioned",
                "text": "Repositioned as planned",
                "help_text": "At least every 6 h if at risk, 4 h if at high risk.",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "moisture_managed",
                "text": "Incontinence and moisture managed",
                "help_text": "",
                "answer_type": "yes_no_na",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "nutrition",
                "text": "Nutrition and fluids reviewed",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "infection_signs",
                "text": "Signs of infection at the wound (pus, spreading redness)",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": [],
                "alert_values": ["yes"],
                "expected_value": "no",
            },
        ],
    },
    {
        "kind": "airway",
        "version": 1,
        "title": "Breathing tube / ventilator daily check",
        "source_note": "IHI ventilator bundle; SHEA/IDSA 2022 VAP/VAE; AACN cuff pressure.",
        "items": [
            {
                "code": "head_of_bed",
                "text": "Head of bed at 30-45 degrees",
                "help_text": "N/A only with a documented contraindication.",
                "answer_type": "yes_no_na",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "sedation_hold",
                "text": "Sedation interrupted or awakening trial done",
                "help_text": "",
                "answer_type": "yes_no_na",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "breathing_trial",
                "text": "Spontaneous breathing trial or extubation readiness assessed",
                "help_text": "",
                "answer_type": "yes_no_na",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "oral_care",
                "text": "Oral care with toothbrushing, without chlorhexidine",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
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
            {
                "code": "subglottic_suction",
                "text": "Subglottic suction tube in use",
                "help_text": "When ventilation is expected beyond 48-72 h.",
                "answer_type": "yes_no_na",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "circuit",
                "text": "Circuit changed only if soiled or faulty",
                "help_text": "",
                "answer_type": "yes_no",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
            {
                "code": "mobility",
                "text": "Early mobility or conditioning done",
                "help_text": "",
                "answer_type": "yes_no_na",
                "compliant_values": ["yes"],
                "expected_value": "yes",
            },
        ],
    },
]


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ChecklistTemplate = apps.get_model("checklists", "ChecklistTemplate")
    ChecklistItem = apps.get_model("checklists", "ChecklistItem")
    for spec in TEMPLATES:
        template, created = ChecklistTemplate.objects.get_or_create(
            kind=spec["kind"],
            version=spec["version"],
            defaults={"title": spec["title"], "source_note": spec["source_note"]},
        )
        if not created:
            continue
        for position, item in enumerate(spec["items"], start=1):
            ChecklistItem.objects.create(template=template, position=position, **item)


class Migration(migrations.Migration):
    dependencies = [("checklists", "0001_initial")]

    # No reverse: a shipped template may already have checks answering it.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
