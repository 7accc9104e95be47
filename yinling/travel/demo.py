"""The demo university's travel register: its province-managed cadres' trips of the past year (one abroad
awaiting approval, one away now), and the passports the office keeps (one handed out for an approved trip)."""
import random
from datetime import timedelta

from yinling.accounts.models import User
from yinling.core.plugins import DemoContext, demo_part
from yinling.roster.models import Person

from . import services
from .models import Passport

TRIPS = [("北京市", False, "探亲"), ("海南省三亚市", False, "休养"), ("云南省昆明市", False, "旅游"), ("新加坡", True, "探望子女"),
         ("日本东京", True, "学术交流"), ("香港", True, "旅游")]


@demo_part("travel", order=97)
def _travel(ctx: DemoContext) -> None:
    rng = random.Random(f"travel-{ctx.people}")
    staff = User.objects.get(username="staff")
    today = ctx.today
    cadres = [p for p in ctx.made["persons"] if p.status == Person.Status.ACTIVE and services.reports_travel(p)]
    for n, person in enumerate(cadres):
        passport = services.passport_register(actor=staff, person_id=person.pk, data={
            "kind": Passport.Kind.PASSPORT, "number_tail": f"{rng.randint(0, 9999):04d}", "expires_on": today + timedelta(days=rng.randint(300, 3000)),
            "received_on": today - timedelta(days=rng.randint(400, 1500))})
        for _ in range(3):
            destination, abroad, purpose = rng.choice(TRIPS)
            leaves = today - timedelta(days=rng.randint(40, 330))
            trip = services.trip_report(actor=staff, person_id=person.pk, data={
                "destination": destination, "abroad": abroad, "leaves_on": leaves, "returns_on": leaves + timedelta(days=rng.randint(5, 20)),
                "purpose": purpose, "companions": "配偶"})
            if abroad:
                services.trip_decide(actor=staff, trip_id=trip.pk, approve=True, note="同意，注意安全")
                services.passport_move(actor=staff, passport_id=passport.pk, out=True, on=leaves - timedelta(days=3), trip_id=trip.pk)
                services.passport_move(actor=staff, passport_id=passport.pk, out=False, on=trip.returns_on + timedelta(days=2))
            services.trip_back(actor=staff, trip_id=trip.pk, on=trip.returns_on)
        if n == 0:  # away now, abroad, the passport out
            trip = services.trip_report(actor=staff, person_id=person.pk, data={
                "destination": "澳大利亚悉尼", "abroad": True, "leaves_on": today - timedelta(days=6), "returns_on": today + timedelta(days=14),
                "purpose": "探望子女", "companions": "配偶"})
            services.trip_decide(actor=staff, trip_id=trip.pk, approve=True, note="同意")
            services.passport_move(actor=staff, passport_id=passport.pk, out=True, on=today - timedelta(days=8), trip_id=trip.pk)
        if n == 1:  # abroad, awaiting approval
            services.trip_report(actor=staff, person_id=person.pk, data={
                "destination": "加拿大温哥华", "abroad": True, "leaves_on": today + timedelta(days=20), "returns_on": today + timedelta(days=50),
                "purpose": "探亲", "companions": ""})
