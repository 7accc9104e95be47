"""A masked ID number cannot be rebuilt from what a user sees or the database keeps without the key.

An attacker knows the structure (area code, birth date, sequence, check character), the
list of area codes and the checksum. Whatever a role sees of a person — the mask, the
birth date and age, the gender — must leave at least a hundred numbers possible.
"""
import re
from itertools import product

from django.db import connection
from django.urls import reverse

from tests.test_transfer_web import _download, _rows
from yinling.lib import idcard
from yinling.roster.models import Person
from yinling.transfer.models import Job

# As many area codes as the real list has counties (about 3,000): province, prefecture 01–10, county 01–09.
AREAS = [f"{p}{c:02d}{d:02d}" for p, c, d in product(sorted(idcard.PROVINCE_CODES), range(1, 11), range(1, 10))]
MASK = re.compile(r"[0-9X*]{15,18}")


def candidates(mask: str, person: Person) -> int:
    """ID numbers consistent with the shown mask, the birth date, the gender and the checksum."""
    assert len(mask) == 18 and "*" in mask, mask
    birth = person.birth_date.strftime("%Y%m%d")
    tails = [mask[14:]] if "*" not in mask[14:] else [f"{n:03d}" for n in range(1000)]
    count = 0
    for area in AREAS:
        for tail in tails:
            first17 = (area + birth + tail)[:17]
            number = first17 + idcard.check_digit(first17)
            sex_ok = (int(number[16]) % 2 == 1) == (person.gender == "M")
            if sex_ok and all(m == "*" or m == n for m, n in zip(mask, number, strict=True)):
                count += 1
    return count


def test_the_mask_on_the_page_and_in_a_masked_export_leaves_hundreds_of_numbers(world, as_role, tmp_path):
    person = world.med_person
    client = as_role("office_staff")  # sees the mask, the birth date and the age
    page = client.get(reverse("roster:person_detail", args=[person.pk])).content.decode()
    shown = {m for m in MASK.findall(page) if "*" in m}
    assert shown and person.id_number not in page
    client.post(reverse("transfer:export_start"), {"columns": ["name", "gender", "birth_date", "id_number"]})
    exported = {r[3] for r in _rows(_download(client, Job.objects.get(kind=Job.Kind.EXPORT)), tmp_path)[1:] if r[0] == person.name}
    for mask in shown | exported:
        assert person.id_number[:6] not in mask  # the place of birth stays hidden
        assert candidates(mask, person) >= 100, mask


def test_no_stored_column_outside_the_encryption_holds_the_area_code(world):
    """What a copy of the database shows without the key: no column carries the first six digits."""
    person = world.med_person
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Person._meta.db_table} WHERE id = %s", [person.pk])
        names = [c[0] for c in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    for name, value in row.items():
        if name in ("id_number_encrypted", "id_number_hash"):
            continue
        assert person.id_number[:6] not in str(value), name
    assert candidates("*" * 14 + row["id_number_tail"], person) >= 100
