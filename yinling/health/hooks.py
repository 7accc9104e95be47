"""What the health-check module adds: its menu entry, the 健康体检 tab of a person's page, audit labels
and its pages' sweep samples."""
from django.utils import timezone

from yinling.care.memo import Entry, day_name, memo_source
from yinling.core.access import capability_any, scope
from yinling.core.plugins import audit_labels, layout_pages, menu_item, person_tab, sweep_sample
from yinling.roster.models import Person

from .access import HEALTH_RESULTS, HEALTH_SIGNUP, HEALTH_VIEW

menu_item(label="健康体检", url_name="health:home", icon="clipboard2-pulse", capability=HEALTH_VIEW, order=29, pages=("health:*",))

audit_labels({
    "health_check_create": "组织年度体检", "health_batch_create": "添加体检批次", "health_batch_update": "修改体检批次",
    "health_enroll": "体检报名", "health_decline": "登记不参加体检", "health_roll": "体检签到", "health_attended": "登记完成体检",
    "health_reports": "登记收到体检报告", "health_finding": "登记体检异常", "health_follow": "跟进体检异常",
    "health_contract": "登记家庭医生签约", "health_hospital_export": "导出医院体检名单（含完整身份证号）",
})


def _health_tab(user, person) -> dict | None:
    from . import selectors
    from .models import Enrollment, HealthCheck

    record = person._person
    if not scope(user, Person.objects.filter(pk=record.pk), HEALTH_VIEW).exists():
        return None
    year = timezone.localdate().year
    check = scope(user, HealthCheck.objects.filter(institution=record.institution_id, year=year), HEALTH_VIEW).first()
    enrollment = Enrollment.objects.filter(check_campaign=check, person=record).select_related("batch").first() if check else None
    findings = selectors.findings_of(user=user, enrollment=enrollment) if enrollment and capability_any(user, HEALTH_RESULTS) else None
    return {"check": check, "enrollment": enrollment, "findings": findings, "contracts": selectors.contracts_of(user=user, person=record),
            "may_signup": capability_any(user, HEALTH_SIGNUP) and record.status == Person.Status.ACTIVE}


person_tab(key="checkup", label="健康体检", template="health/person_tab.html", context=_health_tab, order=35, styles=("care/care.css",))


# --- samples for the URL sweep --------------------------------------------------------------------

def _check_of(institution, year_offset=0):
    from .models import HealthCheck

    today = timezone.localdate()
    check, _ = HealthCheck.objects.get_or_create(institution=institution, year=today.year + year_offset,
                                                 defaults={"name": "外校体检", "starts_on": today, "ends_on": today})
    return check


def _foreign_check(ctx):
    return _check_of(ctx.world.uni_a if ctx.role == "staff_b" else ctx.world.uni_b, 5)


@sweep_sample("health:check_detail", "health:enrollments", "health:missed", "health:batch_create", "health:findings")
def _checks(ctx) -> list[dict]:
    return [{"pk": _foreign_check(ctx).pk}]


def _batch_of(check):
    from .models import Batch

    return Batch.objects.create(check_campaign=check, hospital="外院", on=timezone.localdate(), capacity=10)


@sweep_sample("health:batch_roll", "health:hospital_export")
def _batches(ctx) -> list[dict]:
    return [{"pk": _batch_of(_foreign_check(ctx)).pk}]


def _enrollments(ctx):
    from .models import Enrollment

    made = []
    for p in ctx.people_outside:
        check = _check_of(p.institution, 6)
        made.append(Enrollment.objects.get_or_create(check_campaign=check, person=p, defaults={"batch": _batch_of(check)})[0])
    return made


@sweep_sample("health:enrollment_detail")
def _enrollment_pages(ctx) -> list[dict]:
    return [{"pk": e.pk} for e in _enrollments(ctx)]


@sweep_sample("health:finding_follow")
def _findings(ctx) -> list[dict]:
    from .models import Finding

    return [{"pk": Finding.objects.create(enrollment=e, item="外部").pk} for e in _enrollments(ctx)]


@sweep_sample("health:enroll")
def _enroll(ctx) -> list[dict]:
    own = _check_of(ctx.world.uni_b if ctx.role == "staff_b" else ctx.world.uni_a, 7)
    return [{"pk": own.pk, "person_pk": p.pk} for p in ctx.people_outside]


@sweep_sample("health:contract_create")
def _people(ctx) -> list[dict]:
    return [{"person_pk": p.pk} for p in ctx.people_outside]


@layout_pages
def _pages(world) -> list[str]:
    from django.urls import reverse

    from .models import Enrollment

    check = _check_of(world.uni_a)
    batch = _batch_of(check)
    enrollment = Enrollment.objects.create(check_campaign=check, person=world.med_person, batch=batch)
    return [reverse("health:check_detail", args=[check.pk]), reverse("health:enrollments", args=[check.pk]),
            f"{reverse('health:enrollments', args=[check.pk])}?view=not_signed", reverse("health:missed", args=[check.pk]),
            reverse("health:batch_roll", args=[batch.pk]), reverse("health:enrollment_detail", args=[enrollment.pk]),
            reverse("health:enroll", args=[check.pk, world.lit_person.pk]),
            f"{reverse('roster:person_detail', args=[world.med_person.pk])}?tab=checkup"]


@memo_source
def _scheduled(user, institution, year: int):
    """The year's check for the work memo: each batch on its day (care.memo)."""
    from .models import Batch

    batches = scope(user, Batch.objects.filter(check_campaign__institution=institution, check_campaign__year=year), HEALTH_VIEW).order_by("on")
    return [Entry(b.on.month, f"{day_name(b.on)}年度体检（{b.hospital}）") for b in batches]
