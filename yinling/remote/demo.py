"""The demo university's remote retirees: where each lives and their local hospital and contact, their
medical filing, and a yearly certification — most within the year, a few due within 30 days and a few
overdue (at risk of suspension). Written through the module's services."""
import random
from datetime import timedelta
from decimal import Decimal

from yinling.accounts.models import User
from yinling.core.plugins import DemoContext, demo_part
from yinling.lib.names import demo_phone
from yinling.roster.models import Person

from . import services
from .models import Certification, Claim, Residence

HOSPITALS = {"北京市": "北京协和医院", "上海市": "复旦大学附属华山医院", "广东省": "中山大学附属第一医院", "浙江省": "浙江大学医学院附属第一医院"}
RELATIONS = ["儿子", "女儿", "儿媳", "女婿", "侄子"]


@demo_part("remote", order=95)
def _remote(ctx: DemoContext) -> None:
    rng = random.Random(f"remote-{ctx.people}")
    staff = User.objects.get(username="staff")
    today = ctx.today
    remote = [p for p in ctx.made["persons"] if p.status == Person.Status.ACTIVE and p.residence == Person.Residence.REMOTE]
    for n, person in enumerate(remote):
        filed = rng.random() < 0.8
        services.residence_save(actor=staff, person_id=person.pk, data={
            "address": person.address, "hospital": HOSPITALS.get(person.residence_province, f"{person.residence_city}人民医院"),
            "contact_name": f"{person.name[0]}{rng.choice('明华军丽芳伟')}", "contact_relation": rng.choice(RELATIONS),
            "contact_phone": demo_phone(rng), "filing": Residence.Filing.FILED if filed else Residence.Filing.NONE,
            "filed_on": today - timedelta(days=rng.randint(60, 900)) if filed else None})
        if not person.retirement_date or (today - person.retirement_date).days < 400:
            continue
        # n % 12: 0 overdue (a year and more ago), 1 due within the month, else within the year
        ago = 365 + rng.randint(5, 120) if n % 12 == 0 else 365 - rng.randint(1, 28) if n % 12 == 1 else rng.randint(20, 330)
        for back in (ago + 365, ago):
            services.certification_record(actor=staff, person_id=person.pk, on=today - timedelta(days=back),
                                          method=rng.choice(Certification.Method.values))

    # Claims: the year's bills of about a third of them, at every step (a few returned for a missing receipt)
    hospitals = [HOSPITALS.get(p.residence_province, f"{p.residence_city}人民医院") for p in remote]
    for n, person in enumerate(remote):
        if n % 3:
            continue
        for _ in range(rng.randint(1, 3)):
            start = today - timedelta(days=rng.randint(40, 300))
            end = start + timedelta(days=rng.choice([0, 0, 3, 9]))
            claim = services.claim_submit(actor=staff, person_id=person.pk, data={
                "submitted_on": end + timedelta(days=rng.randint(3, 20)), "hospital": hospitals[n], "treated_from": start,
                "treated_to": end, "billed": Decimal(rng.randint(30_000, 2_400_000)) / 100})
            stage = rng.random()
            if stage < 0.08:
                services.claim_step(actor=staff, claim_id=claim.pk, to=Claim.Status.RETURNED, expected_version=1, note="缺少费用清单，请补寄")
                continue
            if stage < 0.25:
                continue
            checked = (claim.billed * Decimal(rng.choice(["1", "0.95", "0.9"]))).quantize(Decimal("0.01"))
            claim = services.claim_step(actor=staff, claim_id=claim.pk, to=Claim.Status.CHECKED, expected_version=1, amount=checked)
            if stage < 0.4:
                continue
            approved = (checked * Decimal(rng.choice(["0.9", "0.85", "0.8"]))).quantize(Decimal("0.01"))
            claim = services.claim_step(actor=staff, claim_id=claim.pk, to=Claim.Status.APPROVED, expected_version=2, amount=approved)
            if stage < 0.55:
                continue
            services.claim_step(actor=staff, claim_id=claim.pk, to=Claim.Status.PAID, expected_version=3,
                                on=min(today, claim.submitted_on + timedelta(days=rng.randint(20, 40))))
