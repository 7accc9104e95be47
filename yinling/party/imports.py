"""The memberships sheet (党员名册): each member of the retired branches, found on the roster by ID
number, placed in their branch and group with their party dates. A spreadsheet import of the
engine (transfer.engine), registered as an import kind so the upload page, the check and the
job run it as they run the roster's.

A person must be on the roster first (the roster import), and a member already in a branch is
transferred in the system, not by a sheet: the sheet places members and corrects dates.
"""
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter

from yinling.lib import idcard
from yinling.lib.cells import CellError, parse_choice, parse_date, parse_date_precise, text
from yinling.roster.models import Person
from yinling.transfer.engine import Column, Rows, SheetImport
from yinling.transfer.kinds import import_kind
from yinling.transfer.people import ID_NUMBER, NAME
from yinling.transfer.people import by_id_number as _by_id_number

from . import services
from .access import PARTY_DUES, PARTY_MANAGE
from .forms import money
from .models import Branch, Dues, Membership, PartyGroup

STATUS_CODES = {"正式党员": Membership.Status.FULL, "正式": Membership.Status.FULL, "预备党员": Membership.Status.PROBATION,
                "预备": Membership.Status.PROBATION}
COMPARED = ("group", "status", "join_date", "full_date")


@dataclass
class _Plan:
    fresh: list[dict] = field(default_factory=list)  # a membership to create: person, branch, and its fields
    changed: dict[int, dict[str, Any]] = field(default_factory=dict)  # membership id → field → new value
    unchanged: int = 0

    @property
    def created(self) -> int:
        return len(self.fresh)

    @property
    def updated(self) -> int:
        return len(self.changed)


class MembershipImport(SheetImport):
    anchor = "name"

    def __init__(self, *, actor, institution, source: str):
        self.actor, self.institution, self.source = actor, institution, source
        self.branches = {b.name: b for b in Branch.objects.filter(institution=institution)}
        self.groups = {(g.branch_id, g.name): g for g in PartyGroup.objects.filter(branch__institution=institution)}

    def columns(self) -> list[Column]:
        def branch(value):
            name = text(value)
            if not name:
                return None
            if name not in self.branches:
                raise CellError(f"系统中没有党支部“{name}”。")
            return self.branches[name]

        def status(value):
            return parse_choice(value, STATUS_CODES, "党员状态")

        return [
            NAME,
            ID_NUMBER,
            Column("branch", ("所在党支部", "党支部", "支部"), branch, required=True),
            Column("group", ("党小组",), text),
            Column("status", ("党员状态", "党员类别"), status),
            Column("join_date", ("入党时间", "入党日期"), parse_date),
            Column("full_date", ("转正时间", "转正日期"), parse_date),
        ]

    failures = (CellError, idcard.IdCardError)

    def check(self, rows: Rows) -> None:
        cards = rows.column("id_number")
        people = _by_id_number(cards, lambda hashes: (  # row → (person, name, status)
            (id_hash, (pk, name, status)) for id_hash, pk, name, status in Person.objects.filter(
                institution=self.institution, id_number_hash__in=hashes).values_list("id_number_hash", "pk", "name", "status")))
        current = {m.person_id: m for m in Membership.objects.filter(
            person_id__in=[p[0] for p in people.values()], until__isnull=True).select_related("branch")}
        self.people, self.current = people, current
        seen: dict[int, int] = {}
        names, branches, group_names = rows.column("name"), rows.column("branch"), rows.column("group")
        for i, card_ in enumerate(cards):
            if card_ is None:
                if not rows.failed(i, "id_number"):
                    rows.fail(i, "id_number", "缺少身份证号，无法与名册中的人员对应。")
                continue
            found = people.get(i)
            if found is None:
                rows.fail(i, "id_number", "名册中没有该身份证号的人员，请先在“导入名册”中导入这位同志。")
                continue
            pk, name, status = found
            if pk in seen:
                rows.fail(i, "id_number", f"与第{rows.numbers[seen[pk]]}行的身份证号重复。")
                continue
            seen[pk] = i
            if names[i] and names[i] != name:
                rows.fail(i, "name", f"该身份证号在名册中登记的姓名是“{name}”，与表中姓名不一致。")
            if status != Person.Status.ACTIVE:
                rows.fail(i, "name", f"{name}的档案已归档，不再编入党支部。")
            branch = branches[i]
            membership = current.get(pk)
            if branch is not None and membership is not None and membership.branch_id not in (None, branch.pk):
                rows.fail(i, "branch", f"{name}现在{membership.branch}，转接组织关系请在系统中办理。")
            if group_names[i] and branch is not None:
                group = self.groups.get((branch.pk, group_names[i]))
                if group is None:
                    rows.fail(i, "group", f"{branch}没有党小组“{group_names[i]}”。")
        joins, fulls, statuses = rows.column("join_date"), rows.column("full_date"), rows.column("status")
        for i in range(len(rows)):
            if joins[i] and fulls[i] and fulls[i] < joins[i]:
                rows.fail(i, "full_date", "转正时间不能早于入党时间。")
            if (statuses[i] or Membership.Status.FULL) == Membership.Status.FULL and not fulls[i] and not rows.failed(i, "full_date"):
                rows.fail(i, "full_date", "正式党员请填写转正时间（党龄从转正之日算起）。")

    def _values(self, rows: Rows, i: int) -> dict[str, Any]:
        branch, group_name = rows.column("branch")[i], rows.column("group")[i]
        return {"group": self.groups.get((branch.pk, group_name)) if branch and group_name else None,
                "status": rows.column("status")[i] or Membership.Status.FULL,
                "join_date": rows.column("join_date")[i], "full_date": rows.column("full_date")[i]}

    def plan(self, rows: Rows) -> _Plan:
        plan = _Plan()
        for i in rows.valid():
            pk = self.people[i][0]
            values = self._values(rows, i)
            membership = self.current.get(pk)
            if membership is None:
                plan.fresh.append({"person_id": pk, "branch": rows.column("branch")[i], **values})
                continue
            if membership.branch_id is None:  # placed now: a branch for a membership without one
                values["branch"] = rows.column("branch")[i]
            changes = {k: v for k, v in values.items() if getattr(membership, k) != v and not (k == "group" and v is None)}
            if changes:
                plan.changed[membership.pk] = changes
            else:
                plan.unchanged += 1
        return plan

    def write(self, rows: Rows, plan: _Plan, progress) -> None:
        services.memberships_import(actor=self.actor, institution=self.institution, fresh=plan.fresh, changed=plan.changed,
                                    source=self.source)
        if progress:
            progress(1, 1)


def write_template(path, institution) -> None:
    """The memberships sheet with its columns, an example row and the university's branches to choose from."""
    branches = list(Branch.objects.filter(institution=institution).values_list("name", flat=True))
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("党员名册")
    header = workbook.add_format({"bold": True, "bg_color": "#F2E6DF", "border": 1})
    example = workbook.add_format({"font_color": "#7A2417", "italic": True})
    sheet.write_string(0, 0, f"{institution.name}离退休党员名册（第2行为列名，第3行为示例，请从第4行起填写；带*为必填）")
    columns = [("姓名*", "王立明"), ("身份证号*", "320602194603051236"), ("所在党支部*", branches[0] if branches else ""),
               ("党小组", "第一党小组"), ("党员状态", "正式党员"), ("入党时间", "1970-07-01"), ("转正时间", "1971-07-01")]
    for c, (title, sample) in enumerate(columns):
        sheet.write_string(1, c, title, header)
        sheet.write_string(2, c, sample, example)
        sheet.set_column(c, c, 22 if c in (1, 2) else 12)
    if branches and len("".join(branches)) + len(branches) < 255:  # Excel's limit for a list written inline
        sheet.data_validation(3, 2, 5000, 2, {"validate": "list", "source": branches, "error_message": "请从下拉列表中选择党支部。"})
    sheet.data_validation(3, 4, 5000, 4, {"validate": "list", "source": ["正式党员", "预备党员"]})
    sheet.freeze_panes(2, 1)
    workbook.close()


import_kind(key="party.memberships", label="党员名册", capability=PARTY_MANAGE,
            make=lambda actor, institution, source: MembershipImport(actor=actor, institution=institution, source=source),
            template=write_template,
            hint="每行一位党员，按身份证号与名册中的人员对应（请先导入人员名册）；已在支部的党员转接组织关系请在系统中办理。")


# --- the dues bases sheet --------------------------------------------------------------------------

@dataclass
class _DuesPlan:
    bases: dict = field(default_factory=dict)  # (branch id, month) → {membership id: base}
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class DuesBaseImport(SheetImport):
    """Each member's pension received in a month (the finance office's sheet), as the base of that
    month's dues: the amounts follow by lib.party.monthly_dues, through services.dues_set_bases."""

    anchor = "name"
    failures = (CellError, idcard.IdCardError)

    def __init__(self, *, actor, institution, source: str):
        self.actor, self.institution, self.source = actor, institution, source

    def columns(self) -> list[Column]:
        def month(value):
            day, _ = parse_date_precise(value)
            return day.replace(day=1) if day else None

        def base(value):
            try:
                return money(text(value))
            except ValueError:
                raise CellError(f"“{text(value)}”不是有效金额。") from None

        return [
            NAME,
            ID_NUMBER,
            Column("month", ("月份", "所属月份", "发放月份"), month, required=True),
            Column("base", ("月养老金", "实发养老金", "养老金", "计算基数", "党费基数"), base, required=True),
        ]

    def check(self, rows: Rows) -> None:
        cards, names = rows.column("id_number"), rows.column("name")
        members = _by_id_number(cards, lambda hashes: (  # row → current membership, placed in a branch
            (m.person.id_number_hash, m) for m in Membership.objects.filter(
                person__institution=self.institution, until__isnull=True, branch__isnull=False,
                person__id_number_hash__in=hashes).select_related("person")))
        self.members = members
        seen: dict[tuple, int] = {}
        months, bases = rows.column("month"), rows.column("base")
        for i, c in enumerate(cards):
            if c is None:
                if not rows.failed(i, "id_number"):
                    rows.fail(i, "id_number", "缺少身份证号，无法与党员对应。")
                continue
            m = members.get(i)
            if m is None:
                rows.fail(i, "id_number", "该身份证号不是在册党员（或还没有编入支部）。")
                continue
            if names[i] and names[i] != m.person.name:
                rows.fail(i, "name", f"该身份证号登记的姓名是“{m.person.name}”，与表中姓名不一致。")
            if months[i] is None and not rows.failed(i, "month"):
                rows.fail(i, "month", "请填写月份，如 2026-11。")
            if bases[i] is None and not rows.failed(i, "base"):
                rows.fail(i, "base", "请填写月养老金。")
            key = (m.pk, months[i])
            if key in seen:
                rows.fail(i, "month", f"与第{rows.numbers[seen[key]]}行是同一人同一月份。")
            seen.setdefault(key, i)

    def plan(self, rows: Rows) -> _DuesPlan:
        plan = _DuesPlan()
        months, bases = rows.column("month"), rows.column("base")
        valid = list(rows.valid())
        known = {(d.membership_id, d.month): d for d in Dues.objects.filter(
            membership__in=[self.members[i] for i in valid], month__in={months[i] for i in valid})}
        for i in valid:
            m = self.members[i]
            plan.bases.setdefault((m.branch_id, months[i]), {})[m.pk] = bases[i]
            found = known.get((m.pk, months[i]))
            if found is None:
                plan.created += 1
            elif found.base != bases[i] and found.paid is None:
                plan.updated += 1
            else:
                plan.unchanged += 1
        return plan

    def write(self, rows: Rows, plan: _DuesPlan, progress) -> None:
        for (branch_id, month), bases in sorted(plan.bases.items(), key=lambda item: (item[0][1], item[0][0])):
            services.dues_set_bases(actor=self.actor, branch_id=branch_id, month=month, bases=bases)
        if progress:
            progress(1, 1)


def write_dues_template(path, institution) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("党费基数")
    header = workbook.add_format({"bold": True, "bg_color": "#F2E6DF", "border": 1})
    example = workbook.add_format({"font_color": "#7A2417", "italic": True})
    sheet.write_string(0, 0, f"{institution.name}离退休党员月养老金（党费计算基数）（第2行为列名，第3行为示例，请从第4行起填写）")
    for c, (title, sample) in enumerate([("姓名*", "王立明"), ("身份证号*", "320602194603051236"), ("月份*", "2026-11"),
                                         ("月养老金*", "5230.50")]):
        sheet.write_string(1, c, title, header)
        sheet.write_string(2, c, sample, example)
        sheet.set_column(c, c, 22 if c == 1 else 12)
    sheet.freeze_panes(2, 1)
    workbook.close()


import_kind(key="party.dues_bases", label="党费基数（月养老金）", capability=PARTY_DUES,
            make=lambda actor, institution, source: DuesBaseImport(actor=actor, institution=institution, source=source),
            template=write_dues_template,
            hint="每行一位党员一个月的实发养老金；应交党费按规定自动计算（5000元及以下0.5%，以上1%），已交的月份不会改动。")
