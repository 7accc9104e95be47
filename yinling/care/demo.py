"""The demo university's care work: a year of visits and calls (~400), the Spring Festival campaign at
100%, the Mid-Autumn campaign in progress, ~200 service requests with realistic times (a few late
now), hospital stays and hardship cases.

Written through the module's services, as the office and the liaisons would record them; the
requests' past steps carry the times they were taken.
"""
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from yinling.core.access import SYSTEM
from yinling.core.plugins import DemoContext, demo_part
from yinling.lib import care as rules
from yinling.roster.models import Person

from . import memo, selectors, services
from .models import Campaign, Contact, ServiceRequest

NOTES = ["身体状况良好，精神饱满", "血压偏高，已提醒按时服药", "老伴住院，家中需要照应", "对学校的关心表示感谢",
         "反映小区电梯维修问题", "希望参加书画社活动", "腿脚不便，行动需人搀扶", "子女在外地，平时独自在家"]
GIFTS = ["米、油", "慰问品一份", "月饼一盒", "鲜花、蛋糕", "水果一篮"]
REQUESTS = {
    ServiceRequest.Category.MEDICAL: ["下周三到附属医院复查，需要人陪同", "想预约专家门诊，不会在手机上挂号"],
    ServiceRequest.Category.POLICY: ["咨询高龄津贴申领办法", "咨询异地就医备案手续"],
    ServiceRequest.Category.CLAIM: ["医药费报销材料不知道怎么填", "住院发票报销进度查询"],
    ServiceRequest.Category.DEVICE: ["手机微信视频不会用", "健康码无法显示，请帮助设置"],
    ServiceRequest.Category.REPAIR: ["家中水管漏水", "卫生间扶手松动"],
    ServiceRequest.Category.COMFORT: ["老伴去世后情绪低落，希望有人聊聊", "独自在家感到孤单"],
    ServiceRequest.Category.OTHER: ["希望订阅老年报", "想报名参加老年大学书法班"],
}
MEMO = [(1, "迎春座谈会，通报学校发展情况"), (3, "学雷锋志愿服务月：银发园丁进社区"), (5, "离退休教职工趣味运动会"),
        (6, "老年大学春季学期结业汇报演出"), (7, "庆祝建党105周年暨“光荣在党50年”纪念章颁发"), (9, "新学期校情通报会"),
        (10, "敬老月系列活动，重阳节登高"), (12, "年度总结表彰，发放下一年工作备忘录")]
HOSPITALS = ["江海大学附属医院", "南通市第一人民医院", "南通市中医院", "南通市第三人民医院"]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@demo_part("care", order=70)
def _care(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    staff = ctx.made["staff"]
    living = [p for p in ctx.made["persons"] if p.status == Person.Status.ACTIVE]
    university = ctx.made["university"]
    services.cadence_ensure(university)

    # Spring Festival: the 75-and-over and the special-care people, every one visited in the weeks before.
    spring_day = date(today.year, 2, 17) if today >= date(today.year, 2, 17) else date(today.year - 1, 1, 29)
    spring = services.campaign_create(actor=staff, data={
        "kind": Campaign.Kind.SPRING, "name": f"{spring_day.year}年春节走访慰问", "starts_on": spring_day - timedelta(days=24),
        "ends_on": spring_day - timedelta(days=1)}, rule={"min_age": 75})
    for target in spring.targets.select_related("person", "assigned_to"):
        on = spring.starts_on + timedelta(days=rng.randint(0, 22))
        services.contact_record(actor=SYSTEM, person_ids=[target.person_id], campaign_id=spring.pk, visitor_ids=[target.assigned_to_id or staff.pk],
                                data={"on": on, "mode": Contact.Mode.MAIL if target.person.residence == Person.Residence.REMOTE else Contact.Mode.HOME,
                                      "kind": Contact.Kind.FESTIVAL, "gifts": rng.choice(GIFTS[:2]), "money": Decimal(rng.choice([300, 500])),
                                      "leaders": rng.choice(["", "", "校党委副书记", "离退休工作处处长"]), "notes": ""})
    services.campaign_close(actor=staff, campaign_id=spring.pk, summary="春节前走访慰问75岁以上老同志，全部走访到位，异地同志邮寄慰问品并电话问候。")

    # A year of routine visits and calls, more often to those the cadence policy asks for.
    for _ in range(260):
        person = rng.choice(living)
        on = today - timedelta(days=rng.randint(1, 360))
        if person.birth_date and on < person.birth_date:
            continue
        phone = rng.random() < 0.45
        services.contact_record(actor=SYSTEM, person_ids=[person.pk], visitor_ids=[(person.liaison_id or staff.pk)], data={
            "on": on, "mode": Contact.Mode.PHONE if phone else Contact.Mode.HOME,
            "kind": Contact.Kind.CALL if phone else rng.choice([Contact.Kind.ROUTINE, Contact.Kind.ROUTINE, Contact.Kind.BIRTHDAY]),
            "gifts": "" if phone else rng.choice(["", GIFTS[3]]), "money": None, "leaders": "", "notes": rng.choice(NOTES)})

    # Mid-Autumn: the special-care and frail people; about two thirds reached so far.
    mid = services.campaign_create(actor=staff, data={
        "kind": Campaign.Kind.MID_AUTUMN, "name": f"{today.year}年中秋、重阳走访慰问", "starts_on": today - timedelta(days=40),
        "ends_on": today + timedelta(days=20)}, rule={"flags": ["lixiu", "provincial", "contribution", "hardship", "alone", "disabled"]})
    for target in mid.targets.select_related("person"):
        if rng.random() < 0.66:
            services.contact_record(actor=SYSTEM, person_ids=[target.person_id], campaign_id=mid.pk, visitor_ids=[target.assigned_to_id or staff.pk],
                                    data={"on": today - timedelta(days=rng.randint(0, 39)), "mode": Contact.Mode.HOME, "kind": Contact.Kind.FESTIVAL,
                                          "gifts": GIFTS[2], "money": Decimal("300"), "leaders": "", "notes": ""})

    # Hospital stays: those the roster shows in hospital now, all but one visited; and eight earlier ones.
    for person in [p for p in living if p.hospitalized]:
        admitted = today - timedelta(days=rng.randint(2, 20))
        services.stay_admit(actor=SYSTEM, person_id=person.pk, data={"hospital": rng.choice(HOSPITALS), "admitted_on": admitted, "notes": ""})
        services.contact_record(actor=SYSTEM, person_ids=[person.pk], visitor_ids=[person.liaison_id or staff.pk], data={
            "on": min(admitted + timedelta(days=2), today), "mode": Contact.Mode.HOSPITAL, "kind": Contact.Kind.HOSPITAL,
            "gifts": GIFTS[4], "money": Decimal("500"), "leaders": "", "notes": "到医院探望"})
    quiet = [p for p in living if not p.hospitalized]
    for k, person in enumerate(rng.sample(quiet, min(8, len(quiet)))):
        admitted = today - timedelta(days=rng.randint(2, 12) if k < 3 else rng.randint(30, 300))
        stay = services.stay_admit(actor=SYSTEM, person_id=person.pk, data={"hospital": rng.choice(HOSPITALS), "department": rng.choice(["心内科", "呼吸科", "骨科", "老年科"]),
                                                                            "admitted_on": admitted, "notes": ""})
        if k >= 3:
            services.stay_discharge(actor=SYSTEM, stay_id=stay.pk, on=admitted + timedelta(days=rng.randint(5, 20)))
        if k in (1, 2) or k >= 3:
            services.contact_record(actor=SYSTEM, person_ids=[person.pk], visitor_ids=[staff.pk], data={
                "on": min(admitted + timedelta(days=1), today), "mode": Contact.Mode.HOSPITAL, "kind": Contact.Kind.HOSPITAL,
                "gifts": GIFTS[4], "money": Decimal("500"), "leaders": "", "notes": "到医院探望"})

    # The liaisons' rounds of calls, by the cadence policy: most people rung within their interval,
    # about one in nine waiting longer (the office's "not reached in time" list).
    table = dict(rules.DEFAULT_INTERVALS)
    rounds: dict[date, list[int]] = defaultdict(list)
    for person in living:
        interval = rules.contact_interval(selectors.facts_of(person, today), table)
        days = rng.randint(1, interval - 3) if rng.random() < 0.89 else rng.randint(interval + 1, interval + 60)
        rounds[today - timedelta(days=days)].append(person.pk)
    for on, rung in sorted(rounds.items()):
        services.calls_record(actor=SYSTEM, person_ids=rung, on=on, note="电话问候")

    _requests(ctx, living)

    # The work memo's lines the office typed for this year.
    for month, text in MEMO:
        memo.item_add(actor=staff, year=today.year, month=month, text=text)

    # Hardship aid: a few cases of the year, at each step.
    in_need = [p for p in living if p.flag_hardship] or living
    for k, person in enumerate(rng.sample(in_need, min(4, len(in_need)))):
        aid = services.aid_apply(actor=SYSTEM, person_id=person.pk, data={
            "reason": rng.choice(["重病住院，自付费用较高", "配偶长期卧床", "家庭遭遇变故"]), "amount_asked": Decimal(rng.choice([2000, 3000, 5000])),
            "applied_on": today - timedelta(days=rng.randint(20, 200))})
        if k < 3:
            services.aid_decide(actor=SYSTEM, aid_id=aid.pk, approve=k < 2, amount=aid.amount_asked if k < 2 else None,
                                on=min(aid.applied_on + timedelta(days=7), today))
        if k == 0:
            services.aid_pay(actor=SYSTEM, aid_id=aid.pk, on=min(aid.applied_on + timedelta(days=15), today))


def _requests(ctx: DemoContext, living: list[Person]) -> None:
    """~200 requests over the year: most answered within hours, a few late, some open now (three past due)."""
    rng, today = ctx.rng, ctx.today
    staff = ctx.made["staff"]
    now = timezone.now()
    for k in range(200):
        person = rng.choice(living)
        category = rng.choice(list(REQUESTS))
        days_ago = 0 if k < 6 else rng.randint(1, 330)
        raised = now - timedelta(hours=rng.randint(26, 50) if k < 3 else rng.randint(1, 5), minutes=rng.randint(0, 59))
        if k >= 6:
            raised = _at(today - timedelta(days=days_ago), rng.randint(7, 21), rng.choice([0, 15, 30, 45]))
        urgent = rng.random() < 0.08
        request = services.request_raise(actor=SYSTEM, person_id=person.pk, raised_at=raised, data={
            "category": category, "description": rng.choice(REQUESTS[category]), "urgent": urgent,
            "via": rng.choice([ServiceRequest.Via.PHONE, ServiceRequest.Via.PHONE, ServiceRequest.Via.FAMILY, ServiceRequest.Via.LIAISON]),
            "caller": rng.choice(["", "女儿", "儿子"])})
        if k < 6:
            continue  # open now: the first three late already, the next three still within their clock
        actor = request.assigned_to or staff
        late = rng.random() < 0.1
        answer = raised + (timedelta(hours=rng.randint(25, 40)) if late else timedelta(minutes=rng.randint(10, 90 if urgent else 600)))
        if answer >= now:
            continue
        services._step(request, actor, ServiceRequest.Status.RESPONDED, "已电话联系，了解情况", answer)
        done = answer + timedelta(hours=rng.randint(2, 72))
        if k < 20 or done + timedelta(days=1) >= now:
            continue  # still being handled
        services._step(request, actor, ServiceRequest.Status.RESOLVED, "已办理完毕", done)
        if rng.random() < 0.6:
            request.rating, request.rating_comment = rng.choice([5, 5, 5, 4, 4, 3]), rng.choice(["", "很及时，谢谢", "服务周到"])
            services._step(request, actor, ServiceRequest.Status.RATED, f"评价 {request.rating} 分", done + timedelta(days=1))
