"""What the travel register adds: its menu entry, audit labels and its pages' sweep samples."""
from datetime import timedelta

from django.utils import timezone

from yinling.core.plugins import audit_labels, layout_pages, menu_item, sweep_sample

from .access import TRAVEL_VIEW

menu_item(label="外出登记", url_name="travel:home", icon="airplane", capability=TRAVEL_VIEW, order=34, pages=("travel:*",))

audit_labels({"trip_report": "登记外出", "trip_decide": "审批出国（境）", "trip_back": "登记外出返回", "passport_register": "登记证件交存",
              "passport_move": "证件领出或交回"})


def _trip_of(person):
    from .models import Trip

    today = timezone.localdate()
    return Trip.objects.create(person=person, destination="外地", abroad=True, leaves_on=today, returns_on=today + timedelta(days=3),
                               purpose="探亲", status=Trip.Status.PENDING, reported_on=today)


@sweep_sample("travel:person")
def _people(ctx) -> list[dict]:
    return [{"pk": p.pk} for p in ctx.people_outside]


@sweep_sample("travel:trip")
def _trips(ctx) -> list[dict]:
    return [{"pk": _trip_of(p).pk} for p in ctx.people_outside]


@layout_pages
def _pages(world) -> list[str]:
    from django.urls import reverse

    return [reverse("travel:person", args=[world.med_person.pk]), reverse("travel:trip", args=[_trip_of(world.med_person).pk])]
