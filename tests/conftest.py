"""The shared cast of the test suite (after Healthchecks' alice/bob/charlie).

Two universities under one provincial root, so every scope test also proves that
one university's people never reach the other's office:

    江苏省（测试）
    ├── 江海大学 (uni_a)               ├── 滨江学院 (uni_b)
    │   ├── 医学院 (med) → 临床医学系   │   ├── 理学院
    │   ├── 文学院 (lit)               │   └── 网格B
    │   ├── 网格一 (grid1), 网格二       
    │   └── 第一/第二党支部

People: med_person (临床医学系, 网格一, 第一支部), lit_person (文学院, 网格二, 第二支部),
other_person (滨江学院). One user per role at 江海大学, plus staff_b at 滨江学院.
"""
import itertools
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from yinling.accounts.models import RoleAssignment, User
from yinling.accounts.roles import Role
from yinling.core.access import SYSTEM
from yinling.core.models import OrgUnit
from yinling.core.services import orgunit_create
from yinling.lib import idcard
from yinling.party.models import Branch, Membership
from yinling.roster import services
from yinling.roster.models import Person

PASSWORD = "Test#Pass2026"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks run at once, inside the request, so tests see their outcome.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.TRANSFER_DIR = tmp_path / "transfer"


def make_id(birth: date, gender: str = "M", area: str = "320602", serial: int = 12) -> str:
    return idcard.make(area, birth, serial * 2 + (1 if gender == "M" else 0))


@dataclass
class World:
    root: OrgUnit
    uni_a: OrgUnit
    uni_b: OrgUnit
    med: OrgUnit
    clinical: OrgUnit
    lit: OrgUnit
    grid1: OrgUnit
    grid2: OrgUnit
    grid_b: OrgUnit
    branch1: Branch
    branch2: Branch
    branch_b: Branch
    med_person: Person
    lit_person: Person
    other_person: Person
    users: dict[str, User]

    def person(self, **kwargs) -> Person:
        return make_person(self, **kwargs)


def make_user(username: str, role: str, **binding) -> User:
    bound = binding.get("node") or getattr(binding.get("branch"), "institution", None) or getattr(binding.get("person"), "institution", None)
    home = bound.institution() if bound is not None else None
    user = User.objects.create_user(username=username, password=PASSWORD, display_name=username, home=home)
    RoleAssignment.objects.create(user=user, role=role, **binding)
    return user


_counter = itertools.count(1)
# Not 320602: make_id()'s default area, which tests use for the numbers they write by hand.
# Sharing it, the n-th person made in a run got the number a later test had picked.
_AREAS = ["320611", "320612", "320621", "320623", "320681", "320682", "320684", "320685"]


def _next_id(birth: date, gender: str) -> str:
    """A fresh valid ID number for each person a test makes."""
    n = next(_counter)
    return make_id(birth, gender, area=_AREAS[(n // 499) % len(_AREAS)], serial=n % 499)


def make_person(world: World, *, name: str = "王立明", institution=None, unit=None, grid=None, branch=None,
                gender: str = "M", birth: date = date(1946, 3, 5), phone: str = "13812345678", id_number: str | None = None,
                party_join_date: date | None = None, party_full_date: date | None = None, **extra) -> Person:
    """A person on the roster; with a `branch` (or party dates) a member of it, as the party module records it."""
    institution = institution or world.uni_a
    data = {
        "name": name, "gender": gender, "birth_date": birth, "category": extra.pop("category", Person.Category.TUIXIU),
        "unit": unit or world.lit, "grid": grid, "phone": phone, **extra,
    }
    person = services.person_create(
        actor=SYSTEM, institution=institution, data=data,
        id_number=id_number if id_number is not None else _next_id(birth, gender),
    )
    if branch is not None or party_join_date or party_full_date:
        Membership.objects.create(person=person, branch=branch, join_date=party_join_date, full_date=party_full_date,
                                  status=Membership.Status.FULL if party_full_date else Membership.Status.PROBATION)
    return person


@pytest.fixture
def world(db) -> World:
    root = orgunit_create(name="江苏省（测试）", kind=OrgUnit.Kind.REGION, parent=None)
    uni_a = orgunit_create(name="江海大学", kind=OrgUnit.Kind.INSTITUTION, parent=root)
    uni_b = orgunit_create(name="滨江学院", kind=OrgUnit.Kind.INSTITUTION, parent=root)
    med = orgunit_create(name="医学院", kind=OrgUnit.Kind.UNIT, parent=uni_a)
    clinical = orgunit_create(name="临床医学系", kind=OrgUnit.Kind.UNIT, parent=med)
    lit = orgunit_create(name="文学院", kind=OrgUnit.Kind.UNIT, parent=uni_a)
    sci_b = orgunit_create(name="理学院", kind=OrgUnit.Kind.UNIT, parent=uni_b)
    grid1 = orgunit_create(name="网格一", kind=OrgUnit.Kind.GRID, parent=uni_a)
    grid2 = orgunit_create(name="网格二", kind=OrgUnit.Kind.GRID, parent=uni_a)
    grid_b = orgunit_create(name="网格B", kind=OrgUnit.Kind.GRID, parent=uni_b)
    branch1 = Branch.objects.create(name="离退休第一党支部", institution=uni_a)
    branch2 = Branch.objects.create(name="离退休第二党支部", institution=uni_a)
    branch_b = Branch.objects.create(name="滨江离退休党支部", institution=uni_b)
    w = World(root, uni_a, uni_b, med, clinical, lit, grid1, grid2, grid_b, branch1, branch2, branch_b,
              None, None, None, {})  # type: ignore[arg-type]
    w.med_person = make_person(w, name="张建中", unit=clinical, grid=grid1, branch=branch1,
                               political_status=Person.Political.CPC, phone="13912340001")
    w.lit_person = make_person(w, name="李秀兰", gender="F", birth=date(1950, 8, 20), unit=lit, grid=grid2, branch=branch2,
                               phone="13912340002")
    w.other_person = make_person(w, name="赵德胜", institution=uni_b, unit=sci_b, grid=grid_b, branch=branch_b,
                                 phone="13912340003")
    w.users = {
        "office_admin": make_user("admin", Role.OFFICE_ADMIN, node=uni_a),
        "office_staff": make_user("staff", Role.OFFICE_STAFF, node=uni_a),
        "unit_officer": make_user("unit", Role.UNIT_OFFICER, node=med),
        "branch_secretary": make_user("secretary", Role.BRANCH_SECRETARY, branch=branch1),
        "liaison": make_user("liaison", Role.LIAISON, node=grid1),
        "volunteer": make_user("volunteer", Role.VOLUNTEER, node=uni_a),
        "retiree": make_user("retiree", Role.RETIREE, person=w.lit_person),
        "auditor": make_user("auditor", Role.AUDITOR, node=uni_a),
    }
    w.users["staff_b"] = make_user("staff_b", Role.OFFICE_STAFF, node=uni_b)
    return w


def login(user: User) -> Client:
    """A client logged in as `user`, with the second factor passed where the role needs it."""
    client = Client()
    client.force_login(user)
    if user.needs_second_factor():
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def as_role(world):
    def _client(role: str) -> Client:
        return login(world.users[role])

    return _client
