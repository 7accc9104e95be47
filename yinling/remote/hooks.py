"""What the remote-living module adds: its menu entry, the 异地养老 tab of a person's page, a home card
telling the office and each liaison whose certification is overdue or due within 30 days, audit
labels and its pages' sweep samples."""
from django.utils import timezone

from yinling.core.plugins import audit_labels, home_card, layout_pages, menu_item, person_tab, sweep_sample
from yinling.portal.plugins import portal_notice

from .access import REMOTE_VIEW

menu_item(label="异地养老", url_name="remote:people", icon="geo-alt", capability=REMOTE_VIEW, order=30, pages=("remote:*",))

audit_labels({"remote_residence": "登记异地居住信息", "remote_certification": "登记领取资格认证", "claim_submit": "登记异地就医报销",
              "claim_step": "办理异地就医报销", "claim_attach": "添加报销材料"})


def _remote_tab(user, person) -> dict | None:
    from yinling.roster.models import Person

    from . import selectors

    record = person._person
    if record.residence != Person.Residence.REMOTE:
        return None
    found = selectors.record_of(user=user, person=record, today=timezone.localdate())
    return {"r": found} if found is not None else None


person_tab(key="remote", label="异地养老", template="remote/person_tab.html", context=_remote_tab, order=38)


def _card(user) -> dict | None:
    from . import selectors

    counts = selectors.counts(user=user, today=timezone.localdate())
    return counts if any(counts.values()) else None


home_card(key="remote_certification", template="remote/home_card.html", context=_card, capability=REMOTE_VIEW, order=28)


@portal_notice
def _certification_notice(user, person) -> str | None:
    """A retiree living away, in large type on their own page: their certification is due soon, or overdue."""
    from yinling.core.access import scope
    from yinling.lib import pension
    from yinling.roster.models import Person

    from .access import REMOTE_OWN
    from .models import Certification

    own = scope(user, Person.objects.filter(pk=person.pk, residence=Person.Residence.REMOTE, status=Person.Status.ACTIVE), REMOTE_OWN).first()
    if own is None or own.retirement_date is None:
        return None
    last = scope(user, Certification.objects.filter(person=own), REMOTE_OWN).order_by("-on").values_list("on", flat=True).first()
    due = pension.certification_due(last, own.retirement_date)
    state = pension.certification_state(due, timezone.localdate())
    if state == "soon":
        return f"您的养老金领取资格认证请在{due:%Y年%-m月%-d日}前完成：可以用手机App或视频认证，也可以请联络员上门办理。"
    if state == "overdue":
        return f"您的养老金领取资格认证已于{due:%Y年%-m月%-d日}到期，请尽快联系联络员办理，以免影响养老金发放。"
    return None


@sweep_sample("remote:person")
def _people(ctx) -> list[dict]:
    return [{"pk": p.pk} for p in ctx.people_outside]


@sweep_sample("remote:claim_create")
def _claim_people(ctx) -> list[dict]:
    return [{"person_pk": p.pk} for p in ctx.people_outside]


def _claim_of(person):
    from datetime import timedelta

    from .models import Claim

    day = timezone.localdate() - timedelta(days=30)
    return Claim.objects.create(person=person, submitted_on=day, hospital="外院", treated_from=day, treated_to=day, billed=100)


@sweep_sample("remote:claim")
def _claims(ctx) -> list[dict]:
    return [{"pk": _claim_of(p).pk} for p in ctx.people_outside]


@sweep_sample("remote:claim_document")
def _documents(ctx) -> list[dict]:
    from .models import ClaimDocument

    return [{"pk": ClaimDocument.objects.create(claim=_claim_of(p), file_name="外院发票.pdf", stored_name="x.pdf", content_type="application/pdf",
                                                size=1).pk} for p in ctx.people_outside]


@layout_pages
def _pages(world) -> list[str]:
    from django.urls import reverse

    claim = _claim_of(world.med_person)
    return [reverse("remote:person", args=[world.med_person.pk]), reverse("remote:claim", args=[claim.pk]),
            reverse("remote:claim_create", args=[world.med_person.pk])]
