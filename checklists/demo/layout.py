"""The demo hospital's shape: its wards, where each ward's patients go next, and the
nurses who record there. `SMALL` is the 4-ward demo of `make run`; `hospital()` is
the 40-ward, 1,200-bed hospital of `seed_demo --scale hospital`, for benchmarks."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..models import Role
from .names import random_name
from .staff import WARD_NURSES, WARDS, Person, WardSpec

# A leg of a route: (ward code, fewest days there, most days there).
Leg = tuple[str, int, int]
Routes = tuple[tuple[int, tuple[Leg, ...]], ...]

# Where patients admitted to each ward go next: (weight, (leg, ...)).
ROUTES: dict[str, Routes] = {
    "ICU": (
        (50, (("ICU", 2, 7), ("5A", 3, 9))),
        (35, (("ICU", 2, 8), ("6B", 4, 12))),
        (5, (("ICU", 3, 6), ("6B", 3, 6), ("7C", 5, 12))),
        (10, (("ICU", 1, 5),)),
    ),
    "5A": (
        (90, (("5A", 1, 8),)),
        (6, (("5A", 1, 3), ("ICU", 2, 5), ("5A", 3, 7))),
        (4, (("5A", 2, 5), ("7C", 5, 12))),
    ),
    "6B": (
        (83, (("6B", 2, 10),)),
        (12, (("6B", 3, 7), ("7C", 5, 14))),
        (5, (("6B", 1, 4), ("ICU", 2, 6), ("6B", 3, 8))),
    ),
    "7C": ((100, (("7C", 4, 18),)),),
}


@dataclass(frozen=True)
class Layout:
    wards: tuple[WardSpec, ...]
    routes: dict[str, Routes]
    nurses: tuple[Person, ...]
    specs: dict[str, WardSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "specs", {spec.code: spec for spec in self.wards})

    @property
    def beds(self) -> int:
        return sum(spec.beds for spec in self.wards)

    def specialty(self, ward: str) -> str:
        return self.specs[ward].specialty


SMALL = Layout(WARDS, ROUTES, WARD_NURSES)

# The hospital scale: ten blocks shaped like the small demo (an intensive care unit
# and a surgical, a medical and an elderly-care ward, patients moving between them),
# with ward sizes of a large teaching hospital: 10 x 120 = 1,200 beds on 40 wards.
BLOCKS = 10
BLOCK_BEDS = {"icu": 16, "surgical": 35, "medical": 36, "elderly": 33}
NURSES_PER_WARD = 6
HOSPITAL_NAMES = {
    "icu": "Critical Care Unit {n}",
    "surgical": "Ward S{n} - Surgery",
    "medical": "Ward M{n} - Medicine",
    "elderly": "Ward E{n} - Care of the Elderly",
}
HOSPITAL_CODES = {"icu": "CC{n}", "surgical": "S{n}", "medical": "M{n}", "elderly": "E{n}"}


def hospital(seed: int) -> Layout:
    """Block 1 keeps the small demo's ward codes and nurses, so the demo logins work
    unchanged; blocks 2 to 10 get their own wards and generated nurses."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    wards: list[WardSpec] = []
    routes: dict[str, Routes] = {}
    nurses = list(WARD_NURSES)
    for n in range(1, BLOCKS + 1):
        codes = {
            spec.code: spec.code if n == 1 else HOSPITAL_CODES[spec.specialty].format(n=n)
            for spec in WARDS
        }
        for spec in WARDS:
            code = codes[spec.code]
            name = spec.name if n == 1 else HOSPITAL_NAMES[spec.specialty].format(n=n)
            beds = BLOCK_BEDS[spec.specialty]
            wards.append(WardSpec(code, name, spec.specialty, beds, spec.occupancy))
            routes[code] = tuple(
                (weight, tuple((codes[ward], low, high) for ward, low, high in legs))
                for weight, legs in ROUTES[spec.code]
            )
            if n > 1:
                nurses += _nurses(code, rng)
    return Layout(tuple(wards), routes, tuple(nurses))


def _nurses(code: str, rng: random.Random) -> list[Person]:
    people = []
    for i in range(1, NURSES_PER_WARD + 1):
        # The whole name in one field: not every culture's splits into first and last.
        name = random_name(rng, 1_000, rng.random() < 0.8)
        people.append(Person(f"{code.lower()}.nurse{i}", name, "", Role.NURSE, (code,)))
    return people
