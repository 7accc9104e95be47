"""The demo university's 关爱银发园丁 team: 30 student volunteers (the demo's volunteer account among them,
serving the three people it is paired with), their tasks with people and at events, and a term of hours,
most confirmed by the office. Written through the services."""
from datetime import timedelta
from decimal import Decimal

from yinling.accounts.models import User
from yinling.core.plugins import DemoContext, demo_part
from yinling.lib.care import term_of
from yinling.lib.names import demo_phone, random_name
from yinling.roster.models import Person

from . import services
from .models import Kind, ServiceRecord

COLLEGES = ["医学院", "护理学院", "公共卫生学院", "信息科学技术学院", "文学院", "教育科学学院", "体育科学学院"]
EVENTS = [(Kind.EVENT, "重阳节游园活动导护"), (Kind.DEVICE, "智能手机使用培训班"), (Kind.HEALTH, "社区健康监测日"), (Kind.EVENT, "老年大学结业汇演")]
NOTES = {Kind.COMPANY: "上门陪伴聊天", Kind.DEVICE: "教老同志用手机挂号、视频通话", Kind.HEALTH: "测量血压血糖并记录", Kind.EVENT: "活动引导和安全保障"}


@demo_part("volunteers", order=80)
def _volunteers(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    staff = ctx.made["staff"]
    start, _, _ = term_of(today)
    account = User.objects.get(username="volunteer")
    paired = list(Person.objects.filter(pk__in=account.assignments.filter(person__isnull=False).values("person_id")))
    aged = [p for p in ctx.made["persons"] if p.status == Person.Status.ACTIVE and p.age(today) and p.age(today) >= 80]
    team = []
    for k in range(30):
        kinds = rng.sample(Kind.values, rng.randint(1, 2)) if k else [Kind.COMPANY, Kind.DEVICE]
        team.append(services.volunteer_save(actor=staff, data={
            "name": account.display_name if k == 0 else random_name(rng, rng.choice("MF"), set()), "student_no": f"2024{k + 1:05d}",
            "college": rng.choice(COLLEGES), "phone": demo_phone(rng), "kinds": kinds, "joined_on": start - timedelta(days=rng.randint(0, 400)),
            "active": k < 28}))
    team[0].user = account
    team[0].save(update_fields=["user"])
    tasks = [services.task_assign(actor=staff, volunteer_id=team[0].pk, person_id=p.pk, data={
        "kind": Kind.COMPANY if i else Kind.DEVICE, "starts_on": start, "notes": "每两周上门一次"}) for i, p in enumerate(paired)]
    for volunteer in team[1:28]:
        kind = volunteer.kinds[0]
        if kind in (Kind.COMPANY, Kind.DEVICE) and aged:
            tasks.append(services.task_assign(actor=staff, volunteer_id=volunteer.pk, person_id=rng.choice(aged).pk,
                                              data={"kind": kind, "starts_on": start, "notes": ""}))
        else:
            event_kind, event = rng.choice(EVENTS)
            tasks.append(services.task_assign(actor=staff, volunteer_id=volunteer.pk, data={
                "kind": event_kind, "event": event, "starts_on": start + timedelta(days=rng.randint(0, 40))}))
    span = max((today - start).days, 1)
    for task in tasks:
        for _ in range(rng.randint(2, 8)):
            on = min(task.starts_on + timedelta(days=rng.randint(0, span)), today)
            services.hours_log(actor=staff, volunteer_id=task.volunteer_id, data={
                "on": on, "task": task, "hours": Decimal(rng.choice(["1.5", "2", "2", "3", "4"])), "note": NOTES[task.kind]})
    logged = list(ServiceRecord.objects.filter(volunteer__in=team).values_list("pk", flat=True))
    services.hours_confirm(actor=staff, record_ids=[pk for pk in logged if rng.random() < 0.8])
