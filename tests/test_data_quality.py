"""The data-quality view: per unit, what is missing or doubtful, each count a link to those people."""
from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import login
from yinling.roster.models import Person


def test_it_counts_problems_per_unit_and_links_to_the_people(world, as_role):
    world.person(name="无电话", phone="", unit=world.clinical)
    party = world.person(name="老党员", unit=world.clinical, political_status=Person.Political.CPC)
    twin_a = world.person(name="同名人", birth=date(1944, 4, 4), unit=world.lit)
    world.person(name="同名人", birth=date(1944, 4, 4), unit=world.clinical, id_number="")
    Person.objects.filter(pk=twin_a.pk).update(birth_date=date(1944, 4, 4))
    odd = world.person(name="生日不符", unit=world.lit)
    Person.objects.filter(pk=odd.pk).update(birth_date=date(1946, 3, 6))  # a legacy value the ID contradicts
    client = as_role("office_staff")
    response = client.get(reverse("roster:quality"))
    totals = response.context["totals"]
    assert totals["no_phone"] == 1 and totals["party_unplaced"] == 2  # 张建中 lacks party dates, 老党员 is in no branch
    assert totals["duplicates"] == 2 and totals["id_birth_mismatch"] == 1 and totals["no_id"] == 1
    clinical = next(r for r in response.context["rows"] if r["unit"] == world.clinical)
    assert clinical["counts"]["no_phone"] == 1
    page = response.content.decode()
    assert f"?quality=no_phone&amp;unit={world.clinical.pk}" in page
    listed = client.get(reverse("roster:person_list"), {"quality": "no_phone", "unit": world.clinical.pk})
    assert [p.name for p in listed.context["page"].object_list] == ["无电话"]
    assert "正在查看数据问题" in listed.content.decode()
    dupes = client.get(reverse("roster:person_list"), {"quality": "duplicates"})
    assert sorted(p.name for p in dupes.context["page"].object_list) == ["同名人", "同名人"]
    assert party.pk in [p.id for p in client.get(reverse("roster:person_list"), {"quality": "party_unplaced"}).context["page"].object_list]


def test_it_shows_a_care_officer_only_their_units(world):
    world.person(name="文学院无电话", phone="", unit=world.lit)
    world.person(name="医学院无电话", phone="", unit=world.clinical)
    response = login(world.users["unit_officer"]).get(reverse("roster:quality"))
    assert response.context["totals"]["no_phone"] == 1
    assert "文学院" not in response.content.decode()


def test_it_is_for_those_who_keep_the_roster(as_role):
    assert as_role("auditor").get(reverse("roster:quality")).status_code == 403
    assert as_role("liaison").get(reverse("roster:quality")).status_code == 403


def test_the_demo_has_gaps_to_show(db):
    from yinling.accounts.models import User
    from yinling.core.demo import build_demo

    build_demo(seed=2026, people=1100)
    totals = login(User.objects.get(username="staff")).get(reverse("roster:quality")).context["totals"]
    assert all(totals[k] > 0 for k in ("no_id", "no_birth", "no_phone", "no_address", "party_unplaced", "id_birth_mismatch", "duplicates"))


def test_it_names_only_todays_care_officers_as_those_who_should_fix(world, as_role):
    from django.utils import timezone

    from tests.conftest import make_user
    from yinling.accounts.models import RoleAssignment
    from yinling.accounts.roles import Role

    world.person(name="文学院无电话", phone="", unit=world.lit)
    make_user("lit_now", Role.UNIT_OFFICER, node=world.lit)
    former = make_user("lit_before", Role.UNIT_OFFICER, node=world.lit)
    today = timezone.localdate()
    RoleAssignment.objects.filter(user=former).update(starts_on=today.replace(year=today.year - 2), ends_on=today)
    lit = next(r for r in as_role("office_staff").get(reverse("roster:quality")).context["rows"] if r["unit"] == world.lit)
    assert lit["officers"] == ["lit_now"]


def test_it_flags_retirement_in_the_future_and_before_the_earliest_lawful_age(world, as_role):
    world.person(name="钱未退", birth=date(1970, 5, 1), retirement_date=date(2030, 5, 1))
    world.person(name="孙太早", gender="F", birth=date(1960, 5, 1), retirement_date=date(2000, 5, 1))  # at 40
    world.person(name="李正常", gender="F", birth=date(1960, 5, 1), retirement_date=date(2010, 5, 1))  # at 50
    client = as_role("office_staff")
    future = client.get("/roster/", {"quality": "retired_future", "status": "active"}).content.decode()
    early = client.get("/roster/", {"quality": "retired_too_early", "status": "active"}).content.decode()
    assert "钱未退" in future and "孙太早" not in future
    assert "孙太早" in early and "李正常" not in early and "钱未退" not in early


@pytest.mark.parametrize("birth, retired, gender, too_early", [
    (date(1960, 5, 1), date(2010, 5, 1), "F", False),  # 50
    (date(1960, 5, 1), date(2005, 4, 30), "F", True),  # a day before 45
    (date(1960, 5, 1), date(2005, 5, 1), "F", False),  # 45
    (date(1960, 5, 1), date(2009, 5, 1), "M", True),  # 49
    (date(1960, 5, 1), date(2010, 5, 1), "M", False),  # 50
    (None, date(2010, 5, 1), "M", False),
])
def test_the_earliest_lawful_retirement_age(birth, retired, gender, too_early):
    from yinling.lib.ages import retired_too_early

    assert retired_too_early(birth, retired, gender) is too_early
