"""Invented names in many scripts, so every page and PDF meets real-world names.

Each culture lists (female given names, male given names, family names) and
whether the family name comes first. None of these are real patients.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Culture:
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    family_first: bool = False
    # Han, Hangul and Japanese names are written without a space.
    joiner: str = " "


CULTURES: tuple[Culture, ...] = (
    Culture(
        ("Zoë", "Amelia", "Siobhán", "Chloé", "Rhiannon", "Margaret"),
        ("Oliver", "George", "Seán", "Rhys", "Arthur", "Noël"),
        ("Brown", "Smith", "O'Connor", "Llewelyn-Jones", "Taylor", "MacDonald"),
    ),
    Culture(
        ("Thị Lan", "Thị Hoa", "Ngọc Ánh", "Thu Hằng"),
        ("Văn Minh", "Quốc Bảo", "Đức Anh", "Hữu Phước"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Đặng"),
        family_first=True,
    ),
    Culture(
        ("Małgorzata", "Agnieszka", "Katarzyna", "Józefa"),
        ("Łukasz", "Zbigniew", "Wojciech", "Paweł"),
        ("Nowak", "Wójcik", "Dąbrowski", "Kowalczyk", "Wiśniewski"),
    ),
    Culture(
        ("芳", "秀英", "静", "丽娟"),
        ("伟", "洋", "建国", "志强"),
        ("王", "李", "张", "刘", "陈"),
        family_first=True,
        joiner="",
    ),
    Culture(
        ("فاطمة", "ليلى", "مريم", "نور"),
        ("أحمد", "محمد", "يوسف", "عمر"),
        ("السيد", "حداد", "الخطيب", "منصور"),
    ),
    Culture(
        ("Fatima", "Layla", "Mariam", "Noor"),
        ("Ahmed", "Mohammed", "Youssef", "Omar"),
        ("Al-Sayed", "Haddad", "El-Khatib", "Mansour"),
    ),
    Culture(
        ("Ольга", "Наталья", "Татьяна", "Ирина"),
        ("Дмитрий", "Сергей", "Алексей", "Иван"),
        ("Иванов", "Смирнов", "Кузнецов", "Попов"),
    ),
    Culture(
        ("Guðrún", "Sigríður", "Þóra"),
        ("Ólafur", "Jón", "Þórður"),
        ("Sigurðsson", "Jónsson", "Björnsson"),
    ),
    Culture(
        ("María José", "Lucía", "Begoña", "Inés"),
        ("José", "Íñigo", "Álvaro", "Jesús"),
        ("Núñez", "García", "Muñoz", "Peña"),
    ),
    Culture(
        ("Ελένη", "Μαρία", "Σοφία"),
        ("Γιώργος", "Νίκος", "Δημήτρης"),
        ("Παπαδόπουλος", "Κωνσταντίνου", "Νικολάου"),
    ),
    Culture(
        ("प्रिया", "अनीता", "सुनीता"),
        ("राहुल", "अमित", "विजय"),
        ("शर्मा", "वर्मा", "पटेल"),
    ),
    Culture(
        ("Çağla", "Şule", "Gülşen"),
        ("Ümit", "Oğuz", "Işık"),
        ("Öztürk", "Şahin", "Yıldız", "Çelik"),
    ),
    Culture(
        ("서연", "지우", "민지"),
        ("민준", "서준", "도윤"),
        ("김", "이", "박"),
        family_first=True,
        joiner="",
    ),
    Culture(
        ("Adébísí", "Chiamaka", "Ngozi"),
        ("Adébáyọ̀", "Chukwuemeka", "Olúwaseun"),
        ("Ọláńrewájú", "Okonkwo", "Adeyemi"),
    ),
)

# How often each culture appears among patients (same order as CULTURES): a
# mostly British-named population with many others, as in a city hospital.
WEIGHTS = (40, 5, 6, 4, 3, 4, 4, 2, 5, 2, 4, 3, 2, 4)


def full_name(culture: Culture, given: str, family: str) -> str:
    parts = (family, given) if culture.family_first else (given, family)
    return culture.joiner.join(parts)


def random_name(rng: random.Random, index: int, female: bool) -> str:
    """The index-th patient's name. The first patients take one culture each,
    so every script appears however little history is generated."""
    if index < len(CULTURES):
        culture = CULTURES[index]
    else:
        culture = rng.choices(CULTURES, weights=WEIGHTS)[0]
    given = rng.choice(culture.female if female else culture.male)
    return full_name(culture, given, rng.choice(culture.family))
