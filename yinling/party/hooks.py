"""What the Party module adds: its menu entries, a home card, the party tab of a person's page, a
data-quality check, the Chinese names of its audit actions and its pages' samples for the URL sweep."""
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from yinling.core.access import scope
from yinling.core.plugins import audit_labels, home_card, layout_pages, menu_item, person_tab, sweep_sample
from yinling.roster.models import Person
from yinling.roster.quality import Check, register_check

from . import imports  # noqa: F401 - registers the memberships sheet as an import kind
from .access import PARTY_DUES, PARTY_MEMBERS, PARTY_VIEW
from .models import Membership

menu_item(label="党建", url_name="party:branch_list", icon="flag", capability=PARTY_VIEW, order=20,
          pages=("party:*",))
menu_item(label="党费", url_name="party:dues", icon="cash-coin", capability=PARTY_DUES, order=22,
          pages=("party:dues", "party:branch_dues", "party:dues_export"))
menu_item(label="光荣在党50年", url_name="party:medals", icon="award", capability=PARTY_MEMBERS, order=24,
          pages=("party:medals", "party:medal_advance", "party:medal_export"))

audit_labels({
    "membership_create": "登记党组织关系", "membership_update": "修改党组织关系", "membership_transfer": "转接党组织关系",
    "post_assign": "登记支部职务", "post_end": "登记卸任", "meeting_record": "记录支部会议", "meeting_update": "修改会议记录",
    "attachment_add": "上传会议附件", "attachment_delete": "删除会议附件", "rule_update": "修改组织生活制度",
    "evaluation_record": "登记民主评议", "branch_evaluation": "登记支部评定", "activity_record": "记录学习活动",
    "pairing_create": "登记结对共建", "joint_activity": "记录共建活动", "dues_set": "计算党费", "dues_paid": "登记党费交纳",
    "dues_export": "导出党费明细", "medal": "纪念章进度", "medal_export": "导出纪念章名单", "group_create": "新建党小组",
    "membership_import": "导入党员名册", "membership_end": "随档案归档结束组织关系", "membership_reopen": "恢复组织关系", "branch_create": "新建党支部", "branch_update": "修改党支部",
})

# A Party member on the roster whose membership (branch and party dates) is not in place.
_placed = Membership.objects.filter(person=OuterRef("pk"), until__isnull=True, branch__isnull=False, join_date__isnull=False)
register_check(Check(
    "party_unplaced", "党员未编入支部或缺入党/转正时间", Person.Status.ACTIVE,
    Q(political_status__in=[Person.Political.CPC, Person.Political.CPC_PROBATION])
    & ~Exists(_placed.filter(Q(status=Membership.Status.PROBATION) | Q(full_date__isnull=False))),
))


def _party_tab(user, person) -> dict | None:
    """Political status for whoever sees the person's basic data; their memberships (branch, party
    dates, party age) only to those who hold party.members over them."""
    from . import selectors
    from .access import PARTY_MANAGE

    if not person.shows("basic"):
        return None
    over = Person.objects.filter(pk=person.pk)
    if not scope(user, over, PARTY_MEMBERS).exists():
        return {"memberships": None, "may_place": False}
    history = selectors.membership_history(user=user, person=person)
    today = timezone.localdate()
    for m in history:
        m.age_in_party = m.party_age(today)
    placed = any(m.until is None for m in history)
    return {"memberships": history, "may_place": not placed and scope(user, over, PARTY_MANAGE).exists()}


person_tab(key="party", label="党员信息", template="party/person_tab.html", context=_party_tab, order=40)


def _home(user) -> dict | None:
    from . import selectors

    today = timezone.localdate()
    overview = selectors.compliance_overview(user=user, year=today.year, today=today)
    if not overview:
        return None
    behind = sorted((b for b in overview if b.missed), key=lambda b: -b.missed)
    due = [(b, r.rule, r.due) for b in overview for r in b.rows if r.due]
    return {"overview": overview, "behind": behind[:5], "due": due[:6], "year": today.year,
            "members": sum(b.members for b in overview), "single": overview[0] if len(overview) == 1 else None}


home_card(key="party_overview", template="party/_home_card.html", context=_home, capability=PARTY_VIEW, order=20)


# --- samples for the URL sweep: records of another university, or of another branch ---------------

def _foreign_branches(ctx) -> list:
    """Another university's branch; for a secretary, the other branch of their own university too."""
    world = ctx.world
    others = [world.branch_b] if ctx.role != "staff_b" else [world.branch1]
    if ctx.role == "branch_secretary":
        others.append(world.branch2)
    return others


@sweep_sample("party:branch_detail", "party:branch_edit", "party:member_list", "party:meeting_list", "party:meeting_create", "party:branch_dues",
              "party:evaluations", "party:pairing_create", "party:group_create")
def _branches(ctx) -> list[dict]:
    return [{"pk": b.pk} for b in _foreign_branches(ctx)]


def _meeting_of(branch, user):
    from .models import Meeting

    return Meeting.objects.create(branch=branch, kind=Meeting.Kind.GENERAL, held_on=timezone.localdate(), topic="外校会议", created_by=user)


@sweep_sample("party:meeting_detail", "party:meeting_edit")
def _meetings(ctx) -> list[dict]:
    return [{"pk": _meeting_of(b, ctx.stranger).pk} for b in _foreign_branches(ctx)]


@sweep_sample("party:attachment", "party:attachment_delete")
def _attachments(ctx) -> list[dict]:
    from .models import Attachment

    return [{"pk": Attachment.objects.create(meeting=_meeting_of(b, ctx.stranger), file_name="x.pdf", stored_name="x.pdf",
                                             content_type="application/pdf", size=1, uploaded_by=ctx.stranger).pk}
            for b in _foreign_branches(ctx)]


@sweep_sample("party:joint_activity_create")
def _pairings(ctx) -> list[dict]:
    from .models import Pairing

    return [{"pk": Pairing.objects.create(branch=b, partner="外校支部", partner_kind=Pairing.PartnerKind.STUDENT,
                                          since=timezone.localdate()).pk} for b in _foreign_branches(ctx)]


def _outside_memberships(ctx) -> list[Membership]:
    return [m for p in ctx.people_outside for m in Membership.objects.filter(person=p)]


@sweep_sample("party:membership_detail", "party:membership_edit", "party:membership_transfer")
def _memberships(ctx) -> list[dict]:
    return [{"pk": m.pk} for m in _outside_memberships(ctx)]


@sweep_sample("party:post_end")
def _posts(ctx) -> list[dict]:
    from .models import Post

    return [{"pk": Post.objects.create(membership=m, title=Post.Title.COMMITTEE, since=timezone.localdate()).pk}
            for m in _outside_memberships(ctx)]


@sweep_sample("party:membership_create", "party:medal_advance")
def _people(ctx) -> list[dict]:
    return [{"person_pk": p.pk} for p in ctx.people_outside]


@layout_pages
def _pages_of_the_first_branch(world) -> list[str]:
    """The first branch's pages, a meeting with attendance, a member: what its secretary and the office open."""
    from django.urls import reverse

    from . import services

    services.rules_ensure(world.uni_a)
    member = Membership.objects.filter(branch=world.branch1, until__isnull=True).first()
    meeting = services.meeting_record(actor=world.users["office_staff"], branch_id=world.branch1.pk, attendance={member.pk: (False, "sick")},
                                      data={"kind": "general", "group": None, "held_on": timezone.localdate(), "topic": "学习党章"})
    pk = world.branch1.pk
    return [reverse("party:branch_detail", args=[pk]), reverse("party:branch_edit", args=[pk]), reverse("party:member_list", args=[pk]),
            reverse("party:meeting_list", args=[pk]), reverse("party:meeting_create", args=[pk]),
            reverse("party:branch_dues", args=[pk]), f"{reverse('party:branch_dues', args=[pk])}?print=1",
            reverse("party:evaluations", args=[pk]), reverse("party:pairing_create", args=[pk]),
            reverse("party:meeting_detail", args=[meeting.pk]), reverse("party:meeting_edit", args=[meeting.pk]),
            reverse("party:membership_detail", args=[member.pk]), reverse("party:membership_edit", args=[member.pk]),
            reverse("party:membership_transfer", args=[member.pk])]
