"""Precise care as the office, a unit's care officer, a liaison and the other roles meet it: who sees
which record, who has not been reached, campaigns, requests on their clock, hospital stays and aid."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login, make_user
from yinling.accounts.roles import Role
from yinling.care import selectors, services
from yinling.care.access import CARE_AID, CARE_HEALTH, CARE_VIEW
from yinling.care.models import (
    CadenceRule,
    Campaign,
    CampaignTarget,
    Contact,
    ContactState,
    HardshipAid,
    HospitalStay,
    RequestEvent,
    ServiceRequest,
)
from yinling.core.access import SYSTEM, scope
from yinling.roster import services as roster_services
from yinling.roster.models import Person


def visit(actor, person, on=None, **extra):
    data = {"on": on or timezone.localdate(), "mode": Contact.Mode.HOME, "kind": Contact.Kind.ROUTINE, "leaders": "", "gifts": "",
            "money": None, "notes": "", **extra}
    return services.contact_record(actor=actor, person_ids=[person.pk], data=data)


def raise_request(actor, person, **extra):
    data = {"category": ServiceRequest.Category.MEDICAL, "description": "需要陪同就医", "urgent": False, **extra}
    return services.request_raise(actor=actor, person_id=person.pk, data=data)


@pytest.fixture
def care(world):
    """The world with its liaison named on the people of their grid, and one record of each kind per person."""
    liaison = world.users["liaison"]
    Person.objects.filter(pk=world.med_person.pk).update(liaison=liaison)
    world.med_person.refresh_from_db()
    staff = world.users["office_staff"]
    for person, actor in ((world.med_person, staff), (world.lit_person, staff), (world.other_person, world.users["staff_b"])):
        visit(actor, person, on=timezone.localdate() - timedelta(days=5))
        raise_request(actor, person)
        services.stay_admit(actor=actor, person_id=person.pk, data={"hospital": "附属医院", "admitted_on": timezone.localdate()})
        services.aid_apply(actor=actor, person_id=person.pk, data={"reason": "重病", "amount_asked": Decimal("2000"),
                                                                   "applied_on": timezone.localdate()})
    return world


# --- who sees what ---------------------------------------------------------------------------------

@pytest.mark.parametrize("role, contacts, stays", [
    ("office_staff", {"张建中", "李秀兰"}, {"张建中", "李秀兰"}),
    ("office_admin", {"张建中", "李秀兰"}, {"张建中", "李秀兰"}),
    ("auditor", {"张建中", "李秀兰"}, {"张建中", "李秀兰"}),
    ("unit_officer", {"张建中"}, {"张建中"}),  # the people of their units
    ("liaison", {"张建中"}, set()),  # their grid's people; hospital stays are not theirs
    ("branch_secretary", set(), set()),  # they see their members through party building, not here
    ("volunteer", set(), set()),
    ("retiree", set(), set()),
    ("staff_b", {"赵德胜"}, {"赵德胜"}),
])
def test_each_record_kind_has_its_own_rule(care, role, contacts, stays):
    user = care.users[role]
    names = lambda qs, cap: set(scope(user, qs, cap).values_list("person__name", flat=True))  # noqa: E731
    assert names(Contact.objects.all(), CARE_VIEW) == contacts
    assert names(ServiceRequest.objects.all(), CARE_VIEW) == contacts
    assert names(CampaignTarget.objects.all(), CARE_VIEW) == set()  # none made yet
    assert names(HospitalStay.objects.all(), CARE_HEALTH) == stays
    assert names(HardshipAid.objects.all(), CARE_AID) == stays


@pytest.mark.parametrize("role, sees_tab, sees_stays, sees_aid", [
    ("office_staff", True, True, True), ("unit_officer", True, True, True), ("liaison", True, False, False),
    ("auditor", True, True, True), ("branch_secretary", False, False, False),
])
def test_the_care_tab_shows_each_role_what_it_may_see(care, role, sees_tab, sees_stays, sees_aid):
    response = login(care.users[role]).get(f"{reverse('roster:person_detail', args=[care.med_person.pk])}?tab=care")
    if role == "branch_secretary":
        assert response.status_code == 200
        assert "走访联系记录" not in response.content.decode()
        return
    body = response.content.decode()
    assert ("走访联系记录" in body) is sees_tab
    assert ("附属医院" in body) is sees_stays  # the hospital of the stay
    assert ("重病" in body) is sees_aid  # the aid's reason


def test_a_liaison_cannot_act_for_someone_outside_their_grid(care):
    liaison = care.users["liaison"]
    with pytest.raises(Http404):
        visit(liaison, care.lit_person)
    with pytest.raises(Http404):
        raise_request(liaison, care.lit_person)
    assert login(liaison).get(reverse("care:contact_create", args=[care.lit_person.pk])).status_code == 404
    assert login(liaison).get(reverse("care:stay_create", args=[care.med_person.pk])).status_code == 404  # not theirs to see


# --- who has not been reached ----------------------------------------------------------------------

def _overdue(user, world, today=None):
    return {p.name for p in selectors.overdue_people(user=user, institution=world.uni_a, today=today or timezone.localdate())}


def test_never_contacted_people_are_overdue_and_a_contact_takes_them_off(world):
    staff = world.users["office_staff"]
    assert _overdue(staff, world) == {"张建中", "李秀兰"}
    visit(staff, world.lit_person)
    assert _overdue(staff, world) == {"张建中"}
    assert world.lit_person.care_state.last_contact_on == timezone.localdate()


def test_the_cadence_follows_the_person_and_the_offices_table(world):
    staff = world.users["office_staff"]
    today = timezone.localdate()
    aged = world.person(name="钱老", birth=date(today.year - 85, 1, 1), unit=world.lit)  # 80 and over: every 30 days
    for person in (world.med_person, world.lit_person, aged):
        visit(staff, person, on=today - timedelta(days=40))
    assert world.med_person.age() == 80 and world.lit_person.age() == 76
    assert _overdue(staff, world) == {"钱老", "张建中"}
    rule = CadenceRule.objects.get(institution=world.uni_a, group=CadenceRule.Group.EVERYONE)
    services.cadence_update(actor=staff, rule_id=rule.pk, interval_days=30)  # the office tightens the default
    assert _overdue(staff, world) == {"钱老", "张建中", "李秀兰"}
    with pytest.raises(ValidationError):
        services.cadence_update(actor=staff, rule_id=rule.pk, interval_days=0)


def test_a_hospital_stay_shortens_the_interval_and_suggests_a_visit(world):
    staff = world.users["office_staff"]
    today = timezone.localdate()
    visit(staff, world.med_person, on=today - timedelta(days=5))
    visit(staff, world.lit_person, on=today - timedelta(days=45))  # 76: every 90 days
    assert _overdue(staff, world) == set()
    services.stay_admit(actor=staff, person_id=world.lit_person.pk, data={"hospital": "附属医院", "admitted_on": today - timedelta(days=1)})
    world.lit_person.refresh_from_db()
    assert world.lit_person.hospitalized
    assert _overdue(staff, world) == {"李秀兰"}  # in hospital: every 30 days
    assert [s.visited for s in selectors.stays_now(user=staff)] == [False]
    visit(staff, world.lit_person, mode=Contact.Mode.HOSPITAL, kind=Contact.Kind.HOSPITAL)
    assert [s.visited for s in selectors.stays_now(user=staff)] == [True]
    stay = HospitalStay.objects.get(person=world.lit_person)
    services.stay_discharge(actor=staff, stay_id=stay.pk, on=today)
    world.lit_person.refresh_from_db()
    assert not world.lit_person.hospitalized
    with pytest.raises(ValidationError):
        services.stay_discharge(actor=staff, stay_id=stay.pk, on=today)


def test_the_liaison_sees_their_own_overdue_list(care):
    staff = care.users["office_staff"]
    Contact.objects.all().delete()
    for person in (care.med_person, care.lit_person):
        services.refresh_state(person.pk)
    assert _overdue(care.users["liaison"], care) == {"张建中"}
    assert _overdue(care.users["unit_officer"], care) == {"张建中"}
    assert _overdue(care.users["branch_secretary"], care) == set()
    assert _overdue(staff, care) == {"张建中", "李秀兰"}


def test_the_overdue_page_costs_the_same_with_a_long_history(world, as_role):
    client = as_role("office_staff")
    url = reverse("care:overdue")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    staff = world.users["office_staff"]
    for k in range(30):
        world.person(name=f"测试{k}号", unit=world.lit)
    for days in range(100, 130):
        visit(staff, world.lit_person, on=timezone.localdate() - timedelta(days=days))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert "测试1号" in response.content.decode()


# --- contacts: bad input changes nothing ----------------------------------------------------------

def test_a_contact_in_the_future_or_with_negative_money_is_refused(world):
    staff = world.users["office_staff"]
    with pytest.raises(ValidationError) as error:
        visit(staff, world.med_person, on=timezone.localdate() + timedelta(days=1))
    assert "不能晚于今天" in str(error.value)
    with pytest.raises(ValidationError):
        visit(staff, world.med_person, money=Decimal("-1"))
    assert not Contact.objects.exists()


def test_a_visit_to_a_couple_is_one_row_each_sharing_the_occasion(world):
    staff = world.users["office_staff"]
    made = services.contact_record(actor=staff, person_ids=[world.med_person.pk, world.lit_person.pk], data={
        "on": timezone.localdate(), "mode": Contact.Mode.HOME, "kind": Contact.Kind.FESTIVAL, "money": Decimal("300"), "gifts": "月饼"},
        visitor_ids=[staff.pk])
    assert len(made) == 2 and made[0].occasion == made[1].occasion is not None
    assert all(list(c.visitors.all()) == [staff] for c in made)


def test_the_contact_form_records_a_visit_from_the_persons_page(world, as_role):
    client = as_role("liaison")
    url = reverse("care:contact_create", args=[world.med_person.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"on": timezone.localdate().isoformat(), "mode": "phone", "kind": "call", "notes": "身体很好"})
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.person, contact.mode, contact.created_by) == (world.med_person, "phone", world.users["liaison"])
    bad = client.post(url, {"on": "2099-01-01", "mode": "home", "kind": "routine"})
    assert bad.status_code == 400 and "不能晚于今天" in bad.content.decode()


# --- campaigns ------------------------------------------------------------------------------------

def test_a_campaign_snapshots_its_targets_assigns_them_and_covers_them(world):
    staff, liaison = world.users["office_staff"], world.users["liaison"]
    Person.objects.filter(pk=world.med_person.pk).update(liaison=liaison)
    Person.objects.filter(pk=world.lit_person.pk).update(category=Person.Category.LIXIU, dedicated_contact=staff, liaison=liaison)
    today = timezone.localdate()
    campaign = services.campaign_create(actor=staff, data={"kind": Campaign.Kind.SPRING, "name": "春节慰问", "starts_on": today,
                                                           "ends_on": today + timedelta(days=20)}, rule={})
    targets = {t.person.name: t.assigned_to for t in campaign.targets.select_related("person", "assigned_to")}
    # The liaison by default; the dedicated contact for a special-care person; never another university's people.
    assert targets == {"张建中": liaison, "李秀兰": staff}
    newcomer = world.person(name="孙新来", unit=world.lit)
    assert not campaign.targets.filter(person=newcomer).exists()  # a snapshot, not a live query
    assert services.campaign_add_people(actor=staff, campaign_id=campaign.pk, person_ids=[newcomer.pk]) == 1
    cover = lambda user: selectors.coverage(user=user, campaigns_=[campaign])[campaign.pk]  # noqa: E731
    assert (cover(staff).reached, cover(staff).total) == (0, 3)
    services.contact_record(actor=liaison, person_ids=[world.med_person.pk], campaign_id=campaign.pk,
                            data={"on": today, "mode": "home", "kind": "festival"})
    assert (cover(staff).reached, cover(staff).total, str(cover(staff).percent)) == (1, 3, "33.3")
    assert (cover(liaison).reached, cover(liaison).total) == (1, 2)  # a liaison's coverage is over their own two people
    with pytest.raises(ValidationError):
        services.campaign_close(actor=staff, campaign_id=campaign.pk, summary="  ")
    services.campaign_close(actor=staff, campaign_id=campaign.pk, summary="基本完成")
    with pytest.raises(ValidationError):
        services.contact_record(actor=staff, person_ids=[world.lit_person.pk], campaign_id=campaign.pk, data={"on": today})


def test_a_campaigns_rule_picks_its_targets(world):
    staff = world.users["office_staff"]
    today = timezone.localdate()
    world.person(name="郑高龄", birth=date(today.year - 88, 5, 1), unit=world.lit, living_arrangement=Person.Living.ALONE)
    make = lambda rule: {t.person.name for t in services.campaign_create(  # noqa: E731
        actor=staff, data={"kind": "special", "name": "专项", "starts_on": today, "ends_on": today}, rule=rule).targets.select_related("person")}
    assert make({"min_age": 85}) == {"郑高龄"}
    assert make({"flags": ["alone"]}) == {"郑高龄"}
    assert make({"units": [world.med.pk]}) == {"张建中"}  # 临床医学系 is inside 医学院
    assert make({"categories": ["lixiu"]}) == set()
    campaign = Campaign.objects.filter(name="专项").order_by("id").first()
    assert campaign.rule_text == "85岁及以上"


def test_a_liaison_on_the_campaign_page_sees_only_their_targets(world, as_role):
    staff = world.users["office_staff"]
    Person.objects.filter(pk=world.med_person.pk).update(liaison=world.users["liaison"])
    today = timezone.localdate()
    campaign = services.campaign_create(actor=staff, data={"kind": "spring", "name": "春节慰问", "starts_on": today, "ends_on": today}, rule={})
    body = as_role("liaison").get(reverse("care:campaign_detail", args=[campaign.pk])).content.decode()
    assert "张建中" in body and "李秀兰" not in body
    assert as_role("liaison").get(reverse("care:campaign_close", args=[campaign.pk])).status_code == 403


# --- service requests -----------------------------------------------------------------------------

def test_a_request_goes_to_the_persons_liaison_or_the_offices_queue(world):
    staff, liaison = world.users["office_staff"], world.users["liaison"]
    Person.objects.filter(pk=world.med_person.pk).update(liaison=liaison)
    assert raise_request(staff, world.med_person).assigned_to == liaison
    assert raise_request(staff, world.lit_person).assigned_to is None
    liaison.is_active = False
    liaison.save()
    assert raise_request(staff, world.med_person).assigned_to is None  # a deactivated liaison gets nothing


def test_the_clock_starts_when_the_request_is_raised(world):
    staff = world.users["office_staff"]
    raised = timezone.now() - timedelta(hours=3)
    normal = services.request_raise(actor=staff, person_id=world.med_person.pk, raised_at=raised,
                                    data={"category": "repair", "description": "水管漏水"})
    urgent = services.request_raise(actor=staff, person_id=world.med_person.pk, raised_at=raised,
                                    data={"category": "medical", "description": "突发不适", "urgent": True})
    assert normal.due_at == raised + timedelta(hours=24)
    assert urgent.due_at == raised + timedelta(hours=2)
    assert [r.pk for r in selectors.late_requests(user=staff, now=timezone.now())] == [urgent.pk]
    services.clock_set(actor=staff, category="repair", hours=2, urgent_hours=1)  # the office's own clock for repairs
    faster = services.request_raise(actor=staff, person_id=world.med_person.pk, raised_at=raised, data={"category": "repair", "description": "门锁坏了"})
    assert faster.due_at == raised + timedelta(hours=2)
    with pytest.raises(ValidationError):
        services.clock_set(actor=staff, category="repair", hours=1, urgent_hours=3)


def test_a_request_moves_through_its_states_timed_and_rated(world):
    staff = world.users["office_staff"]
    request = raise_request(staff, world.med_person)
    services.request_step(actor=staff, request_id=request.pk, status="responded", note="已电话联系", expected_version=request.version)
    request.refresh_from_db()
    assert request.first_response_at is not None
    with pytest.raises(ValidationError):
        services.request_step(actor=staff, request_id=request.pk, status="new")
    with pytest.raises(ValidationError):  # a solution needs its result written
        services.request_step(actor=staff, request_id=request.pk, status="resolved")
    with pytest.raises(services.StaleEditError):
        services.request_step(actor=staff, request_id=request.pk, status="in_progress", expected_version=1)
    services.request_step(actor=staff, request_id=request.pk, status="resolved", note="已陪同就医")
    with pytest.raises(ValidationError):
        services.request_rate(actor=staff, request_id=request.pk, rating=6)
    services.request_rate(actor=staff, request_id=request.pk, rating=5, comment="很及时")
    request.refresh_from_db()
    assert (request.status, request.rating) == ("rated", 5)
    assert [e.status for e in RequestEvent.objects.filter(request=request)] == ["new", "responded", "resolved", "rated"]
    figures = selectors.request_figures(user=staff, since=timezone.localdate().replace(month=1, day=1), now=timezone.now())
    assert (figures["all"].count, figures["all"].answered, str(figures["all"].in_time), figures["all"].rating) == (1, 1, "100.0", 5)


def test_the_office_sees_a_late_request_escalate(world, as_role):
    staff, liaison = world.users["office_staff"], world.users["liaison"]
    Person.objects.filter(pk=world.med_person.pk).update(liaison=liaison)
    late = services.request_raise(actor=liaison, person_id=world.med_person.pk, raised_at=timezone.now() - timedelta(hours=25),
                                  data={"category": "device", "description": "手机不会用<script>alert(1)</script>"})
    on_time = services.request_raise(actor=liaison, person_id=world.med_person.pk, data={"category": "policy", "description": "咨询"})
    home = as_role("office_staff").get(reverse("reports:home")).content.decode()
    assert "超时未响应工单" in home and "张建中 · 智能设备" in home
    page = as_role("office_staff").get(f"{reverse('care:requests')}?view=late").content.decode()
    assert "1 张工单已超时未响应" in page and "共 <strong>1</strong> 张" in page
    assert '<li class="request-row request-late">' in page and "已超时，已上报工作处" in page
    assert '<span class="fw-semibold">张建中</span> · 智能设备' in page and f"承办：{liaison.display_name_or_username}" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert reverse("care:request_detail", args=[late.pk]) in page and reverse("care:request_detail", args=[on_time.pk]) not in page
    open_list = as_role("office_staff").get(reverse("care:requests")).content.decode()  # the same warning over the other lists
    due = timezone.localtime(on_time.due_at)
    assert "1 张工单已超时未响应" in open_list and f"{due:%m-%d %H:%M} 前响应" in open_list
    services.request_step(actor=liaison, request_id=late.pk, status="responded", note="已上门")
    assert not selectors.late_requests(user=staff, now=timezone.now()).exists()


def test_the_request_pages_work_for_a_liaison(world, as_role):
    Person.objects.filter(pk=world.med_person.pk).update(liaison=world.users["liaison"])
    client = as_role("liaison")
    response = client.post(reverse("care:request_create", args=[world.med_person.pk]),
                           {"category": "policy", "via": "phone", "description": "咨询高龄津贴"})
    request = ServiceRequest.objects.get()
    assert response.status_code == 302 and request.assigned_to == world.users["liaison"]
    detail = client.get(reverse("care:request_detail", args=[request.pk])).content.decode()
    assert "已联系，响应" in detail
    client.post(reverse("care:request_step", args=[request.pk]), {"status": "responded", "version": request.version})
    request.refresh_from_db()
    assert request.status == "responded"
    # Reassigning is the office's.
    assert client.post(reverse("care:request_assign", args=[request.pk]), {"assignee": ""}).status_code == 403


# --- archiving, hardship aid, the office's tables -------------------------------------------------

def test_archiving_a_person_ends_their_stay_and_closes_their_requests(care):
    staff = care.users["office_staff"]
    roster_services.person_archive(actor=staff, person_id=care.med_person.pk, status=Person.Status.DECEASED,
                                   effective_date=timezone.localdate(), reason="病故")
    assert HospitalStay.objects.get(person=care.med_person).discharged_on == timezone.localdate()
    assert ServiceRequest.objects.get(person=care.med_person).status == "closed"
    with pytest.raises(ValidationError):
        raise_request(staff, care.med_person)


def test_hardship_aid_is_applied_decided_and_paid_by_the_office(care):
    staff, unit = care.users["office_staff"], care.users["unit_officer"]
    aid = HardshipAid.objects.get(person=care.med_person)
    with pytest.raises(PermissionDenied):  # a care officer applies; approving is the office's
        services.aid_decide(actor=unit, aid_id=aid.pk, approve=True, amount=Decimal("1000"), on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.aid_pay(actor=staff, aid_id=aid.pk, on=timezone.localdate())  # not approved yet
    services.aid_decide(actor=staff, aid_id=aid.pk, approve=True, amount=Decimal("1500"), on=timezone.localdate())
    services.aid_pay(actor=staff, aid_id=aid.pk, on=timezone.localdate())
    totals = selectors.aid_totals(selectors.aids(user=staff, year=timezone.localdate().year))
    assert (totals["count"], totals["asked"], totals["approved"], totals["paid"]) == (2, Decimal("4000"), Decimal("1500"), Decimal("1500"))


def test_only_the_office_changes_its_tables(world, as_role):
    client = as_role("liaison")
    assert client.get(reverse("care:settings")).status_code == 200  # a liaison reads the policy
    rule_id = CadenceRule.objects.get(institution=world.uni_a, group="everyone").pk
    assert client.post(reverse("care:settings"), {"table": "cadence", "rule": rule_id, "interval_days": 10}).status_code == 403
    staff = as_role("office_staff")
    staff.post(reverse("care:settings"), {"table": "cadence", "rule": rule_id, "interval_days": 60})
    assert CadenceRule.objects.get(pk=rule_id).interval_days == 60


def test_a_special_care_person_without_a_dedicated_contact_is_listed(world, as_role):
    Person.objects.filter(pk=world.lit_person.pk).update(category=Person.Category.LIXIU)
    body = as_role("office_staff").get(f"{reverse('roster:person_list')}?quality=care_no_dedicated").content.decode()
    assert "李秀兰" in body and "张建中" not in body


@pytest.mark.parametrize("name", ["care:home", "care:overdue", "care:contacts", "care:campaigns", "care:campaign_create", "care:stays",
                                  "care:requests", "care:request_figures", "care:settings", "care:aids"])
def test_every_list_page_opens_for_the_office(care, as_role, name):
    assert as_role("office_staff").get(reverse(name)).status_code == 200


def test_a_unit_officer_registers_a_stay_but_a_liaison_may_not(world):
    unit = make_user("unit2", Role.UNIT_OFFICER, node=world.lit)
    services.stay_admit(actor=unit, person_id=world.lit_person.pk, data={"hospital": "市一院", "admitted_on": timezone.localdate()})
    with pytest.raises(Http404):
        services.stay_admit(actor=world.users["liaison"], person_id=world.med_person.pk, data={"hospital": "市一院", "admitted_on": timezone.localdate()})
    with pytest.raises(ValidationError):  # one open stay at a time
        services.stay_admit(actor=SYSTEM, person_id=world.lit_person.pk, data={"hospital": "市一院", "admitted_on": timezone.localdate()})


def test_the_work_memo_gathers_the_years_plans_and_exports_a_word_file(world, as_role):
    import io

    from docx import Document

    from yinling.care import memo
    from yinling.core.models import AuditEntry
    from yinling.health import services as health

    staff = world.users["office_staff"]
    year = timezone.localdate().year
    services.campaign_create(actor=staff, rule={}, data={"kind": "double_ninth", "name": "重阳慰问", "starts_on": date(year, 10, 20),
                                                         "ends_on": date(year, 10, 31)})
    check = health.check_create(actor=staff, data={"year": year, "name": "年度体检", "starts_on": date(year, 4, 1), "ends_on": date(year, 4, 30), "notes": ""})
    health.batch_save(actor=staff, check_id=check.pk, data={"hospital": "附属医院", "on": date(year, 4, 8), "capacity": 80, "meeting_point": ""})
    memo.item_add(actor=staff, year=year, month=7, text="七一表彰大会")
    with pytest.raises(ValidationError):
        memo.item_add(actor=staff, year=year, month=13, text="无此月")
    page = as_role("liaison").get(f"{reverse('care:memo')}?year={year}").content.decode()  # a liaison reads it
    assert "重阳慰问（10月20日至10月31日）" in page and "4月8日年度体检（附属医院）" in page and "七一表彰大会" in page
    assert as_role("liaison").post(reverse("care:memo"), {"month": 1, "text": "不该加"}).status_code == 403
    response = as_role("office_staff").get(f"{reverse('care:memo_docx')}?year={year}")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert f"{year}年工作备忘录" in text and "四月" in text and "七月" in text and "七一表彰大会" in text
    assert text.index("4月8日年度体检") < text.index("七一表彰大会") < text.index("重阳慰问")
    assert AuditEntry.objects.filter(action="memo_export").exists()


def test_a_visit_keeps_its_photos_for_those_who_may_see_it(world, as_role, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    jpeg = b"\xff\xd8\xff\xe0" + b"0" * 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yinling.care.models import ContactPhoto

    Person.objects.filter(pk=world.med_person.pk).update(liaison=world.users["liaison"])
    client = as_role("liaison")
    url = reverse("care:contact_create", args=[world.med_person.pk])
    refused = client.post(url, {"on": timezone.localdate().isoformat(), "mode": "home", "kind": "routine",
                                "photos": [SimpleUploadedFile("a.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg")]})
    assert refused.status_code == 400 and "只能上传照片（JPG、PNG）" in refused.content.decode()
    assert not Contact.objects.exists()
    assert not any((tmp_path / "care").glob("*"))  # a refused visit leaves no file behind
    client.post(url, {"on": timezone.localdate().isoformat(), "mode": "home", "kind": "routine",
                      "photos": [SimpleUploadedFile("家中.jpg", jpeg, content_type="image/jpeg")]})
    photo = ContactPhoto.objects.get()
    shown = client.get(reverse("care:contact_photo", args=[photo.pk]))
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == jpeg and "sandbox" in shown["Content-Security-Policy"]
    assert as_role("branch_secretary").get(reverse("care:contact_photo", args=[photo.pk])).status_code == 404
    tab = client.get(f"{reverse('roster:person_detail', args=[world.med_person.pk])}?tab=care").content.decode()
    assert reverse("care:contact_photo", args=[photo.pk]) in tab


def test_a_retiree_asks_for_help_and_rates_the_result_on_their_own_page(world, as_role):
    client = as_role("retiree")  # 李秀兰
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("care:my_requests") in home
    refused = client.post(reverse("care:my_requests"), {"category": "", "description": ""})
    assert refused.status_code == 400 and "请选择需要哪方面的帮助" in refused.content.decode()
    client.post(reverse("care:my_requests"), {"category": "device", "description": "手机视频不会用", "urgent": "1"})
    request = ServiceRequest.objects.get()
    assert (request.person, request.via, request.urgent) == (world.lit_person, "self", True)
    assert request.due_at == request.raised_at + timedelta(hours=2)
    staff = world.users["office_staff"]
    services.request_step(actor=staff, request_id=request.pk, status="resolved", note="已上门教会")
    page = client.get(reverse("care:my_requests")).content.decode()
    assert "请点一个分数" in page
    client.post(reverse("care:my_rate", args=[request.pk]), {"rating": "5", "comment": "很耐心"})
    request.refresh_from_db()
    assert (request.status, request.rating, request.rating_comment) == ("rated", 5, "很耐心")
    # Another person's request is not theirs to see or rate.
    other = raise_request(staff, world.med_person)
    services.request_step(actor=staff, request_id=other.pk, status="resolved", note="好了")
    client.post(reverse("care:my_rate", args=[other.pk]), {"rating": "1"})
    other.refresh_from_db()
    assert other.rating is None and "需要陪同就医" not in client.get(reverse("care:my_requests")).content.decode()


@pytest.mark.parametrize("url_name, query", [("care:contacts", ""), ("care:requests", "?view=all"), ("care:campaigns", ""),
                                             ("care:overdue", ""), ("care:home", "")])
def test_the_care_lists_cost_the_same_number_of_queries_for_more_rows(world, as_role, url_name, query):
    staff = world.users["office_staff"]
    client = as_role("office_staff")
    url = reverse(url_name) + query

    def add(n):
        for k in range(n):
            person = world.person(name=f"列表{k}号{n}", unit=world.lit)
            visit(staff, person)
            raise_request(staff, person)
        today = timezone.localdate()
        services.campaign_create(actor=staff, rule={}, data={"kind": "special", "name": f"专项{n}", "starts_on": today, "ends_on": today})

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_an_older_contact_recorded_later_does_not_move_the_last_contact_back(world):
    staff = world.users["office_staff"]
    today = timezone.localdate()
    visit(staff, world.med_person, on=today - timedelta(days=2))
    visit(staff, world.med_person, on=today - timedelta(days=20), mode=Contact.Mode.PHONE, kind=Contact.Kind.CALL)
    world.med_person.refresh_from_db()
    assert (world.med_person.care_state.last_contact_on, world.med_person.care_state.last_contact_what) == (today - timedelta(days=2), "上门日常走访")
    services.touch([world.med_person.pk, world.lit_person.pk], today, "体检")  # a new row and a moved one in one call
    assert {s.person_id: s.last_contact_on for s in ContactState.objects.all()} == {world.med_person.pk: today, world.lit_person.pk: today}


def test_finding_a_person_for_a_call_keeps_what_was_typed_out_of_the_address(world, as_role):
    client = as_role("office_staff")
    url = f"{reverse('care:pick')}?for=request"
    found = client.post(url, {"q": "0001"}).content.decode()  # the last digits of 张建中's phone
    assert "张建中" in found and reverse("care:request_create", args=[world.med_person.pk]) in found
    assert "张建中" not in client.get(f"{url}&q=0001").content.decode()  # a typed number in an address is not searched
    outside = as_role("liaison").post(url, {"q": "李秀兰"}).content.decode()  # out of a liaison's grid
    assert "没有找到" in outside and reverse("care:request_create", args=[world.lit_person.pk]) not in outside
