"""The Party pages at scale: the compliance view of every branch and one branch's member list,
measured with one year of branch life and again with ten, on the people the benchmark imported.

20 branches of 200 members, each holding what the branch work rules ask (about 46 meetings a
year, with every expected member's attendance): ten years are ~9,000 meetings and ~1.4 million
attendance rows. Written with bulk inserts below the services: this is test data, not a record
of anyone's work.
"""
import random
from datetime import date, timedelta

from django.db import transaction
from django.test import Client
from django.utils import timezone

BRANCHES = 20
MEMBERS = 200  # per branch
GROUPS = 3  # per branch
YEARS = 10


def _build(institution, seed: int):
    from yinling.party.models import Branch, Membership, PartyGroup
    from yinling.party.services import rules_ensure
    from yinling.roster.models import Person

    rng = random.Random(seed)
    rules_ensure(institution)
    branches = Branch.objects.bulk_create([Branch(name=f"基准第{i + 1}党支部", institution=institution, sort_order=i) for i in range(BRANCHES)])
    groups = PartyGroup.objects.bulk_create([PartyGroup(branch=b, name=f"第{g + 1}党小组", sort_order=g)
                                             for b in branches for g in range(GROUPS)])
    people = list(Person.objects.filter(institution=institution).order_by("id").values_list("id", flat=True)[:BRANCHES * MEMBERS])
    members = []
    for i, person_id in enumerate(people):
        branch = branches[i % BRANCHES]
        join = date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
        members.append(Membership(person_id=person_id, branch=branch, group=groups[(i % BRANCHES) * GROUPS + rng.randrange(GROUPS)],
                                  join_date=join, full_date=join + timedelta(days=365)))
    Membership.objects.bulk_create(members, batch_size=2000)
    return branches, list(Membership.objects.filter(branch__in=branches).values_list("pk", "branch_id", "group_id"))


def _year_of_branch_life(year: int, today: date, branches, members, creator_id: int, rng) -> None:
    """Every meeting the rules ask of every branch in `year` (up to today), with attendance."""
    from yinling.lib import party as rules
    from yinling.party.models import DEFAULT_RULES, Attendance, Meeting

    by_branch: dict[int, list] = {}
    for pk, branch_id, group_id in members:
        by_branch.setdefault(branch_id, []).append((pk, group_id))
    groups_of: dict[int, list[int]] = {}
    for _, branch_id, group_id in members:
        groups_of.setdefault(branch_id, [])
        if group_id not in groups_of[branch_id]:
            groups_of[branch_id].append(group_id)
    meetings, expected = [], []
    for branch in branches:
        for kind, frequency in DEFAULT_RULES:
            for period in rules.periods(year, frequency):
                day = period.start + timedelta(days=rng.randint(0, (period.end - period.start).days))
                if day > today:
                    continue
                for group_id in (groups_of[branch.pk] if kind == Meeting.Kind.GROUP else [None]):
                    meetings.append(Meeting(branch=branch, kind=kind, group_id=group_id, held_on=day, topic="基准会议",
                                            created_by_id=creator_id))
                    expected.append([pk for pk, g in by_branch[branch.pk] if group_id is None or g == group_id])
    made = Meeting.objects.bulk_create(meetings, batch_size=2000)
    rows = (Attendance(meeting_id=m.pk, membership_id=pk, present=(pk + m.pk) % 7 != 0, reason="" if (pk + m.pk) % 7 else "sick")
            for m, pks in zip(made, expected, strict=True) for pk in pks)
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 20000:
            Attendance.objects.bulk_create(batch)
            batch = []
    Attendance.objects.bulk_create(batch)


def _pages(client: Client, branch_id: int, year: int) -> dict:
    from .run import measure_page

    return {"overview": measure_page(client, "/party/", {"year": year}),
            "members": measure_page(client, f"/party/branches/{branch_id}/members/", {})}


def party_figures(seed: int = 2026) -> dict:
    from yinling.accounts.models import User
    from yinling.core.db import refresh_statistics
    from yinling.core.models import OrgUnit

    today = timezone.localdate()
    staff = User.objects.get(username="bench-staff")
    institution = OrgUnit.objects.get(kind=OrgUnit.Kind.INSTITUTION, name="基准大学")
    rng = random.Random(seed)
    with transaction.atomic():
        branches, members = _build(institution, seed)
        _year_of_branch_life(today.year, today, branches, members, staff.pk, rng)
    # Each size is measured on its tables as autovacuum leaves them (see run.py's lists): on PostgreSQL,
    # vacuumed too, so that autovacuum, woken by a million new rows, does not run during the measurement.
    refresh_statistics("party_meeting", "party_attendance", "party_membership", vacuum=True)
    client = Client()
    client.force_login(staff)
    one = _pages(client, branches[0].pk, today.year)
    with transaction.atomic():
        for year in range(today.year - YEARS + 1, today.year):
            _year_of_branch_life(year, today, branches, members, staff.pk, rng)
    refresh_statistics("party_meeting", "party_attendance", vacuum=True)
    ten = _pages(client, branches[0].pk, today.year)
    from yinling.party.models import Attendance, Meeting

    figures = {"party_meetings": Meeting.objects.count(), "party_attendance_rows": Attendance.objects.count()}
    for years, pages in (("1y", one), ("10y", ten)):
        for page, measured in pages.items():
            figures.update({f"party_{page}_{years}_{k}": v for k, v in measured.items()})
    return figures
