"""The demo university's Party work: 8 retired branches, their members placed in groups with posts,
two years of branch life with realistic gaps (the sixth branch clearly behind), attendance, dues,
study sessions and red-education trips, pairings, evaluations and this year's medal list.

Everything after the branches is written through the module's services, as an office would
record it (the meetings by the office's staff account).
"""
from datetime import date, timedelta
from decimal import Decimal

from yinling.core.access import SYSTEM
from yinling.core.plugins import DemoContext, demo_part
from yinling.lib import party as rules
from yinling.lib.ages import shift_years
from yinling.lib.names import random_name

from . import services
from .models import Activity, Branch, Dues, Evaluation, Medal, Meeting, Membership, Pairing, PartyGroup, Post

BEHIND = 5  # the sixth branch: the one the committee's view shows falling behind
TOPICS = {
    Meeting.Kind.GENERAL: ["学习贯彻党的二十大精神", "讨论支部年度工作计划", "通报支部党费收缴情况", "选举支部委员会"],
    Meeting.Kind.COMMITTEE: ["研究本月组织生活安排", "研究走访慰问生病党员", "研究发展和教育党员工作", "研究结对共建活动"],
    Meeting.Kind.GROUP: ["学习《习近平谈治国理政》", "交流学习体会", "读报学习", "学习党章"],
    Meeting.Kind.LECTURE: ["书记讲党课：传承红色基因", "老党员讲党史", "党课：发挥老同志优势作用"],
    Meeting.Kind.THEME_DAY: ["重温入党誓词", "参观校史馆", "社区志愿服务", "观看红色电影", "为青年学生讲故事"],
    Meeting.Kind.LIFE: ["年度组织生活会：对照检查"],
    Meeting.Kind.REVIEW: ["年度民主评议党员"],
}
TRIPS = ["新四军纪念馆", "周恩来纪念馆", "雨花台烈士陵园", "南通博物苑", "张謇纪念馆", "如皋红十四军纪念馆", "海安苏中七战七捷纪念馆"]
PARTNERS = [("医学院临床医学研究生党支部", Pairing.PartnerKind.STUDENT), ("文学院本科生第一党支部", Pairing.PartnerKind.STUDENT),
            ("机关第三党支部", Pairing.PartnerKind.STAFF), ("江海建设集团党委", Pairing.PartnerKind.COMPANY)]


@demo_part("party", order=20)
def _branches(ctx: DemoContext) -> None:
    university = ctx.made["university"]
    liaisons = [random_name(ctx.rng, "M" if i % 2 else "F", set()) for i in range(8)]
    ctx.made["branches"] = [
        Branch.objects.create(name=f"离退休第{n}党支部", institution=university, sort_order=i,
                              kind=Branch.Kind.LIXIU if i == 0 else Branch.Kind.RETIRED,
                              liaison_name=liaisons[i], liaison_unit=["组织部", "党委办公室", "校长办公室"][i % 3])
        for i, n in enumerate("一二三四五六七八")
    ]
    services.rules_ensure(university)


def _party_dates(rng, birth: date, today: date) -> tuple[date, date]:
    join = date(birth.year + rng.randint(18, 40), rng.randint(1, 12), rng.randint(1, 28))
    if join >= today:
        join = date(birth.year + 20, 7, 1)
    full = join + timedelta(days=365 + rng.choice([0, 0, 0, 30, 90]))
    return join, min(full, today)


@demo_part("party_members", order=50)
def _members(ctx: DemoContext) -> None:
    rng, today, staff = ctx.rng, ctx.today, ctx.made["staff"]
    branches: list[Branch] = ctx.made["branches"]
    persons = [p for p in ctx.made["persons"] if p.political_status == "cpc"]
    groups = {b.pk: [services.group_create(actor=SYSTEM, branch_id=b.pk, name=f"第{n}党小组") for n in "一二三"] for b in branches}
    memberships: list[Membership] = []
    unplaced = set(rng.sample(range(len(persons)), min(6, len(persons) // 50)))  # the data-quality view has some to place
    for i, person in enumerate(persons):
        if i in unplaced:
            continue
        branch = branches[0] if person.category == "lixiu" else branches[1 + i % 7] if i % 11 else rng.choice(branches[1:])
        join, full = _party_dates(rng, person.birth_date or date(1950, 1, 1), today)  # a doubtful record may lack it
        remote = person.residence == "remote"
        data = {"status": Membership.Status.FULL, "join_date": join, "full_date": full,
                "since": max(person.retirement_date or full, full), "mobile": remote and rng.random() < 0.6,
                "mobile_place": "", "dues_exempt": rng.random() < 0.01, "dues_exempt_reason": ""}
        if data["mobile"]:
            data["mobile_place"] = person.residence_city
        if data["dues_exempt"]:
            data["dues_exempt_reason"] = "长期卧床，经支部大会讨论、党委批准免交"
        m = services.membership_create(actor=SYSTEM, person_id=person.pk, branch_id=branch.pk, data=data)
        m.group = rng.choice(groups[branch.pk])
        memberships.append(m)
    Membership.objects.bulk_update(memberships, ["group"])
    # An archived member's relation ended with them: kept as history.
    for m in memberships:
        if m.person.status != "active":
            Membership.objects.filter(pk=m.pk).update(until=m.person.death_date or today, left=Membership.Left.DIED)
    current = [m for m in memberships if m.person.status == "active"]
    by_branch: dict[int, list[Membership]] = {}
    for m in current:
        by_branch.setdefault(m.branch_id, []).append(m)
    two_years_ago = date(today.year - 1, 1, 1)
    for branch in branches:
        members = by_branch.get(branch.pk, [])
        if not members:
            continue
        titles = [Post.Title.SECRETARY, Post.Title.DEPUTY, Post.Title.ORGANISATION, Post.Title.PUBLICITY, Post.Title.DISCIPLINE]
        for title, m in zip(titles, rng.sample(members, min(len(members), len(titles))), strict=False):
            services.post_assign(actor=SYSTEM, membership_id=m.pk, title=title, since=two_years_ago)
        for group in groups[branch.pk]:
            in_group = [m for m in members if m.group_id == group.pk]
            if in_group:
                leader = rng.choice(in_group)
                services.post_assign(actor=SYSTEM, membership_id=leader.pk, title=Post.Title.GROUP_LEADER, since=two_years_ago)
                PartyGroup.objects.filter(pk=group.pk).update(leader=leader)
    _branch_life(ctx, branches, by_branch, groups, staff)
    _dues(ctx, branches, by_branch, staff)
    _medals(ctx, memberships)
    ctx.made["memberships"] = memberships


def _branch_life(ctx, branches, by_branch, groups, staff) -> None:
    """Two years of meetings by the rules, with gaps: a few everywhere, many in the sixth branch."""
    rng, today = ctx.rng, ctx.today
    # The ill and the very old miss meetings, often several in a row (the office's list shows them).
    frail = {m.pk for ms in by_branch.values() for m in ms if m.person.health_status in ("disabled", "semi_disabled") or m.person.hospitalized}
    for b_index, branch in enumerate(branches):
        members = by_branch.get(branch.pk, [])
        if not members:
            continue
        skip = 0.45 if b_index == BEHIND else 0.04
        for year in (today.year - 1, today.year):
            for kind, frequency in (
                (Meeting.Kind.GENERAL, rules.QUARTER), (Meeting.Kind.COMMITTEE, rules.MONTH), (Meeting.Kind.GROUP, rules.MONTH),
                (Meeting.Kind.LECTURE, rules.QUARTER), (Meeting.Kind.THEME_DAY, rules.MONTH), (Meeting.Kind.LIFE, rules.YEAR),
                (Meeting.Kind.REVIEW, rules.YEAR),
            ):
                for period in rules.periods(year, frequency):
                    day = period.start + timedelta(days=rng.randint(3, max(3, (period.end - period.start).days - 3)))
                    if frequency == rules.YEAR:
                        day = date(year, 12, rng.randint(10, 26)) if kind == Meeting.Kind.LIFE else date(year, 12, rng.randint(1, 9))
                    if day >= today or rng.random() < skip:
                        continue
                    for group in (groups[branch.pk] if kind == Meeting.Kind.GROUP else [None]):
                        if kind == Meeting.Kind.GROUP and rng.random() < skip:
                            continue
                        expected = [m for m in members if (group is None or m.group_id == group.pk) and (m.since is None or m.since <= day)]
                        attendance = {}
                        for m in expected:
                            present = rng.random() > (0.7 if m.pk in frail else 0.1)
                            reason = "" if present else ("away" if m.mobile else "sick" if m.pk in frail else rng.choice(["sick", "leave", "other"]))
                            attendance[m.pk] = (present, reason)
                        services.meeting_record(actor=staff, branch_id=branch.pk, attendance=attendance, data={
                            "kind": kind, "group": group, "held_on": day, "topic": rng.choice(TOPICS[kind]),
                            "place": "离退休活动中心" if kind != Meeting.Kind.THEME_DAY else rng.choice(["校史馆", "学府社区", "图书馆报告厅"]),
                            "host": "", "recorder": "", "minutes": ""})
        # Study sessions, trips and the secretaries' monthly training.
        for year in (today.year - 1, today.year):
            for month in range(1, 13):
                day = date(year, month, rng.randint(5, 25))
                if day >= today:
                    break
                if month % 2 == b_index % 2:
                    people = [m.person_id for m in rng.sample(members, min(len(members), rng.randint(15, 45)))]
                    services.activity_record(actor=staff, institution=branch.institution, branch_id=branch.pk, participant_ids=people, data={
                        "kind": Activity.Kind.TRIP if rng.random() < 0.5 else Activity.Kind.STUDY, "held_on": day,
                        "title": f"赴{rng.choice(TRIPS)}开展红色教育" if month % 4 < 2 else "学习新思想 读书分享会",
                        "destination": rng.choice(TRIPS), "guests": rng.randint(0, 6)})
    university = branches[0].institution
    leaders = [m.person_id for ms in by_branch.values() for m in ms[:2]]
    for year in (today.year - 1, today.year):
        for month in range(1, 13):
            day = date(year, month, 15)
            if day >= today:
                break
            services.activity_record(actor=staff, institution=university, branch_id=None, participant_ids=leaders, data={
                "kind": Activity.Kind.TRAINING, "held_on": day, "title": f"{month}月支部书记和支委培训", "destination": "离退休活动中心",
                "guests": 0})
    for branch, (partner, kind) in zip(branches[1:5], PARTNERS, strict=False):
        pairing = services.pairing_create(actor=staff, branch_id=branch.pk, data={"partner": partner, "partner_kind": kind,
                                                                                    "since": date(today.year - 2, 9, 1)})
        for topic in ("老少同上一堂党课", "共同参观校史馆"):
            services.joint_activity_record(actor=staff, pairing_id=pairing.pk, data={
                "held_on": date(today.year - 1, rng.randint(3, 11), 10), "topic": topic, "participants": rng.randint(20, 60)})
    for b_index, branch in enumerate(branches):
        results = {m.pk: Evaluation.Result.EXCELLENT if rng.random() < 0.15 else Evaluation.Result.QUALIFIED
                   for m in by_branch.get(branch.pk, [])}
        services.evaluations_record(actor=staff, branch_id=branch.pk, year=today.year - 1, results=results)
        grade = "fair" if b_index == BEHIND else rng.choice(["excellent", "good", "good"])
        services.branch_evaluation_record(actor=staff, branch_id=branch.pk, year=today.year - 1, grade=grade)


def _dues(ctx, branches, by_branch, staff) -> None:
    """A year of dues on pensions of 3,000–9,000 yuan; a few members owe the last months."""
    rng, today = ctx.rng, ctx.today
    pensions = {m.pk: Decimal(rng.randrange(300000, 900000)) / 100 for ms in by_branch.values() for m in ms}
    late = set(rng.sample(sorted(pensions), min(12, len(pensions) // 40)))
    month = shift_years(today.replace(day=1), -1)
    while month <= today.replace(day=1):
        for branch in branches:
            members = by_branch.get(branch.pk, [])
            if not members:
                continue
            services.dues_set_bases(actor=staff, branch_id=branch.pk, month=month, bases={m.pk: pensions[m.pk] for m in members})
            recent = (today.year - month.year) * 12 + today.month - month.month < 3
            unpaid = Dues.objects.filter(membership__in=members, month=month, paid__isnull=True, amount__gt=0)
            ids = [d.pk for d in unpaid if not (recent and d.membership_id in late) and month < today.replace(day=1)]
            if ids:
                services.dues_mark_paid(actor=staff, dues_ids=ids, paid_on=month + timedelta(days=rng.randint(5, 20)))
        month = (month + timedelta(days=32)).replace(day=1)


def _medals(ctx, memberships: list[Membership]) -> None:
    """Medals presented since 2021 to those who reached 50 years then; this year's list in progress."""
    today = ctx.today
    first = 2021  # the year the "光荣在党50年" medal was first presented
    for m in memberships:
        if m.full_date is None:
            continue
        died = m.person.death_date if m.person.status == "deceased" else None
        eligible_from = next((y for y in range(first, today.year + 1) if rules.medal_eligible(m.full_date, y, died_on=died)), None)
        if eligible_from is None:
            continue
        if eligible_from < today.year:
            services.medal_advance(actor=SYSTEM, person_id=m.person_id, year=eligible_from, stage=Medal.Stage.PRESENTED,
                                   on=date(eligible_from, 7, 1), by="校党委书记")
        elif died is None and ctx.rng.random() < 0.6:
            services.medal_advance(actor=SYSTEM, person_id=m.person_id, year=today.year, stage=Medal.Stage.NOMINATED,
                                   on=date(today.year, 5, 10))
