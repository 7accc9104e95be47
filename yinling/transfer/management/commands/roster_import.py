"""Import a roster file from the command line: roster_import FILE [--dry-run] [--valid-only] [--json]."""
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from yinling.core.access import SYSTEM
from yinling.core.models import OrgUnit
from yinling.transfer.reader import FileRefused, read_sheet
from yinling.transfer.roster_import import import_roster
from yinling.transfer.safety import inspect_upload


class Command(BaseCommand):
    help = "导入离退休人员名册（.xlsx / .xls / .csv）。有任何错误时不写入，除非指定 --valid-only。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--valid-only", action="store_true", help="跳过有错误的行，只导入有效的行")
        parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
        parser.add_argument("--institution", help="学校名称（数据库中只有一所学校时可省略）")

    def handle(self, *args, file: str, dry_run: bool, valid_only: bool, json: bool, institution: str | None, **options):
        target = self._institution(institution)
        try:
            inspect_upload(file)  # a file from anyone is checked as an upload is
            sheet = read_sheet(file)
            report = import_roster(actor=SYSTEM, institution=target, sheet=sheet, source=f"命令行导入 {file}",
                                   valid_only=valid_only, dry_run=dry_run)
            result = report.as_dict()
        except FileRefused as refused:
            result = {"imported": False, "dry_run": dry_run, "refused": str(refused),
                      "counts": {"rows": 0, "created": 0, "updated": 0, "unchanged": 0, "rejected": 0},
                      "unknown_columns": [], "errors": []}
        ok = result["imported"] or (dry_run and not result["refused"] and not result["errors"])
        if json:
            self.stdout.write(_dumps(result))
        else:
            self._describe(result)
        if not ok:
            sys.exit(1)

    def _institution(self, name: str | None) -> OrgUnit:
        institutions = OrgUnit.objects.filter(kind=OrgUnit.Kind.INSTITUTION)
        if name:
            institutions = institutions.filter(name=name)
        found = list(institutions[:2])
        if len(found) != 1:
            raise CommandError("请用 --institution 指定学校名称。" if found else "找不到该学校。")
        return found[0]

    def _describe(self, result: dict) -> None:
        counts = result["counts"]
        if result["refused"]:
            self.stderr.write(f"未导入：{result['refused']}")
            return
        for error in result["errors"]:
            self.stderr.write(f"第{error['row']}行 {error['column']}：{error['message']}")
        if result["unknown_columns"]:
            self.stderr.write(f"未识别的列（已忽略）：{'、'.join(result['unknown_columns'])}")
        verb = "检查完成（未写入）" if result["dry_run"] else ("已导入" if result["imported"] else "未导入：有错误，未写入任何数据")
        self.stdout.write(f"{verb}：新增 {counts['created']}，更新 {counts['updated']}，未变 {counts['unchanged']}，有误 {counts['rejected']}（共 {counts['rows']} 行）")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
