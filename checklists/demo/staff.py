"""The demo hospital's wards and people: one login per role, and the ward nurses
whose names fill the history."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from ..models import Role, User, Ward

# Public on purpose: it is printed on start so a newcomer can log in.
DEMO_PASSWORD = "demo-ward-round"  # noqa: S105


@dataclass(frozen=True)
class WardSpec:
    code: str
    name: str
    specialty: str  # icu, surgical, medical or elderly: drives routes and devices
    beds: int
    occupancy: float  # the share of beds the ward fills with new admissions


WARDS: tuple[WardSpec, ...] = (
    WardSpec("ICU", "Intensive Care Unit", "icu", 12, 0.84),
    WardSpec("5A", "Ward 5A - General Surgery", "surgical", 28, 0.86),
    WardSpec("6B", "Ward 6B - Acute Medicine", "medical", 32, 0.88),
    WardSpec("7C", "Ward 7C - Orthopaedics and Elderly Care", "elderly", 24, 0.84),
)


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    role: str
    wards: tuple[str, ...]
    sees: str = ""  # what the login shows, for the table printed on start
    hospital_wide: bool = False


# The infection-prevention lead, who records the demo's infection events.
LEAD_USERNAME = "ipclead"

DEMO_LOGINS: tuple[Person, ...] = (
    Person("nurse", "Zoë", "Brown", Role.NURSE, ("ICU", "5A"), "ICU and 5A boards; records checks"),
    Person("nurse2", "Łukasz", "Nowak", Role.NURSE, ("6B",), "6B board only; records checks"),
    Person(
        "manager",
        # One field: a Vietnamese name does not split into first and last.
        "Nguyễn Thị Lan",
        "",
        Role.MANAGER,
        ("ICU", "5A"),
        "ICU and 5A boards, patients, dashboards and PDF reports; signs off months",
    ),
    Person(
        LEAD_USERNAME,
        "Amara",
        "Mensah",
        Role.MANAGER,
        (),
        "every ward's dashboards and reports; records infection events (infection-prevention lead)",
        hospital_wide=True,
    ),
    Person(
        "auditor",
        "Ahmed",
        "Al-Sayed",
        Role.AUDITOR,
        (),
        "every ward and patient; PDF reports and their verification; read-only",
    ),
    Person("admin", "Ólafur", "Sigurðsson", Role.ADMIN, (), "every ward read-only; /admin/ set-up"),
)

WARD_NURSES: tuple[Person, ...] = (
    Person("divanov", "Дмитрий", "Иванов", Role.NURSE, ("ICU",)),
    Person("wangfang", "王芳", "", Role.NURSE, ("ICU",)),
    Person("jnunez", "José", "Núñez", Role.NURSE, ("ICU",)),
    Person("kminjun", "김민준", "", Role.NURSE, ("ICU",)),
    Person("lhaddad", "Layla", "Haddad", Role.NURSE, ("5A",)),
    Person("gjonsdottir", "Guðrún", "Jónsdóttir", Role.NURSE, ("5A",)),
    Person("cokonkwo", "Chiamaka", "Okonkwo", Role.NURSE, ("5A",)),
    Person("asayed", "أحمد", "السيد", Role.NURSE, ("6B",)),
    Person("esmith", "Emily", "Smith", Role.NURSE, ("6B",)),
    Person("cozturk", "Çağla", "Öztürk", Role.NURSE, ("6B",)),
    Person("mwojcik", "Małgorzata", "Wójcik", Role.NURSE, ("6B", "7C")),
    Person("tvanminh", "Trần Văn Minh", "", Role.NURSE, ("7C",)),
    Person("epapadopoulou", "Ελένη", "Παπαδοπούλου", Role.NURSE, ("7C",)),
    Person("soconnor", "Siobhán", "O'Connor", Role.NURSE, ("7C",)),
    Person("psharma", "प्रिया", "शर्मा", Role.NURSE, ("7C",)),
)


# The NHSN location type each specialty's ward maps to (docs/measures.md).
NHSN_LOCATIONS = {
    "icu": "IN:ACUTE:CC:MS",
    "surgical": "IN:ACUTE:WARD:S",
    "medical": "IN:ACUTE:WARD:M",
    "elderly": "IN:ACUTE:WARD:ORT",
}


def create_wards(specs: tuple[WardSpec, ...]) -> dict[str, Ward]:
    wards = [
        Ward(
            code=s.code,
            name=s.name,
            is_icu=s.specialty == "icu",
            beds=s.beds,
            nhsn_location=NHSN_LOCATIONS[s.specialty],
        )
        for s in specs
    ]
    return {ward.code: ward for ward in Ward.objects.bulk_create(wards)}


def create_people(wards: dict[str, Ward], ward_nurses: tuple[Person, ...]) -> dict[str, list[User]]:
    """Create every demo user; return the nurses who record on each ward."""
    # One hash for all: hashing is deliberately slow, and they share the password.
    password = make_password(DEMO_PASSWORD)
    people = DEMO_LOGINS + ward_nurses
    users = User.objects.bulk_create(
        User(
            username=person.username,
            first_name=person.first_name,
            last_name=person.last_name,
            role=person.role,
            password=password,
            is_staff=person.role == Role.ADMIN,
            is_superuser=person.role == Role.ADMIN,
            hospital_wide=person.hospital_wide,
        )
        for person in people
    )
    User.wards.through.objects.bulk_create(
        User.wards.through(user_id=user.pk, ward_id=wards[code].pk)
        for person, user in zip(people, users, strict=True)
        for code in person.wards
    )
    nurses: dict[str, list[User]] = {code: [] for code in wards}
    for person, user in zip(people, users, strict=True):
        if person.role == Role.NURSE:
            for code in person.wards:
                nurses[code].append(user)
    return nurses
