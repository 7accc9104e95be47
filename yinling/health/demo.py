"""The demo university's health check of this year: four hospitals' batches in the autumn, some 850
people signed up (remote retirees coming back or checked where they live), the past batches' rolls
taken, reports in, abnormal findings being followed up, a few who missed it; and the family-doctor
contracts behind the roster's 家庭医生签约 flags (one 离休 cadre still without one).

The check, its batches, the rolls, reports and findings go through the services; the thousand
sign-ups are written in one statement, as the office enters the units' lists.
"""
from datetime import timedelta

from yinling.core.access import SYSTEM
from yinling.core.plugins import DemoContext, demo_part
from yinling.roster.models import Person
from yinling.roster.services import person_set_fact

from . import services
from .models import DoctorContract, Enrollment, Finding

HOSPITALS = ["江海大学附属医院体检中心", "南通市第一人民医院", "南通市中医院", "南通市第三人民医院"]
FINDINGS = [("血压偏高", Finding.Level.WATCH), ("空腹血糖偏高", Finding.Level.RECHECK), ("肺部结节", Finding.Level.RECHECK),
            ("心电图异常", Finding.Level.TREAT), ("颈动脉斑块", Finding.Level.WATCH), ("甲状腺结节", Finding.Level.RECHECK)]
CLINICS = ["崇川区和平桥社区卫生服务中心", "崇川区学田社区卫生服务中心", "崇川区钟秀社区卫生服务中心"]


@demo_part("health", order=75)
def _health(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    staff = ctx.made["staff"]
    living = [p for p in ctx.made["persons"] if p.status == Person.Status.ACTIVE]
    start = today - timedelta(days=45)
    check = services.check_create(actor=staff, data={"year": today.year, "name": f"{today.year}年离退休人员健康体检", "starts_on": start,
                                                     "ends_on": today + timedelta(days=20), "notes": "请空腹，携带身份证和医保卡"})
    batches = [services.batch_save(actor=staff, check_id=check.pk, data={
        "hospital": HOSPITALS[k % 4], "on": start + timedelta(days=7 * k), "capacity": 120 if k < 7 else 90,
        "meeting_point": "早上7:00 校医院门口乘车" if k % 2 == 0 else "早上7:30 东校区行政楼前"}) for k in range(8)]

    enrollments, places = [], {b.pk: 0 for b in batches}
    for person in living:
        roll = rng.random()
        if roll > 0.82:
            continue  # not signed up (yet)
        if person.residence == Person.Residence.REMOTE:
            mode = Enrollment.Mode.RETURN if roll < 0.35 else Enrollment.Mode.ELSEWHERE
            enrollments.append(Enrollment(check_campaign=check, person=person, mode=mode, signed_up_by=staff))
            continue
        open_ = [b for b in batches if places[b.pk] < b.capacity]
        if not open_:
            continue
        batch = rng.choice(open_)
        places[batch.pk] += 1
        enrollments.append(Enrollment(check_campaign=check, person=person, batch=batch, signed_up_by_id=(person.liaison_id if roll < 0.5 else None) or staff.pk))
    Enrollment.objects.bulk_create(enrollments, batch_size=1000)
    enrolled = {e.person_id for e in enrollments}
    unasked = [p for p in living if p.pk not in enrolled]
    for person in rng.sample(unasked, min(6, len(unasked))):
        services.decline(actor=staff, check_id=check.pk, person_id=person.pk, reason=rng.choice(["近期已在医院全面检查", "行动不便，本人不愿参加"]))

    for batch in batches:  # the batches already held: the roll, then the reports a week or two later
        if batch.on > today:
            continue
        signed = list(batch.enrollments.values_list("pk", flat=True))
        came = {pk for pk in signed if rng.random() < 0.94}
        services.roll(actor=staff, batch_id=batch.pk, attended_ids=came)
        if (today - batch.on).days >= 10:
            services.reports_received(actor=staff, enrollment_ids=list(came), on=batch.on + timedelta(days=10))
    for enrollment in Enrollment.objects.filter(check_campaign=check, mode=Enrollment.Mode.RETURN)[:8]:
        services.attended_elsewhere(actor=staff, enrollment_id=enrollment.pk, on=today - timedelta(days=rng.randint(1, 30)))

    with_reports = list(Enrollment.objects.filter(check_campaign=check, report_received_on__isnull=False))
    for enrollment in rng.sample(with_reports, min(60, len(with_reports))):
        item, level = rng.choice(FINDINGS)
        finding = services.finding_add(actor=staff, enrollment_id=enrollment.pk, item=item, level=level)
        if rng.random() < 0.5:
            services.finding_follow(actor=staff, finding_id=finding.pk, note=rng.choice(["已电话告知，建议复查", "已陪同到医院复查，无大碍"]),
                                    close=rng.random() < 0.6)

    flagged = list(Person.objects.filter(institution=ctx.made["university"], status=Person.Status.ACTIVE, family_doctor=True))
    lixiu = [p for p in flagged if p.category == Person.Category.LIXIU]
    unsigned = lixiu[-1] if lixiu else None
    DoctorContract.objects.bulk_create([
        DoctorContract(person=p, doctor=f"{rng.choice('王李张刘陈杨黄赵周吴')}医生", clinic=rng.choice(CLINICS),
                       signed_on=today - timedelta(days=rng.randint(30, 330)), ends_on=today + timedelta(days=rng.randint(30, 330)), recorded_by=staff)
        for p in flagged if p != unsigned], batch_size=1000)
    if unsigned is not None:
        person_set_fact(actor=SYSTEM, person_id=unsigned.pk, name="family_doctor", value=False, note="家庭医生签约已到期")
