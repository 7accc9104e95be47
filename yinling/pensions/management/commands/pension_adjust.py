"""Preview a yearly pension adjustment from a rules file, writing nothing:

    manage.py pension_adjust rules.json [--institution 南通大学] [--pay-from 2026-08] [--json]

With --json, one JSON object per person per line (components, old, new, back pay, or why not
eligible), then one line of totals; without, a short table and the totals in Chinese.
"""
import json
from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yinling.core.models import OrgUnit
from yinling.lib import pension
from yinling.pensions import adjustment


class Command(BaseCommand):
    help = "Preview a yearly pension adjustment from a rules file (JSON); nothing is written."

    def add_arguments(self, parser):
        parser.add_argument("rules", help="the rules file (format yinling.pension-adjustment/1, see README)")
        parser.add_argument("--institution", help="the university's name (needed when there are several)")
        parser.add_argument("--pay-from", help="first month paid at the new rate, YYYY-MM (default: this month)")
        parser.add_argument("--json", action="store_true", help="one JSON object per person, then the totals")

    def handle(self, *args, **options):
        try:
            with open(options["rules"], encoding="utf-8-sig") as f:
                rules = pension.parse_rules(json.load(f))
        except OSError as error:
            raise CommandError(f"无法读取规则文件：{error.strerror}") from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise CommandError("规则文件不是有效的 JSON。") from None
        except pension.RulesError as error:
            raise CommandError(f"规则有误：{error}") from None
        institutions = OrgUnit.objects.filter(kind=OrgUnit.Kind.INSTITUTION)
        if options["institution"]:
            institutions = institutions.filter(name=options["institution"])
        found = list(institutions[:2])
        if len(found) != 1:
            raise CommandError("请用 --institution 指定学校名称。" if found else "没有找到这所学校。")
        try:
            pay_from = date.fromisoformat(f"{options['pay_from']}-01") if options["pay_from"] else timezone.localdate().replace(day=1)
        except ValueError:
            raise CommandError("--pay-from 应为 YYYY-MM。") from None
        pay_from = max(pay_from, rules.effective_month)
        totals = {"eligible": 0, "ineligible": 0, "rise": Decimal("0.00"), "back_pay": Decimal("0.00")}
        for line in adjustment.lines(found[0].pk, rules, pay_from):
            r = line.result
            totals["eligible" if r.eligible else "ineligible"] += 1
            totals["rise"] += r.rise
            totals["back_pay"] += r.back_pay
            if options["json"]:
                self.stdout.write(json.dumps(adjustment.as_json(line), ensure_ascii=False))
            elif r.eligible:
                self.stdout.write(f"{line.person['name']}\t{r.old} → {r.new}\t+{r.rise}\t补发 {r.back_pay}")
            else:
                self.stdout.write(f"{line.person['name']}\t不调整：{r.reason}")
        if options["json"]:
            self.stdout.write(json.dumps({"totals": {k: str(v) for k, v in totals.items()}}, ensure_ascii=False))
        else:
            self.stdout.write(f"调整 {totals['eligible']} 人，不调整 {totals['ineligible']} 人；月增加合计 {totals['rise']} 元，补发合计 {totals['back_pay']} 元。")
