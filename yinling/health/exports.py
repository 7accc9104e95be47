"""The hospital's list of a batch: name, gender, age and the full ID number. An unmasked export: a row's
number is written in full only where the exporting user holds roster.unmask over that person
(assignment by assignment, core.access.flag); every export is audited."""
from pathlib import Path

from django.utils import timezone

from yinling.core.access import flag, scope
from yinling.core.audit import audit
from yinling.roster.access import ROSTER_UNMASK
from yinling.roster.models import Person
from yinling.transfer.roster_export import neutralise
from yinling.transfer.workbooks import header_sheet, workbook

from .access import HEALTH_VIEW
from .models import Batch, Enrollment


def hospital_list(*, user, batch: Batch) -> tuple[Path, int]:
    today = timezone.localdate()
    path, book = workbook(f"health-{user.pk}-{batch.pk}.xlsx")
    sheet = header_sheet(book, f"{batch.on:%m月%d日}体检名单", ["序号", "姓名", "性别", "年龄", "身份证号"], [6, 12, 6, 6, 22])
    enrolled = Enrollment.objects.filter(batch=batch).exclude(status=Enrollment.Status.DECLINED).values("person_id")
    people = (scope(user, Person.objects.filter(pk__in=enrolled), HEALTH_VIEW)
              .annotate(may_unmask=flag(user, Person, ROSTER_UNMASK)).order_by("name_pinyin", "id"))
    n = full = 0
    for n, p in enumerate(people, start=1):
        number = p.id_number if p.may_unmask else p.id_number_masked
        full += bool(p.may_unmask and number)
        for c, value in enumerate([str(n), neutralise(p.name), p.get_gender_display(), str(p.age(today) or ""), number or ""]):
            sheet.write_string(n, c, value)
    book.close()
    audit(actor=user, action="health_hospital_export", obj=batch, scope_path=batch.check_campaign.institution.path,
          note=f"{batch}：{n} 人，完整身份证号 {full} 人")
    return path, n
