"""Reads of the health check, each from core.access.scope(); what a role sees of a record is decided here
(a liaison's rows carry no report date and no findings)."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from yinling.core.access import capability_any, get_scoped_or_404, scope
from yinling.lib.care import coverage_percent
from yinling.roster.models import Person

from .access import HEALTH_MANAGE, HEALTH_RESULTS, HEALTH_SIGNUP, HEALTH_VIEW
from .models import Batch, DoctorContract, Enrollment, Finding, HealthCheck


def checks(*, user) -> QuerySet[HealthCheck]:
    return scope(user, HealthCheck.objects.select_related("institution"), HEALTH_VIEW)


def check(*, user, pk: int) -> HealthCheck:
    return get_scoped_or_404(HealthCheck.objects.select_related("institution"), user, HEALTH_VIEW, pk=pk)


def batches(*, user, check: HealthCheck) -> list[Batch]:
    """The check's batches with their places taken and who came (over everyone, not only the user's people:
    a liaison needs to know whether a batch is full)."""
    taken = ~Q(enrollments__status=Enrollment.Status.DECLINED) & Q(enrollments__isnull=False)
    return list(scope(user, Batch.objects.filter(check_campaign=check), HEALTH_VIEW)
                .annotate(taken=Count("enrollments", filter=taken),
                          came=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.ATTENDED))))


@dataclass
class Participation:
    living: int
    signed: int
    attended: int
    declined: int
    reports: int
    open_findings: int | None  # None: the user may not see results

    @property
    def rate(self) -> Decimal:
        return coverage_percent(self.attended, self.living)

    @property
    def not_signed(self) -> int:
        return self.living - self.signed - self.declined


def participation(*, user, check: HealthCheck) -> Participation:
    """Over the living people the user may see: signed up, attended, declined, reports in; the participation rate."""
    living = scope(user, Person.objects.filter(institution=check.institution, status=Person.Status.ACTIVE), HEALTH_VIEW).count()
    mine = scope(user, Enrollment.objects.filter(check_campaign=check, person__status=Person.Status.ACTIVE), HEALTH_VIEW)
    counts = mine.aggregate(
        signed=Count("id", filter=~Q(status=Enrollment.Status.DECLINED)), attended=Count("id", filter=Q(status=Enrollment.Status.ATTENDED)),
        declined=Count("id", filter=Q(status=Enrollment.Status.DECLINED)), reports=Count("id", filter=Q(report_received_on__isnull=False)))
    findings = None
    if capability_any(user, HEALTH_RESULTS):
        findings = scope(user, Finding.objects.filter(enrollment__check_campaign=check, closed_on__isnull=True), HEALTH_RESULTS).count()
    return Participation(living, counts["signed"], counts["attended"], counts["declined"], counts["reports"], findings)


VIEWS = {
    "signed": ("已报名", Q(status=Enrollment.Status.SIGNED)),
    "attended": ("已体检", Q(status=Enrollment.Status.ATTENDED)),
    "absent": ("未参加", Q(status=Enrollment.Status.ABSENT)),
    "declined": ("本人不参加", Q(status=Enrollment.Status.DECLINED)),
    "remote": ("异地", ~Q(mode=Enrollment.Mode.BATCH)),
    "no_report": ("报告未收", Q(status=Enrollment.Status.ATTENDED, report_received_on__isnull=True)),
}


def enrollments(*, user, check: HealthCheck, view: str = "", batch_id: int | None = None) -> QuerySet[Enrollment]:
    qs = scope(user, Enrollment.objects.filter(check_campaign=check), HEALTH_VIEW)
    if view in VIEWS:
        qs = qs.filter(VIEWS[view][1])
    if batch_id:
        qs = qs.filter(batch_id=batch_id)
    return qs.select_related("person__unit", "batch").order_by("batch__on", "person__name_pinyin", "id")


def not_signed_up(*, user, check: HealthCheck) -> QuerySet[Person]:
    """Living people of the user's scope with no enrollment at all: who the liaison still has to ask."""
    enrolled = Enrollment.objects.filter(check_campaign=check, person=OuterRef("pk"))
    return (scope(user, Person.objects.filter(institution=check.institution, status=Person.Status.ACTIVE), HEALTH_SIGNUP)
            .exclude(Exists(enrolled)).select_related("unit", "liaison").order_by("name_pinyin", "id"))


def missed(*, user, check: HealthCheck) -> QuerySet[Person]:
    """Who missed the check: signed up but absent, or never signed up (declined ones excluded)."""
    absent = Enrollment.objects.filter(check_campaign=check, person=OuterRef("pk"), status=Enrollment.Status.ABSENT)
    enrolled = Enrollment.objects.filter(check_campaign=check, person=OuterRef("pk"))
    return (scope(user, Person.objects.filter(institution=check.institution, status=Person.Status.ACTIVE), HEALTH_VIEW)
            .filter(Exists(absent) | ~Exists(enrolled)).annotate(was_absent=Exists(absent))
            .select_related("unit", "liaison").order_by("-was_absent", "name_pinyin", "id"))


def enrollment(*, user, pk: int) -> Enrollment:
    return get_scoped_or_404(Enrollment.objects.select_related("person__unit", "person__institution", "batch", "check_campaign"),
                             user, HEALTH_VIEW, pk=pk)


def findings_of(*, user, enrollment: Enrollment) -> list[Finding] | None:
    """The enrollment's findings, or None when the user may not see results."""
    if not capability_any(user, HEALTH_RESULTS):
        return None
    return list(scope(user, Finding.objects.filter(enrollment=enrollment), HEALTH_RESULTS))


def open_findings(*, user, check: HealthCheck) -> QuerySet[Finding]:
    return (scope(user, Finding.objects.filter(enrollment__check_campaign=check, closed_on__isnull=True), HEALTH_RESULTS)
            .select_related("enrollment__person").order_by("-level", "id"))


def without_doctor(*, user, today: date, lixiu_only: bool = False) -> QuerySet[Person]:
    """Living people with no running family-doctor contract (the source: 100% for 离休 cadres)."""
    running = DoctorContract.objects.filter(person=OuterRef("pk"), ends_on__gte=today)
    qs = scope(user, Person.objects.filter(status=Person.Status.ACTIVE), HEALTH_VIEW).exclude(Exists(running))
    if lixiu_only:
        qs = qs.filter(category=Person.Category.LIXIU)
    return qs.select_related("unit", "liaison").order_by("-category", "name_pinyin", "id")


def contract_figures(*, user, today: date) -> dict:
    running = DoctorContract.objects.filter(person=OuterRef("pk"), ends_on__gte=today)
    living = scope(user, Person.objects.filter(status=Person.Status.ACTIVE), HEALTH_VIEW)
    lixiu = Q(category=Person.Category.LIXIU)
    counts = living.aggregate(all=Count("id"), signed=Count("id", filter=Exists(running)), lixiu=Count("id", filter=lixiu),
                              lixiu_signed=Count("id", filter=lixiu & Exists(running)))
    counts["rate"] = coverage_percent(counts["signed"], counts["all"])
    counts["lixiu_rate"] = coverage_percent(counts["lixiu_signed"], counts["lixiu"])
    return counts


def contracts_of(*, user, person) -> list[DoctorContract]:
    return list(scope(user, DoctorContract.objects.filter(person_id=person.pk), HEALTH_VIEW)[:5])


def may(user) -> dict[str, bool]:
    return {"signup": capability_any(user, HEALTH_SIGNUP), "results": capability_any(user, HEALTH_RESULTS),
            "manage": capability_any(user, HEALTH_MANAGE)}
