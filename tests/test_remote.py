"""Remote retirees: the yearly certification is due twelve months after the last, reminded 30 days ahead and
flagged when overdue, on the office's list and the liaison's; each role reaches only its own people."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from yinling.core.models import AuditEntry
from yinling.remote import selectors, services
from yinling.remote.models import Certification, Claim, Residence
from yinling.roster.models import Person


@pytest.fixture
def remote(world):
    """张建中 (grid one, the liaison's) and 李秀兰 live in other cities; 张 was last certified 13 months ago, 李 11½ months ago."""
    today = timezone.localdate()
    Person.objects.filter(pk__in=[world.med_person.pk, world.lit_person.pk]).update(
        residence=Person.Residence.REMOTE, residence_province="上海市", residence_city="上海市", retirement_date=date(2006, 3, 1))
    Certification.objects.create(person=world.med_person, on=today - timedelta(days=396), method="video")
    Certification.objects.create(person=world.lit_person, on=today - timedelta(days=350), method="app")
    return world


def _names(user, state):
    return [p.name for p in selectors.remote_people(user=user, today=timezone.localdate(), state=state)]


def test_the_office_sees_who_is_overdue_and_who_is_due_soon(remote):
    staff = remote.users["office_staff"]
    assert _names(staff, "overdue") == ["张建中"] and _names(staff, "soon") == ["李秀兰"]
    page = login(staff).get(reverse("remote:people") + "?state=overdue").content.decode()
    assert "张建中" in page and "已逾期" in page and "李秀兰" not in page
    home = login(staff).get(reverse("reports:home")).content.decode()
    assert "逾期未认证" in home


def test_a_certification_moves_the_due_date_a_year_on(remote):
    liaison = remote.users["liaison"]
    response = login(liaison).post(reverse("remote:person", args=[remote.med_person.pk]),
                                   {"action": "certify", "on": timezone.localdate().isoformat(), "method": "visit"})
    assert response.status_code == 302
    assert _names(remote.users["office_staff"], "overdue") == []
    record = selectors.record_of(user=liaison, person=remote.med_person, today=timezone.localdate())
    assert record["state"] == "ok" and record["due"].year == timezone.localdate().year + 1


def test_a_liaison_sees_their_grid_only_and_others_see_nothing(remote):
    assert _names(remote.users["liaison"], "all") == ["张建中"]
    assert login(remote.users["liaison"]).get(reverse("remote:person", args=[remote.lit_person.pk])).status_code == 404
    for role in ("branch_secretary", "volunteer", "staff_b"):
        assert _names(remote.users[role], "all") == [], role
        assert login(remote.users[role]).get(reverse("remote:person", args=[remote.med_person.pk])).status_code in (403, 404), role


def test_bad_input_changes_nothing(remote):
    staff = remote.users["office_staff"]
    with pytest.raises(ValidationError, match="晚于今天"):
        services.certification_record(actor=staff, person_id=remote.med_person.pk, on=timezone.localdate() + timedelta(days=1), method="video")
    with pytest.raises(ValidationError, match="本地居住"):
        services.residence_save(actor=staff, person_id=_local(remote).pk, data={"address": "x"})
    with pytest.raises(Http404):
        services.certification_record(actor=staff, person_id=remote.other_person.pk, on=timezone.localdate(), method="video")
    response = login(staff).post(reverse("remote:person", args=[remote.med_person.pk]),
                                 {"action": "residence", "address": "上海市徐汇区", "filing": "filed"})
    assert response.status_code == 400 and "备案日期" in response.content.decode()
    assert not Residence.objects.exists() and Certification.objects.count() == 2


def test_the_liaison_may_certify_but_not_edit_the_residence(remote):
    response = login(remote.users["liaison"]).post(reverse("remote:person", args=[remote.med_person.pk]),
                                                   {"action": "residence", "address": "上海市徐汇区", "filing": "none"})
    assert response.status_code == 302 and not Residence.objects.exists()


def _local(world):
    from tests.conftest import make_person

    return make_person(world, name="钱本地")


# --- medical-expense claims -----------------------------------------------------------------------

PDF = b"%PDF-1.4\n%test bill\n"


def _upload(name, body):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _submit(world, **kw):
    day = timezone.localdate() - timedelta(days=20)
    data = {"submitted_on": day, "hospital": "复旦大学附属华山医院", "treated_from": day - timedelta(days=5), "treated_to": day - timedelta(days=2),
            "billed": Decimal("3200.50")} | kw
    return services.claim_submit(actor=world.users["office_staff"], person_id=world.med_person.pk, data=data,
                                 documents=[_upload("发票.pdf", PDF)])


def test_a_claim_goes_through_its_steps_each_timed_and_audited(remote):
    staff = remote.users["office_staff"]
    claim = _submit(remote)
    client = login(staff)
    assert client.post(claim.get_absolute_url(), {"action": "step", "to": "checked", "version": 1, "amount": "3000.00"}).status_code == 302
    assert client.post(claim.get_absolute_url(), {"action": "step", "to": "approved", "version": 2, "amount": "3500"}).status_code == 400  # above checked
    assert client.post(claim.get_absolute_url(), {"action": "step", "to": "approved", "version": 2, "amount": "2700"}).status_code == 302
    stale = client.post(claim.get_absolute_url(), {"action": "step", "to": "paid", "version": 2, "on": timezone.localdate().isoformat()})
    assert stale.status_code == 400 and "已被他人办理" in stale.content.decode()
    assert client.post(claim.get_absolute_url(), {"action": "step", "to": "paid", "version": 3, "on": timezone.localdate().isoformat()}).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.checked, claim.approved) == ("paid", Decimal("3000.00"), Decimal("2700.00"))
    assert [s.status for s in claim.steps.all()] == ["submitted", "checked", "approved", "paid"]
    assert AuditEntry.objects.filter(action="claim_step", object_id=str(claim.pk)).count() == 3
    totals = selectors.claims_of(user=staff, person=remote.med_person)["years"][0][1]
    assert totals == {"billed": Decimal("3200.50"), "approved": Decimal("2700.00"), "count": 1}
    page = client.get(reverse("remote:claims")).content.decode()
    assert "张建中" in page and "2700.00" in page


def test_a_claim_is_returned_only_with_a_reason(remote):
    claim = _submit(remote)
    with pytest.raises(ValidationError, match="退回原因"):
        services.claim_step(actor=remote.users["office_staff"], claim_id=claim.pk, to="returned", expected_version=1)
    services.claim_step(actor=remote.users["office_staff"], claim_id=claim.pk, to="returned", expected_version=1, note="缺少费用清单")
    with pytest.raises(ValidationError):
        services.claim_step(actor=remote.users["office_staff"], claim_id=claim.pk, to="checked", expected_version=2, amount=Decimal("1"))


def test_a_hostile_document_is_refused_and_nothing_is_saved(remote):
    with pytest.raises(ValidationError):
        services.claim_submit(actor=remote.users["office_staff"], person_id=remote.med_person.pk, data={
            "submitted_on": timezone.localdate(), "hospital": "x", "treated_from": timezone.localdate(), "treated_to": timezone.localdate(),
            "billed": Decimal("1")}, documents=[_upload("发票.pdf", b"MZ\x90\x00 not a pdf")])
    assert not Claim.objects.exists()


@pytest.mark.parametrize("role", ["unit_officer", "liaison", "branch_secretary", "volunteer", "staff_b"])
def test_claims_and_their_bills_are_the_offices_only(remote, role):
    claim = _submit(remote)
    document = claim.documents.get()
    client = login(remote.users[role])
    for url in (claim.get_absolute_url(), reverse("remote:claim_document", args=[document.pk])):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(claim.get_absolute_url(), {"action": "step", "to": "checked", "version": 1, "amount": "1"}).status_code in (403, 404)
    assert Claim.objects.get().status == "submitted"


def test_the_auditor_reads_a_bill_but_cannot_move_the_claim(remote):
    claim = _submit(remote)
    client = login(remote.users["auditor"])
    response = client.get(reverse("remote:claim_document", args=[claim.documents.get().pk]))
    assert response.status_code == 200 and "sandbox" in response["Content-Security-Policy"]
    assert client.post(claim.get_absolute_url(), {"action": "step", "to": "checked", "version": 1, "amount": "1"}).status_code == 403


def test_a_remote_retiree_page_shows_this_years_health_check_return(remote):
    from yinling.health.models import Enrollment, HealthCheck

    today = timezone.localdate()
    check = HealthCheck.objects.create(institution=remote.uni_a, year=today.year, name=f"{today.year}年度体检", starts_on=today, ends_on=today)
    Enrollment.objects.create(check_campaign=check, person=remote.med_person, mode=Enrollment.Mode.RETURN)
    page = login(remote.users["office_staff"]).get(reverse("remote:person", args=[remote.med_person.pk])).content.decode()
    assert "异地回通体检" in page and "异地同志体检名单" in page


def test_a_retiree_living_away_is_reminded_on_their_own_page(remote):
    page = login(remote.users["retiree"]).get(reverse("portal:home")).content.decode()  # 李秀兰: due within the month
    assert "养老金领取资格认证请在" in page
    Certification.objects.create(person=remote.lit_person, on=timezone.localdate(), method="app")
    assert "资格认证" not in login(remote.users["retiree"]).get(reverse("portal:home")).content.decode()
    assert not selectors.remote_people(user=remote.users["retiree"], today=timezone.localdate()).exists()  # no staff list for them
